package io.beacon.readmodel;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;

/**
 * Today's live counters of clients (the live feature's {@code live.counters().clients(...)}, contract
 * field names: spendFen, performanceFen, brandFen, impressions, clicks, conversions, balanceFen,
 * dailyBudgetFen, budgetUsedPct, …). The read models prefer them for today; without them (a client
 * not loaded, or no live feature) they read today's persisted rows.
 */
@FunctionalInterface
public interface LiveFigures {
  LiveFigures NONE = (agencyId, clientIds) -> Future.succeededFuture(Map.of());

  Future<Map<Long, JsonObject>> clients(long agencyId, List<Long> clientIds);

  default boolean available() { return this != NONE; }

  /** How long one read of the counters serves identical reads (many dashboards refreshing at once). */
  java.time.Duration SHARED_FOR = java.time.Duration.ofMillis(300);

  /** {@code source} with identical reads within {@link #SHARED_FOR} answered by one Redis round (keyed by the exact id list). */
  static LiveFigures shared(ReadCache cache, LiveFigures source) {
    return (agencyId, clientIds) -> cache.get("live|" + agencyId + "|" + clientIds, SHARED_FOR,
        () -> source.clients(agencyId, clientIds));
  }
}
