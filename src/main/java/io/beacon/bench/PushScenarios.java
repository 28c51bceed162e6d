package io.beacon.bench;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Push latency through Beacon, the same load through a bare Vert.x broadcast, and idle-socket cost. */
final class PushScenarios {
  static final int SENDERS = 4;
  static final int TABLE_EVERY = 10;
  /** Clients whose budget is cut so that the run fires alerts that must reach every entitled socket. */
  static final int ALERT_CLIENTS = 10;

  private PushScenarios() {}

  static JsonObject beacon(BenchContext ctx, int sockets, int eventsPerSecond, double seconds) throws InterruptedException {
    Map<Long, Long> base = liveSpend(ctx);
    List<Long> alertClients = ctx.clientIds.subList(0, Math.min(ALERT_CLIENTS, ctx.clientIds.size()));
    try (Dashboards dashboards = Dashboards.open(ctx, sockets, TABLE_EVERY, ctx.host, ctx.port, true)) {
      Thread.sleep(1_000); // snapshots delivered before timing starts
      SpendTracker tracker = new SpendTracker(base);
      dashboards.track(tracker);
      String start = java.time.Instant.now().toString();
      for (long client : alertClients) cutBudget(ctx, client, base.getOrDefault(client, 0L) + 20_000);
      long messagesBefore = dashboards.messages.get();
      CpuMeter.Reading cpuBefore = ctx.target.cpu.read();
      FixedRateIngest.Result load = FixedRateIngest.run(ctx.clientIds, SENDERS, eventsPerSecond, IngestScenario.BATCH,
          seconds, tracker, ctx::ingest);
      Thread.sleep(2_000); // let the last coalesced updates and alerts arrive
      long delivered = dashboards.messages.get() - messagesBefore;
      double deliveredPerSecond = delivered / (load.seconds() + 2);
      return new JsonObject()
          .put("sockets", sockets).put("open_at_end", dashboards.open())
          .put("mix", "main/admin/staff/dedicated in turn; every " + TABLE_EVERY + "th also subscribes to client counters")
          .put("ingest_events_per_s", Math.round(load.eventsPerSecond())).put("ingest_batches_late", load.late())
          .put("latency_from_ingest_send", dashboards.counterLatency.json())
          .put("latency_from_ingest_accept", dashboards.acceptLatency.json())
          .put("server_stages", serverStages(ctx))
          .put("messages_delivered_per_s", Math.round(deliveredPerSecond))
          .put("delivery_per_core", perCore(delivered, cpuBefore, ctx.target.cpu.read()))
          .put("coalesce_window_ms", ctx.target.coalesceMillis)
          .put("counter_messages_unmatched", dashboards.unmatched.get())
          .put("resyncs", dashboards.resyncs.get())
          .put("alerts", alertDelivery(ctx, dashboards, start).mergeIn(dashboards.alertLatency()));
    }
  }

  /** Centrifugo's published delivery rate per CPU (about 500k messages/s to 1M sockets on 40 CPUs). */
  static final double CENTRIFUGO_PER_CPU = 12_500;

  /**
   * Frames the sockets received per second of the server's CPU time (what one fully used core delivers),
   * and that over Centrifugo's published figure. A Beacon frame may carry several clients' counters.
   */
  private static JsonObject perCore(long delivered, CpuMeter.Reading before, CpuMeter.Reading after) {
    Long was = before.nanos().get("server");
    Long is = after.nanos().get("server");
    if (was == null || is == null || is <= was) return new JsonObject().put("error", "server CPU time not readable (not our child process)");
    long perCore = Math.round(delivered / ((is - was) / 1e9));
    return new JsonObject().put("server_cpu_s", Math.round((is - was) / 1e7) / 100.0)
        .put("messages_per_s_per_core", perCore)
        .put("vs_centrifugo_per_cpu", Math.round(perCore / CENTRIFUGO_PER_CPU * 100) / 100.0);
  }

  private static final Pattern QUANTILE = Pattern.compile(
      "^beacon_push_(stage|latency)_seconds\\{(?:.*stage=\"(\\w+)\")?.*quantile=\"(0\\.5|0\\.99)\".*} (\\S+)$");

