package io.beacon.chaos;

import io.beacon.bench.EventBatches;
import io.beacon.bench.Latency;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Delivery systems sending ingest batches the way a careful one does: each sender posts its batches one
 * after the other and retries a batch (same body, same event ids) until Beacon answers 200, however
 * long it is down. Every batch is kept, so the run can be re-sent whole afterwards and the spend of the
 * distinct events is known exactly.
 */
final class Senders {
  static final int BATCH = 200;
  private static final Duration RETRY_PAUSE = Duration.ofMillis(200);
  /** A batch still refused after this long is given up (and counted), so a broken server fails the run instead of hanging it. */
  private static final Duration GIVE_UP = Duration.ofMinutes(3);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final String baseUrl;
  private final String ingestKey;
  private final List<EventBatches.Batch> sent = Collections.synchronizedList(new ArrayList<>());
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final List<Thread> threads = new ArrayList<>();

  final AtomicLong answered = new AtomicLong();
  final AtomicLong accepted = new AtomicLong();
  final AtomicLong duplicates = new AtomicLong();
  final AtomicLong rejectedEvents = new AtomicLong();
  /** Answers other than 200 (a 5xx, 429, or no answer at all), each followed by a retry. */
  final AtomicLong failedAttempts = new AtomicLong();
  final AtomicLong batchesRefused = new AtomicLong();
  final AtomicLong batchesAbandoned = new AtomicLong();
  final Latency latency = new Latency();

  Senders(String baseUrl, String ingestKey) {
    this.baseUrl = baseUrl;
    this.ingestKey = ingestKey;
  }

  /** Starts {@code count} senders over disjoint slices of {@code clients}, each pausing {@code pause} between batches. */
  void start(int count, List<Long> clients, long seed, Duration pause) {
    for (int s = 0; s < count; s++) {
      List<Long> slice = new ArrayList<>();
      for (int i = s; i < clients.size(); i += count) slice.add(clients.get(i));
      EventBatches batches = new EventBatches(seed * 31 + s);
      Thread t = new Thread(() -> {
        while (!stopping.get()) {
          EventBatches.Batch batch = batches.next(slice, BATCH);
          sent.add(batch);
          JsonObject answer = deliver(batch);
          if (answer != null) {
            answered.incrementAndGet();
            accepted.addAndGet(answer.getInteger("accepted"));
            duplicates.addAndGet(answer.getInteger("duplicates"));
            rejectedEvents.addAndGet(answer.getJsonArray("rejected").size());
          }
          sleep(pause);
        }
      }, "chaos-sender-" + s);
      t.setDaemon(true);
      t.start();
      threads.add(t);
    }
  }

  /** Stops after each sender's batch in flight has been delivered. */
  void stop() throws InterruptedException {
    stopping.set(true);
    for (Thread t : threads) t.join();
  }

  /** Sends every batch of the run again (after {@link #stop}); returns {accepted, duplicates} of the re-send alone. */
  long[] resendAll() {
    long[] tally = new long[2];
    List<EventBatches.Batch> all;
    synchronized (sent) {
      all = new ArrayList<>(sent);
    }
    for (EventBatches.Batch b : all) {
      JsonObject answer = deliver(b);
      if (answer != null) {
        tally[0] += answer.getInteger("accepted");
        tally[1] += answer.getInteger("duplicates");
      }
    }
    return tally;
  }

  /** Waits until at least {@code batches} more batches than now have been answered 200. */
  void awaitBatches(int batches, Duration limit) throws InterruptedException {
    long target = answered.get() + batches;
    long deadline = System.nanoTime() + limit.toNanos();
    while (answered.get() < target && System.nanoTime() < deadline) Thread.sleep(50);
  }

  long events() { synchronized (sent) { return sent.stream().mapToLong(EventBatches.Batch::events).sum(); } }

  /** Spend of the distinct events sent (each batch's events are new). */
  long spendFen() {
    synchronized (sent) {
      return sent.stream().flatMap(b -> b.spendByClient().values().stream()).mapToLong(Long::longValue).sum();
    }
  }

  /** Posts until answered 200 and returns the answer; null if Beacon refused the batch itself (a 4xx). */
  private JsonObject deliver(EventBatches.Batch batch) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/ingest/events"))
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json").header("X-Beacon-Ingest-Key", ingestKey)
        .POST(HttpRequest.BodyPublishers.ofByteArray(batch.body().getBytes())).build();
    long giveUpAt = System.nanoTime() + GIVE_UP.toNanos();
    while (true) {
      long t0 = System.nanoTime();
      if (t0 > giveUpAt) {
        batchesAbandoned.incrementAndGet();
        return null;
      }
      try {
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        latency.recordNanos(System.nanoTime() - t0);
        if (r.statusCode() == 200) return new JsonObject(r.body());
        if (r.statusCode() < 500 && r.statusCode() != 429 && r.statusCode() != 408) {
          batchesRefused.incrementAndGet(); // a 4xx about the batch itself: retrying cannot help
          return null;
        }
      } catch (IOException e) {
        latency.recordNanos(System.nanoTime() - t0);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
      failedAttempts.incrementAndGet();
      sleep(RETRY_PAUSE);
    }
  }

  JsonObject json() {
    return new JsonObject().put("batches", sent.size()).put("events", events()).put("accepted", accepted.get())
        .put("duplicates_on_retry", duplicates.get()).put("rejected_events", rejectedEvents.get())
        .put("failed_attempts", failedAttempts.get()).put("batches_refused", batchesRefused.get())
        .put("batches_abandoned", batchesAbandoned.get())
        .put("latency", latency.json());
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
