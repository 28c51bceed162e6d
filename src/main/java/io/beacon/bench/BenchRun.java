package io.beacon.bench;

import io.vertx.core.json.JsonObject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/** Runs every scenario in order against one target and assembles the JSON report. */
public final class BenchRun {
  /** How long and how big: --quick keeps the whole run under a minute. */
  record Plan(String name, double baselineSeconds, double ingestSeconds, int pushSockets, double pushSeconds,
              int pushRate, int idleSockets, int restRate, double restSeconds, int historyDays) {
    static final Plan QUICK = new Plan("quick", 2, 3, 100, 4, 20_000, 500, 30, 4, 7);
    static final Plan FULL = new Plan("full", 5, 15, 1_000, 30, 20_000, 10_000, 100, 20, 180);
  }

  private BenchRun() {}

  public static JsonObject run(boolean quick, String url, String redisUrl, String pgUrl) throws Exception {
    Plan plan = quick ? Plan.QUICK : Plan.FULL;
    long t0 = System.nanoTime();
    Path dir = Files.createTempDirectory("beacon-bench");
    JsonObject report = new JsonObject().put("bench", "beacon").put("plan", plan.name()).put("started", Instant.now().toString())
        .put("machine", new JsonObject().put("cores", Runtime.getRuntime().availableProcessors())
            .put("java", System.getProperty("java.version")).put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch")));
    try (BenchTarget target = url == null ? BenchTarget.launch(dir, plan.historyDays()) : BenchTarget.external(url, redisUrl, pgUrl);
         BenchContext ctx = new BenchContext(target)) {
      report.put("processes", target.describe()).put("demo_clients", ctx.clientIds.size());

      JsonObject redis = Baselines.redisLimit(ctx, plan.baselineSeconds());
      JsonObject pgNaive = Baselines.pgNaive(ctx, plan.baselineSeconds());
      JsonObject ingest4 = IngestScenario.run(ctx, 4, plan.ingestSeconds());
      JsonObject ingest8 = IngestScenario.run(ctx, 8, plan.ingestSeconds());
      long best = Math.max(ingest4.getLong("events_per_s"), ingest8.getLong("events_per_s"));
      report.put("redis_limit", redis).put("pg_naive", pgNaive)
          .put("ingest", new JsonObject().put("senders_4", ingest4).put("senders_8", ingest8).put("events_per_s", best)
              .put("ingest_vs_redis_limit", ratio(best, redis.getLong("ops_per_s")))
              .put("ingest_vs_pg_naive", ratio(best, pgNaive.getLong("events_per_s"))));

      JsonObject push = PushScenarios.beacon(ctx, plan.pushSockets(), plan.pushRate(), plan.pushSeconds());
      JsonObject bare;
      try (BareFanout.Process server = BareFanout.launch(ctx, dir)) {
        bare = PushScenarios.bare(ctx, server, plan.pushSockets(), plan.pushRate(), plan.pushSeconds());
      }
      double pushP99 = push.getJsonObject("latency_from_ingest_send").getDouble("p99_ms");
      double bareP99 = bare.getJsonObject("latency_from_ingest_send").getDouble("p99_ms");
      report.put("push", push).put("fanout_bare", bare).put("push_vs_bare_p99", ratio(pushP99, bareP99));

      report.put("connections", PushScenarios.connectionCost(ctx, plan.idleSockets()));
      report.put("rest", RestScenario.run(ctx, plan.restRate(), plan.restSeconds()));
    }
    return report.put("duration_s", Math.round((System.nanoTime() - t0) / 1e8) / 10.0);
  }

  private static double ratio(double a, double b) { return b <= 0 ? 0 : Math.round(a / b * 100) / 100.0; }
}