  /**
   * The server's own split of push latency, from its Micrometer timers (p50/p99 over roughly the last
   * two minutes, i.e. this scenario): message at (ingest acceptance) → receipt on the hub's pub/sub
   * subscription → coalescing wait → fan-out until the last socket's write completed; and at → socket write.
   */
  static JsonObject serverStages(BenchContext ctx) {
    JsonObject out = new JsonObject();
    try {
      String text = ctx.http.get("/metrics").send().await().bodyAsString();
      for (String line : text.split("\n")) {
        Matcher m = QUANTILE.matcher(line);
        if (!m.matches()) continue;
        String stage = m.group(1).equals("latency") ? "accept_to_socket_write" : m.group(2);
        if (stage == null) continue;
        JsonObject figures = out.getJsonObject(stage);
        if (figures == null) out.put(stage, figures = new JsonObject());
        figures.put(m.group(3).equals("0.5") ? "p50_ms" : "p99_ms", Math.round(Double.parseDouble(m.group(4)) * 100_000) / 100.0);
      }
    } catch (RuntimeException e) {
      out.put("error", String.valueOf(e));
    }
    return out;
  }

  /** Every alert any main dashboard saw must reach every dashboard allowed to see its client. */
  static JsonObject alertDelivery(BenchContext ctx, Dashboards dashboards, String since) {
    Map<String, Long> alertClient = alertsFiredSince(ctx, since);
    long expected = 0;
    long delivered = 0;
    for (Dashboards.Dashboard d : dashboards.all) {
      for (var alert : alertClient.entrySet()) {
        if (!ctx.visible(d.account, alert.getValue())) continue;
        expected++;
        if (d.alertIds.contains(alert.getKey())) delivered++;
      }
    }
    return new JsonObject().put("fired", alertClient.size()).put("expected_deliveries", expected)
        .put("delivered", delivered).put("lost", expected - delivered);
  }

  /** The bare baseline: the same batches to a Vert.x server that only sums spend and broadcasts it. */
  static JsonObject bare(BenchContext ctx, BareFanout.Process server, int sockets, int eventsPerSecond, double seconds)
      throws InterruptedException {
    try (Dashboards dashboards = Dashboards.open(ctx, sockets, TABLE_EVERY, ctx.host, server.port(), false)) {
      SpendTracker tracker = new SpendTracker(zeroBase(ctx.clientIds));
      dashboards.track(tracker);
      long messagesBefore = dashboards.messages.get();
      FixedRateIngest.Result load = FixedRateIngest.run(ctx.clientIds, SENDERS, eventsPerSecond, IngestScenario.BATCH,
          seconds, tracker, server::post);
      Thread.sleep(2_000);
      long delivered = dashboards.messages.get() - messagesBefore;
      return new JsonObject().put("sockets", sockets)
          .put("ingest_events_per_s", Math.round(load.eventsPerSecond()))
          .put("latency_from_ingest_send", dashboards.counterLatency.json())
          .put("latency_from_ingest_accept", dashboards.acceptLatency.json())
          .put("messages_delivered_per_s", Math.round(delivered / (load.seconds() + 2)));
    }
  }

