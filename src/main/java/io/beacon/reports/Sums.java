package io.beacon.reports;

import io.vertx.core.json.JsonObject;

/**
 * Delivery sums of some slice; the derived metrics are computed from them at read time: CPM, CPC
 * and CPA in fen rounded half up, CTR and CVR as fractions (6 places); null when the denominator is 0.
 */
public record Sums(long impressions, long clicks, long costFen, long conversions) {
  public static final Sums ZERO = new Sums(0, 0, 0, 0);

  public Sums plus(Sums o) {
    return new Sums(impressions + o.impressions, clicks + o.clicks, costFen + o.costFen, conversions + o.conversions);
  }

  public Long cpmFen() { return impressions == 0 ? null : Math.round(costFen * 1000.0 / impressions); }

  public Long cpcFen() { return clicks == 0 ? null : Math.round((double) costFen / clicks); }

  public Long cpaFen() { return conversions == 0 ? null : Math.round((double) costFen / conversions); }

  public Double ctr() { return ratio(clicks, impressions); }

  public Double cvr() { return ratio(conversions, clicks); }

  /** The nine metrics by their API names. */
  public JsonObject toJson() {
    return new JsonObject().put("spendFen", costFen).put("impressions", impressions).put("cpmFen", cpmFen())
        .put("clicks", clicks).put("ctr", ctr()).put("cpcFen", cpcFen()).put("conversions", conversions)
        .put("cvr", cvr()).put("cpaFen", cpaFen());
  }

  /** The value of one metric column by its id (see {@link ReportsService#METRICS}). */
  public Object metric(String column) {
    return switch (column) {
      case "impressions" -> impressions;
      case "clicks" -> clicks;
      case "spend" -> costFen;
      case "conversions" -> conversions;
      case "cost" -> cpaFen();
      case "cpm" -> cpmFen();
      case "ctr" -> ctr();
      case "cpc" -> cpcFen();
      case "cvr" -> cvr();
      default -> throw new IllegalArgumentException(column);
    };
  }

  private static Double ratio(long a, long b) { return b == 0 ? null : Math.round(a * 1_000_000.0 / b) / 1_000_000.0; }
}
