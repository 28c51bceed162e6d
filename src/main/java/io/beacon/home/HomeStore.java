package io.beacon.home;

import io.beacon.auth.ClientScope;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * SQL of the barometer's read models. Past days come from the daily rollup {@code spend_daily}, hours
 * from {@code spend_hourly}, both through covering indexes; every query is scoped by agency and,
 * for dedicated employees or acting-as, by client ({@link ClientScope}). Each read is one statement.
 */
public final class HomeStore {
  /** The ledger accounts whose sum is a client's available balance (cash + coupons + available credit). */
  static final String BALANCE_KINDS = "('client_cash', 'client_coupon_normal', 'client_coupon_traffic', 'client_credit')";

  private final Pool pg;

  public HomeStore(Pool pg) { this.pg = pg; }

  /**
   * Spend of one client in one part of a comparison: 0 current whole days, 1 previous period, 2 today
   * (persisted), 3 every client in scope (cost 0) so that today's live figures can be asked for all of them.
   */
  public record ClientSpend(int part, long clientId, boolean brand, long costFen) {}

  /** Trend buckets: part 0 current, 1 previous; bucket = hour of the day or day index. */
  public record Bucket(int part, int bucket, boolean brand, long costFen) {}

  /** A client with its figures over a range (today's persisted figures apart) for the top-10. */
  public record TopRow(long clientId, String name, String industry, long dailyBudgetFen, long ledgerBalanceFen,
                       long spendFen, long conversions, long todaySpendFen, long todayConversions) {}

  public record Industry(String industry, long clients) {}

  public record AgencyFunds(long generalFen, long externalFen, long frozenFen, long depositFen) {}

  private static final String SCOPE = ClientScope.condition("s.agency_id", "s.client_id", 1);

  /**
   * Spend per client and brand flag: the current whole days, the previous period (whole days plus the
   * hours of its cut last day), and today's persisted rows.
   */
  public Future<List<ClientSpend>> clientSpend(ClientScope scope, String basis, LocalDate curFrom, LocalDate curTo,
                                               LocalDate prevFrom, LocalDate prevTo, Instant prevHoursFrom,
                                               Instant prevHoursTo, LocalDate today) {
    String sql = """
        SELECT part, client_id, brand, sum(cost_fen)::bigint FROM (
          SELECT 0 AS part, s.client_id, s.brand, s.cost_fen FROM spend_daily s
           WHERE %1$s AND s.basis = $4 AND s.day BETWEEN $5 AND $6
          UNION ALL
          SELECT 1, s.client_id, s.brand, s.cost_fen FROM spend_daily s
           WHERE %1$s AND s.basis = $4 AND s.day BETWEEN $7 AND $8
          UNION ALL
          SELECT 1, s.client_id, s.brand, s.cost_fen FROM spend_hourly s
           WHERE %1$s AND s.basis = $4 AND s.hour >= $9 AND s.hour < $10
          UNION ALL
          SELECT 2, s.client_id, s.brand, s.cost_fen FROM spend_daily s
           WHERE %1$s AND s.basis = $4 AND s.day = $11
          UNION ALL
          SELECT 3, c.id, false, 0 FROM clients c WHERE %2$s
        ) x GROUP BY part, client_id, brand""".formatted(SCOPE, ClientScope.condition("c.agency_id", "c.id", 1));
    Tuple args = scope.addTo(Tuple.tuple()).addString(basis).addLocalDate(curFrom).addLocalDate(curTo)
        .addLocalDate(prevFrom).addLocalDate(prevTo).addOffsetDateTime(utc(prevHoursFrom)).addOffsetDateTime(utc(prevHoursTo))
        .addLocalDate(today);
    return pg.preparedQuery(sql).execute(args).map(rows -> {
      List<ClientSpend> out = new ArrayList<>(rows.size());
      for (Row r : rows) out.add(new ClientSpend(r.getInteger(0), r.getLong(1), r.getBoolean(2), r.getLong(3)));
      return out;
    });
  }

  /** Hourly spend of a half-open instant range by hour index from {@code from} and brand flag, tagged {@code part}. */
  public Future<List<Bucket>> hourlyTrend(ClientScope scope, String basis, int part, Instant from, Instant to) {
    String sql = """
        SELECT $7::int, floor(extract(epoch FROM s.hour - $5::timestamptz) / 3600)::int AS bucket, s.brand, sum(s.cost_fen)::bigint
          FROM spend_hourly s
         WHERE %s AND s.basis = $4 AND s.hour >= $5 AND s.hour < $6
         GROUP BY 2, 3""".formatted(SCOPE);
    Tuple args = scope.addTo(Tuple.tuple()).addString(basis).addOffsetDateTime(utc(from)).addOffsetDateTime(utc(to)).addInteger(part);
    return pg.preparedQuery(sql).execute(args).map(HomeStore::buckets);
  }

