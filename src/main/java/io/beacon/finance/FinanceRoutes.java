package io.beacon.finance;

import io.beacon.auth.AuditLog;
import io.beacon.auth.Caller;
import io.beacon.platform.ApiRouter;
import io.beacon.platform.Messages;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.LocalDate;

import static io.beacon.platform.Replies.idempotent;
import static io.beacon.platform.Replies.json;
import static io.beacon.platform.RequestParams.body;
import static io.beacon.platform.RequestParams.date;
import static io.beacon.platform.RequestParams.idempotencyKey;
import static io.beacon.platform.RequestParams.intParam;
import static io.beacon.platform.RequestParams.pathId;


/**
 * Finance endpoints. Capabilities come from the contract (WALLET_RECHARGE for recharge/refund,
 * FUNDS_MANAGE for funds and transfers, CHANNEL_VIEW for the deposit); another agency's client or
 * object answers 404 from the scoped stores. Money movements take an {@code Idempotency-Key}.
 */
public final class FinanceRoutes implements ApiRouter.Feature {

  private final FinanceService finance;
  private final FinanceReports reports;

  public FinanceRoutes(FinanceService finance, FinanceReports reports) {
    this.finance = finance;
    this.reports = reports;
  }

  @Override
  public void mount(Router api) {
    api.get("/finance/overview").handler(ctx -> json(ctx, finance.overview(Caller.of(ctx))));
    api.post("/finance/recharges").handler(ctx -> money(ctx, finance.recharge(Caller.of(ctx), idempotencyKey(ctx), body(ctx))));
    api.post("/finance/refunds").handler(ctx -> money(ctx, finance.refund(Caller.of(ctx), idempotencyKey(ctx), body(ctx))));
    api.post("/clients/:id/transfers").handler(ctx -> money(ctx, finance.transfer(Caller.of(ctx), pathId(ctx, "id"), idempotencyKey(ctx), body(ctx))));
    api.post("/clients/:id/coupons").handler(ctx -> money(ctx, finance.grantCoupon(Caller.of(ctx), pathId(ctx, "id"), idempotencyKey(ctx), body(ctx))));
    api.put("/clients/:id/credit-limit").handler(ctx -> money(ctx, finance.setCreditLimit(Caller.of(ctx), pathId(ctx, "id"), idempotencyKey(ctx), body(ctx))));
    api.get("/clients/:id/funds").handler(ctx -> json(ctx, finance.clientFunds(Caller.of(ctx), pathId(ctx, "id"))));
    api.post("/finance/freezes").handler(ctx -> money(ctx, finance.freeze(Caller.of(ctx), idempotencyKey(ctx), body(ctx))));
    api.post("/finance/freezes/:id/unfreeze").handler(ctx -> money(ctx, finance.unfreeze(Caller.of(ctx), pathId(ctx, "id"), idempotencyKey(ctx))));
    api.get("/finance/deposit").handler(ctx -> json(ctx, finance.deposit(Caller.of(ctx))));
    api.post("/finance/deposit/items").handler(ctx -> money(ctx, finance.createDepositItem(Caller.of(ctx), idempotencyKey(ctx), body(ctx))));
    api.post("/finance/deposit/payments").handler(ctx -> money(ctx, finance.payDeposit(Caller.of(ctx), idempotencyKey(ctx), body(ctx))));
    api.get("/finance/ledger/check").handler(ctx -> json(ctx, finance.check(Caller.of(ctx))));
    api.get("/finance/reconciliation").handler(ctx -> json(ctx, reports.reconciliation(Caller.of(ctx), date(ctx, "date"))));
    list(api, "/finance/allocations", Report.ALLOCATIONS);
    list(api, "/finance/recharges", Report.RECHARGES);
    list(api, "/finance/refunds", Report.REFUNDS);
    list(api, "/finance/coupon-changes", Report.COUPON_CHANGES);
    list(api, "/finance/credit-changes", Report.CREDIT_CHANGES);
    list(api, "/finance/spend", Report.SPEND);
    list(api, "/finance/freezes", Report.FREEZES);
    list(api, "/finance/client-funds", Report.CLIENT_FUNDS);
  }

  /** A detail list: a JSON page, or the whole list as CSV with {@code Accept: text/csv} or {@code ?format=csv}. */
  private void list(Router api, String path, Report report) {
    api.get(path).handler(ctx -> {
      Caller caller = Caller.of(ctx);
      ListFilter f = filter(ctx);
      if (wantsCsv(ctx)) {
        HttpServerResponse resp = ctx.response().setChunked(true)
            .putHeader("Content-Type", "text/csv; charset=utf-8")
            .putHeader("Content-Disposition", "attachment; filename=\"" + report.fileName() + "-" + LocalDate.now() + ".csv\"");
        reports.csv(caller, report, f, Messages.fromAcceptLanguage(ctx.request().getHeader("Accept-Language")), resp).onSuccess(v -> resp.end()).onFailure(e -> {
          if (resp.headWritten()) resp.reset();
          else ctx.fail(e);
        });
        return;
      }
      json(ctx, reports.page(caller, report, f, ctx.request().getParam("cursor"), intParam(ctx, "limit", 50)));
    });
  }

  private static boolean wantsCsv(RoutingContext ctx) {
    String format = ctx.request().getParam("format");
    if (format != null) return "csv".equals(format);
    String accept = ctx.request().getHeader("Accept");
    return accept != null && accept.contains("text/csv");
  }

  private static ListFilter filter(RoutingContext ctx) {
    return ListFilter.of(ctx.request()::getParam);
  }


  private static void money(RoutingContext ctx, Future<FinanceService.Outcome> result) {
    result.onSuccess(o -> {
      AuditLog.after(ctx, o.body());
      idempotent(ctx, o.status(), o.body(), o.replayed());
    }).onFailure(ctx::fail);
  }
}
