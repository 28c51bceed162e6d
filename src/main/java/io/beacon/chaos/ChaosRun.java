package io.beacon.chaos;

import io.beacon.platform.BeaconConfig;
import io.beacon.platform.Engines;
import io.vertx.core.json.JsonObject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code beacon chaos}: the reliability scenarios, each against real processes (a Beacon started as users
 * start it, real PostgreSQL and Redis), each with its seed and its figures, and a verdict per scenario
 * on what Beacon guarantees (RELIABILITY.md says what was run and what it showed).
 */
public final class ChaosRun {
  static final Duration START_LIMIT = Duration.ofMinutes(5);
  public static final List<String> SCENARIOS = List.of("kill9", "resume", "slow_consumer", "pg_down", "redis_restart");

  /** Durations of one run: {@code quick} for CI, the full run for RELIABILITY.md. */
  record Settings(long seed, boolean quick) {
    int loadSeconds() { return quick ? 10 : 40; }
    int pgDownSeconds() { return quick ? 10 : 60; }
    int redisDownSeconds() { return 10; }
    int resumeSeconds() { return quick ? 10 : 60; }
    int slowSeconds() { return quick ? 8 : 30; }
  }

  /** A Beacon child process on engines this process owns (so they can be stopped under it). */
  record Target(Engines engines, String baseUrl, Truth truth) {}

  private ChaosRun() {}

  /** Demo data small enough to load quickly, no simulated traffic (the scenarios' senders are the only spend). */
  static Map<String, String> demoEnv() {
    return Map.of("BEACON_DEMO_HISTORY_DAYS", "30", "BEACON_SIMULATE_RATE", "0");
  }

  public static Set<String> select(String only) {
    if (only == null || only.isBlank()) return new LinkedHashSet<>(SCENARIOS);
    Set<String> chosen = new LinkedHashSet<>(Arrays.stream(only.split(",")).map(String::trim).toList());
    for (String s : chosen) if (!SCENARIOS.contains(s)) throw new IllegalArgumentException("unknown scenario " + s + "; known: " + SCENARIOS);
    return chosen;
  }

  public static JsonObject run(boolean quick, long seed, Set<String> scenarios) throws Exception {
    Settings s = new Settings(seed, quick);
    Path dir = Files.createTempDirectory("beacon-chaos");
    JsonObject out = new JsonObject().put("at", Instant.now().toString()).put("seed", seed).put("quick", quick)
        .put("cores", Runtime.getRuntime().availableProcessors());
    JsonObject results = new JsonObject();
    if (scenarios.contains("kill9")) results.put("kill9", CrashScenario.run(Files.createDirectories(dir.resolve("kill9")), s));
    if (scenarios.stream().anyMatch(n -> !n.equals("kill9"))) {
      Path shared = Files.createDirectories(dir.resolve("shared"));
      try (Engines engines = Engines.start(BeaconConfig.load(Map.of("dataDir", shared.resolve("engines").toString())))) {
        Map<String, String> env = new java.util.HashMap<>(demoEnv());
        env.put("BEACON_PG_URL", engines.pgUrl());
        env.put("BEACON_REDIS_URL", engines.redisUrl());
        try (BeaconProcess server = BeaconProcess.start(shared.resolve("beacon"), shared.resolve("beacon.log"), env, "--demo")) {
          server.awaitReady(START_LIMIT);
          String jdbc = engines.jdbcUrl();
          Target target = new Target(engines, server.baseUrl(), new Truth(() -> java.sql.DriverManager.getConnection(jdbc, "postgres", null)));
          if (scenarios.contains("resume")) results.put("resume", PushChaos.resume(target, s));
          if (scenarios.contains("slow_consumer")) results.put("slow_consumer", PushChaos.slowConsumer(target, s));
          if (scenarios.contains("pg_down")) results.put("pg_down", OutageScenarios.postgresDown(target, s));
          if (scenarios.contains("redis_restart")) results.put("redis_restart", OutageScenarios.redisRestart(target, s));
        }
      }
    }
    out.put("scenarios", results).put("verdicts", verdicts(results));
    out.put("passed", out.getJsonObject("verdicts").stream().allMatch(e -> Boolean.TRUE.equals(e.getValue())));
    deleteTree(dir);
    return out;
  }

  /** What each scenario must show for Beacon's guarantees to hold. */
  static JsonObject verdicts(JsonObject r) {
    JsonObject v = new JsonObject();
    r.forEach(e -> {
      JsonObject x = (JsonObject) e.getValue();
      boolean held = switch (e.getKey()) {
        case "kill9" -> x.getBoolean("exactly_once") && x.getLong("ledger_sum_fen") == 0 && x.getLong("counter_drift_fen") == 0;
        case "pg_down" -> x.getLong("failed_answers_while_down") == 0 && x.getLong("lost_or_doubled_fen") == 0
            && x.getLong("counter_drift_fen") == 0;
        case "redis_restart" -> x.getLong("lost_or_doubled_fen") == 0 && x.getLong("counter_drift_fen") == 0;
        case "resume" -> x.getLong("gaps") == 0 && x.getLong("messages_published") > 0;
        case "slow_consumer" -> x.getJsonObject("others_with_slow_consumer").getLong("counter_messages") > 0;
        default -> false;
      };
      v.put(e.getKey(), held && everyBatchDelivered(x.getJsonObject("senders")));
    });
    return v;
  }

  /** No batch refused as bad or given up on: a scenario whose senders could not deliver proves nothing. */
  private static boolean everyBatchDelivered(JsonObject senders) {
    return senders == null || senders.getLong("batches_refused") == 0 && senders.getLong("batches_abandoned") == 0;
  }

  private static void deleteTree(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (Exception e) {
      // best effort: it is a temporary directory
    }
  }
}
