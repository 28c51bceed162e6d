package io.beacon.bench;

import io.vertx.core.json.JsonObject;

import java.util.concurrent.atomic.AtomicLong;

/** Batches of 1,000 events over all demo clients from concurrent senders, as fast as Beacon accepts them. */
final class IngestScenario {
  static final int BATCH = 1_000;

  private IngestScenario() {}

  static JsonObject run(BenchContext ctx, int senders, double seconds) {
    Latency latency = new Latency();
    AtomicLong errors = new AtomicLong();
    CpuMeter.Reading before = ctx.target.cpu.read();
    Baselines.Throughput t = Baselines.repeat(senders, seconds, sender -> {
      EventBatches batches = new EventBatches(sender);
      return () -> {
        EventBatches.Batch batch = batches.next(ctx.clientIds, BATCH);
        long start = System.nanoTime();
        try {
          JsonObject result = ctx.ingest(batch.body()).await();
          latency.recordNanos(System.nanoTime() - start);
          return result.getLong("accepted", 0L);
        } catch (RuntimeException e) {
          errors.incrementAndGet();
          return 0;
        }
      };
    });
    return new JsonObject().put("senders", senders).put("batch_size", BATCH)
        .put("events_per_s", t.perSecond()).put("batch_latency", latency.json())
        .put("errors", errors.get()).put("cpu_per_1000_events", ctx.target.cpu.read().perThousand(before, t.count()));
  }
}
