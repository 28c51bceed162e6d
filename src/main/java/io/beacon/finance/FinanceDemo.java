package io.beacon.finance;

import io.beacon.auth.Caller;
import io.beacon.auth.Role;
import io.beacon.platform.Platform;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Finance's demo content, loaded by the demo loader after the openings: coupon rows and credit lines
 * for the coupons and credit opened in the ledger, then a little history through the real operations
 * (recharges, a refund, allocations both ways, coupons that expire soon, order freezes, deposit items
 * and a payment) so every finance list shows something. Live is not told: it loads clients from the
 * ledger, which already holds all of this.
 */
public final class FinanceDemo {
  private static final Logger log = LoggerFactory.getLogger(FinanceDemo.class);

  private FinanceDemo() {}

  public static Future<Void> load(Platform platform, long agencyId, List<Long> clientIds) {
    FinanceStore store = new FinanceStore();
    FinanceService finance = new FinanceService(platform.pg(), new Ledger(new LedgerStore()), store, LiveLink.NONE, platform.clock());
    Caller main = new Caller(0, 0, null, null, agencyId, null, null, null, Role.MAIN, false, "demo", "demo loader");
    OffsetDateTime now = OffsetDateTime.now(platform.clock()).withOffsetSameInstant(ZoneOffset.UTC);
    List<Supplier<Future<?>>> steps = new ArrayList<>();
    steps.add(() -> store.adoptLedgerCoupons(platform.pg(), agencyId, now.plusDays(90)));
    steps.add(() -> store.adoptLedgerCredit(platform.pg(), agencyId));
    steps.add(() -> finance.recharge(main, null, wallet("general", 500_000_00L, "demo-pay-1", "对公转账")));
    steps.add(() -> finance.recharge(main, null, wallet("general", 200_000_00L, "demo-pay-2", "对公转账")));
    steps.add(() -> finance.recharge(main, null, wallet("external", 80_000_00L, "demo-pay-3", "外投充值")));
    steps.add(() -> finance.refund(main, null, wallet("general", 20_000_00L, "demo-refund-1", "退款至对公账户")));
    List<Long> some = clientIds.subList(0, Math.min(12, clientIds.size()));
    for (int i = 0; i < some.size(); i++) {
      long client = some.get(i);
      long amount = (5_000 + 2_500L * i) * 100;
      int days = 3 + i;
      steps.add(() -> finance.transfer(main, client, null, new JsonObject().put("direction", "in").put("amountFen", amount).put("memo", "月度划账")));
      if (i % 4 == 3) {
        steps.add(() -> finance.transfer(main, client, null, new JsonObject().put("direction", "out").put("amountFen", amount / 5).put("memo", "余额回收")));
      }
      if (i % 3 == 0) {
        steps.add(() -> finance.grantCoupon(main, client, null, new JsonObject().put("type", "traffic").put("amountFen", 300_00L)
            .put("expiresAt", now.plusDays(days).toString()).put("memo", "流量红包 (活动)")));
      }
    }
    if (some.size() >= 2) {
      steps.add(() -> finance.freeze(main, null, new JsonObject().put("clientId", some.get(0)).put("amountFen", 1_200_00L).put("orderRef", "DEMO-ORD-1001")));
      steps.add(() -> finance.freeze(main, null, new JsonObject().put("clientId", some.get(1)).put("amountFen", 800_00L).put("orderRef", "DEMO-ORD-1002"))
          .compose(o -> finance.unfreeze(main, o.body().getLong("id"), null)));
    }
    steps.add(() -> finance.freeze(main, null, new JsonObject().put("wallet", "general").put("amountFen", 5_000_00L).put("orderRef", "DEMO-ORD-2001")));
    steps.add(() -> finance.createDepositItem(main, null, new JsonObject().put("title", "2026 年度代理保证金").put("amountDueFen", 100_000_00L)
        .put("dueDate", LocalDate.now(platform.clock()).plusDays(30).toString()))
        .compose(o -> finance.payDeposit(main, null, new JsonObject().put("itemId", o.body().getLong("id")).put("amountFen", 60_000_00L))));
    steps.add(() -> finance.createDepositItem(main, null, new JsonObject().put("title", "外投业务保证金").put("amountDueFen", 20_000_00L)
        .put("dueDate", LocalDate.now(platform.clock()).plusDays(60).toString())));

    Future<Void> chain = Future.succeededFuture();
    for (Supplier<Future<?>> step : steps) {
      chain = chain.compose(v -> step.get().<Void>mapEmpty().recover(e -> {
        log.warn("finance demo step skipped: {}", e.getMessage());
        return Future.succeededFuture();
      }));
    }
    return chain;
  }

  private static JsonObject wallet(String wallet, long amountFen, String reference, String memo) {
    return new JsonObject().put("wallet", wallet).put("amountFen", amountFen).put("paymentReference", reference).put("memo", memo);
  }
}
