package io.beacon.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Ties a pushed counter value back to the ingest request that produced it: for each client the
 * cumulative spend after every batch and when that batch was sent. A message showing spend S for a
 * client was caused by the batch after which the cumulative spend became S.
 */
final class SpendTracker {
  private record Step(long cumulative, long sentNanos) {}

  private final Map<Long, Long> base;
  private final Map<Long, List<Step>> steps = new HashMap<>();
  private final Map<Long, Long> cumulative = new HashMap<>();

  /** @param base each client's live spend before the scenario sends anything */
  SpendTracker(Map<Long, Long> base) { this.base = base; }

  synchronized void sent(EventBatches.Batch batch, long sentNanos) {
    batch.spendByClient().forEach((client, fen) -> {
      long cum = cumulative.merge(client, fen, Long::sum);
      steps.computeIfAbsent(client, c -> new ArrayList<>()).add(new Step(cum, sentNanos));
    });
  }

  /** When the batch that brought {@code clientId} to {@code spendFen} was sent, or -1 if no batch did. */
  synchronized long sentAt(long clientId, long spendFen) {
    List<Step> list = steps.get(clientId);
    Long b = base.get(clientId);
    if (list == null || b == null) return -1;
    long target = spendFen - b;
    int lo = 0, hi = list.size() - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      long c = list.get(mid).cumulative();
      if (c == target) return list.get(mid).sentNanos();
      if (c < target) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }
}
