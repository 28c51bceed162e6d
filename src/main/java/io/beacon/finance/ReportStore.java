package io.beacon.finance;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.WriteStream;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowStream;
import io.vertx.sqlclient.Tuple;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * SQL of the finance detail lists. Each list is one query whose columns are named as the
 * API fields; it is paged (keyset on a descending key, or offset), counted, or streamed with a
 * cursor for downloads. Every query is scoped by agency ({@code $1}).
 */
public final class ReportStore {

  /** One line of a list: its paging key and its fields. */
  public record Line(long key, JsonObject fields) {}

  public record Page(List<Line> lines, boolean more, long total) {}

  private final Pool pg;

  public ReportStore(Pool pg) { this.pg = pg; }

  public Future<Page> page(Report report, long agencyId, ListFilter f, long afterKeyOrOffset, int limit) {
    Query q = base(report, agencyId, f);
    String countSql = "SELECT count(*) FROM (" + q.sql + ") r";
    Tuple countArgs = copy(q.args);
    String pageSql;
    if (report.keyed()) {
      String k = q.param(afterKeyOrOffset <= 0 ? null : afterKeyOrOffset);
      pageSql = "SELECT * FROM (" + q.sql + ") r WHERE (" + k + "::bigint IS NULL OR r.key < " + k + ") ORDER BY r.key DESC LIMIT " + q.param(limit + 1);
    } else {
      pageSql = "SELECT * FROM (" + q.sql + ") r ORDER BY " + q.order + " OFFSET " + q.param(Math.max(0, afterKeyOrOffset)) + " LIMIT " + q.param(limit + 1);
    }
    return Future.all(pg.preparedQuery(pageSql).execute(q.args), pg.preparedQuery(countSql).execute(countArgs)).map(all -> {
      List<Line> lines = new ArrayList<>();
      for (Row r : all.<io.vertx.sqlclient.RowSet<Row>>resultAt(0)) lines.add(line(r));
      boolean more = lines.size() > limit;
      if (more) lines = lines.subList(0, limit);
      long total = all.<io.vertx.sqlclient.RowSet<Row>>resultAt(1).iterator().next().getLong(0);
      return new Page(lines, more, total);
    });
  }

  /** Sums of the money columns over the whole filtered list (spend split totals). */
  public Future<JsonObject> totals(Report report, long agencyId, ListFilter f, List<String> columns) {
    Query q = base(report, agencyId, f);
    String sums = String.join(", ", columns.stream().map(c -> "coalesce(sum(r.\"" + c + "\"), 0)::bigint AS \"" + c + "\"").toList());
    return pg.preparedQuery("SELECT " + sums + " FROM (" + q.sql + ") r").execute(q.args)
        .map(rows -> line(rows.iterator().next()).fields());
  }

  /** Streams the whole filtered list through a database cursor, encoding each line, honouring back-pressure. */
  public Future<Void> stream(Report report, long agencyId, ListFilter f, Function<Line, Buffer> encode, WriteStream<Buffer> out) {
    Query q = base(report, agencyId, f);
    String sql = "SELECT * FROM (" + q.sql + ") r ORDER BY " + (report.keyed() ? "r.key DESC" : q.order);
    return pg.withTransaction(conn -> conn.prepare(sql).compose(ps -> {
      Promise<Void> done = Promise.promise();
      RowStream<Row> rows = ps.createStream(500, q.args);
      rows.exceptionHandler(done::tryFail);
      rows.endHandler(v -> done.tryComplete());
      out.exceptionHandler(done::tryFail);
      rows.handler(row -> {
        out.write(encode.apply(line(row)));
        if (out.writeQueueFull()) {
          rows.pause();
          out.drainHandler(v -> rows.resume());
        }
      });
      return done.future().eventually(() -> rows.close());
    }));
  }

  private static Line line(Row r) {
    JsonObject fields = new JsonObject();
    long key = 0;
    for (int i = 0; i < r.size(); i++) {
      String name = r.getColumnName(i);
      Object v = r.getValue(i);
      if ("key".equals(name)) {
        key = v == null ? 0 : ((Number) v).longValue();
        continue;
      }
      if (v instanceof OffsetDateTime t) v = t.toInstant().toString();
      else if (v instanceof LocalDate d) v = d.toString();
      fields.put(name, v);
    }
    return new Line(key, fields);
  }

  private static Tuple copy(Tuple t) {
    Tuple c = Tuple.tuple();
    for (int i = 0; i < t.size(); i++) c.addValue(t.getValue(i));
    return c;
  }

  /** A query being built: SQL, its parameters, and the order of offset-paged lists. */
  private static final class Query {
    final StringBuilder where = new StringBuilder();
    final Tuple args = Tuple.tuple();
    String sql;
    String order;

    String param(Object v) {
      args.addValue(v);
      return "$" + args.size();
    }

