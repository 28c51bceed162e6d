package io.beacon.live;

import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Response;

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

  /** From one snapshot array of the live scripts: index, figures…, markers. */
  static ClientSnapshot of(long clientId, long agencyId, Response r) {
    Map<String, String> marks = new HashMap<>();
    String m = r.get(22).toString();
    if (m != null && !m.isEmpty()) {
      for (String pair : m.split(";")) {
        int eq = pair.indexOf('=');
        marks.put(pair.substring(0, eq), pair.substring(eq + 1));
      }
    }
    return new ClientSnapshot(clientId, agencyId, r.get(1).toLong(), r.get(2).toLong(), r.get(3).toLong(),
        r.get(4).toLong(), r.get(5).toLong(), r.get(6).toLong(), r.get(7).toLong(), r.get(8).toLong(),
        r.get(9).toLong(), r.get(10).toLong(), r.get(11).toLong(), r.get(12).toLong(), r.get(13).toLong(),
        r.get(14).toLong(), r.get(15).toLong(), r.get(16).toLong(), r.get(17).toLong(), r.get(18).toLong(),
        r.get(19).toLong(), r.get(20).toLong(), r.get(21).toLong(), marks, r.get(23).toLong());
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

  /** The counter fields of the "Live counters" contract (TEAM.md). */
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
