package io.beacon.finance;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * Posts spend history that was written straight into spend_hourly (the demo's past days) to the ledger
 * the way {@link SpendPoster} posts live spend: watermark rows per client, product and brand (one per
 * business day, at its first hour: the poster never re-reads hours before the agency existed, so a day
 * row serves the spend lists and the reconciliation as 24 hour rows would), and one spend transaction
 * per client and business day (coupon part from normal coupons, credit part from
 * the credit line, the rest from cash). The balances after the history are the ones the caller opened
 * with, so the history is funded by one opening per client at its start (cash from payments, credit
 * repaid) and one coupon grant that the history uses up. Set-based inside PostgreSQL: a few statements
 * for any number of rows, in the caller's transaction.
 */
public final class SpendHistoryStore {
  /** The memo of every spend transaction, live or history. */
  static final String SPEND_MEMO = "投放消耗";

  private SpendHistoryStore() {}

  /** Posts the billed spend of {@code [from, to)} of the given agencies; the number of spend transactions. */
  public static Future<Long> post(SqlConnection conn, List<Long> agencyIds, OffsetDateTime from, OffsetDateTime to) {
    Long[] agencies = agencyIds.toArray(Long[]::new);
    return run(conn, """
            INSERT INTO finance_spend_postings AS p (agency_id, client_id, hour, mode, brand, cost_fen, cash_fen, coupon_normal_fen,
                coupon_traffic_fen, credit_fen, arrears_fen, src_coupon_fen, src_credit_fen, updated_at)
            SELECT agency_id, client_id, day_start, mode, brand, cost, cost - coupon - credit, coupon, 0, credit, 0, src_coupon, src_credit,
                   day_start + interval '1 day'
              FROM (SELECT agency_id, client_id, day_start, mode, brand, cost, src_coupon, src_credit,
                           least(src_coupon, cost) AS coupon, least(src_credit, cost - least(src_coupon, cost)) AS credit
                      FROM (SELECT h.agency_id, h.client_id, date_trunc('day', h.hour AT TIME ZONE a.time_zone) AT TIME ZONE a.time_zone AS day_start,
                                   h.mode, h.brand, sum(h.cost_fen)::bigint AS cost,
                                   sum(h.coupon_fen)::bigint AS src_coupon, sum(h.credit_fen)::bigint AS src_credit
                              FROM spend_hourly h JOIN agencies a ON a.id = h.agency_id
                             WHERE h.basis = 'billing' AND h.agency_id = ANY($1) AND h.hour >= $2 AND h.hour < $3
                             GROUP BY 1, 2, 3, 4, 5) s) split""", Tuple.tuple().addArrayOfLong(agencies).addValue(from).addValue(to))
        .compose(v -> run(conn, """
            CREATE TEMP TABLE history_days (agency_id bigint, client_id bigint, pid text, day date, posted_at timestamptz,
              cost bigint, cash bigint, coupon bigint, credit bigint) ON COMMIT DROP""", Tuple.tuple()))
        .compose(v -> run(conn, """
            INSERT INTO history_days
            SELECT p.agency_id, p.client_id, c.pid, (p.hour AT TIME ZONE a.time_zone)::date AS day,
                   min(p.hour) + interval '1 day' AS posted_at, sum(p.cost_fen)::bigint AS cost, sum(p.cash_fen)::bigint AS cash,
                   sum(p.coupon_normal_fen)::bigint AS coupon, sum(p.credit_fen)::bigint AS credit
              FROM finance_spend_postings p JOIN agencies a ON a.id = p.agency_id JOIN clients c ON c.id = p.client_id
             WHERE p.agency_id = ANY($1) AND p.hour >= $2 AND p.hour < $3
             GROUP BY 1, 2, 3, 4""", Tuple.tuple().addArrayOfLong(agencies).addValue(from).addValue(to)))
        .compose(v -> run(conn, "ANALYZE history_days", Tuple.tuple()))
        // every account a leg names exists (clients' accounts may not, the agency's spend account may not)
        .compose(v -> run(conn, """
            INSERT INTO ledger_accounts (agency_id, client_id, kind, allow_negative)
            SELECT DISTINCT agency_id, client_id, k.kind, false FROM history_days
              CROSS JOIN unnest(ARRAY['client_cash', 'client_coupon_normal', 'client_credit']) AS k(kind)
            UNION ALL
            SELECT DISTINCT agency_id, NULL::bigint, k.kind, true FROM history_days
              CROSS JOIN unnest(ARRAY['world_spend', 'world_payments', 'world_coupons', 'world_credit']) AS k(kind)
            ON CONFLICT DO NOTHING""", Tuple.tuple()))
        .compose(v -> run(conn, """
            CREATE TEMP TABLE history_legs (agency_id bigint, tx_kind text, reference text, client_id bigint, posted_at timestamptz,
              kind text, account_client bigint, amount bigint) ON COMMIT DROP""", Tuple.tuple()))
        .compose(v -> run(conn, """
            INSERT INTO history_legs
            WITH client_totals AS (
              SELECT agency_id, client_id, pid, sum(cash) AS cash, sum(coupon) AS coupon, sum(credit) AS credit
                FROM history_days GROUP BY 1, 2, 3)
            SELECT agency_id, 'spend'::text AS tx_kind, 'spend:history:' || client_id || ':' || day AS reference, client_id,
                   posted_at, leg.kind, CASE WHEN leg.kind LIKE 'world%' THEN NULL ELSE client_id END AS account_client, leg.amount
              FROM history_days CROSS JOIN LATERAL (VALUES ('client_cash', -cash), ('client_coupon_normal', -coupon),
                   ('client_credit', -credit), ('world_spend', cost)) AS leg(kind, amount)
            UNION ALL
            SELECT agency_id, 'opening', 'demo-history-' || pid, client_id, $1::timestamptz, leg.kind,
                   CASE WHEN leg.kind LIKE 'world%' THEN NULL ELSE client_id END, leg.amount
              FROM client_totals CROSS JOIN LATERAL (VALUES ('client_cash', cash), ('world_payments', -cash),
                   ('client_credit', credit), ('world_credit', -credit)) AS leg(kind, amount)
            UNION ALL
            SELECT agency_id, 'coupon_grant', 'demo-history-coupon-' || pid, client_id, $1::timestamptz, leg.kind,
                   CASE WHEN leg.kind LIKE 'world%' THEN NULL ELSE client_id END, leg.amount
              FROM client_totals CROSS JOIN LATERAL (VALUES ('client_coupon_normal', coupon), ('world_coupons', -coupon)) AS leg(kind, amount)
            """, Tuple.of(from)))
        .compose(v -> run(conn, "DELETE FROM history_legs WHERE amount = 0", Tuple.tuple()))
        .compose(v -> run(conn, "ANALYZE history_legs", Tuple.tuple()))
        // transactions and their entries in one statement: the new ids come back from RETURNING, no look-up
        .compose(v -> run(conn, """
            WITH tx AS (
              INSERT INTO ledger_transactions (agency_id, kind, reference, client_id, memo, created_at)
              SELECT DISTINCT agency_id, tx_kind, reference, client_id,
                     CASE tx_kind WHEN 'spend' THEN $1::text WHEN 'opening' THEN '期初资金（历史投放）' ELSE '活动红包（历史投放）' END, posted_at
                FROM history_legs ORDER BY posted_at, reference
              RETURNING id, agency_id, kind, reference)
            INSERT INTO ledger_entries (transaction_id, account_id, amount_fen)
            SELECT tx.id, a.id, l.amount
              FROM history_legs l
              JOIN tx ON tx.agency_id = l.agency_id AND tx.kind = l.tx_kind AND tx.reference = l.reference
              JOIN ledger_accounts a ON a.agency_id = l.agency_id AND a.kind = l.kind AND coalesce(a.client_id, 0) = coalesce(l.account_client, 0)
             ORDER BY tx.id""", Tuple.of(SPEND_MEMO)))
        .compose(v -> run(conn, """
            UPDATE ledger_accounts a SET balance_fen = a.balance_fen + s.amount
              FROM (SELECT agency_id, kind, coalesce(account_client, 0) AS client, sum(amount)::bigint AS amount
                      FROM history_legs GROUP BY 1, 2, 3) s
             WHERE a.agency_id = s.agency_id AND a.kind = s.kind AND coalesce(a.client_id, 0) = s.client AND s.amount <> 0""", Tuple.tuple()))
        // the history's coupon grant is a coupon like any other, used up by the history
        .compose(v -> run(conn, """
            INSERT INTO finance_coupons (agency_id, client_id, coupon_type, amount_fen, remaining_fen, valid_from, expires_at, status, grant_tx)
            SELECT t.agency_id, t.client_id, 'normal', e.amount_fen, 0, t.created_at, $1::timestamptz, 'used', t.id
              FROM ledger_transactions t JOIN ledger_entries e ON e.transaction_id = t.id AND e.amount_fen > 0
             WHERE t.kind = 'coupon_grant' AND t.agency_id = ANY($2) AND t.reference LIKE 'demo-history-coupon-%'""", Tuple.tuple().addValue(to).addArrayOfLong(agencies)))
        .compose(v -> conn.query("SELECT count(DISTINCT reference) FROM history_legs WHERE tx_kind = 'spend'").execute())
        .map(rows -> rows.iterator().next().getLong(0));
  }

  private static Future<Void> run(SqlConnection conn, String sql, Tuple args) {
    return (args.size() == 0 ? conn.query(sql).execute() : conn.preparedQuery(sql).execute(args)).mapEmpty();
  }
}
