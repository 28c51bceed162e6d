package io.beacon.finance;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static io.beacon.finance.AccountKind.WORLD_COUPONS;

/**
 * Expires coupons on a timer: what is left of an expired coupon goes back to the platform (one
 * coupon_expiry transaction per coupon, referenced by the coupon id), then live is told. Expired rows
 * are locked with SKIP LOCKED, so several instances share the work without doing any of it twice.
 */
public final class CouponExpirer {
  private static final Logger log = LoggerFactory.getLogger(CouponExpirer.class);
  static final long INTERVAL_MS = 30_000;
  static final int BATCH = 200;

  private final Vertx vertx;
  private final Pool pg;
  private final Ledger ledger;
  private final FinanceStore store;
  private final LiveLink live;
  private final Clock clock;
  private long timer = -1;

  /** A coupon expired in a committed transaction, and how much money left the client. */
  private record Expired(FinanceStore.Coupon coupon, long amountFen) {}

  public CouponExpirer(Vertx vertx, Pool pg, Ledger ledger, FinanceStore store, LiveLink live, Clock clock) {
    this.vertx = vertx;
    this.pg = pg;
    this.ledger = ledger;
    this.store = store;
    this.live = live;
    this.clock = clock;
  }

  public Future<Void> start() {
    timer = vertx.setPeriodic(INTERVAL_MS, id -> expireDue().onFailure(e -> log.warn("coupon expiry failed; next run retries", e)));
    return Future.succeededFuture();
  }

  public void stop() {
    if (timer >= 0) vertx.cancelTimer(timer);
  }

  /**
   * Expires one batch of due coupons, each in its own transaction (the coupon row first, then its
   * accounts, the lock order spend posting uses too); the number expired here.
   */
  public Future<Integer> expireDue() {
    OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    return store.dueCoupons(pg, now, BATCH).compose(ids -> {
      Future<Integer> chain = Future.succeededFuture(0);
      for (long id : ids) chain = chain.compose(n -> expireOne(id, now).map(done -> done ? n + 1 : n));
      return chain;
    });
  }

  private Future<Boolean> expireOne(long couponId, OffsetDateTime now) {
    return pg.withTransaction(conn -> store.lockDueCoupon(conn, couponId, now).compose(found -> found.isEmpty()
            ? Future.succeededFuture(Optional.<Expired>empty())
            : expire(conn, found.get()).map(amount -> Optional.of(new Expired(found.get(), amount)))))
        .map(expired -> {
          expired.filter(e -> e.amountFen() > 0).ifPresent(e -> live.adjustBalance(e.coupon().agencyId(), e.coupon().clientId(), 0, -e.amountFen(), 0)
              .onFailure(err -> log.warn("live balance adjustment after coupon expiry failed", err)));
          return expired.isPresent();
        });
  }

  private Future<Long> expire(SqlConnection conn, FinanceStore.Coupon c) {
    AccountKey account = AccountKey.client(AccountKind.coupon(c.type()), c.clientId());
    AccountKey world = AccountKey.agency(WORLD_COUPONS);
    return ledger.lock(conn, c.agencyId(), Set.of(account, world)).compose(locked -> {
      // Spend may already have drawn coupons granted outside Beacon; never take more than the account holds.
      long amount = Math.min(c.remainingFen(), locked.get(account).balanceFen());
      if (amount <= 0) return store.markExpired(conn, c.id(), null).map(0L);
      return ledger.post(conn, c.agencyId(), new LedgerTx("coupon_expiry", c.clientId(), "coupon:" + c.id(),
              "coupon " + c.id() + " expired", null, List.of(Leg.move(account, world, amount))))
          .compose(p -> store.markExpired(conn, c.id(), p.transactionId())).map(amount);
    });
  }
}
