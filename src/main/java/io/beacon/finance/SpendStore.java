package io.beacon.finance;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * SQL of spend posting: the difference between live's persisted hourly aggregates (spend_hourly,
 * billing basis) and what finance has posted (finance_spend_postings, the watermark), and the
 * reconciliation of one business day.
 */
public final class SpendStore {
  /** Posting spend runs under this advisory lock, so instances take turns. */
  private static final long LOCK = 0x6265_6163_6f6e_0006L;

  /**
   * One client-hour-product-brand whose live aggregate differs from what is posted: the source
   * totals now, and the source totals already posted.
   */
  public record Pending(long agencyId, long clientId, OffsetDateTime hour, String mode, boolean brand,
                        long costFen, long couponFen, long creditFen,
                        long postedCostFen, long postedCouponFen, long postedCreditFen) {}

  /** What a posting run adds to one watermark row. */
  public record Posting(Pending source, long cashFen, long couponNormalFen, long couponTrafficFen, long creditFen, long arrearsFen) {}

  /** One client's spend of a business day: live's aggregates, what is posted, and its name. */
  public record DaySpend(long clientId, String name, String pid, long sourceFen, long postedFen) {}

  /** Waits for the posting lock (held until this transaction ends). */
  public Future<Void> lock(SqlConnection conn) {
    return conn.query("SET LOCAL lock_timeout = '15s'").execute()
        .compose(v -> conn.preparedQuery("SELECT pg_advisory_xact_lock($1)").execute(Tuple.of(LOCK))).mapEmpty();
  }

  /**
   * Up to {@code limit} pending rows from {@code since} on (and never before the agency existed: older
   * history is covered by its opening balances), ordered by agency, client and hour.
   */
  public Future<List<Pending>> pending(SqlConnection conn, OffsetDateTime since, int limit) {
    return conn.preparedQuery("""
            WITH src AS (
              SELECT h.agency_id, h.client_id, h.hour, h.mode, h.brand,
                     sum(h.cost_fen)::bigint AS cost, sum(h.coupon_fen)::bigint AS coupon, sum(h.credit_fen)::bigint AS credit
              FROM spend_hourly h JOIN agencies a ON a.id = h.agency_id
              WHERE h.basis = 'billing' AND h.hour >= $1 AND h.hour >= date_trunc('hour', a.created_at)
              GROUP BY h.agency_id, h.client_id, h.hour, h.mode, h.brand)
            SELECT src.*, coalesce(p.cost_fen, 0) AS posted_cost, coalesce(p.src_coupon_fen, 0) AS posted_coupon,
                   coalesce(p.src_credit_fen, 0) AS posted_credit
            FROM src LEFT JOIN finance_spend_postings p
              ON p.client_id = src.client_id AND p.hour = src.hour AND p.mode = src.mode AND p.brand = src.brand
            WHERE p.client_id IS NULL OR p.cost_fen <> src.cost OR p.src_coupon_fen <> src.coupon OR p.src_credit_fen <> src.credit
            ORDER BY src.agency_id, src.client_id, src.hour, src.mode, src.brand
            LIMIT $2""")
        .execute(Tuple.of(since, limit))
        .map(rows -> {
          List<Pending> out = new ArrayList<>();
          for (Row r : rows) {
            out.add(new Pending(r.getLong("agency_id"), r.getLong("client_id"), r.getOffsetDateTime("hour"), r.getString("mode"),
                r.getBoolean("brand"), r.getLong("cost"), r.getLong("coupon"), r.getLong("credit"),
                r.getLong("posted_cost"), r.getLong("posted_coupon"), r.getLong("posted_credit")));
          }
          return out;
        });
  }

