package io.beacon;

import io.beacon.demo.DemoData;
import io.beacon.platform.ApiContract;
import io.beacon.platform.ApiRouter;
import io.beacon.platform.BeaconConfig;
import io.beacon.platform.Engines;
import io.beacon.platform.HttpVerticle;
import io.beacon.platform.Migrations;
import io.beacon.platform.Platform;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.pgclient.PgBuilder;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The composition root: engines, schema, Vert.x, pools, features and the HTTP server of one Beacon
 * process. {@link #start} blocks (call it from main or a test thread, never an event loop).
 */
public final class Beacon implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Beacon.class);

  private final Platform platform;
  private final HttpVerticle http;
  private final List<AutoCloseable> closeables;

  private Beacon(Platform platform, HttpVerticle http, List<AutoCloseable> closeables) {
    this.platform = platform;
    this.http = http;
    this.closeables = closeables;
  }

  public static Beacon start(BeaconConfig config) {
    return start(config, Clock.systemUTC());
  }

  public static Beacon start(BeaconConfig config, Clock clock) {
    long t0 = System.nanoTime();
    Engines engines = Engines.start(config);
    Vertx vertx = null;
    try {
      var migrated = Migrations.migrate(engines);
      log.info("schema at version {} ({} migrations applied)",
          migrated.targetSchemaVersion != null ? migrated.targetSchemaVersion : migrated.initialSchemaVersion,
          migrated.migrationsExecuted);

      PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      new JvmMemoryMetrics().bindTo(metrics);
      new JvmGcMetrics().bindTo(metrics);
      new JvmThreadMetrics().bindTo(metrics);
      new ProcessorMetrics().bindTo(metrics);
      vertx = Vertx.builder()
          .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)
              .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true))))
          .withMetrics(new MicrometerMetricsFactory(metrics))
          .build();
      Pool pg = PgBuilder.pool()
          .with(new PoolOptions().setMaxSize(config.storage().pgPoolSize()))
          .connectingTo(engines.pgOptions().setPipeliningLimit(64).setReconnectAttempts(2).setReconnectInterval(500))
          .using(vertx)
          .build();
      Redis redisClient = engines.redisClient(vertx, 32);
      OpenAPIContract contract = ApiContract.load(vertx).await();
      Platform platform = new Platform(vertx, config, engines, pg, redisClient, RedisAPI.api(redisClient), metrics, contract, clock);

      Features features = Features.create(platform, Features.keys(platform).await());
      features.loadDemoIfRequested();
      HttpVerticle http = new HttpVerticle(() -> ApiRouter.create(platform, features.all()), config.http().port());
      vertx.deployVerticle(http).await();
      engines.servingOn(http.actualPort());
      features.start().await();

      List<AutoCloseable> closeables = new ArrayList<>(features.all());
      log.info("Beacon ready on http://localhost:{} in {} ms (PostgreSQL {}, Redis {})", http.actualPort(),
          (System.nanoTime() - t0) / 1_000_000, engines.embeddedPg() ? "embedded" : "external",
          engines.embeddedRedis() ? "embedded" : engines.redisCluster() ? "external cluster" : "external");
      if (config.demo().enabled()) log.info(DemoData.banner(http.actualPort()));
      return new Beacon(platform, http, closeables);
    } catch (RuntimeException e) {
      if (vertx != null) vertx.close();
      engines.close();
      throw e;
    }
  }

  public int port() { return http.actualPort(); }

  public Platform platform() { return platform; }

  /** Stops accepting, drains in-flight work, closes pools and Vert.x, then stops embedded engines. */
  @Override
  public void close() {
    log.info("Beacon shutting down");
    for (AutoCloseable c : closeables) {
      try {
        c.close();
      } catch (Exception e) {
        log.warn("closing {} failed", c, e);
      }
    }
    Vertx vertx = platform.vertx();
    try {
      Future.join(platform.pg().close(), Future.succeededFuture()).await();
      platform.redisClient().close();
      vertx.close().await();
    } catch (Exception e) {
      log.warn("closing Vert.x failed", e);
    }
    platform.engines().close();
    log.info("Beacon stopped");
  }
}
