package io.beacon.live;

import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The alert conditions as pure functions of a client's live figures, the agency's
 * thresholds and (for swings and stalls) the client's baseline. Each kind is either on (with the
 * figures that fire it) or off; {@link Alerts} turns changes into open and cleared alerts.
 */
final class AlertRules {
  static final String BUDGET = "budget";
  static final String BUDGET_EXHAUSTED = "budget-exhausted";
  static final String LOW_BALANCE = "low-balance";
  static final String BALANCE_EXHAUSTED = "balance-exhausted";
  static final String FUND_ANOMALY = "fund-anomaly";
  static final String SURGE = "spend-surge";
  static final String DROP = "spend-drop";
  static final String STALL = "spend-stall";
  /** One alert instead of many for a client whose alert of one kind (its cause) kept opening and clearing. */
  static final String FLAPPING = "flapping";
  /** At the current rate the daily budget runs out before the agency's pacing hour. */
  static final String PACING = "pacing";
  static final List<String> KINDS = List.of(BUDGET, BUDGET_EXHAUSTED, LOW_BALANCE, BALANCE_EXHAUSTED, FUND_ANOMALY, SURGE, DROP, STALL,
      FLAPPING, PACING);
  /** Kinds that reach people in their quiet hours: money that has run out or gone wrong. */
  static final Set<String> CRITICAL = Set.of(BALANCE_EXHAUSTED, FUND_ANOMALY);
  /** The kind a condition crosses into next: a snoozed alert of the key kind re-arms when the value opens. */
  static final Map<String, String> NEXT_LEVEL = Map.of(LOW_BALANCE, BALANCE_EXHAUSTED, BUDGET, BUDGET_EXHAUSTED);
  /** The cause of a fund anomaly these rules find: spend beyond the balance. (Finance raises the others.) */
  static final String ARREARS = "arrears";

  /**
   * One kind's state: on (with its level for budget thresholds) or off, how far the figure is past the
   * threshold in percent of the threshold (what hysteresis compares with its margin; infinite for
   * conditions without a graded figure), and the figures behind it — built only when an alert actually
   * opens or clears (the rules run for every client on every batch).
   */
  record Decision(String kind, boolean on, int level, double overshootPct, Supplier<JsonObject> figures) {}

  /** How far {@code value} is past {@code threshold} (above it when {@code above}), in percent of the threshold. */
  static double overshoot(long value, long threshold, boolean above) {
    if (threshold <= 0) return Double.POSITIVE_INFINITY;
    return (above ? value - threshold : threshold - value) * 100.0 / threshold;
  }

  /**
   * A client's own baseline at this hour: average spend per hour in the same hour over the previous
   * 7 days (or the trailing hour when there is no history), and what it spent yesterday in this hour.
   */
  record Baseline(long hourlyFen, long yesterdaySameHourFen) {}

  private AlertRules() {}

  /** The cause a rule-driven alert of {@code kind} carries: one open alert per client, kind and cause. */
  static String cause(String kind) { return FUND_ANOMALY.equals(kind) ? ARREARS : ""; }

  /** Budget and balance rules (run after every change of the figures). */
  static List<Decision> money(ClientSnapshot s, AlertSettings cfg) {
    List<Decision> out = new ArrayList<>(5);
    long budget = s.dailyBudgetFen();
    int level = 0;
    if (budget > 0) {
      for (int t : cfg.budgetThresholdsPct()) if (s.spendFen() * 100 >= budget * t) level = t;
    }
    int threshold = level;
    Supplier<JsonObject> budgetFigures = () -> new JsonObject().put("spendFen", s.spendFen()).put("dailyBudgetFen", budget)
        .put("budgetUsedPct", s.budgetUsedPct());
    out.add(new Decision(BUDGET, level > 0, level, overshoot(s.spendFen(), budget * threshold / 100, true),
        () -> budgetFigures.get().put("thresholdPct", threshold)));
    out.add(new Decision(BUDGET_EXHAUSTED, budget > 0 && s.spendFen() >= budget, 0, overshoot(s.spendFen(), budget, true), budgetFigures));

    long balance = s.balanceFen();
    boolean spending = s.spendFen() > 0 || s.spend60mFen() > 0;
    long coverFen = s.spend60mFen() * cfg.lowBalanceHours();
    Supplier<JsonObject> balanceFigures = () -> new JsonObject().put("balanceFen", balance).put("cashFen", s.cashFen())
        .put("couponFen", s.couponFen()).put("creditFen", s.creditFen()).put("spend60mFen", s.spend60mFen())
        .put("hoursLeft", s.spend60mFen() == 0 ? null : Math.round(balance * 10.0 / s.spend60mFen()) / 10.0)
        .put("lowBalanceHours", cfg.lowBalanceHours()).put("floorFen", cfg.lowBalanceFloorFen());
    boolean low = spending && balance > 0 && (balance < coverFen || balance < cfg.lowBalanceFloorFen());
    out.add(new Decision(LOW_BALANCE, low, 0, overshoot(balance, Math.max(coverFen, cfg.lowBalanceFloorFen()), false), balanceFigures));
    out.add(new Decision(BALANCE_EXHAUSTED, balance <= 0 && (spending || s.arrearsFen() > 0), 0, Double.POSITIVE_INFINITY, balanceFigures));
    out.add(new Decision(FUND_ANOMALY, s.arrearsFen() > 0, 0, Double.POSITIVE_INFINITY, () -> new JsonObject().put("arrearsFen", s.arrearsFen())
        .put("balanceFen", balance).put("cause", ARREARS).put("reason", "spend exceeded the balance")));
    return out;
  }

