package io.beacon.bench;

import io.vertx.core.buffer.Buffer;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/** Builds ingest batches (the events of POST /api/v1/ingest/events) over a set of clients; every event id is unique in the run. */
public final class EventBatches {
  private static final String[] MODES = {"smart", "search", "display", "external"};
  private static final AtomicLong SEQ = new AtomicLong();

  private final String runId = Long.toString(System.nanoTime(), 36);
  private final SplittableRandom random;

  public EventBatches(long seed) { this.random = new SplittableRandom(seed); }

  /** One batch: its JSON body and the spend it adds per client. */
  public record Batch(Buffer body, int events, Map<Long, Long> spendByClient) {}

  public Batch next(List<Long> clients, int size) {
    StringBuilder json = new StringBuilder(size * 260).append('[');
    Map<Long, Long> spend = new HashMap<>();
    String billedAt = Instant.now().toString();
    for (int i = 0; i < size; i++) {
      long client = clients.get(random.nextInt(clients.size()));
      long impressions = 20 + random.nextInt(400);
      long clicks = random.nextInt((int) Math.max(1, impressions / 25));
      long cost = 1 + clicks * (30 + random.nextInt(120)) + random.nextInt(50);
      long conversions = random.nextInt(20) == 0 ? 1 : 0;
      String mode = MODES[random.nextInt(MODES.length)];
      spend.merge(client, cost, Long::sum);
      if (i > 0) json.append(',');
      json.append("{\"eventId\":\"b-").append(runId).append('-').append(SEQ.incrementAndGet())
          .append("\",\"clientId\":").append(client)
          .append(",\"billedAt\":\"").append(billedAt)
          .append("\",\"mode\":\"").append(mode)
          .append("\",\"goal\":\"leads\",\"conversionEvent\":\"form_submit\",\"campaignId\":\"c").append(client % 7)
          .append("\",\"unitId\":\"u").append(client % 13)
          .append("\",\"impressions\":").append(impressions)
          .append(",\"clicks\":").append(clicks)
          .append(",\"costFen\":").append(cost)
          .append(",\"conversions\":").append(conversions)
          .append(",\"brand\":").append(random.nextInt(5) == 0)
          .append('}');
    }
    return new Batch(Buffer.buffer(json.append(']').toString()), size, spend);
  }
}
