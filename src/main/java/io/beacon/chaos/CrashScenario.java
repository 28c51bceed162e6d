package io.beacon.chaos;

import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * SIGKILL of the whole server mid-ingest — the JVM and both embedded engines at the same instant, as a
 * container runtime or the OOM killer of a cgroup does — with four senders retrying, then the same
 * command started again on the same data directory. Afterwards every event must be recorded exactly once
 * (persisted spend equals the spend of the distinct events sent; re-sending everything yields only
 * duplicates), the ledger must balance, and the live counters must equal PostgreSQL.
 */
final class CrashScenario {
  private CrashScenario() {}

  static JsonObject run(Path dir, ChaosRun.Settings s) throws Exception {
    Path data = dir.resolve("data");
    Map<String, String> env = ChaosRun.demoEnv();
    int port = BeaconProcess.freePort();
    BeaconProcess server = BeaconProcess.start(data, port, dir.resolve("beacon.log"), env, "--demo");
    try {
      Duration firstStart = server.awaitReady(ChaosRun.START_LIMIT);
      Truth truth = new Truth(server::jdbc);
      Instant start = Instant.now();
      long before = truth.spendSince(start);
      Senders senders = new Senders(server.baseUrl(), ChaosClient.INGEST_KEY);
      senders.start(4, truth.activeClients(), s.seed(), Duration.ofMillis(100));
      senders.awaitBatches(20, ChaosRun.START_LIMIT);
      Thread.sleep(s.loadSeconds() * 500L);

      long acceptedAtKill = senders.accepted.get();
      server.kill9All();
      long killedAt = System.nanoTime();
      server = BeaconProcess.start(data, port, dir.resolve("beacon.log"), env, "--demo");
      server.awaitReady(ChaosRun.START_LIMIT);
      double downSeconds = (System.nanoTime() - killedAt) / 1e9;
      senders.awaitBatches(20, ChaosRun.START_LIMIT);
      Thread.sleep(s.loadSeconds() * 500L);
      senders.stop();

      long expected = before + senders.spendFen();
      double persistSeconds = truth.awaitPersisted(start, expected, Duration.ofSeconds(120));
      long persisted = truth.spendSince(start);
      long[] resend = senders.resendAll();
      long drift;
      try (ChaosClient client = new ChaosClient(server.baseUrl())) {
        drift = client.driftFen();
      }
      return new JsonObject()
          .put("what", "kill -9 of JVM + PostgreSQL + Redis mid-ingest, 4 senders retrying, restart on the same data directory")
          .put("first_start_s", firstStart.toMillis() / 1000.0)
          .put("accepted_before_kill", acceptedAtKill)
          .put("down_s", Math.round(downSeconds * 10) / 10.0)
          .put("senders", senders.json())
          .put("expected_spend_fen", expected - before).put("persisted_spend_fen", persisted - before)
          .put("lost_or_doubled_fen", persisted - expected).put("persisted_within_s", persistSeconds)
          .put("resend_accepted", resend[0]).put("resend_duplicates", resend[1])
          .put("ledger_sum_fen", truth.ledgerSum())
          .put("counter_drift_fen", drift)
          .put("exactly_once", persisted == expected && resend[0] == 0 && resend[1] == senders.events());
    } finally {
      server.close();
    }
  }
}
