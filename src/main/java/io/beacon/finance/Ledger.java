package io.beacon.finance;

import io.beacon.platform.DomainException.Conflict;
import io.beacon.platform.DomainException.InsufficientFunds;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Posts balanced transactions inside the caller's database transaction: locks the accounts, refuses
 * a movement that would take an account below zero where it may not go (409 insufficient-funds),
 * then writes the transaction, its entries and the running balances.
 */
public final class Ledger {
  private final LedgerStore store;

  public Ledger(LedgerStore store) { this.store = store; }

  public LedgerStore store() { return store; }

  /** Locks the accounts (for reading balances before deciding what to post). */
  public Future<Map<AccountKey, Account>> lock(SqlConnection conn, long agencyId, Set<AccountKey> keys) {
    return store.lock(conn, agencyId, keys);
  }

  public Future<Posted> post(SqlConnection conn, long agencyId, LedgerTx tx) {
    Map<AccountKey, Long> net = new LinkedHashMap<>();
    long sum = 0;
    for (Leg leg : tx.legs()) {
      net.merge(leg.account(), leg.amountFen(), Long::sum);
      sum += leg.amountFen();
    }
    if (sum != 0) throw new IllegalStateException("unbalanced " + tx.kind() + " transaction: " + tx.legs());
    net.values().removeIf(v -> v == 0);
    if (net.isEmpty()) return Future.failedFuture(new IllegalStateException("empty " + tx.kind() + " transaction"));
    return store.lock(conn, agencyId, new LinkedHashSet<>(net.keySet())).compose(accounts -> {
      Map<Long, Long> deltas = new LinkedHashMap<>();
      Map<AccountKey, Long> after = new HashMap<>();
      for (var e : net.entrySet()) {
        Account a = accounts.get(e.getKey());
        long balance = a.balanceFen() + e.getValue();
        if (balance < 0 && !a.allowNegative()) return Future.failedFuture(insufficient(a, -e.getValue()));
        deltas.put(a.id(), e.getValue());
        after.put(e.getKey(), balance);
      }
      return store.insert(conn, agencyId, tx.kind(), tx.clientId(), tx.reference(), tx.memo(), tx.createdBy(), deltas)
          .map(w -> new Posted(w.id(), w.createdAt(), after));
    });
  }

  static InsufficientFunds insufficient(Account a, long requestedFen) {
    return new InsufficientFunds(
        "Not enough funds in " + a.key().kind().dbValue() + ": " + a.balanceFen() + " fen available, " + requestedFen + " fen requested",
        a.key().kind().dbValue(), a.balanceFen(), requestedFen);
  }
}
