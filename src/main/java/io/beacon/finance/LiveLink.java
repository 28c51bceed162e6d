package io.beacon.finance;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;

/**
 * The live counters as finance needs them: after a committed movement of a
 * client's cash, coupons or credit, finance tells live the deltas; the reconciliation reads the
 * clients' live counters; fund anomalies finance finds become live alerts. Wired to the live feature in Features; {@link #NONE} until it exists.
 */
public interface LiveLink {
  /** Called after the ledger transaction committed; live applies the deltas (or reloads from the ledger). */
  Future<Void> adjustBalance(long agencyId, long clientId, long cashDeltaFen, long couponDeltaFen, long creditDeltaFen);

  /** Live counters of the clients (fields spendFen, cashFen, couponFen, creditFen, day, …); missing ones omitted. */
  Future<Map<Long, JsonObject>> counters(long agencyId, List<Long> clientIds);

  /**
   * Opens ({@code open}) or clears the client's fund-anomaly alert of {@code cause} (a frozen order,
   * an allocation that failed) with the figures behind it; never fails.
   */
  Future<Void> fundAnomaly(long agencyId, long clientId, String cause, JsonObject figures, boolean open);

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

  /** Live's alerts().fundAnomaly, as a method reference. */
  @FunctionalInterface
  interface Anomaly {
    Future<Void> apply(long agencyId, long clientId, String cause, JsonObject figures, boolean open);
  }

  /**
   * The live feature seen through its methods (wired in Features: live.counters()::adjustBalance,
   * ::clients, live.alerts()::fundAnomaly).
   */
  static LiveLink of(Adjust adjust, Counters counters, Anomaly anomaly) {
    return new LiveLink() {
      @Override
      public Future<Void> fundAnomaly(long agencyId, long clientId, String cause, JsonObject figures, boolean open) {
        return anomaly.apply(agencyId, clientId, cause, figures, open);
      }

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
    public Future<Void> fundAnomaly(long agencyId, long clientId, String cause, JsonObject figures, boolean open) {
      return Future.succeededFuture();
    }

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
