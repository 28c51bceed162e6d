package io.beacon.chaos;

import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.time.Duration;
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
      Ingestion run = Ingestion.start(server.baseUrl(), truth, s.seed(), 4);
      run.senders.awaitBatches(20, ChaosRun.START_LIMIT);
      Thread.sleep(s.loadSeconds() * 500L);

      long acceptedAtKill = run.senders.accepted.get();
      server.kill9All();
      long killedAt = System.nanoTime();
      server = BeaconProcess.start(data, port, dir.resolve("beacon.log"), env, "--demo");
      server.awaitReady(ChaosRun.START_LIMIT);
      double downSeconds = (System.nanoTime() - killedAt) / 1e9;
      run.senders.awaitBatches(20, ChaosRun.START_LIMIT);
      Thread.sleep(s.loadSeconds() * 500L);

      JsonObject outcome = run.finish(Duration.ofSeconds(120));
      long[] resend = run.senders.resendAll();
      return new JsonObject()
          .put("what", "kill -9 of JVM + PostgreSQL + Redis mid-ingest, 4 senders retrying, restart on the same data directory")
          .put("first_start_s", firstStart.toMillis() / 1000.0)
          .put("accepted_before_kill", acceptedAtKill)
          .put("down_s", Math.round(downSeconds * 10) / 10.0)
          .mergeIn(outcome)
          .put("resend_accepted", resend[0]).put("resend_duplicates", resend[1])
          .put("exactly_once", outcome.getLong("lost_or_doubled_fen") == 0 && resend[0] == 0 && resend[1] == run.senders.events());
    } finally {
      server.close();
    }
  }
}
