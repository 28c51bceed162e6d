package io.beacon.finance;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * SQL of the double-entry ledger (V1 tables, V6 guards): accounts created on first use and locked in id
 * order, transactions written in one statement (transaction, entries, running balances), and the
 * checks that every transaction sums to zero and every running balance equals the sum of its entries.
 */
public final class LedgerStore {

  /** One row of a ledger check that failed. */
  public record Mismatch(String what, long id, long expectedFen, long actualFen) {}

  /** Locks (creating where missing) the accounts named by {@code keys}, in id order. */
  public Future<Map<AccountKey, Account>> lock(SqlConnection conn, long agencyId, Collection<AccountKey> keys) {
    Tuple args = keyArgs(agencyId, keys);
    return selectForUpdate(conn, args).compose(found -> {
      if (found.size() == keys.size()) return Future.succeededFuture(found);
      return conn.preparedQuery("""
              INSERT INTO ledger_accounts (agency_id, client_id, kind, allow_negative)
              SELECT $1, nullif(c, 0), k, n FROM unnest($2::text[], $3::bigint[], $4::bool[]) AS u(k, c, n)
              ON CONFLICT (agency_id, kind, coalesce(client_id, 0)) DO NOTHING""")
          .execute(args.addValue(keys.stream().map(k -> k.kind().allowNegative()).toArray(Boolean[]::new)))
          .compose(v -> selectForUpdate(conn, keyArgs(agencyId, keys)));
    });
  }

  private static Tuple keyArgs(long agencyId, Collection<AccountKey> keys) {
    return Tuple.tuple().addLong(agencyId)
        .addValue(keys.stream().map(k -> k.kind().dbValue()).toArray(String[]::new))
        .addValue(keys.stream().map(k -> k.clientId() == null ? 0L : k.clientId()).toArray(Long[]::new));
  }

  private static Future<Map<AccountKey, Account>> selectForUpdate(SqlConnection conn, Tuple args) {
    return conn.preparedQuery("""
            SELECT id, kind, client_id, allow_negative, balance_fen FROM ledger_accounts
            WHERE agency_id = $1
              AND (kind, coalesce(client_id, 0)) IN (SELECT k, c FROM unnest($2::text[], $3::bigint[]) AS u(k, c))
            ORDER BY id FOR UPDATE""")
        .execute(args)
        .map(rows -> {
          Map<AccountKey, Account> out = new HashMap<>();
          for (Row r : rows) {
            Account a = account(r);
            out.put(a.key(), a);
          }
          return out;
        });
  }

  private static Account account(Row r) {
    return new Account(r.getLong("id"), new AccountKey(AccountKind.of(r.getString("kind")), r.getLong("client_id")),
        r.getBoolean("allow_negative"), r.getLong("balance_fen"));
  }

  /**
   * Writes one transaction: its row, its entries and the running balances, in one statement. The
   * accounts must be locked; {@code deltas} (account id → amount) must sum to zero (the deferred
   * trigger checks again at commit).
   */
  public Future<Written> insert(SqlConnection conn, long agencyId, String kind, Long clientId, String reference,
                                           String memo, Long createdBy, Map<Long, Long> deltas) {
    Long[] ids = deltas.keySet().toArray(Long[]::new);
    Long[] amounts = deltas.values().toArray(Long[]::new);
    return conn.preparedQuery("""
            WITH t AS (
              INSERT INTO ledger_transactions (agency_id, kind, reference, client_id, memo, created_by)
              VALUES ($1, $2, $3, $4, $5, $6) RETURNING id, created_at),
            e AS (
              INSERT INTO ledger_entries (transaction_id, account_id, amount_fen)
              SELECT t.id, u.a, u.d FROM t, unnest($7::bigint[], $8::bigint[]) AS u(a, d)),
            b AS (
              UPDATE ledger_accounts la SET balance_fen = la.balance_fen + u.d
              FROM unnest($7::bigint[], $8::bigint[]) AS u(a, d) WHERE la.id = u.a AND la.agency_id = $1)
            SELECT id, created_at FROM t""")
        .execute(Tuple.tuple().addLong(agencyId).addString(kind).addString(reference).addLong(clientId)
            .addString(memo).addLong(createdBy).addValue(ids).addValue(amounts))
        .map(rows -> {
          Row r = rows.iterator().next();
          return new Written(r.getLong("id"), r.getOffsetDateTime("created_at"));
        });
  }

  /** Id and time of a written transaction. */
  public record Written(long id, OffsetDateTime createdAt) {}

  /** The agency's balances summed per account kind (client kinds over all its clients). */
  public Future<Map<AccountKind, Long>> totals(SqlClient client, long agencyId) {
    return client.preparedQuery("SELECT kind, sum(balance_fen)::bigint FROM ledger_accounts WHERE agency_id = $1 GROUP BY kind")
        .execute(Tuple.of(agencyId)).map(LedgerStore::byKind);
  }

  /** One client's balances per account kind. */
  public Future<Map<AccountKind, Long>> clientBalances(SqlClient client, long agencyId, long clientId) {
    return client.preparedQuery("SELECT kind, balance_fen FROM ledger_accounts WHERE agency_id = $1 AND client_id = $2")
        .execute(Tuple.of(agencyId, clientId)).map(LedgerStore::byKind);
  }

  private static Map<AccountKind, Long> byKind(Iterable<Row> rows) {
    Map<AccountKind, Long> out = new java.util.EnumMap<>(AccountKind.class);
    for (Row r : rows) out.put(AccountKind.of(r.getString(0)), r.getLong(1));
    return out;
  }

  /**
   * The ledger check of one agency: accounts whose running balance differs from the sum of their
   * entries, transactions whose entries do not sum to zero, and balances below zero where not allowed.
   */
  public Future<List<Mismatch>> check(SqlClient client, long agencyId) {
    return client.preparedQuery("""
            SELECT 'running balance' AS what, a.id, coalesce(sum(e.amount_fen), 0)::bigint AS expected, a.balance_fen AS actual
            FROM ledger_accounts a LEFT JOIN ledger_entries e ON e.account_id = a.id
            WHERE a.agency_id = $1
            GROUP BY a.id HAVING coalesce(sum(e.amount_fen), 0) <> a.balance_fen
            UNION ALL
            SELECT 'transaction sum', t.id, 0, sum(e.amount_fen)::bigint
            FROM ledger_transactions t JOIN ledger_entries e ON e.transaction_id = t.id
            WHERE t.agency_id = $1
            GROUP BY t.id HAVING sum(e.amount_fen) <> 0
            UNION ALL
            SELECT 'negative balance', a.id, 0, a.balance_fen
            FROM ledger_accounts a WHERE a.agency_id = $1 AND NOT a.allow_negative AND a.balance_fen < 0""")
        .execute(Tuple.of(agencyId))
        .map(rows -> {
          List<Mismatch> out = new ArrayList<>();
          for (Row r : rows) out.add(new Mismatch(r.getString("what"), r.getLong("id"), r.getLong("expected"), r.getLong("actual")));
          return out;
        });
  }
}
