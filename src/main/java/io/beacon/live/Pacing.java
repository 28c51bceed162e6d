package io.beacon.live;

import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;

/**
 * Where today is heading at the current rate (the last hour's spend, per hour): the spend projected for the
 * end of the day (midnight in the agency's zone), when the daily budget is reached and when the balance
 * reaches zero. Null instants: never at this rate (or no budget), or already.
 */
public record Pacing(long rateFenPerHour, long projectedSpendFen, Instant budgetReachedAt, Instant balanceZeroAt) {

  /** From a client's live counters (the "Live counters" JSON) at {@code now} in the agency's zone. */
  public static Pacing of(JsonObject counters, ZonedDateTime now) {
    return of(counters.getLong("spendFen", 0L), counters.getLong("spend60mFen", 0L), counters.getLong("dailyBudgetFen", 0L),
        counters.getLong("balanceFen", 0L), now);
  }

  static Pacing of(long spendFen, long rateFenPerHour, long dailyBudgetFen, long balanceFen, ZonedDateTime now) {
    long secondsLeft = Duration.between(now, now.toLocalDate().plusDays(1).atStartOfDay(now.getZone())).toSeconds();
    long projected = spendFen + rateFenPerHour * secondsLeft / 3600;
    Instant budgetAt = rateFenPerHour > 0 && dailyBudgetFen > spendFen
        ? now.toInstant().plusSeconds((dailyBudgetFen - spendFen) * 3600 / rateFenPerHour) : null;
    Instant zeroAt = rateFenPerHour > 0 && balanceFen > 0 ? now.toInstant().plusSeconds(balanceFen * 3600 / rateFenPerHour) : null;
    return new Pacing(rateFenPerHour, projected, budgetAt, zeroAt);
  }

  public JsonObject toJson() {
    return new JsonObject().put("rateFenPerHour", rateFenPerHour).put("projectedSpendFen", projectedSpendFen)
        .put("budgetReachedAt", budgetReachedAt == null ? null : budgetReachedAt.toString())
        .put("balanceZeroAt", balanceZeroAt == null ? null : balanceZeroAt.toString());
  }
}
