package io.beacon.chaos;

import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.Instant;

/**
 * Senders running against a Beacon while something goes wrong, and afterwards the outcome every
 * scenario reports: spend sent against spend persisted in PostgreSQL, how long persistence took to
 * catch up, and the live counters' drift from PostgreSQL (measured, not repaired).
 */
final class Ingestion {
  final Senders senders;
  private final Truth truth;
  private final String baseUrl;
  private final Instant start = Instant.now();
  private final long before;

  private Ingestion(String baseUrl, Truth truth) throws Exception {
    this.baseUrl = baseUrl;
    this.truth = truth;
    this.before = truth.spendSince(start);
    this.senders = new Senders(baseUrl, ChaosClient.INGEST_KEY);
  }

  /** {@code count} senders over the agency's active clients, one batch each per 100 ms at most. */
  static Ingestion start(String baseUrl, Truth truth, long seed, int count) throws Exception {
    Ingestion run = new Ingestion(baseUrl, truth);
    run.senders.start(count, truth.activeClients(), seed, Duration.ofMillis(100));
    return run;
  }

  /** Stops the senders, waits (at most {@code persistLimit}) for PostgreSQL to hold every event, and measures. */
  JsonObject finish(Duration persistLimit) throws Exception {
    senders.stop();
    long expected = before + senders.spendFen();
    double catchUp = truth.awaitPersisted(start, expected, persistLimit);
    long persisted = truth.spendSince(start);
    long drift;
    try (ChaosClient client = new ChaosClient(baseUrl)) {
      drift = client.driftFen();
    }
    return new JsonObject()
        .put("senders", senders.json())
        .put("expected_spend_fen", expected - before).put("persisted_spend_fen", persisted - before)
        .put("lost_or_doubled_fen", persisted - expected)
        .put("persisted_within_s", catchUp)
        .put("counter_drift_fen", drift)
        .put("ledger_sum_fen", truth.ledgerSum());
  }
}
