package io.beacon.live;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Simulated delivery traffic: {@link TrafficModel} events sent every 100 ms, either in-process
 * to every agency's clients (demo mode, {@code demo.simulateRate}) or over HTTP to any Beacon with an
 * ingest key ({@code beacon simulate}).
 */
public final class Simulator extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(Simulator.class);
  private static final int TICK_MILLIS = 100;
  private static final int MAX_BATCH = 5_000;
  private static final int MAX_IN_FLIGHT = 8;

  /** Where a batch goes: the JSON array body for one agency's clients → the ingest result. */
  interface Sink {
    Future<JsonObject> send(long agencyId, Buffer body);
  }

  private final Map<Long, TrafficModel> models;
  private final int rate;
  private final Sink sink;
  private final AtomicInteger inFlight = new AtomicInteger();
  final AtomicLong sent = new AtomicLong();
  final AtomicLong accepted = new AtomicLong();
  final AtomicLong rejected = new AtomicLong();
  final AtomicLong failed = new AtomicLong();
  private long timer = -1;
  private double carry;

  Simulator(Map<Long, TrafficModel> models, int rate, Sink sink) {
    this.models = models;
    this.rate = rate;
    this.sink = sink;
  }

  @Override
  public Future<?> start() {
    timer = vertx.setPeriodic(TICK_MILLIS, t -> tick());
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    if (timer >= 0) vertx.cancelTimer(timer);
    return Future.succeededFuture();
  }

  private void tick() {
    carry += rate * TICK_MILLIS / 1000.0;
    int due = (int) carry;
    carry -= due;
    if (due == 0) return;
    long now = System.currentTimeMillis();
    int agencies = models.size();
    for (Map.Entry<Long, TrafficModel> m : models.entrySet()) {
      if (inFlight.get() >= MAX_IN_FLIGHT) return;   // the server is the limit: do not queue without bound
      StringBuilder body = new StringBuilder(4096).append('[');
      int n = m.getValue().events(body, Math.min(Math.max(1, due / agencies), MAX_BATCH), now);
      if (n == 0) continue;
      body.append(']');
      inFlight.incrementAndGet();
      sent.addAndGet(n);
      sink.send(m.getKey(), Buffer.buffer(body.toString())).onComplete(ar -> {
        inFlight.decrementAndGet();
        if (ar.succeeded()) {
          accepted.addAndGet(ar.result().getInteger("accepted", 0));
          rejected.addAndGet(ar.result().getJsonArray("rejected").size());
        } else {
          failed.incrementAndGet();
          log.debug("simulated batch failed", ar.cause());
        }
      });
    }
  }

  /**
   * In-process traffic for every agency's clients (demo mode). An agency that has no spend today yet
   * (a fresh demo, or the first start of a day) first gets today's traffic up to now back-filled, so
   * today compares with yesterday at the same hour, and its feed is declared complete since midnight.
   */
  static Future<Simulator> inProcess(Live live, LiveStore store, int rate, long seed) {
    long now = live.platform().clock().millis();
    return store.agencyIds().compose(ids -> {
      List<Future<Map.Entry<Long, TrafficModel>>> all = new ArrayList<>();
      for (long agencyId : ids) {
        all.add(Future.all(store.agencyZone(agencyId), store.ingestClients(agencyId, java.time.Instant.ofEpochMilli(now)),
            live.counters().agencyTotals(agencyId)).compose(r -> {
          ZoneId zone = r.resultAt(0);
          io.vertx.core.json.JsonArray items = r.resultAt(1);
          List<TrafficModel.Client> clients = new ArrayList<>();
          for (int i = 0; i < items.size(); i++) clients.add(TrafficModel.Client.fromJson(items.getJsonObject(i)));
          TrafficModel model = new TrafficModel(clients, seed + agencyId, zone, now);
          log.info("agency {}: simulated faults {}", agencyId, model.scripted());
          boolean spentToday = r.<JsonObject>resultAt(2).getLong("spendFen", 0L) > 0;
          if (spentToday || model.isEmpty()) return Future.succeededFuture(Map.entry(agencyId, model));
          long midnight = java.time.Instant.ofEpochMilli(now).atZone(zone).toLocalDate().atStartOfDay(zone).toInstant().toEpochMilli();
          return backfill(live, agencyId, model, midnight, now).map(Map.entry(agencyId, model));
        }));
      }
      return Future.all(all).map(v -> {
        Map<Long, TrafficModel> models = new java.util.LinkedHashMap<>();
        for (var f : all) if (!f.result().getValue().isEmpty()) models.put(f.result().getKey(), f.result().getValue());
        return new Simulator(models, rate, (agencyId, body) -> live.ingest(agencyId, body, false).map(IngestService.Result::toJson));
      });
    });
  }

  /** Sends today's traffic from {@code from} to {@code to} batch after batch, then declares the feed complete since {@code from}. */
  private static Future<Void> backfill(Live live, long agencyId, TrafficModel model, long from, long to) {
    long t0 = System.nanoTime();
    AtomicLong events = new AtomicLong();
    return backfillRest(live, agencyId, model, from, to, events).onSuccess(v -> {
      log.info("agency {}: today's traffic until now back-filled ({} events in {} ms)", agencyId, events.get(),
          (System.nanoTime() - t0) / 1_000_000);
      // live traffic starts now; the feed counts as watched since midnight from the next minute
      LiveMonitor.declareCovered(live.platform().vertx(), live.platform().redis(), agencyId, from)
          .onFailure(e -> log.warn("could not declare agency {}'s simulated feed complete", agencyId, e));
    });
  }

  private static Future<Void> backfillRest(Live live, long agencyId, TrafficModel model, long from, long to, AtomicLong events) {
    String body = model.backfill(from, to);
    if (body == null) return Future.succeededFuture();
    return live.ingest(agencyId, Buffer.buffer(body), false)
        .compose(r -> {
          events.addAndGet(r.accepted());
          return backfillRest(live, agencyId, model, from, to, events);
        });
  }

  boolean isEmpty() { return models.isEmpty(); }

  /**
   * {@code beacon simulate}: sends {@code rate} events per second to {@code url} with the ingest key for
   * {@code seconds} (0 = until stopped), logging throughput every 5 seconds. Blocking; returns the summary
   * (seconds, accepted, eventsPerSecond, rejected, failedBatches), or null when it could not start (logged).
   */
  public static JsonObject runCli(String url, String key, int rate, int seconds, long seed) throws InterruptedException {
    Vertx vertx = Vertx.vertx();
    try {
      WebClient web = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true),
          new io.vertx.core.http.PoolOptions().setHttp1MaxSize(MAX_IN_FLIGHT));
      String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
      HttpResponse<Buffer> clients = web.getAbs(base + "/api/v1/ingest/clients").putHeader(LiveRoutes.KEY_HEADER, key).send().await();
      if (clients.statusCode() != 200) {
        log.error("cannot list the agency's clients: HTTP {} {}", clients.statusCode(), clients.bodyAsString());
        return null;
      }
      List<TrafficModel.Client> list = new ArrayList<>();
      clients.bodyAsJsonObject().getJsonArray("items").forEach(o -> list.add(TrafficModel.Client.fromJson((JsonObject) o)));
      if (list.isEmpty()) {
        log.error("the agency has no active clients");
        return null;
      }
      Function<Buffer, Future<JsonObject>> post = body -> web.postAbs(base + "/api/v1/ingest/events")
          .putHeader(LiveRoutes.KEY_HEADER, key).putHeader("Content-Type", "application/json").sendBuffer(body)
          .compose(r -> r.statusCode() == 200 ? Future.succeededFuture(r.bodyAsJsonObject())
              : Future.failedFuture("HTTP " + r.statusCode() + " " + r.bodyAsString()));
      TrafficModel model = new TrafficModel(list, seed,
          ZoneId.of(clients.bodyAsJsonObject().getString("timeZone", "Asia/Shanghai")), System.currentTimeMillis());
      Simulator sim = new Simulator(Map.of(0L, model), rate, (agencyId, body) -> post.apply(body));
      vertx.deployVerticle(sim).await();
      log.info("simulating {} events/s over {} clients at {}; scripted faults {}", rate, list.size(), base, model.scripted());
      long t0 = System.currentTimeMillis();
      long lastAccepted = 0;
      long lastAt = t0;
      CountDownLatch never = new CountDownLatch(1);
      while (seconds <= 0 || System.currentTimeMillis() - t0 < seconds * 1000L) {
        long left = seconds <= 0 ? 5_000 : seconds * 1000L - (System.currentTimeMillis() - t0);
        never.await(Math.min(5_000, left), java.util.concurrent.TimeUnit.MILLISECONDS);   // --seconds is honoured, not rounded up to 5
        long now = System.currentTimeMillis();
        long acc = sim.accepted.get();
        log.info(String.format("%6.0f s  accepted %,d (%,.0f events/s)  rejected %,d  failed batches %,d",
            (now - t0) / 1000.0, acc, (acc - lastAccepted) * 1000.0 / (now - lastAt), sim.rejected.get(), sim.failed.get()));
        lastAccepted = acc;
        lastAt = now;
      }
      double elapsed = (System.currentTimeMillis() - t0) / 1000.0;
      return new JsonObject().put("seconds", elapsed).put("accepted", sim.accepted.get())
          .put("eventsPerSecond", Math.round(sim.accepted.get() / elapsed)).put("rejected", sim.rejected.get())
          .put("failedBatches", sim.failed.get());
    } finally {
      vertx.close().await();
    }
  }
}
