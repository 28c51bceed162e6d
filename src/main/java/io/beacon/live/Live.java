package io.beacon.live;

import io.beacon.platform.ApiRouter;
import io.beacon.platform.BeaconConfig;
import io.beacon.platform.Platform;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;

import java.util.ArrayList;
import java.util.List;

/**
 * The live monitoring feature (all but push): ingest, Redis counters, alerts, persistence to
 * PostgreSQL, reconciliation and the simulator. Other features use {@link #counters()},
 * {@link #alerts()} and {@link #ingestKeys()}; Features mounts its routes and starts
 * {@link #start()} after the HTTP server is up.
 */
public final class Live implements ApiRouter.Feature {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Live.class);
  private final Platform platform;
  private final LiveBus bus;
  private final LiveScripts scripts;
  private final LiveCounters counters;
  private final Alerts alerts;
  private final AlertFixes fixes;
  private final IngestKeys ingestKeys;
  private final IngestService ingest;
  private final LiveStore store;
  private final LiveKeys keys;
  private final Reconciler reconciler;
  private final List<String> deployments = new ArrayList<>();
  private final List<Long> timers = new ArrayList<>();

  public Live(Platform platform, LiveBus bus) {
    this.platform = platform;
    this.bus = bus;
    this.keys = new LiveKeys(platform.config().live().partitions());
    this.scripts = new LiveScripts(platform.redisClient());
    this.store = new LiveStore(platform.pg());
    ClientDirectory directory = new ClientDirectory(store);
    this.counters = new LiveCounters(keys, scripts, store, directory, platform.clock());
    this.alerts = new Alerts(platform.redis(), bus, new AlertStore(platform.pg()), new AlertPreferenceStore(platform.pg()), store, keys,
        platform.clock(), platform.metrics());
    this.fixes = new AlertFixes(alerts, new AlertStore(platform.pg()), counters, store, platform.clock());
    this.ingestKeys = new IngestKeys(new IngestKeyStore(platform.pg()));
    this.ingest = new IngestService(keys, scripts, directory, store, counters, platform.clock(), platform.metrics());
    this.reconciler = new Reconciler(platform.vertx(), platform.redisClient(), counters, store, scripts, keys, platform.metrics());
    counters.onChange(this::changed);
  }

  public LiveCounters counters() { return counters; }

  public Alerts alerts() { return alerts; }

  public IngestKeys ingestKeys() { return ingestKeys; }

  /** Fixing an alert's cause from the alert (proposals, the fix in the timeline, the daily budget). */
  public AlertFixes fixes() { return fixes; }

  @Override
  public void mount(Router api) { new LiveRoutes(this, store).mount(api); }

  /** Loads the Lua scripts; starts the persistence worker, monitors and (in demo mode) simulated traffic. */
  @Override
  public Future<?> start() {
    BeaconConfig.Live cfg = platform.config().live();
    return scripts.load()
        .compose(v -> deploy(new PersistWorker(platform.redisClient(), new PersistStore(platform.pg()), keys, cfg.claimIdleMillis(), platform.metrics())))
        .compose(v -> deploy(new LiveMonitor(counters, platform.redis(), alerts, store, platform.clock(), cfg.monitorSeconds() * 1000L)))
        .onSuccess(v -> {
          // The alert time rules (snooze ends, escalation) need minute precision at most; tests run them every second.
          timers.add(platform.vertx().setPeriodic(Math.min(cfg.monitorSeconds(), 10) * 1000L, t -> runAlertRules()));
          if (cfg.reconcileMinutes() > 0) {
            timers.add(platform.vertx().setPeriodic(cfg.reconcileMinutes() * 60_000L, t -> reconcileAll()));
          }
          BeaconConfig.Demo demo = platform.config().demo();
          if (demo != null && demo.enabled() && demo.simulateRate() > 0) startSimulator(demo, 1000);
        });
  }

  private Future<Void> deploy(io.vertx.core.Deployable verticle) {
    return platform.vertx().deployVerticle(verticle).onSuccess(deployments::add).mapEmpty();
  }

  /**
   * Demo data may still be loading: look for clients every 10 seconds until there are some. One look at
   * a time (a look back-fills today's traffic, which must happen once).
   */
  private void startSimulator(BeaconConfig.Demo demo, long delayMillis) {
    timers.add(platform.vertx().setTimer(delayMillis, t -> {
      timers.remove((Long) t);
      Simulator.inProcess(this, store, demo.simulateRate(), demo.seed()).onComplete(ar -> {
        if (ar.succeeded() && !ar.result().isEmpty()) {
          deploy(ar.result()).onSuccess(x -> log.info("simulating {} events/s of live traffic", demo.simulateRate()));
        } else {
          if (ar.failed()) log.warn("the simulator could not start; trying again", ar.cause());
          startSimulator(demo, 10_000);
        }
      });
    }));
  }

  private boolean alertRulesRunning;

  private void runAlertRules() {
    if (alertRulesRunning) return;
    alertRulesRunning = true;
    alerts.runDue().onComplete(ar -> {
      alertRulesRunning = false;
      if (ar.failed()) log.warn("alert time rules failed", ar.cause());
    });
  }

  private void reconcileAll() {
    store.agencyIds().onSuccess(ids -> {
      Future<Void> chain = Future.succeededFuture();
      for (long agencyId : ids) chain = chain.compose(v -> reconciler.reconcile(agencyId, true).<Void>mapEmpty().otherwiseEmpty());
    });
  }

  Future<JsonObject> reconcile(long agencyId, boolean repair) { return reconciler.reconcile(agencyId, repair); }

  @Override
  public void close() {
    for (long t : timers) platform.vertx().cancelTimer(t);
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
