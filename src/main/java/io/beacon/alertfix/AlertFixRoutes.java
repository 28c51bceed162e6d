package io.beacon.alertfix;

import io.beacon.auth.AuditLog;
import io.beacon.auth.Caller;
import io.beacon.finance.FinanceService;
import io.beacon.platform.ApiRouter;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import static io.beacon.platform.Replies.idempotent;
import static io.beacon.platform.RequestParams.idempotencyKey;

import static io.beacon.platform.RequestParams.body;
import static io.beacon.platform.RequestParams.pathId;

/**
 * HTTP of fix-from-the-alert. Capabilities are checked before these handlers (openapi.yaml: funds need
 * FUNDS_MANAGE, the daily budget CLIENT_OPERATE); an alert the caller does not see answers 404.
 */
public final class AlertFixRoutes implements ApiRouter.Feature {
  private final AlertFixService fixes;

  public AlertFixRoutes(AlertFixService fixes) { this.fixes = fixes; }

  @Override
  public void mount(Router api) {
    api.post("/alerts/:id/fix/allocation").handler(ctx -> money(ctx, fixes.allocate(Caller.of(ctx), pathId(ctx, "id"), idempotencyKey(ctx), body(ctx))));
    api.post("/alerts/:id/fix/coupon").handler(ctx -> money(ctx, fixes.coupon(Caller.of(ctx), pathId(ctx, "id"), idempotencyKey(ctx), body(ctx))));
    api.post("/alerts/:id/fix/daily-budget").handler(ctx -> fixes.dailyBudget(Caller.of(ctx), pathId(ctx, "id"), body(ctx))
        .onSuccess(r -> {
          AuditLog.after(ctx, r.getJsonObject("fix"));
          ctx.json(r);
        })
        .onFailure(ctx::fail));
  }

  private static void money(RoutingContext ctx, Future<FinanceService.Outcome> result) {
    result.onSuccess(r -> {
      AuditLog.after(ctx, r.body().getJsonObject("fix"));
      idempotent(ctx, r.status(), r.body(), r.replayed());
    }).onFailure(ctx::fail);
  }

}
