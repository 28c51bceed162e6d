package io.beacon.monitor;

import io.vertx.core.json.JsonObject;

/** The four counted figures of the monitoring table, for one client, one bucket or the total. */
record Figures(long impressions, long clicks, long spendFen, long conversions) {
  static final Figures ZERO = new Figures(0, 0, 0, 0);

  /** Today's figures as the live counters hold them. */
  static Figures ofCounters(JsonObject k) {
    return new Figures(k.getLong("impressions", 0L), k.getLong("clicks", 0L), k.getLong("spendFen", 0L), k.getLong("conversions", 0L));
  }

  Figures plus(Figures o) {
    return new Figures(impressions + o.impressions, clicks + o.clicks, spendFen + o.spendFen, conversions + o.conversions);
  }

  Long costPerConversionFen() { return conversions == 0 ? null : Math.round((double) spendFen / conversions); }

  Double ctr() { return MonitorService.ratio(clicks, impressions); }

  Double cvr() { return MonitorService.ratio(conversions, clicks); }

  /** impressions, clicks, spendFen, conversions under their contract names. */
  JsonObject toJson() {
    return new JsonObject().put("impressions", impressions).put("clicks", clicks).put("spendFen", spendFen).put("conversions", conversions);
  }
}
