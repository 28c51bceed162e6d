package io.beacon.finance;

import io.beacon.auth.ClientScope;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * SQL of finance's own tables besides the ledger: coupons, credit lines, freezes and deposit items, and
 * the scoped client lookup every client path goes through.
 */
public final class FinanceStore {

  public record ClientRef(long id, String name, String pid, String email) {}

  public record Coupon(long id, long agencyId, long clientId, String type, long amountFen, long remainingFen, OffsetDateTime validFrom,
                       OffsetDateTime expiresAt, String status, OffsetDateTime createdAt) {
    public JsonObject toJson() {
      return new JsonObject().put("id", id).put("clientId", clientId).put("type", type).put("amountFen", amountFen)
          .put("remainingFen", remainingFen).put("validFrom", validFrom.toInstant().toString())
          .put("expiresAt", expiresAt.toInstant().toString()).put("status", status)
          .put("createdAt", createdAt.toInstant().toString());
    }
  }

  public record Freeze(long id, Long clientId, String wallet, String orderRef, long amountFen, String status,
                       OffsetDateTime frozenAt, OffsetDateTime unfrozenAt) {
    public JsonObject toJson() {
      return new JsonObject().put("id", id).put("clientId", clientId).put("wallet", wallet).put("orderRef", orderRef)
          .put("amountFen", amountFen).put("status", status).put("frozenAt", frozenAt.toInstant().toString())
          .put("unfrozenAt", unfrozenAt == null ? null : unfrozenAt.toInstant().toString());
    }
  }

  public record DepositItem(long id, String title, long amountDueFen, long paidFen, LocalDate dueDate, OffsetDateTime createdAt) {
    public long outstandingFen() { return amountDueFen - paidFen; }

    public JsonObject toJson() {
      return new JsonObject().put("id", id).put("title", title).put("amountDueFen", amountDueFen).put("paidFen", paidFen)
          .put("outstandingFen", outstandingFen()).put("dueDate", dueDate == null ? null : dueDate.toString())
          .put("status", outstandingFen() == 0 ? "paid" : "due").put("createdAt", createdAt.toInstant().toString());
    }
  }

  // ------------------------------------------------------------------ clients

  /** The client if the caller's scope sees it (another agency's or an unassigned client: empty → 404). */
  public Future<Optional<ClientRef>> client(SqlClient sql, ClientScope scope, long clientId) {
    return sql.preparedQuery("SELECT id, name, pid, email FROM clients c WHERE c.id = $4 AND "
            + ClientScope.condition("c.agency_id", "c.id", 1))
        .execute(scope.addTo(Tuple.tuple()).addLong(clientId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(clientRef(rows.iterator().next())));
  }

  private static ClientRef clientRef(Row r) {
    return new ClientRef(r.getLong("id"), r.getString("name"), r.getString("pid"), r.getString("email"));
  }

  public Future<String> timeZone(SqlClient sql, long agencyId) {
    return sql.preparedQuery("SELECT time_zone FROM agencies WHERE id = $1").execute(Tuple.of(agencyId))
        .map(rows -> rows.size() == 0 ? "Asia/Shanghai" : rows.iterator().next().getString(0));
  }

  // ------------------------------------------------------------------ coupons

  public Future<Coupon> insertCoupon(SqlConnection conn, long agencyId, long clientId, String type, long amountFen,
                                     OffsetDateTime validFrom, OffsetDateTime expiresAt, long grantTx) {
    return conn.preparedQuery("""
            INSERT INTO finance_coupons (agency_id, client_id, coupon_type, amount_fen, remaining_fen, valid_from, expires_at, grant_tx)
            VALUES ($1, $2, $3, $4, $4, $5, $6, $7) RETURNING *""")
        .execute(Tuple.of(agencyId, clientId, type, amountFen, validFrom, expiresAt).addLong(grantTx))
        .map(rows -> coupon(rows.iterator().next()));
  }

  public Future<List<Coupon>> activeCoupons(SqlClient sql, long agencyId, long clientId) {
    return sql.preparedQuery("""
            SELECT * FROM finance_coupons WHERE agency_id = $1 AND client_id = $2 AND status = 'active'
            ORDER BY expires_at, id""")
        .execute(Tuple.of(agencyId, clientId)).map(FinanceStore::coupons);
  }

  /**
   * Locks the client's active coupons. Lock order everywhere: coupon rows before ledger accounts
   * (the expirer locks a coupon, then its accounts; spend posting does the same per client).
   */
  public Future<Void> lockCoupons(SqlConnection conn, long agencyId, long clientId) {
    return conn.preparedQuery("SELECT id FROM finance_coupons WHERE agency_id = $1 AND client_id = $2 AND status = 'active' ORDER BY id FOR UPDATE")
        .execute(Tuple.of(agencyId, clientId)).mapEmpty();
  }

  /**
   * Draws {@code amountFen} from the client's active coupons of {@code type}, soonest expiry first
   * (coupon rows only; the ledger moves the money). Coupons granted outside Beacon (opening balances)
   * have no row, so less may be drawn here than the ledger moved.
   */
  public Future<Void> drawCoupons(SqlConnection conn, long agencyId, long clientId, String type, long amountFen) {
    if (amountFen <= 0) return Future.succeededFuture();
    return conn.preparedQuery("""
            WITH locked AS (
              SELECT id, remaining_fen, expires_at FROM finance_coupons
              WHERE agency_id = $1 AND client_id = $2 AND coupon_type = $3 AND status = 'active'
              FOR UPDATE),
            c AS (
              SELECT id, remaining_fen, sum(remaining_fen) OVER (ORDER BY expires_at, id) - remaining_fen AS before
              FROM locked)
            UPDATE finance_coupons f
               SET remaining_fen = f.remaining_fen - least(c.remaining_fen, $4 - c.before),
                   status = CASE WHEN f.remaining_fen - least(c.remaining_fen, $4 - c.before) = 0 THEN 'used' ELSE 'active' END
            FROM c WHERE f.id = c.id AND c.before < $4""")
        .execute(Tuple.of(agencyId, clientId, type, amountFen)).mapEmpty();
  }

  /** Ids of active coupons that are due to expire. */
  public Future<List<Long>> dueCoupons(SqlClient sql, OffsetDateTime now, int limit) {
    return sql.preparedQuery("SELECT id FROM finance_coupons WHERE status = 'active' AND expires_at <= $1 ORDER BY expires_at, id LIMIT $2")
        .execute(Tuple.of(now, limit))
        .map(rows -> {
          List<Long> out = new ArrayList<>();
          for (Row r : rows) out.add(r.getLong(0));
          return out;
        });
  }

  /** Locks one due coupon; empty if it is no longer due or another instance holds it (SKIP LOCKED). */
  public Future<Optional<Coupon>> lockDueCoupon(SqlConnection conn, long couponId, OffsetDateTime now) {
    return conn.preparedQuery("""
            SELECT * FROM finance_coupons WHERE id = $1 AND status = 'active' AND expires_at <= $2
            FOR UPDATE SKIP LOCKED""")
        .execute(Tuple.of(couponId, now))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(coupon(rows.iterator().next())));
  }

