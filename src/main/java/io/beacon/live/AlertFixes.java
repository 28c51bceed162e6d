package io.beacon.live;

import io.beacon.auth.ClientScope;
import io.beacon.platform.DomainException.Conflict;
import io.beacon.platform.DomainException.NotFound;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Set;

/**
 * Fixing the cause from the alert: what an alert proposes (funds for some hours of spend at the current
 * rate for a balance alert; a daily budget that lasts the day at the current rate for a budget alert), the
 * alert a fix is for (scoped as alerts are), the fix in the alert's timeline, and raising the daily budget.
 * Moving money is finance's, wired by the alert-fix feature; the alert clears when the counters say so.
 */
public final class AlertFixes {
  /** Kinds that funds fix: the balance ran low or out, or spend went beyond it. */
  static final Set<String> FUNDS = Set.of(AlertRules.LOW_BALANCE, AlertRules.BALANCE_EXHAUSTED, AlertRules.FUND_ANOMALY);
  /** Kinds a higher daily budget fixes. */
  static final Set<String> BUDGET = Set.of(AlertRules.BUDGET, AlertRules.BUDGET_EXHAUSTED, AlertRules.PACING);
  /** Proposals are rounded up to whole hundreds of yuan. */
  private static final long ROUND_FEN = 10_000;

  /**
   * The alert a fix is for, what it proposes ({@code amountFen} or {@code dailyBudgetFen}), and the fix
   * already made with the same idempotency key ({@code previous}, null when none): a retry repeats that
   * one, whatever the alert's state and the proposal are now.
   */
  public record Target(long agencyId, long alertId, long clientId, String kind, JsonObject proposal, JsonObject previous) {}

  private final Alerts alerts;
  private final AlertStore store;
  private final LiveCounters counters;
  private final LiveStore liveStore;
  private final Clock clock;

  AlertFixes(Alerts alerts, AlertStore store, LiveCounters counters, LiveStore liveStore, Clock clock) {
    this.alerts = alerts;
    this.store = store;
    this.counters = counters;
    this.liveStore = liveStore;
    this.clock = clock;
  }

  /**
   * The open alert {@code alertId} the caller sees, which a fix of this sort ({@code funds} or
   * {@code budget}) applies to, with its proposal. 404 when the caller does not see it; 409 when it is
   * cleared or of another kind — unless a fix with {@code idempotencyKey} was made already (a retry).
   */
  public Future<Target> target(ClientScope scope, long alertId, String sort, String idempotencyKey) {
    return store.get(scope, alertId).compose(found -> {
      AlertStore.Alert a = found.orElseThrow(() -> new NotFound("Alert"));
      Future<JsonObject> previous = idempotencyKey == null ? Future.succeededFuture(null)
          : store.fixWithKey(a.agencyId(), a.id(), idempotencyKey);
      return previous.compose(p -> p != null ? Future.succeededFuture(new Target(a.agencyId(), a.id(), a.clientId(), a.kind(), null, p))
          : fixable(a, sort));
    });
  }

  private Future<Target> fixable(AlertStore.Alert a, String sort) {
    if ("cleared".equals(a.status())) {
      return Future.failedFuture(new Conflict("alert-cleared", "The alert has cleared; there is nothing to fix"));
    }
    if (!(sort.equals("funds") ? FUNDS : BUDGET).contains(a.kind())) {
      return Future.failedFuture(new Conflict("fix-not-applicable", "A " + a.kind() + " alert is not fixed by "
          + (sort.equals("funds") ? "funds" : "a daily budget")));
    }
    return proposal(a.agencyId(), a.clientId(), a.kind()).map(p -> new Target(a.agencyId(), a.id(), a.clientId(), a.kind(), p, null));
  }

  /**
   * What the alert proposes, from the live figures now: for a balance alert the funds that cover
   * {@code fixCoverHours} of the last hour's spend rate (at least twice the low-balance floor) beyond
   * the balance left, plus any arrears; for a budget alert a daily budget that lasts to midnight at that rate (at least 20 % more).
   * Null for kinds nothing here fixes.
   */
  Future<JsonObject> proposal(long agencyId, long clientId, String kind) {
    boolean funds = FUNDS.contains(kind);
    if (!funds && !BUDGET.contains(kind)) return Future.succeededFuture(null);
    return Future.all(counters.client(agencyId, clientId), alerts.settings(agencyId), liveStore.agencyZone(agencyId)).map(all -> {
      JsonObject live = all.resultAt(0);
      AlertSettings cfg = all.resultAt(1);
      long rate = live.getLong("spend60mFen", 0L);
      if (funds) {
        long balance = live.getLong("balanceFen", 0L);
        long arrears = live.getLong("arrearsFen", 0L);
        long need = Math.max(rate * cfg.fixCoverHours(), 2 * cfg.lowBalanceFloorFen()) - balance + arrears;
        return new JsonObject().put("fix", "funds").put("amountFen", roundUp(Math.max(need, 1)))
            .put("hours", cfg.fixCoverHours()).put("rateFenPerHour", rate).put("balanceFen", balance).put("arrearsFen", arrears);
      }
      ZonedDateTime now = clock.instant().atZone(all.<ZoneId>resultAt(2));
      double hoursLeft = Duration.between(now, now.toLocalDate().plusDays(1).atStartOfDay(now.getZone())).toMinutes() / 60.0;
      long budget = live.getLong("dailyBudgetFen", 0L);
      long spend = live.getLong("spendFen", 0L);
      long lasting = spend + Math.round(rate * hoursLeft);
      return new JsonObject().put("fix", "budget").put("dailyBudgetFen", roundUp(Math.max(lasting, budget * 6 / 5)))
          .put("rateFenPerHour", rate).put("spendFen", spend).put("currentDailyBudgetFen", budget);
    });
  }

  private static long roundUp(long fen) { return (fen + ROUND_FEN - 1) / ROUND_FEN * ROUND_FEN; }

  /** Records a fix in the alert's timeline (who did what) and tells the dashboards; answers the alert as it is now. */
  public Future<JsonObject> record(ClientScope scope, Long staffId, Target t, JsonObject detail) {
    return alerts.fixed(scope, t.agencyId(), t.alertId(), staffId, detail);
  }

  /** The alert as it is now. */
  public Future<JsonObject> current(ClientScope scope, long alertId) { return alerts.current(scope, alertId); }

  /** Raises (or sets) the client's daily budget from a budget alert; the budget rules follow at once. */
  public Future<JsonObject> setDailyBudget(ClientScope scope, Long staffId, Target t, long dailyBudgetFen) {
    return liveStore.setDailyBudget(scope, t.clientId(), dailyBudgetFen).compose(old -> {
      if (old.isEmpty()) return Future.failedFuture(new NotFound("Client"));
      JsonObject detail = new JsonObject().put("action", "daily-budget").put("dailyBudgetFen", dailyBudgetFen)
          .put("previousFen", old.get());
      // The fix goes into the timeline before the budget rules run, so it comes before the clearing it causes.
      return record(scope, staffId, t, detail).compose(x -> counters.settingsChanged(t.agencyId(), t.clientId()))
          .compose(v -> alerts.current(scope, t.alertId()))
          .map(alert -> new JsonObject().put("fix", detail).put("alert", alert));
    });
  }
}
