package io.beacon.finance;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;

/**
 * The live counters as finance needs them (TEAM.md "Live counters"): after a committed movement of a
 * client's cash, coupons or credit, finance tells live the deltas; the reconciliation reads the
 * clients' live counters. Wired to the live feature in Features; {@link #NONE} until it exists.
 */
public interface LiveLink {
  /** Called after the ledger transaction committed; live applies the deltas (or reloads from the ledger). */
  Future<Void> adjustBalance(long agencyId, long clientId, long cashDeltaFen, long couponDeltaFen, long creditDeltaFen);

  /** Live counters of the clients (fields spendFen, cashFen, couponFen, creditFen, day, …); missing ones omitted. */
  Future<Map<Long, JsonObject>> counters(long agencyId, List<Long> clientIds);

  /** Live's adjustBalance, as a method reference. */
  @FunctionalInterface
  interface Adjust {
    Future<Void> apply(long agencyId, long clientId, long cashDeltaFen, long couponDeltaFen, long creditDeltaFen);
  }

  /** Live's clients(agencyId, ids), as a method reference. */
  @FunctionalInterface
  interface Counters {
    Future<Map<Long, JsonObject>> apply(long agencyId, List<Long> clientIds);
  }

  /** The live feature seen through its two methods (wired in Features: live.counters()::adjustBalance, ::clients). */
  static LiveLink of(Adjust adjust, Counters counters) {
    return new LiveLink() {
      @Override
      public Future<Void> adjustBalance(long agencyId, long clientId, long cash, long coupon, long credit) {
        return adjust.apply(agencyId, clientId, cash, coupon, credit);
      }

      @Override
      public Future<Map<Long, JsonObject>> counters(long agencyId, List<Long> clientIds) {
        return counters.apply(agencyId, clientIds);
      }
    };
  }

  /** No live feature: nothing to tell, no counters to compare with. */
  LiveLink NONE = new LiveLink() {
    @Override
    public Future<Void> adjustBalance(long agencyId, long clientId, long cash, long coupon, long credit) {
      return Future.succeededFuture();
    }

    @Override
    public Future<Map<Long, JsonObject>> counters(long agencyId, List<Long> clientIds) {
      return Future.succeededFuture(Map.of());
    }
  };
}
