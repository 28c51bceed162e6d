package io.beacon.live.push;

import io.vertx.core.json.JsonObject;

import java.util.Set;

/**
 * Agency totals over the clients one connection may see (a dedicated employee's totals never include
 * an unassigned client). Integer fields are summed (nested objects such as spendByMode too);
 * percentages and the business day are per client and left out. Clients with spend and ARPU are
 * counted for all spend, performance and brand.
 */
final class Totals {
  /** Per-client identities and versions, not amounts. */
  private static final Set<String> NOT_SUMMED = Set.of("day", "clientId", "rev");

  private Totals() {}

  static JsonObject of(Iterable<JsonObject> counters) {
    JsonObject sum = new JsonObject();
    int clients = 0;
    int withSpend = 0;
    int performanceWithSpend = 0;
    int brandWithSpend = 0;
    for (JsonObject c : counters) {
      clients++;
      add(sum, c);
      if (positive(c, "spendFen")) withSpend++;
      if (positive(c, "performanceFen")) performanceWithSpend++;
      if (positive(c, "brandFen")) brandWithSpend++;
    }
    return sum.put("clients", clients)
        .put("clientsWithSpend", withSpend)
        .put("arpuFen", withSpend == 0 ? 0 : sum.getLong("spendFen", 0L) / withSpend)
        .put("performanceClientsWithSpend", performanceWithSpend)
        .put("performanceArpuFen", performanceWithSpend == 0 ? 0 : sum.getLong("performanceFen", 0L) / performanceWithSpend)
        .put("brandClientsWithSpend", brandWithSpend)
        .put("brandArpuFen", brandWithSpend == 0 ? 0 : sum.getLong("brandFen", 0L) / brandWithSpend);
  }

  private static void add(JsonObject sum, JsonObject values) {
    for (var e : values) {
      String key = e.getKey();
      Object v = e.getValue();
      if ((v instanceof Integer || v instanceof Long) && !key.endsWith("Pct") && !NOT_SUMMED.contains(key)) {
        sum.put(key, sum.getLong(key, 0L) + ((Number) v).longValue());
      } else if (v instanceof JsonObject nested) {
        JsonObject target = sum.getJsonObject(key);
        if (target == null) sum.put(key, target = new JsonObject());
        add(target, nested);
      }
    }
  }

  private static boolean positive(JsonObject c, String key) {
    return c.getValue(key) instanceof Number n && n.longValue() > 0;
  }
}
