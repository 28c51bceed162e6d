package io.beacon.bench;

import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Batches of 1,000 events over all demo clients from concurrent senders, as fast as Beacon accepts them. */
final class IngestScenario {
  static final int BATCH = 1_000;

  private IngestScenario() {}

  static JsonObject run(BenchContext ctx, int senders, double seconds) {
    Latency latency = new Latency();
    AtomicLong accepted = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    long deadline = System.nanoTime() + (long) (seconds * 1e9);
    long t0 = System.nanoTime();
    List<Thread> threads = new ArrayList<>();
    for (int s = 0; s < senders; s++) {
      int sender = s;
      threads.add(Baselines.thread(() -> {
        EventBatches batches = new EventBatches(sender);
        while (System.nanoTime() < deadline) {
          EventBatches.Batch batch = batches.next(ctx.clientIds, BATCH);
          long start = System.nanoTime();
          try {
            JsonObject result = ctx.ingest(batch.body()).await();
            latency.recordNanos(System.nanoTime() - start);
            accepted.addAndGet(result.getLong("accepted", 0L));
          } catch (RuntimeException e) {
            errors.incrementAndGet();
          }
        }
      }));
    }
    Baselines.join(threads);
    double elapsed = (System.nanoTime() - t0) / 1e9;
    return new JsonObject().put("senders", senders).put("batch_size", BATCH)
        .put("events_per_s", Math.round(accepted.get() / elapsed)).put("batch_latency", latency.json())
        .put("errors", errors.get());
  }
}