  /** Moves the watermark rows by what was just posted (same transaction as the ledger rows). */
  public Future<Void> record(SqlConnection conn, List<Posting> postings) {
    int n = postings.size();
    Long[] agency = new Long[n], client = new Long[n], cost = new Long[n], cash = new Long[n], normal = new Long[n],
        traffic = new Long[n], credit = new Long[n], arrears = new Long[n], srcCoupon = new Long[n], srcCredit = new Long[n];
    OffsetDateTime[] hour = new OffsetDateTime[n];
    String[] mode = new String[n];
    Boolean[] brand = new Boolean[n];
    for (int i = 0; i < n; i++) {
      Posting p = postings.get(i);
      Pending s = p.source();
      agency[i] = s.agencyId();
      client[i] = s.clientId();
      hour[i] = s.hour();
      mode[i] = s.mode();
      brand[i] = s.brand();
      cost[i] = s.costFen() - s.postedCostFen();
      cash[i] = p.cashFen();
      normal[i] = p.couponNormalFen();
      traffic[i] = p.couponTrafficFen();
      credit[i] = p.creditFen();
      arrears[i] = p.arrearsFen();
      srcCoupon[i] = s.couponFen();
      srcCredit[i] = s.creditFen();
    }
    return conn.preparedQuery("""
            INSERT INTO finance_spend_postings AS p (agency_id, client_id, hour, mode, brand, cost_fen, cash_fen,
                coupon_normal_fen, coupon_traffic_fen, credit_fen, arrears_fen, src_coupon_fen, src_credit_fen)
            SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::timestamptz[], $4::text[], $5::bool[], $6::bigint[],
                $7::bigint[], $8::bigint[], $9::bigint[], $10::bigint[], $11::bigint[], $12::bigint[], $13::bigint[])
            ON CONFLICT (client_id, hour, mode, brand) DO UPDATE SET
              cost_fen = p.cost_fen + excluded.cost_fen, cash_fen = p.cash_fen + excluded.cash_fen,
              coupon_normal_fen = p.coupon_normal_fen + excluded.coupon_normal_fen,
              coupon_traffic_fen = p.coupon_traffic_fen + excluded.coupon_traffic_fen,
              credit_fen = p.credit_fen + excluded.credit_fen, arrears_fen = p.arrears_fen + excluded.arrears_fen,
              src_coupon_fen = excluded.src_coupon_fen, src_credit_fen = excluded.src_credit_fen, updated_at = now()""")
        .execute(Tuple.tuple().addValue(agency).addValue(client).addValue(hour).addValue(mode).addValue(brand)
            .addValue(cost).addValue(cash).addValue(normal).addValue(traffic).addValue(credit).addValue(arrears)
            .addValue(srcCoupon).addValue(srcCredit))
        .mapEmpty();
  }

  /** Per client of the agency: live's billed spend and the posted spend of one business day. */
  public Future<List<DaySpend>> day(SqlClient sql, long agencyId, LocalDate day) {
    return sql.preparedQuery("""
            WITH a AS (SELECT time_zone FROM agencies WHERE id = $1),
            bounds AS (SELECT ($2::date::timestamp AT TIME ZONE a.time_zone) AS lo,
                              (($2::date + 1)::timestamp AT TIME ZONE a.time_zone) AS hi FROM a),
            src AS (SELECT h.client_id, sum(h.cost_fen)::bigint AS fen FROM spend_hourly h, bounds
                    WHERE h.agency_id = $1 AND h.basis = 'billing' AND h.hour >= bounds.lo AND h.hour < bounds.hi
                    GROUP BY h.client_id),
            posted AS (SELECT p.client_id, sum(p.cost_fen)::bigint AS fen FROM finance_spend_postings p, bounds
                       WHERE p.agency_id = $1 AND p.hour >= bounds.lo AND p.hour < bounds.hi GROUP BY p.client_id)
            SELECT c.id, c.name, c.pid, coalesce(src.fen, 0) AS source_fen, coalesce(posted.fen, 0) AS posted_fen
            FROM clients c LEFT JOIN src ON src.client_id = c.id LEFT JOIN posted ON posted.client_id = c.id
            WHERE c.agency_id = $1 AND (src.fen IS NOT NULL OR posted.fen IS NOT NULL)
            ORDER BY c.id""")
        .execute(Tuple.of(agencyId, day))
        .map(rows -> {
          List<DaySpend> out = new ArrayList<>();
          for (Row r : rows) {
            out.add(new DaySpend(r.getLong("id"), r.getString("name"), r.getString("pid"), r.getLong("source_fen"), r.getLong("posted_fen")));
          }
          return out;
        });
  }
}