  public Future<Void> markExpired(SqlConnection conn, long couponId, Long expiryTx) {
    return conn.preparedQuery("UPDATE finance_coupons SET status = 'expired', remaining_fen = 0, expiry_tx = $2 WHERE id = $1")
        .execute(Tuple.of(couponId, expiryTx)).mapEmpty();
  }

  private static List<Coupon> coupons(Iterable<Row> rows) {
    List<Coupon> out = new ArrayList<>();
    for (Row r : rows) out.add(coupon(r));
    return out;
  }

  private static Coupon coupon(Row r) {
    return new Coupon(r.getLong("id"), r.getLong("agency_id"), r.getLong("client_id"), r.getString("coupon_type"), r.getLong("amount_fen"),
        r.getLong("remaining_fen"), r.getOffsetDateTime("valid_from"), r.getOffsetDateTime("expires_at"),
        r.getString("status"), r.getOffsetDateTime("created_at"));
  }

  /**
   * Coupon rows for coupon grants written straight into the ledger (demo and migrated openings), so
   * they expire and are drawn like granted ones; the number adopted.
   */
  public Future<Integer> adoptLedgerCoupons(SqlClient sql, long agencyId, OffsetDateTime expiresAt) {
    return sql.preparedQuery("""
            INSERT INTO finance_coupons (agency_id, client_id, coupon_type, amount_fen, remaining_fen, valid_from, expires_at, grant_tx)
            SELECT t.agency_id, a.client_id, CASE a.kind WHEN 'client_coupon_traffic' THEN 'traffic' ELSE 'normal' END,
                   e.amount_fen, e.amount_fen, t.created_at, $2, t.id
            FROM ledger_transactions t
            JOIN ledger_entries e ON e.transaction_id = t.id
            JOIN ledger_accounts a ON a.id = e.account_id AND a.kind IN ('client_coupon_normal', 'client_coupon_traffic')
            WHERE t.agency_id = $1 AND t.kind = 'coupon_grant' AND e.amount_fen > 0
              AND NOT EXISTS (SELECT 1 FROM finance_coupons f WHERE f.grant_tx = t.id)""")
        .execute(Tuple.of(agencyId, expiresAt)).map(rows -> rows.rowCount());
  }

  // ------------------------------------------------------------------ credit lines

  public Future<Long> creditLimitForUpdate(SqlConnection conn, long agencyId, long clientId) {
    return conn.preparedQuery("SELECT limit_fen FROM finance_credit_lines WHERE agency_id = $1 AND client_id = $2 FOR UPDATE")
        .execute(Tuple.of(agencyId, clientId))
        .map(rows -> rows.size() == 0 ? 0L : rows.iterator().next().getLong(0));
  }

