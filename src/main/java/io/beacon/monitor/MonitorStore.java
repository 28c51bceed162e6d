package io.beacon.monitor;

import io.beacon.auth.ClientScope;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * SQL of the monitoring table: every client in scope matching the filters, with its delivery figures
 * per bucket (day of the range from {@code spend_daily}, or hour of a one-day range from
 * {@code spend_hourly}), its ledger balance and today's billed spend — one statement per call.
 */
public final class MonitorStore {
  private final Pool pg;

  public MonitorStore(Pool pg) { this.pg = pg; }

  /** A client's contract state before and after a termination request; empty when not in scope. */
  public record Termination(String before, boolean changed, String clientName) {}

  private static final String TERMINATE = """
      WITH target AS (SELECT c.id, c.contract_state, c.name FROM clients c WHERE c.id = $4 AND """
      + ClientScope.condition("c.agency_id", "c.id", 1) + """
      FOR UPDATE),
      changed AS (UPDATE clients SET contract_state = 'terminating'
                   WHERE id IN (SELECT id FROM target WHERE contract_state = 'signed') RETURNING id)
      SELECT target.contract_state, EXISTS (SELECT 1 FROM changed), target.name FROM target
      """;

  /** Moves a signed contract in scope to 'terminating' (解约 requested); other states are left alone. */
  public Future<java.util.Optional<Termination>> terminate(ClientScope scope, long clientId) {
    return pg.preparedQuery(TERMINATE).execute(scope.addTo(Tuple.tuple()).addLong(clientId)).map(rows -> {
      var it = rows.iterator();
      if (!it.hasNext()) return java.util.Optional.empty();
      Row r = it.next();
      return java.util.Optional.of(new Termination(r.getString(0), r.getBoolean(1), r.getString(2)));
    });
  }

  /** Per-bucket figures of one client: parallel arrays, buckets ascending. */
  public record ClientRow(long clientId, String name, String email, String pid, String industry, String status,
                          long dailyBudgetFen, long ledgerBalanceFen, long todaySpendFen,
                          int[] buckets, long[] impressions, long[] clicks, long[] costFen, long[] conversions) {}

  /** Filters: industry and search may be null; mode null for all modes; range in days or hours. */
  public record Query(ClientScope scope, String industry, String search, String basis, String mode, LocalDate today) {}

  private static final String TEMPLATE = """
      WITH c AS (
        SELECT c.id, c.name, c.email, c.pid, c.industry, c.status, c.daily_budget_fen FROM clients c
         WHERE %1$s AND ($4::text IS NULL OR c.industry = $4)
           AND ($5::text IS NULL OR c.name ILIKE $5 OR c.email ILIKE $5 OR c.pid ILIKE $5)
      ), d AS (
        SELECT s.client_id, %2$s AS bucket, sum(s.impressions)::bigint AS imp, sum(s.clicks)::bigint AS clk,
               sum(s.cost_fen)::bigint AS cost, sum(s.conversions)::bigint AS conv
          FROM %3$s s
         WHERE s.agency_id = $1 AND s.basis = $6 AND %4$s AND ($9::text IS NULL OR s.mode = $9)
           AND s.client_id IN (SELECT id FROM c)
         GROUP BY 1, 2
      ), a AS (
        SELECT client_id, array_agg(bucket ORDER BY bucket) AS b, array_agg(imp ORDER BY bucket) AS imp,
               array_agg(clk ORDER BY bucket) AS clk, array_agg(cost ORDER BY bucket) AS cost, array_agg(conv ORDER BY bucket) AS conv
          FROM d GROUP BY client_id
      ), t AS (
        SELECT s.client_id, sum(s.cost_fen)::bigint AS cost FROM spend_daily s
         WHERE s.agency_id = $1 AND s.basis = 'billing' AND s.day = $10 AND s.client_id IN (SELECT id FROM c)
         GROUP BY s.client_id
      ), bal AS (
        SELECT la.client_id, sum(la.balance_fen)::bigint AS balance FROM ledger_accounts la
         WHERE la.agency_id = $1 AND la.kind IN ('client_cash', 'client_coupon_normal', 'client_coupon_traffic', 'client_credit')
           AND la.client_id IN (SELECT id FROM c)
         GROUP BY la.client_id
      )
      SELECT c.id, c.name, c.email, c.pid, c.industry, c.status, c.daily_budget_fen, coalesce(bal.balance, 0), coalesce(t.cost, 0),
             a.b, a.imp, a.clk, a.cost, a.conv
        FROM c LEFT JOIN a ON a.client_id = c.id LEFT JOIN t ON t.client_id = c.id LEFT JOIN bal ON bal.client_id = c.id""";

  private static final String DAILY = TEMPLATE.formatted(ClientScope.condition("c.agency_id", "c.id", 1),
      "(s.day - $7::date)", "spend_daily", "s.day BETWEEN $7::date AND $8::date");
  private static final String HOURLY = TEMPLATE.formatted(ClientScope.condition("c.agency_id", "c.id", 1),
      "floor(extract(epoch FROM s.hour - $7::timestamptz) / 3600)::int", "spend_hourly",
      "s.hour >= $7::timestamptz AND s.hour < $8::timestamptz");

  /** Days [from, to] by day index from {@code from}. */
  public Future<List<ClientRow>> daily(Query q, LocalDate from, LocalDate to) {
    return run(DAILY, base(q).addLocalDate(from).addLocalDate(to), q);
  }

  /** Hours [from, to) by hour index from {@code from}. */
  public Future<List<ClientRow>> hourly(Query q, Instant from, Instant to) {
    return run(HOURLY, base(q).addOffsetDateTime(from.atOffset(ZoneOffset.UTC)).addOffsetDateTime(to.atOffset(ZoneOffset.UTC)), q);
  }

  private static Tuple base(Query q) {
    return q.scope().addTo(Tuple.tuple()).addString(q.industry()).addString(likePattern(q.search())).addString(q.basis());
  }

  private Future<List<ClientRow>> run(String sql, Tuple args, Query q) {
    args.addString(q.mode()).addLocalDate(q.today());
    return pg.preparedQuery(sql).execute(args).map(rows -> {
      List<ClientRow> out = new ArrayList<>(rows.size());
      for (Row r : rows) {
        Integer[] b = r.getArrayOfIntegers(9);
        out.add(new ClientRow(r.getLong(0), r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5),
            r.getLong(6), r.getLong(7), r.getLong(8), b == null ? new int[0] : ints(b), longs(r.getArrayOfLongs(10)),
            longs(r.getArrayOfLongs(11)), longs(r.getArrayOfLongs(12)), longs(r.getArrayOfLongs(13))));
      }
      return out;
    });
  }

  /** "%text%" with LIKE wildcards in the text escaped; null for no search. */
  static String likePattern(String search) {
    if (search == null || search.isBlank()) return null;
    return "%" + search.trim().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
  }

  private static int[] ints(Integer[] a) {
    int[] out = new int[a.length];
    for (int i = 0; i < a.length; i++) out[i] = a[i];
    return out;
  }

  private static long[] longs(Long[] a) {
    if (a == null) return new long[0];
    long[] out = new long[a.length];
    for (int i = 0; i < a.length; i++) out[i] = a[i];
    return out;
  }
}
