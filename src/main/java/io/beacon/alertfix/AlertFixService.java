package io.beacon.alertfix;

import io.beacon.auth.Caller;
import io.beacon.auth.ClientScope;
import io.beacon.finance.FinanceService;
import io.beacon.live.AlertFixes;
import io.beacon.platform.DomainException.KeyReused;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Fix from the alert, in one step: from a balance alert, funds for the client — an allocation from an agency
 * wallet or a coupon grant, through finance (its rights, ledger and idempotency), with the amount the alert
 * proposes unless the caller names one; from a budget alert, a higher daily budget. The fix goes into the
 * alert's timeline with who did it (and the idempotency key, so a retry repeats the first fix whatever the
 * proposal is by then); the alert clears when the counters say so.
 */
public final class AlertFixService {
  /** A granted coupon lasts this long by default (from the start of today, UTC, so a retry today asks the same). */
  private static final int COUPON_DAYS = 31;

  private final AlertFixes fixes;
  private final FinanceService finance;
  private final Clock clock;

  public AlertFixService(AlertFixes fixes, FinanceService finance, Clock clock) {
    this.fixes = fixes;
    this.finance = finance;
    this.clock = clock;
  }

  Future<FinanceService.Outcome> allocate(Caller c, long alertId, String key, JsonObject body) {
    return fixes.target(ClientScope.of(c), alertId, "funds", key).compose(t -> {
      JsonObject fix = t.previous() != null ? sameAsBefore(t.previous(), body) : new JsonObject().put("action", "allocation")
          .put("amountFen", body.getLong("amountFen", t.proposal().getLong("amountFen")))
          .put("wallet", body.getString("wallet", "general")).put("idempotencyKey", key);
      JsonObject transfer = new JsonObject().put("direction", "in").put("amountFen", fix.getLong("amountFen"))
          .put("wallet", fix.getString("wallet")).put("memo", "alert #" + alertId);
      return finance.transfer(c, t.clientId(), key, transfer)
          .compose(o -> done(c, t, o, fix.copy().put("transactionId", o.body().getValue("transactionId"))));
    });
  }

  Future<FinanceService.Outcome> coupon(Caller c, long alertId, String key, JsonObject body) {
    String defaultExpiry = clock.instant().truncatedTo(ChronoUnit.DAYS).plus(COUPON_DAYS, ChronoUnit.DAYS).atOffset(ZoneOffset.UTC).toString();
    return fixes.target(ClientScope.of(c), alertId, "funds", key).compose(t -> {
      JsonObject fix = t.previous() != null ? sameAsBefore(t.previous(), body) : new JsonObject().put("action", "coupon")
          .put("amountFen", body.getLong("amountFen", t.proposal().getLong("amountFen")))
          .put("type", body.getString("type", "normal")).put("expiresAt", body.getString("expiresAt", defaultExpiry))
          .put("idempotencyKey", key);
      JsonObject grant = new JsonObject().put("type", fix.getString("type")).put("amountFen", fix.getLong("amountFen"))
          .put("expiresAt", fix.getString("expiresAt")).put("memo", "alert #" + alertId);
      return finance.grantCoupon(c, t.clientId(), key, grant).compose(o -> done(c, t, o, fix.copy().put("couponId", o.body().getValue("id"))));
    });
  }

  Future<JsonObject> dailyBudget(Caller c, long alertId, JsonObject body) {
    ClientScope scope = ClientScope.of(c);
    return fixes.target(scope, alertId, "budget", null).compose(t -> fixes.setDailyBudget(scope, c.staffId(), t,
        body.getLong("dailyBudgetFen", t.proposal().getLong("dailyBudgetFen"))));
  }

  /** A retry may leave out what the first request left to the proposal, but must not ask for something else (422). */
  private static JsonObject sameAsBefore(JsonObject previous, JsonObject body) {
    for (String field : body.fieldNames()) {
      if (!body.getValue(field).equals(previous.getValue(field))) {
        throw new KeyReused("This Idempotency-Key was used for another fix of this alert");
      }
    }
    return previous;
  }

  /** A first fix goes into the timeline; a repeated one only answers the alert as it is. The body is {fix, alert}. */
  private Future<FinanceService.Outcome> done(Caller c, AlertFixes.Target t, FinanceService.Outcome o, JsonObject fix) {
    ClientScope scope = ClientScope.of(c);
    Future<JsonObject> alert = o.replayed() ? fixes.current(scope, t.alertId()) : fixes.record(scope, c.staffId(), t, fix);
    return alert.map(a -> new FinanceService.Outcome(o.status(), new JsonObject().put("fix", o.body()).put("alert", a), o.replayed()));
  }
}
