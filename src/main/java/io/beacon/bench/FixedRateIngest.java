package io.beacon.bench;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Ingest at a fixed event rate for a while. Each sender owns a disjoint slice of the clients and sends
 * its batches one after the other, so every client's batches are applied in the order they were sent
 * (which {@link SpendTracker} relies on).
 */
final class FixedRateIngest {
  private FixedRateIngest() {}

  record Result(long events, double seconds, long late) {
    double eventsPerSecond() { return events / seconds; }
  }

  static Result run(List<Long> clients, int senders, int eventsPerSecond, int batchSize, double seconds,
                    SpendTracker tracker, Function<Buffer, Future<?>> post) {
    AtomicLong events = new AtomicLong();
    AtomicLong late = new AtomicLong();
    long periodNanos = (long) (1e9 * batchSize * senders / eventsPerSecond);
    long t0 = System.nanoTime();
    long deadline = t0 + (long) (seconds * 1e9);
    List<Thread> threads = new ArrayList<>();
    for (int s = 0; s < senders; s++) {
      int sender = s;
      List<Long> slice = new ArrayList<>();
      for (int i = sender; i < clients.size(); i += senders) slice.add(clients.get(i));
      threads.add(Baselines.thread(() -> {
        EventBatches batches = new EventBatches(100 + sender);
        long next = t0 + periodNanos * sender / senders;
        while (next < deadline) {
          long wait = next - System.nanoTime();
          if (wait > 0) sleepNanos(wait);
          else late.incrementAndGet();
          EventBatches.Batch batch = batches.next(slice, batchSize);
          long sent = System.nanoTime();
          if (tracker != null) tracker.sent(batch, sent);
          post.apply(batch.body()).await();
          events.addAndGet(batch.events());
          next += periodNanos;
        }
      }));
    }
    Baselines.join(threads);
    return new Result(events.get(), (System.nanoTime() - t0) / 1e9, late.get());
  }

  private static void sleepNanos(long nanos) {
    try {
      Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
