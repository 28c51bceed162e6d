package io.beacon.chaos;

import io.vertx.core.json.JsonObject;

import java.time.Duration;

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
    Ingestion run = Ingestion.start(target.baseUrl(), target.truth(), s.seed() + 1, 4);
    Thread.sleep(2_000);
    long failedBefore = run.senders.failedAttempts.get();
    long acceptedBefore = run.senders.accepted.get();
    target.engines().stopPg();
    Thread.sleep(s.pgDownSeconds() * 1000L);
    long failedDuring = run.senders.failedAttempts.get() - failedBefore;
    long acceptedDuring = run.senders.accepted.get() - acceptedBefore;
    target.engines().startPg();
    Thread.sleep(2_000);
    return new JsonObject()
        .put("what", "PostgreSQL stopped for " + s.pgDownSeconds() + " s during ingest (4 senders)")
        .put("events_accepted_while_down", acceptedDuring)
        .put("failed_answers_while_down", failedDuring)
        .mergeIn(run.finish(Duration.ofSeconds(180)));
  }

  /**
   * Redis stopped (SIGTERM: AOF flushed) and started again during ingest: the senders' retries bridge the
   * gap, counters come back from the AOF, and live counters equal PostgreSQL without any repair.
   */
  static JsonObject redisRestart(ChaosRun.Target target, ChaosRun.Settings s) throws Exception {
    Ingestion run = Ingestion.start(target.baseUrl(), target.truth(), s.seed() + 2, 4);
    Thread.sleep(2_000);
    long t0 = System.nanoTime();
    target.engines().stopRedis();
    Thread.sleep(s.redisDownSeconds() * 1000L);
    target.engines().startRedis();
    double downSeconds = (System.nanoTime() - t0) / 1e9;
    long acceptedAtStart = run.senders.accepted.get();
    long waitStart = System.nanoTime();
    while (run.senders.accepted.get() == acceptedAtStart && System.nanoTime() - waitStart < 60e9) Thread.sleep(50);
    long firstAcceptMillis = (System.nanoTime() - waitStart) / 1_000_000;
    Thread.sleep(2_000);
    return new JsonObject()
        .put("what", "Redis stopped and restarted during ingest (AOF, appendfsync everysec; 4 senders retrying)")
        .put("redis_down_s", Math.round(downSeconds * 10) / 10.0)
        .put("first_accept_after_restart_ms", firstAcceptMillis)
        .mergeIn(run.finish(Duration.ofSeconds(120)));
  }
}