  public Future<Long> creditLimit(SqlClient sql, long agencyId, long clientId) {
    return sql.preparedQuery("SELECT limit_fen FROM finance_credit_lines WHERE agency_id = $1 AND client_id = $2")
        .execute(Tuple.of(agencyId, clientId))
        .map(rows -> rows.size() == 0 ? 0L : rows.iterator().next().getLong(0));
  }

  public Future<Void> setCreditLimit(SqlConnection conn, long agencyId, long clientId, long limitFen) {
    return conn.preparedQuery("""
            INSERT INTO finance_credit_lines (agency_id, client_id, limit_fen) VALUES ($1, $2, $3)
            ON CONFLICT (client_id) DO UPDATE SET limit_fen = excluded.limit_fen, updated_at = now()""")
        .execute(Tuple.of(agencyId, clientId, limitFen)).mapEmpty();
  }

  /** Credit lines for credit opened straight in the ledger (demo openings): the limit is what is available. */
  public Future<Integer> adoptLedgerCredit(SqlClient sql, long agencyId) {
    return sql.preparedQuery("""
            INSERT INTO finance_credit_lines (agency_id, client_id, limit_fen)
            SELECT agency_id, client_id, balance_fen FROM ledger_accounts
            WHERE agency_id = $1 AND kind = 'client_credit' AND balance_fen > 0
            ON CONFLICT (client_id) DO NOTHING""")
        .execute(Tuple.of(agencyId)).map(rows -> rows.rowCount());
  }

  // ------------------------------------------------------------------ freezes

  public Future<Freeze> insertFreeze(SqlConnection conn, long agencyId, Long clientId, String wallet, String orderRef,
                                     long amountFen, long freezeTx) {
    return conn.preparedQuery("""
            INSERT INTO finance_freezes (agency_id, client_id, wallet, order_ref, amount_fen, freeze_tx)
            VALUES ($1, $2, $3, $4, $5, $6) RETURNING *""")
        .execute(Tuple.of(agencyId, clientId, wallet, orderRef, amountFen, freezeTx))
        .map(rows -> freeze(rows.iterator().next()));
  }

  public Future<Optional<Freeze>> freezeForUpdate(SqlConnection conn, long agencyId, long freezeId) {
    return conn.preparedQuery("SELECT * FROM finance_freezes WHERE agency_id = $1 AND id = $2 FOR UPDATE")
        .execute(Tuple.of(agencyId, freezeId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(freeze(rows.iterator().next())));
  }

  public Future<Freeze> markUnfrozen(SqlConnection conn, long freezeId, long unfreezeTx) {
    return conn.preparedQuery("""
            UPDATE finance_freezes SET status = 'unfrozen', unfreeze_tx = $2, unfrozen_at = now()
            WHERE id = $1 RETURNING *""")
        .execute(Tuple.of(freezeId, unfreezeTx)).map(rows -> freeze(rows.iterator().next()));
  }

  static Freeze freeze(Row r) {
    return new Freeze(r.getLong("id"), r.getLong("client_id"), r.getString("wallet"), r.getString("order_ref"),
        r.getLong("amount_fen"), r.getString("status"), r.getOffsetDateTime("frozen_at"), r.getOffsetDateTime("unfrozen_at"));
  }

  // ------------------------------------------------------------------ deposit

  public Future<DepositItem> insertDepositItem(SqlClient sql, long agencyId, String title, long amountDueFen, LocalDate dueDate) {
    return sql.preparedQuery("""
            INSERT INTO finance_deposit_items (agency_id, title, amount_due_fen, due_date) VALUES ($1, $2, $3, $4)
            RETURNING *""")
        .execute(Tuple.of(agencyId, title, amountDueFen, dueDate)).map(rows -> depositItem(rows.iterator().next()));
  }

  public Future<Optional<DepositItem>> depositItemForUpdate(SqlConnection conn, long agencyId, long itemId) {
    return conn.preparedQuery("SELECT * FROM finance_deposit_items WHERE agency_id = $1 AND id = $2 FOR UPDATE")
        .execute(Tuple.of(agencyId, itemId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(depositItem(rows.iterator().next())));
  }

  public Future<DepositItem> addDepositPayment(SqlConnection conn, long itemId, long amountFen) {
    return conn.preparedQuery("UPDATE finance_deposit_items SET paid_fen = paid_fen + $2 WHERE id = $1 RETURNING *")
        .execute(Tuple.of(itemId, amountFen)).map(rows -> depositItem(rows.iterator().next()));
  }

  public Future<List<DepositItem>> depositItems(SqlClient sql, long agencyId) {
    return sql.preparedQuery("SELECT * FROM finance_deposit_items WHERE agency_id = $1 ORDER BY id DESC")
        .execute(Tuple.of(agencyId))
        .map(rows -> {
          List<DepositItem> out = new ArrayList<>();
          for (Row r : rows) out.add(depositItem(r));
          return out;
        });
  }

  private static DepositItem depositItem(Row r) {
    return new DepositItem(r.getLong("id"), r.getString("title"), r.getLong("amount_due_fen"), r.getLong("paid_fen"),
        r.getLocalDate("due_date"), r.getOffsetDateTime("created_at"));
  }
}