    void and(String condition) { where.append(" AND ").append(condition); }
  }

  private static final String TZ = "(SELECT time_zone FROM agencies WHERE id = $1)";

  private static void dates(Query q, ListFilter f, String column) {
    if (f.from() != null) q.and(column + " >= (" + q.param(f.from()) + "::date::timestamp AT TIME ZONE " + TZ + ")");
    if (f.to() != null) q.and(column + " < ((" + q.param(f.to()) + "::date + 1)::timestamp AT TIME ZONE " + TZ + ")");
  }

  private static void client(Query q, ListFilter f, String clientAlias) {
    if (f.clientId() != null) q.and(clientAlias + ".id = " + q.param(f.clientId()));
    if (f.q() != null && !f.q().isBlank()) {
      String p = q.param("%" + f.q().trim().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
      q.and("(" + clientAlias + ".name ILIKE " + p + " OR " + clientAlias + ".pid ILIKE " + p + " OR " + clientAlias + ".email ILIKE " + p + ")");
    }
  }

  private static final String WALLET = "CASE wa.kind WHEN 'agency_external' THEN 'external' ELSE 'general' END";

  private Query base(Report report, long agencyId, ListFilter f) {
    Query q = new Query();
    q.param(agencyId);
    switch (report) {
      case ALLOCATIONS -> {
        client(q, f, "c");
        dates(q, f, "t.created_at");
        if (f.wallet() != null) q.and(WALLET + " = " + q.param(f.wallet()));
        q.sql = """
            SELECT t.id AS key, t.id AS "transactionId", t.created_at AS "time", c.id AS "clientId", c.name AS "clientName",
                   c.pid, c.email AS account, CASE WHEN ce.amount_fen > 0 THEN 'in' ELSE 'out' END AS direction,
                   abs(ce.amount_fen) AS "amountFen", %s AS wallet, t.memo
            FROM ledger_transactions t
            JOIN clients c ON c.id = t.client_id AND c.agency_id = $1
            JOIN ledger_entries ce ON ce.transaction_id = t.id
            JOIN ledger_accounts ca ON ca.id = ce.account_id AND ca.kind = 'client_cash'
            JOIN ledger_entries we ON we.transaction_id = t.id
            JOIN ledger_accounts wa ON wa.id = we.account_id AND wa.kind IN ('agency_general', 'agency_external')
            WHERE t.agency_id = $1 AND t.kind = 'allocation'""".formatted(WALLET) + q.where;
      }
      case RECHARGES, REFUNDS -> {
        String kind = q.param(report == Report.RECHARGES ? "recharge" : "refund");
        dates(q, f, "t.created_at");
        if (f.wallet() != null) q.and(WALLET + " = " + q.param(f.wallet()));
        q.sql = """
            SELECT t.id AS key, t.id AS "transactionId", t.created_at AS "time", %s AS wallet, abs(we.amount_fen) AS "amountFen",
                   t.reference AS "paymentReference", t.memo
            FROM ledger_transactions t
            JOIN ledger_entries we ON we.transaction_id = t.id
            JOIN ledger_accounts wa ON wa.id = we.account_id AND wa.kind IN ('agency_general', 'agency_external')
            WHERE t.agency_id = $1 AND t.kind = %s""".formatted(WALLET, kind) + q.where;
      }
      case COUPON_CHANGES -> {
        client(q, f, "c");
        dates(q, f, "t.created_at");
        String change = "CASE t.kind WHEN 'coupon_grant' THEN 'grant' WHEN 'coupon_expiry' THEN 'expire' WHEN 'spend' THEN 'consume' ELSE t.kind END";
        if (f.changeType() != null) q.and(change + " = " + q.param(f.changeType()));
        if (f.couponType() != null) q.and("a.kind = " + q.param("traffic".equals(f.couponType()) ? "client_coupon_traffic" : "client_coupon_normal"));
        q.sql = """
            SELECT e.id AS key, e.id AS "entryId", t.created_at AS "time", c.id AS "clientId", c.name AS "clientName", c.pid,
                   %s AS "changeType", CASE a.kind WHEN 'client_coupon_traffic' THEN 'traffic' ELSE 'normal' END AS "couponType",
                   e.amount_fen AS "amountFen", fc.expires_at AS "expiresAt"
            FROM ledger_accounts a
            JOIN ledger_entries e ON e.account_id = a.id
            JOIN ledger_transactions t ON t.id = e.transaction_id
            JOIN clients c ON c.id = a.client_id
            LEFT JOIN finance_coupons fc ON fc.grant_tx = t.id AND fc.client_id = a.client_id
            WHERE a.agency_id = $1 AND a.kind IN ('client_coupon_normal', 'client_coupon_traffic')""".formatted(change) + q.where;
      }
      case CREDIT_CHANGES -> {
        client(q, f, "c");
        dates(q, f, "t.created_at");
        String change = "CASE t.kind WHEN 'credit_limit' THEN 'limit' WHEN 'spend' THEN 'consume' ELSE t.kind END";
        if (f.changeType() != null) q.and(change + " = " + q.param(f.changeType()));
        q.sql = """
            SELECT e.id AS key, e.id AS "entryId", t.created_at AS "time", c.id AS "clientId", c.name AS "clientName", c.pid,
                   %s AS "changeType", e.amount_fen AS "amountFen", coalesce(cl.limit_fen, 0) AS "creditLimitFen"
            FROM ledger_accounts a
            JOIN ledger_entries e ON e.account_id = a.id
            JOIN ledger_transactions t ON t.id = e.transaction_id
            JOIN clients c ON c.id = a.client_id
            LEFT JOIN finance_credit_lines cl ON cl.client_id = a.client_id
            WHERE a.agency_id = $1 AND a.kind = 'client_credit'""".formatted(change) + q.where;
      }
      case SPEND -> {
        client(q, f, "c");
        dates(q, f, "p.hour");
        if (f.product() != null) q.and("p.mode = " + q.param(f.product()));
        if (f.spendType() != null) q.and("p.brand = " + q.param("brand".equals(f.spendType())));
        String unit = q.param("month".equals(f.granularity()) ? "month" : "day");
        q.sql = """
            SELECT date_trunc(%s, p.hour AT TIME ZONE %s)::date AS period, c.id AS "clientId", c.name AS "clientName", c.pid,
                   p.mode AS product, CASE WHEN p.brand THEN 'brand' ELSE 'performance' END AS "spendType",
                   sum(p.cost_fen)::bigint AS "costFen", sum(p.cash_fen)::bigint AS "cashFen",
                   sum(p.coupon_normal_fen)::bigint AS "couponNormalFen", sum(p.coupon_traffic_fen)::bigint AS "couponTrafficFen",
                   sum(p.credit_fen)::bigint AS "creditFen", sum(p.arrears_fen)::bigint AS "arrearsFen"
            FROM finance_spend_postings p JOIN clients c ON c.id = p.client_id
            WHERE p.agency_id = $1%s
            GROUP BY 1, c.id, c.name, c.pid, p.mode, p.brand""".formatted(unit, TZ, q.where);
        q.order = "r.period DESC, r.\"clientId\", r.product, r.\"spendType\"";
      }
      case FREEZES -> {
        dates(q, f, "z.frozen_at");
        if (f.status() != null) q.and("z.status = " + q.param(f.status()));
        if (f.clientId() != null || f.q() != null) client(q, f, "c");
        q.sql = """
            SELECT z.id AS key, z.id, z.order_ref AS "orderRef", c.id AS "clientId", c.name AS "clientName", c.pid, z.wallet,
                   z.amount_fen AS "amountFen", z.status, z.frozen_at AS "frozenAt", z.unfrozen_at AS "unfrozenAt"
            FROM finance_freezes z LEFT JOIN clients c ON c.id = z.client_id
            WHERE z.agency_id = $1""" + q.where;
      }
      case CLIENT_FUNDS -> {
        client(q, f, "c");
        q.sql = """
            SELECT c.id AS "clientId", c.name AS "clientName", c.pid, c.email AS account,
                   coalesce(sum(a.balance_fen) FILTER (WHERE a.kind = 'client_cash'), 0)::bigint AS "cashFen",
                   coalesce(sum(a.balance_fen) FILTER (WHERE a.kind = 'client_coupon_normal'), 0)::bigint AS "couponNormalFen",
                   coalesce(sum(a.balance_fen) FILTER (WHERE a.kind = 'client_coupon_traffic'), 0)::bigint AS "couponTrafficFen",
                   coalesce(max(cl.limit_fen), 0)::bigint AS "creditLimitFen",
                   coalesce(sum(a.balance_fen) FILTER (WHERE a.kind = 'client_credit'), 0)::bigint AS "creditAvailableFen",
                   coalesce(sum(a.balance_fen) FILTER (WHERE a.kind = 'client_frozen'), 0)::bigint AS "frozenFen",
                   (-coalesce(sum(a.balance_fen) FILTER (WHERE a.kind = 'client_arrears'), 0))::bigint AS "arrearsFen",
                   coalesce(sum(a.balance_fen) FILTER (WHERE a.kind IN ('client_cash', 'client_coupon_normal',
                       'client_coupon_traffic', 'client_credit')), 0)::bigint AS "balanceFen"
            FROM clients c
            LEFT JOIN ledger_accounts a ON a.client_id = c.id AND a.agency_id = $1
            LEFT JOIN finance_credit_lines cl ON cl.client_id = c.id
            WHERE c.agency_id = $1""" + q.where + " GROUP BY c.id, c.name, c.pid, c.email";
        q.order = "r.\"clientId\"";
      }
    }
    return q;
  }
}
