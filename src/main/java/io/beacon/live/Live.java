package io.beacon.live;

import io.beacon.platform.ApiRouter;
import io.beacon.platform.Platform;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;

import java.util.ArrayList;
import java.util.List;

/**
 * The live monitoring feature (issue 4, except push): ingest, Redis counters, alerts, persistence to
 * PostgreSQL, reconciliation and the simulator. Other features use {@link #counters()},
 * {@link #alerts()} and {@link #ingestKeys()}; Features mounts {@link #routes()} and starts
 * {@link #start()} after the HTTP server is up.
 */
public final class Live implements AutoCloseable {
  private final Platform platform;
  private final LiveBus bus;
  private final LiveScripts scripts;
  private final LiveCounters counters;
  private final Alerts alerts;
  private final IngestKeys ingestKeys;
  private final IngestService ingest;
  private final LiveStore store;
  private final List<String> deployments = new ArrayList<>();

  public Live(Platform platform, LiveBus bus) {
    this.platform = platform;
    this.bus = bus;
    LiveKeys keys = new LiveKeys(platform.config().live().partitions());
    this.scripts = new LiveScripts(platform.redisClient());
    this.store = new LiveStore(platform.pg());
    ClientDirectory directory = new ClientDirectory(store);
    this.counters = new LiveCounters(keys, scripts, store, directory, platform.clock());
    this.alerts = new Alerts(platform.redis(), bus, new AlertStore(platform.pg()), store, keys, platform.clock(), platform.metrics());
    this.ingestKeys = new IngestKeys(new IngestKeyStore(platform.pg()));
    this.ingest = new IngestService(keys, scripts, directory, counters, platform.clock(), platform.metrics());
    counters.onChange(this::changed);
  }

  public LiveCounters counters() { return counters; }

  public Alerts alerts() { return alerts; }

  public IngestKeys ingestKeys() { return ingestKeys; }

  public ApiRouter.Feature routes() { return new LiveRoutes(this, store); }

  /** Loads the Lua scripts; starts the persistence worker, monitors and (in demo mode) simulated traffic. */
  public Future<?> start() {
    return scripts.load();
  }

  @Override
  public void close() {
    for (String id : deployments) {
      try {
        platform.vertx().undeploy(id).await();
      } catch (RuntimeException e) {
        // already stopping
      }
    }
  }

  /** Ingests one request body for the agency (HTTP ingest and the in-process simulator). */
  Future<IngestService.Result> ingest(long agencyId, io.vertx.core.buffer.Buffer body, boolean ndjson) {
    return ingest.ingest(agencyId, body, ndjson)
        .compose(r -> changed(agencyId, r.touched()).otherwiseEmpty().map(r));
  }

  /** Figures moved: tell the dashboards (one counters message per client) and run the budget and balance rules. */
  Future<Void> changed(long agencyId, List<ClientSnapshot> snapshots) {
    if (snapshots.isEmpty()) return Future.succeededFuture();
    String at = platform.clock().instant().toString();
    List<Request> publishes = new ArrayList<>(snapshots.size());
    for (ClientSnapshot s : snapshots) {
      JsonObject m = new JsonObject().put("type", "counters").put("at", at).put("clientId", s.clientId()).put("counters", s.toJson());
      publishes.add(Request.cmd(Command.PUBLISH).arg(LiveBus.channel(agencyId)).arg(m.encode()));
    }
    platform.redisClient().batch(publishes);
    return alerts.evaluate(agencyId, snapshots);
  }

  Platform platform() { return platform; }

  LiveBus bus() { return bus; }
}
