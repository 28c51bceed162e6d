package io.beacon.live;

import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Response;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

/**
 * One client's live figures as Redis holds them (fen, counts), with its open alert markers
 * ({@code kind → alertId[/level]}). {@code day} is the business day (epoch day in the agency's zone)
 * the today-figures belong to. {@code rev} grows with every change of the client's figures, so a reader
 * holding two snapshots that were published out of order keeps the later one.
 */
public record ClientSnapshot(long clientId, long agencyId, long day, long spendFen, long performanceFen, long brandFen,
                             long smartFen, long searchFen, long displayFen, long externalFen, long impressions,
                             long clicks, long conversions, long cashFen, long couponFen, long creditFen,
                             long arrearsFen, long dailyBudgetFen, long spend1mFen, long spend5mFen, long spend15mFen,
                             long spend30mFen, long spend60mFen, Map<String, String> alerts, long rev) {

  /** The client's index in the script call a snapshot reply ({figures, markers}; see common.lua) answers. */
  static int index(Response r) {
    return (int) figures(r).getLong(0);
  }

  /** From one snapshot reply of the live scripts: 23 packed integers (index, figures…, rev) and the markers. */
  static ClientSnapshot of(long clientId, long agencyId, Response r) {
    ByteBuffer f = figures(r);
    long[] v = new long[23];
    for (int j = 0; j < v.length; j++) v[j] = f.getLong(j * 8);
    Map<String, String> marks = new HashMap<>();
    String m = r.get(1).toString();
    if (m != null && !m.isEmpty()) {
      for (String pair : m.split(";")) {
        int eq = pair.indexOf('=');
        marks.put(pair.substring(0, eq), pair.substring(eq + 1));
      }
    }
    return new ClientSnapshot(clientId, agencyId, v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11],
        v[12], v[13], v[14], v[15], v[16], v[17], v[18], v[19], v[20], v[21], marks, v[22]);
  }

  private static ByteBuffer figures(Response r) {
    return ByteBuffer.wrap(r.get(0).toBytes()).order(ByteOrder.LITTLE_ENDIAN);
  }

  /** The figures as of business day {@code today}: a client that has not spent yet today shows zeros. */
  public ClientSnapshot asOf(long today) {
    if (day >= today) return this;
    return new ClientSnapshot(clientId, agencyId, today, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, cashFen, couponFen, creditFen,
        arrearsFen, dailyBudgetFen, spend1mFen, spend5mFen, spend15mFen, spend30mFen, spend60mFen, alerts, rev);
  }

  /** Spendable balance: cash + coupons + available credit. */
  public long balanceFen() { return cashFen + couponFen + creditFen; }

  /** Percentage of the daily budget spent today (one decimal), or null without a budget. */
  public Double budgetUsedPct() {
    return dailyBudgetFen <= 0 ? null : Math.round(spendFen * 1000.0 / dailyBudgetFen) / 10.0;
  }

  /** The counter fields other features read (README "Live model" lists them): the names are a contract between features. */
  public JsonObject toJson() {
    return new JsonObject()
        .put("clientId", clientId)
        .put("day", LocalDate.ofEpochDay(day).toString())
        .put("spendFen", spendFen)
        .put("performanceFen", performanceFen)
        .put("brandFen", brandFen)
        .put("spendByMode", new JsonObject().put("smart", smartFen).put("search", searchFen)
            .put("display", displayFen).put("external", externalFen))
        .put("impressions", impressions)
        .put("clicks", clicks)
        .put("conversions", conversions)
        .put("balanceFen", balanceFen())
        .put("cashFen", cashFen)
        .put("couponFen", couponFen)
        .put("creditFen", creditFen)
        .put("arrearsFen", arrearsFen)
        .put("dailyBudgetFen", dailyBudgetFen)
        .put("budgetUsedPct", budgetUsedPct())
        .put("spend1mFen", spend1mFen)
        .put("spend5mFen", spend5mFen)
        .put("spend15mFen", spend15mFen)
        .put("spend60mFen", spend60mFen)
        .put("rev", rev);
  }
}
