package io.beacon.home;

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
}
