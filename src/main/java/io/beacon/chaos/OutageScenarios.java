package io.beacon.chaos;

import io.beacon.platform.Engines;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.Instant;

/**
 * One engine stops while ingest runs, against a Beacon whose PostgreSQL and Redis this process owns
 * (started here as embedded engines, given to the server as external ones, so they can be stopped and
 * started under it).
 */
final class OutageScenarios {
  private OutageScenarios() {}

  /**
   * PostgreSQL stopped for a while during ingest: ingest must keep answering 200 (events wait in the
   * Redis streams), and once PostgreSQL is back every event is persisted exactly once.
   */
  static JsonObject postgresDown(ChaosRun.Target target, ChaosRun.Settings s) throws Exception {
    Engines engines = target.engines();
    Truth truth = target.truth();
    Instant start = Instant.now();
    long before = truth.spendSince(start);
    Senders senders = new Senders(target.baseUrl(), ChaosClient.INGEST_KEY);
    senders.start(4, truth.activeClients(), s.seed() + 1, Duration.ofMillis(100));
    Thread.sleep(2_000);
    long failedBefore = senders.failedAttempts.get();
    long acceptedBefore = senders.accepted.get();
    engines.stopPg();
    Thread.sleep(s.pgDownSeconds() * 1000L);
    long failedDuring = senders.failedAttempts.get() - failedBefore;
    long acceptedDuring = senders.accepted.get() - acceptedBefore;
    engines.startPg();
    Thread.sleep(2_000);
    senders.stop();
    long expected = before + senders.spendFen();
    double catchUp = truth.awaitPersisted(start, expected, Duration.ofSeconds(180));
    long persisted = truth.spendSince(start);
    long drift;
    try (ChaosClient client = new ChaosClient(target.baseUrl())) {
      drift = client.driftFen();
    }
    return new JsonObject()
        .put("what", "PostgreSQL stopped for " + s.pgDownSeconds() + " s during ingest (4 senders)")
        .put("events_accepted_while_down", acceptedDuring)
        .put("failed_answers_while_down", failedDuring)
        .put("senders", senders.json())
        .put("expected_spend_fen", expected - before).put("persisted_spend_fen", persisted - before)
        .put("lost_or_doubled_fen", persisted - expected)
        .put("persisted_within_s_after_return", catchUp)
        .put("counter_drift_fen", drift)
        .put("ledger_sum_fen", truth.ledgerSum());
  }

  /**
   * Redis stopped (SIGTERM: AOF flushed) and started again during ingest: the senders' retries bridge the
   * gap, counters come back from the AOF, and live counters equal PostgreSQL without any repair.
   */
  static JsonObject redisRestart(ChaosRun.Target target, ChaosRun.Settings s) throws Exception {
    Engines engines = target.engines();
    Truth truth = target.truth();
    Instant start = Instant.now();
    long before = truth.spendSince(start);
    Senders senders = new Senders(target.baseUrl(), ChaosClient.INGEST_KEY);
    senders.start(4, truth.activeClients(), s.seed() + 2, Duration.ofMillis(100));
    Thread.sleep(2_000);
    long t0 = System.nanoTime();
    engines.stopRedis();
    Thread.sleep(s.redisDownSeconds() * 1000L);
    engines.startRedis();
    double downSeconds = (System.nanoTime() - t0) / 1e9;
    long acceptedAtStart = senders.accepted.get();
    long waitStart = System.nanoTime();
    while (senders.accepted.get() == acceptedAtStart && System.nanoTime() - waitStart < 60e9) Thread.sleep(50);
    long firstAcceptMillis = (System.nanoTime() - waitStart) / 1_000_000;
    Thread.sleep(2_000);
    senders.stop();
    long expected = before + senders.spendFen();
    double catchUp = truth.awaitPersisted(start, expected, Duration.ofSeconds(120));
    long persisted = truth.spendSince(start);
    long drift;
    try (ChaosClient client = new ChaosClient(target.baseUrl())) {
      drift = client.driftFen();
    }
    return new JsonObject()
        .put("what", "Redis stopped and restarted during ingest (AOF, appendfsync everysec; 4 senders retrying)")
        .put("redis_down_s", Math.round(downSeconds * 10) / 10.0)
        .put("first_accept_after_restart_ms", firstAcceptMillis)
        .put("senders", senders.json())
        .put("expected_spend_fen", expected - before).put("persisted_spend_fen", persisted - before)
        .put("lost_or_doubled_fen", persisted - expected)
        .put("persisted_within_s", catchUp)
        .put("counter_drift_fen", drift);
  }
}
