package io.beacon.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/** Runs every scenario (or the chosen ones) in order against one target and assembles the JSON report. */
public final class BenchRun {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(BenchRun.class);
  /** Scenario keys, in run order; they are also the report's keys. */
  public static final List<String> SCENARIOS = List.of("redis_limit", "pg_naive", "ingest", "push", "fanout_bare", "connections", "rest");

  /** How long and how big: --quick keeps the whole run under a minute. */
  record Plan(String name, double baselineSeconds, double ingestSeconds, int pushSockets, double pushSeconds,
              int pushRate, int idleSockets, int restRate, double restWarmupSeconds, double restSeconds, int historyDays) {
    static final Plan QUICK = new Plan("quick", 2, 3, 100, 4, 20_000, 500, 30, 1, 4, 30);
    static final Plan FULL = new Plan("full", 5, 15, 1_000, 30, 20_000, 10_000, 100, 5, 20, 180);
  }

  private BenchRun() {}

  /**
   * The scenarios named in a comma-separated list ({@code --only}); null or blank means all.
   * @throws IllegalArgumentException naming every unknown key and the known ones
   */
  public static Set<String> select(String only) {
    if (only == null || only.isBlank()) return new LinkedHashSet<>(SCENARIOS);
    Set<String> chosen = new LinkedHashSet<>();
    List<String> unknown = new ArrayList<>();
    for (String name : only.split(",")) {
      String key = name.trim();
      if (key.isEmpty()) continue;
      if (SCENARIOS.contains(key)) chosen.add(key); else unknown.add(key);
    }
    if (!unknown.isEmpty() || chosen.isEmpty()) {
      throw new IllegalArgumentException("unknown scenario " + (unknown.isEmpty() ? "(none given)" : String.join(", ", unknown))
          + "; known: " + String.join(", ", SCENARIOS));
    }
    Set<String> inRunOrder = new LinkedHashSet<>(SCENARIOS);
    inRunOrder.retainAll(chosen);
    return inRunOrder;
  }

  public static JsonObject run(boolean quick, Set<String> only, String url, String redisUrl, String pgUrl) throws Exception {
    Plan plan = quick ? Plan.QUICK : Plan.FULL;
    long t0 = System.nanoTime();
    Path dir = Files.createTempDirectory("beacon-bench");
    JsonObject report = new JsonObject().put("bench", "beacon").put("plan", plan.name()).put("started", Instant.now().toString())
        .put("machine", new JsonObject().put("cores", Runtime.getRuntime().availableProcessors())
            .put("java", System.getProperty("java.version")).put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch")));
    try (BenchTarget target = url == null ? BenchTarget.launch(dir, plan.historyDays()) : BenchTarget.external(url, redisUrl, pgUrl);
         BenchContext ctx = new BenchContext(target)) {
      report.put("scenarios", new JsonArray(List.copyOf(only)));
      report.put("processes", target.describe()).put("demo_clients", ctx.clientIds.size());
      // --quick is a smoke run and stays under a minute; the full run measures a settled server.
      if (!quick) report.put("settled_after_s", ctx.awaitSettled(Duration.ofMinutes(3)));

      JsonObject redis = null;
      JsonObject pgNaive = null;
      if (only.contains("redis_limit")) report.put("redis_limit", redis = scenario("redis_limit", () -> Baselines.redisLimit(ctx, plan.baselineSeconds())));
      if (only.contains("pg_naive")) report.put("pg_naive", pgNaive = scenario("pg_naive", () -> Baselines.pgNaive(ctx, plan.baselineSeconds())));
      if (only.contains("ingest")) {
        JsonObject ingest4 = scenario("ingest, 4 senders", () -> IngestScenario.run(ctx, 4, plan.ingestSeconds()));
        JsonObject ingest8 = scenario("ingest, 8 senders", () -> IngestScenario.run(ctx, 8, plan.ingestSeconds()));
        long best = Math.max(ingest4.getLong("events_per_s", 0L), ingest8.getLong("events_per_s", 0L));
        JsonObject ingest = new JsonObject().put("senders_4", ingest4).put("senders_8", ingest8).put("events_per_s", best);
        // A ratio is only reported when its baseline ran in the same run.
        if (redis != null) ingest.put("ingest_vs_redis_limit", ratio(best, redis.getLong("ops_per_s", 0L)));
        if (pgNaive != null) ingest.put("ingest_vs_pg_naive", ratio(best, pgNaive.getLong("events_per_s", 0L)));
        report.put("ingest", ingest);
      }
      JsonObject push = null;
      JsonObject bare = null;
      if (only.contains("push")) {
        report.put("push", push = scenario("push", () -> PushScenarios.beacon(ctx, plan.pushSockets(), plan.pushRate(), plan.pushSeconds())));
      }
      if (only.contains("fanout_bare")) {
        report.put("fanout_bare", bare = scenario("fan-out baseline", () -> {
          try (BareFanout.Process server = BareFanout.launch(ctx, dir)) {
            return PushScenarios.bare(ctx, server, plan.pushSockets(), plan.pushRate(), plan.pushSeconds());
          }
        }));
      }
      if (push != null && bare != null) {
        report.put("push_vs_bare_p99", ratio(p99(push, "latency_from_ingest_send"), p99(bare, "latency_from_ingest_send")));
        // Alerts are never coalesced: from acceptance to socket they compare with the bare broadcast's counters.
        JsonObject alerts = push.getJsonObject("alerts");
        if (alerts != null) report.put("alerts_vs_bare_p99", ratio(p99(alerts, "latency_from_ingest_accept"), p99(bare, "latency_from_ingest_accept")));
      }
      if (only.contains("connections")) {
        report.put("connections", scenario("connections", () -> PushScenarios.connectionCost(ctx, plan.idleSockets())));
      }
      if (only.contains("rest")) report.put("rest", scenario("rest", () -> RestScenario.run(ctx, plan.restRate(), plan.restWarmupSeconds(), plan.restSeconds())));
    }
    return report.put("duration_s", Math.round((System.nanoTime() - t0) / 1e8) / 10.0);
  }

  /** Runs one scenario; a failure is reported in its place rather than ending the run. */
  private static JsonObject scenario(String name, Callable<JsonObject> body) {
    long t0 = System.nanoTime();
    log.info("bench: {} …", name);
    try {
      return body.call();
    } catch (Exception e) {
      log.warn("bench: {} failed: {}", name, e.toString());
      return new JsonObject().put("error", String.valueOf(e));
    } finally {
      log.info("bench: {} took {} s", name, Math.round((System.nanoTime() - t0) / 1e8) / 10.0);
    }
  }

  private static double p99(JsonObject scenario, String latencyKey) {
    JsonObject latency = scenario.getJsonObject(latencyKey);
    return latency == null ? 0 : latency.getDouble("p99_ms");
  }

  private static double ratio(double a, double b) { return b <= 0 ? 0 : Math.round(a / b * 100) / 100.0; }
}
