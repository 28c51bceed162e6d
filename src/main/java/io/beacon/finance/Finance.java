package io.beacon.finance;

import io.beacon.platform.ApiRouter;
import io.beacon.platform.Platform;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;

/**
 * The finance feature as Features wires it: the ledger, the finance operations and reports, their
 * routes, and the background work (spend posting, coupon expiry) that starts after the HTTP server.
 */
public final class Finance implements ApiRouter.Feature {
  private final FinanceService service;
  private final FinanceReports reports;
  private final SpendPoster spendPoster;
  private final CouponExpirer couponExpirer;

  public Finance(Platform platform, LiveLink live) {
    var pg = platform.pg();
    Ledger ledger = new Ledger(new LedgerStore());
    FinanceStore store = new FinanceStore();
    SpendStore spend = new SpendStore();
    this.service = new FinanceService(pg, ledger, store, live, platform.clock());
    this.spendPoster = new SpendPoster(platform.vertx(), pg, ledger, spend, store, platform.clock(), platform.metrics());
    this.reports = new FinanceReports(pg, new ReportStore(pg), spend, store, live, spendPoster, platform.clock());
    this.couponExpirer = new CouponExpirer(platform.vertx(), pg, ledger, store, live, platform.clock());
  }

  @Override
  public void mount(Router api) { new FinanceRoutes(service, reports).mount(api); }

  public FinanceService service() { return service; }

  /** The detail lists and client funds, as the task center exports them. */
  public FinanceReports reports() { return reports; }

  public SpendPoster spendPoster() { return spendPoster; }

  public CouponExpirer couponExpirer() { return couponExpirer; }

  @Override
  public Future<?> start() {
    return Future.all(spendPoster.start(), couponExpirer.start());
  }

  @Override
  public void close() {
    spendPoster.stop();
    couponExpirer.stop();
  }
}