  /**
   * The pacing rule: on while the budget is not yet spent and, at the last hour's rate, it will be before
   * {@code pacingBeforeHour}:00 today in the agency's zone ({@code now}); off when the hour is 0.
   */
  static Decision pacing(ClientSnapshot s, AlertSettings cfg, ZonedDateTime now) {
    long budget = s.dailyBudgetFen();
    if (cfg.pacingBeforeHour() == 0 || budget <= 0 || s.spendFen() >= budget || s.spend60mFen() == 0) {
      return new Decision(PACING, false, 0, 0, () -> new JsonObject().put("spendFen", s.spendFen()).put("dailyBudgetFen", budget)
          .put("rateFenPerHour", s.spend60mFen()));
    }
    Pacing p = Pacing.of(s.spendFen(), s.spend60mFen(), budget, s.balanceFen(), now);
    Instant deadline = now.toLocalDate().atStartOfDay(now.getZone()).plusHours(cfg.pacingBeforeHour()).toInstant();
    boolean on = p.budgetReachedAt() != null && p.budgetReachedAt().isBefore(deadline);
    return new Decision(PACING, on, 0, overshoot(p.projectedSpendFen(), budget, true), () -> p.toJson()
        .put("spendFen", s.spendFen()).put("dailyBudgetFen", budget).put("pacingBeforeHour", cfg.pacingBeforeHour()));
  }

  /**
   * Swing and stall rules (run each minute): the spend rate of the last 15 minutes against the
   * baseline; a stall when the client spent in this hour yesterday but nothing for the stall window.
   */
  static List<Decision> swings(ClientSnapshot s, AlertSettings cfg, Baseline b) {
    long rate = s.spend15mFen() * 4;
    boolean significant = b.hourlyFen() >= cfg.swingMinBaselineFen() && b.hourlyFen() > 0;
    long ratioPct = b.hourlyFen() == 0 ? 0 : rate * 100 / b.hourlyFen();
    Supplier<JsonObject> figures = () -> new JsonObject().put("spend15mFen", s.spend15mFen()).put("rateFenPerHour", rate)
        .put("baselineFenPerHour", b.hourlyFen()).put("ratioPct", ratioPct);
    boolean stallWindowEmpty = cfg.stallMinutes() <= 30 ? s.spend30mFen() == 0 : s.spend60mFen() == 0;
    boolean stall = b.yesterdaySameHourFen() > 0 && stallWindowEmpty;
    return List.of(
        new Decision(SURGE, significant && ratioPct >= cfg.surgePct(), 0, overshoot(ratioPct, cfg.surgePct(), true),
            () -> figures.get().put("surgePct", cfg.surgePct())),
        new Decision(DROP, significant && !stall && ratioPct <= cfg.dropPct(), 0, overshoot(ratioPct, cfg.dropPct(), false),
            () -> figures.get().put("dropPct", cfg.dropPct())),
        new Decision(STALL, stall, 0, Double.POSITIVE_INFINITY, () -> new JsonObject().put("yesterdaySameHourFen", b.yesterdaySameHourFen())
            .put("spend30mFen", s.spend30mFen()).put("stallMinutes", cfg.stallMinutes())));
  }
}