  /** Daily spend of days [from, to] by day index from {@code from} and brand flag, tagged {@code part}. */
  public Future<List<Bucket>> dailyTrend(ClientScope scope, String basis, int part, LocalDate from, LocalDate to) {
    String sql = """
        SELECT $7::int, (s.day - $5::date) AS bucket, s.brand, sum(s.cost_fen)::bigint
          FROM spend_daily s
         WHERE %s AND s.basis = $4 AND s.day BETWEEN $5 AND $6
         GROUP BY 2, 3""".formatted(SCOPE);
    Tuple args = scope.addTo(Tuple.tuple()).addString(basis).addLocalDate(from).addLocalDate(to).addInteger(part);
    return pg.preparedQuery(sql).execute(args).map(HomeStore::buckets);
  }

  private static List<Bucket> buckets(io.vertx.sqlclient.RowSet<Row> rows) {
    List<Bucket> out = new ArrayList<>(rows.size());
    for (Row r : rows) out.add(new Bucket(r.getInteger(0), r.getInteger(1), r.getBoolean(2), r.getLong(3)));
    return out;
  }

  /**
   * Every client in scope (optionally of one industry) with its performance (non-brand) spend and
   * conversions over whole days [from, to], today's persisted performance figures, budget and ledger balance.
   */
  public Future<List<TopRow>> performanceByClient(ClientScope scope, String industry, String basis, LocalDate from,
                                                  LocalDate to, LocalDate today) {
    String sql = """
        WITH c AS (
          SELECT c.id, c.name, c.industry, c.daily_budget_fen FROM clients c
           WHERE %s AND ($4::text IS NULL OR c.industry = $4)
        ), s AS (
          SELECT s.client_id,
                 coalesce(sum(s.cost_fen) FILTER (WHERE s.day BETWEEN $6 AND $7), 0)::bigint AS cost,
                 coalesce(sum(s.conversions) FILTER (WHERE s.day BETWEEN $6 AND $7), 0)::bigint AS conv,
                 coalesce(sum(s.cost_fen) FILTER (WHERE s.day = $8), 0)::bigint AS today_cost,
                 coalesce(sum(s.conversions) FILTER (WHERE s.day = $8), 0)::bigint AS today_conv
            FROM spend_daily s
           WHERE s.agency_id = $1 AND s.basis = $5 AND NOT s.brand AND s.client_id IN (SELECT id FROM c)
             AND ((s.day BETWEEN $6 AND $7) OR s.day = $8)
           GROUP BY s.client_id
        ), b AS (
          SELECT la.client_id, sum(la.balance_fen)::bigint AS balance FROM ledger_accounts la
           WHERE la.agency_id = $1 AND la.kind IN %s AND la.client_id IN (SELECT id FROM c)
           GROUP BY la.client_id
        )
        SELECT c.id, c.name, c.industry, c.daily_budget_fen, coalesce(b.balance, 0), coalesce(s.cost, 0), coalesce(s.conv, 0),
               coalesce(s.today_cost, 0), coalesce(s.today_conv, 0)
          FROM c LEFT JOIN s ON s.client_id = c.id LEFT JOIN b ON b.client_id = c.id""".formatted(
        ClientScope.condition("c.agency_id", "c.id", 1), BALANCE_KINDS);
    Tuple args = scope.addTo(Tuple.tuple()).addString(industry).addString(basis).addLocalDate(from).addLocalDate(to)
        .addLocalDate(today);
    return pg.preparedQuery(sql).execute(args).map(rows -> {
      List<TopRow> out = new ArrayList<>(rows.size());
      for (Row r : rows) {
        out.add(new TopRow(r.getLong(0), r.getString(1), r.getString(2), r.getLong(3), r.getLong(4), r.getLong(5),
            r.getLong(6), r.getLong(7), r.getLong(8)));
      }
      return out;
    });
  }

  public Future<List<Industry>> industries(ClientScope scope) {
    String sql = "SELECT c.industry, count(*) FROM clients c WHERE " + ClientScope.condition("c.agency_id", "c.id", 1)
        + " GROUP BY c.industry ORDER BY count(*) DESC, c.industry";
    return pg.preparedQuery(sql).execute(scope.addTo(Tuple.tuple())).map(rows -> {
      List<Industry> out = new ArrayList<>();
      for (Row r : rows) out.add(new Industry(r.getString(0), r.getLong(1)));
      return out;
    });
  }

  /** Agency wallet balances straight from the ledger (used when the finance feature is not wired in). */
  public Future<AgencyFunds> agencyFunds(long agencyId) {
    return pg.preparedQuery("""
        SELECT coalesce(sum(balance_fen) FILTER (WHERE kind = 'agency_general'), 0)::bigint,
               coalesce(sum(balance_fen) FILTER (WHERE kind = 'agency_external'), 0)::bigint,
               coalesce(sum(balance_fen) FILTER (WHERE kind = 'agency_frozen'), 0)::bigint,
               coalesce(sum(balance_fen) FILTER (WHERE kind = 'deposit'), 0)::bigint
          FROM ledger_accounts WHERE agency_id = $1 AND client_id IS NULL""")
        .execute(Tuple.of(agencyId))
        .map(rows -> {
          Row r = rows.iterator().next();
          return new AgencyFunds(r.getLong(0), r.getLong(1), r.getLong(2), r.getLong(3));
        });
  }

  static OffsetDateTime utc(Instant i) { return i == null ? null : i.atOffset(ZoneOffset.UTC); }
}