  /** Idle authenticated sockets: heap per socket after GC, time to open, and that all still get an alert. */
  static JsonObject connectionCost(BenchContext ctx, int sockets) throws Exception {
    Map<String, Long> heapBefore = ctx.target.liveHeapByClass();
    long t0 = System.nanoTime();
    try (Dashboards dashboards = Dashboards.open(ctx, sockets, Integer.MAX_VALUE, ctx.host, ctx.port, true)) {
      double openSeconds = (System.nanoTime() - t0) / 1e9;
      // Open is only the handshake: measure once every socket has its snapshot (authentication and its
      // lookups done), else the in-flight authentication state is counted instead of the idle socket.
      long liveBy = System.nanoTime() + 60_000_000_000L;
      while (dashboards.live() < sockets && System.nanoTime() < liveBy) Thread.sleep(200);
      long liveAtMeasure = dashboards.live();
      Thread.sleep(1_000);
      Map<String, Long> heapAfter = ctx.target.liveHeapByClass();
      long before = heapBefore.getOrDefault(BenchTarget.TOTAL, -1L);
      long after = heapAfter.getOrDefault(BenchTarget.TOTAL, -1L);
      // An alert every dashboard may see: a client assigned to the dedicated employee runs over its budget.
      long client = ctx.dedicatedClients.stream().sorted().skip(1).findFirst().orElse(ctx.clientIds.get(0));
      Map<Long, Long> spend = liveSpend(ctx, List.of(client));
      cutBudget(ctx, client, spend.getOrDefault(client, 0L) + 1);
      SpendTracker none = new SpendTracker(Map.of());
      FixedRateIngest.run(List.of(client), 1, 1_000, 100, 0.5, none, ctx::ingest);
      long deadline = System.nanoTime() + 15_000_000_000L;
      long reached = 0;
      while (System.nanoTime() < deadline) {
        reached = dashboards.all.stream().filter(d -> !d.alertIds.isEmpty()).count();
        if (reached == sockets) break;
        Thread.sleep(200);
      }
      return new JsonObject().put("sockets", sockets).put("open_at_end", dashboards.open())
          .put("open_seconds", Math.round(openSeconds * 100) / 100.0)
          .put("live_at_measure", liveAtMeasure)
          .put("live_heap_before_bytes", before).put("live_heap_after_bytes", after)
          .put("heap_per_socket_bytes", before < 0 ? -1 : (after - before) / sockets)
          .put("sockets_that_got_the_alert", reached)
          .put("heap_growth_per_socket_by_class", growth(heapBefore, heapAfter, sockets));
    }
  }

  /** The classes whose live bytes grew most while the sockets were open, in bytes per socket. */
  private static JsonObject growth(Map<String, Long> before, Map<String, Long> after, int sockets) {
    JsonObject out = new JsonObject();
    after.entrySet().stream().filter(e -> !e.getKey().equals(BenchTarget.TOTAL))
        .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(20)
        .forEach(e -> out.put(e.getKey(), e.getValue() / sockets));
    return out;
  }

  static Map<Long, Long> liveSpend(BenchContext ctx) { return liveSpend(ctx, ctx.clientIds); }

  static Map<Long, Long> liveSpend(BenchContext ctx, List<Long> clients) {
    String token = ctx.tokens.get("main@demo");
    Map<Long, Long> spend = new ConcurrentHashMap<>();
    Future.all(clients.stream().map(client -> ctx.http.get("/api/v1/clients/" + client + "/live").bearerTokenAuthentication(token).send()
        .onSuccess(r -> spend.put(client, r.statusCode() == 200 ? r.bodyAsJsonObject().getLong("spendFen", 0L) : 0L))).toList()).await();
    return spend;
  }

  private static Map<Long, Long> zeroBase(List<Long> clients) {
    Map<Long, Long> base = new HashMap<>();
    for (long c : clients) base.put(c, 0L);
    return base;
  }

  private static void cutBudget(BenchContext ctx, long client, long budgetFen) {
    ctx.http.put("/api/v1/clients/" + client + "/daily-budget").bearerTokenAuthentication(ctx.tokens.get("main@demo"))
        .sendJsonObject(new JsonObject().put("dailyBudgetFen", budgetFen)).await();
  }

  /** Alert id → client id of the alerts opened during the run, from the REST alert list. */
  private static Map<String, Long> alertsFiredSince(BenchContext ctx, String since) {
    Map<String, Long> out = new HashMap<>();
    String cursor = null;
    do {
      String path = "/api/v1/alerts?limit=200&from=" + since + (cursor == null ? "" : "&cursor=" + cursor);
      JsonObject page = ctx.http.get(path).bearerTokenAuthentication(ctx.tokens.get("main@demo")).send()
          .compose(r -> r.statusCode() == 200 ? Future.succeededFuture(r.bodyAsJsonObject())
              : Future.failedFuture("alert list " + r.statusCode() + " " + r.bodyAsString())).await();
      for (Object o : page.getJsonArray("items")) {
        JsonObject a = (JsonObject) o;
        out.put(String.valueOf(a.getValue("id")), a.getLong("clientId"));
      }
      cursor = page.getString("nextCursor");
    } while (cursor != null);
    return out;
  }

}
