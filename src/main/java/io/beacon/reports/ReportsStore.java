package io.beacon.reports;

import io.beacon.auth.ClientScope;
import io.beacon.platform.DomainException.Conflict;
import io.beacon.platform.FieldError;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Cursor;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * SQL of the data overview. Every read is one statement over "facts": days rolled into
 * {@code spend_daily_detail} (whole past days whose sums still match {@code spend_daily}) plus the
 * hours of {@code spend_hourly} in the remaining windows, restricted to the clients in scope.
 */
public final class ReportsStore {
  private final Pool pg;

  public ReportsStore(Pool pg) { this.pg = pg; }

  /** A half-open range of instants read from the hourly aggregates. */
  public record Window(Instant from, Instant to) {}

  /**
   * One read: the caller's scope, attribution basis, optional client / industry / goal / event / promotion
   * mode, the bucket size (hour, or agency day) counted from {@code origin}, the rolled days and the hour windows.
   */
  public record Query(ClientScope scope, String basis, Long clientId, String industry, String goal, String event, String mode,
                      boolean hourly, ZoneId zone, Instant origin, List<LocalDate> rolledDays, List<Window> windows) {}

  /** Sums of one bucket (hour or day index from the query's origin). */
  public record Bucket(int bucket, Sums sums) {}

  /** One of the top entries of a breakdown: key (client id as text for clients), label and spend. */
  public record Share(String key, String label, long spendFen) {}

  public record Top(List<Share> rows, long totalSpendFen) {}

  /** One row of the detail table; dimension values not chosen are null. */
  public record DetailRow(Integer bucket, Long clientId, String clientName, String goal, String event, String campaignId,
                          String unitId, Sums sums) {}

  public record DetailPage(List<DetailRow> rows, long total) {}

  public record Template(long id, String name, List<String> dimensions, List<String> columns, Instant updatedAt) {
    public JsonObject toJson() {
      return new JsonObject().put("id", id).put("name", name).put("dimensions", new JsonArray(dimensions))
          .put("columns", new JsonArray(columns)).put("updatedAt", updatedAt.toString());
    }
  }

  // ------------------------------------------------------------------ facts

  private static final String FACTS = """
      WITH c AS (
        SELECT c.id, c.name, c.industry FROM clients c
         WHERE %1$s AND ($5::bigint IS NULL OR c.id = $5) AND ($6::text IS NULL OR c.industry = $6)
      ), f AS (
        SELECT %2$s AS bucket, r.client_id, r.goal, r.conversion_event, r.campaign_id, r.unit_id,
               r.impressions, r.clicks, r.cost_fen, r.conversions
          FROM spend_daily_detail r
         WHERE r.agency_id = $1 AND r.basis = $4 AND r.day BETWEEN $9::date AND $10::date AND NOT (r.day = ANY($11::date[]))%4$s
           AND ($7::text IS NULL OR r.goal = $7) AND ($8::text IS NULL OR r.conversion_event = $8)
           AND ($16::text IS NULL OR r.mode = $16)
        UNION ALL
        SELECT %3$s, h.client_id, h.goal, h.conversion_event, h.campaign_id, h.unit_id,
               h.impressions, h.clicks, h.cost_fen, h.conversions
          FROM unnest($12::timestamptz[], $13::timestamptz[]) AS w(s, e)
          JOIN spend_hourly h ON h.agency_id = $1 AND h.basis = $4 AND h.hour >= w.s AND h.hour < w.e
         WHERE true%5$s
           AND ($7::text IS NULL OR h.goal = $7) AND ($8::text IS NULL OR h.conversion_event = $8)
           AND ($16::text IS NULL OR h.mode = $16)
      )
      """;
  private static final String ORIGIN_DAY = "($15::timestamptz AT TIME ZONE $14::text)::date";
  private static final String DAY_BUCKETS = "(r.day - " + ORIGIN_DAY + ")";
  private static final String DAY_OF_HOUR = "((h.hour AT TIME ZONE $14::text)::date - " + ORIGIN_DAY + ")";
  private static final String HOUR_OF_DAY = "((r.day - " + ORIGIN_DAY + ") * 24)";
  private static final String HOUR_BUCKETS = "floor(extract(epoch FROM h.hour - $15::timestamptz) / 3600)::int";
  private static final String SCOPE = ClientScope.condition("c.agency_id", "c.id", 1);
  private static final String IN_SCOPE_R = " AND r.client_id IN (SELECT id FROM c)";
  private static final String IN_SCOPE_H = " AND h.client_id IN (SELECT id FROM c)";
  /** By granularity (day, hour) and whether the clients are narrowed (a semi-join per row is a fifth of a long read). */
  private static final String DAILY_ALL = FACTS.formatted(SCOPE, DAY_BUCKETS, DAY_OF_HOUR, "", "");
  private static final String DAILY_SOME = FACTS.formatted(SCOPE, DAY_BUCKETS, DAY_OF_HOUR, IN_SCOPE_R, IN_SCOPE_H);
  private static final String HOURLY_ALL = FACTS.formatted(SCOPE, HOUR_OF_DAY, HOUR_BUCKETS, "", "");
  private static final String HOURLY_SOME = FACTS.formatted(SCOPE, HOUR_OF_DAY, HOUR_BUCKETS, IN_SCOPE_R, IN_SCOPE_H);

  private static String facts(Query q) {
    boolean all = q.scope().wholeAgency() && q.clientId() == null && q.industry() == null;
    return q.hourly() ? (all ? HOURLY_ALL : HOURLY_SOME) : (all ? DAILY_ALL : DAILY_SOME);
  }

  private static Tuple args(Query q) {
    // rolled days as one index range of the rollup, less the days between that are read from the hours
    List<LocalDate> days = q.rolledDays();
    LocalDate first = days.isEmpty() ? null : days.get(0);
    LocalDate last = days.isEmpty() ? null : days.get(days.size() - 1);
    List<LocalDate> holes = new ArrayList<>();
    for (LocalDate d = first; d != null && d.isBefore(last); d = d.plusDays(1)) if (!days.contains(d)) holes.add(d);
    return q.scope().addTo(Tuple.tuple()).addString(q.basis()).addLong(q.clientId()).addString(q.industry())
        .addString(q.goal()).addString(q.event())
        .addLocalDate(first).addLocalDate(last).addArrayOfLocalDate(holes.toArray(LocalDate[]::new))
        .addArrayOfOffsetDateTime(q.windows().stream().map(w -> utc(w.from())).toArray(OffsetDateTime[]::new))
        .addArrayOfOffsetDateTime(q.windows().stream().map(w -> utc(w.to())).toArray(OffsetDateTime[]::new))
        .addString(q.zone().getId()).addOffsetDateTime(utc(q.origin())).addString(q.mode());
  }

  /** Sums per bucket, buckets ascending (empty buckets absent). */
  public Future<List<Bucket>> trend(Query q) {
    String sql = facts(q) + """
        SELECT f.bucket, sum(f.impressions)::bigint, sum(f.clicks)::bigint, sum(f.cost_fen)::bigint, sum(f.conversions)::bigint
          FROM f GROUP BY f.bucket ORDER BY f.bucket""";
    return pg.preparedQuery(sql).execute(args(q)).map(rows -> {
      List<Bucket> out = new ArrayList<>(rows.size());
      for (Row r : rows) out.add(new Bucket(r.getInteger(0), sums(r, 1)));
      return out;
    });
  }

  /** The {@code limit} largest entries of {@code d} by spend, and the spend of all entries. */
  public Future<Top> top(Query q, Dimension d, int limit) {
    String sql = facts(q) + """
        SELECT %1$s AS k, %2$s AS label, sum(f.cost_fen)::bigint AS spend, (sum(sum(f.cost_fen)) OVER ())::bigint
          FROM f JOIN c ON c.id = f.client_id GROUP BY 1 ORDER BY 3 DESC, 1 LIMIT $17""".formatted(d.key, d.label);
    return pg.preparedQuery(sql).execute(args(q).addInteger(limit)).map(rows -> {
      List<Share> out = new ArrayList<>(rows.size());
      long total = 0;
      for (Row r : rows) {
        out.add(new Share(r.getString(0), r.getString(1), r.getLong(2)));
        total = r.getLong(3);
      }
      return new Top(out, total);
    });
  }

  /** The SQL of each metric column's value over a group, for sorting (a ratio without denominator is null). */
  private static final Map<String, String> METRIC_SQL = Map.of(
      "impressions", "sum(f.impressions)", "clicks", "sum(f.clicks)", "spend", "sum(f.cost_fen)",
      "conversions", "sum(f.conversions)", "cost", "sum(f.cost_fen)::numeric / nullif(sum(f.conversions), 0)",
      "cpm", "sum(f.cost_fen) * 1000.0 / nullif(sum(f.impressions), 0)", "ctr", "sum(f.clicks)::numeric / nullif(sum(f.impressions), 0)",
      "cpc", "sum(f.cost_fen)::numeric / nullif(sum(f.clicks), 0)", "cvr", "sum(f.conversions)::numeric / nullif(sum(f.clicks), 0)");

  /** A metric column to sort the detail table by, and its direction. */
  public record Sort(String metric, boolean descending) {}

  /**
   * The detail table grouped by {@code dims}: by the chosen metric when {@code sort} is set (rows without a
   * value last, whatever the direction), then newest bucket first when time is chosen, then highest spend,
   * then the dimension values; with {@code paged}, $17/$18 are limit and offset and each row carries the
   * number of rows of the whole table.
   */
  private static String detailSql(Query q, List<Dimension> dims, Sort sort, boolean paged) {
    String keys = dims.stream().map(d -> d.key).collect(Collectors.joining(", "));
    String order = (sort == null ? "" : METRIC_SQL.get(sort.metric()) + (sort.descending() ? " DESC" : " ASC") + " NULLS LAST, ")
        + (dims.contains(Dimension.TIME) ? "f.bucket DESC, " : "") + "sum(f.cost_fen) DESC, " + keys;
    return facts(q) + "SELECT " + keys + ", min(c.name), sum(f.impressions)::bigint, sum(f.clicks)::bigint, sum(f.cost_fen)::bigint, "
        + "sum(f.conversions)::bigint" + (paged ? ", count(*) OVER ()" : "")
        + " FROM f JOIN c ON c.id = f.client_id GROUP BY " + keys + " ORDER BY " + order + (paged ? " LIMIT $17 OFFSET $18" : "");
  }

  public Future<DetailPage> detail(Query q, List<Dimension> dims, Sort sort, int limit, int offset) {
    return pg.preparedQuery(detailSql(q, dims, sort, true)).execute(args(q).addInteger(limit).addInteger(offset)).map(rows -> {
      List<DetailRow> out = new ArrayList<>(rows.size());
      long total = 0;
      for (Row r : rows) {
        out.add(detailRow(r, dims));
        total = r.getLong(dims.size() + 5);
      }
      return new DetailPage(out, total);
    });
  }

  /**
   * Every detail row in table order through a server-side cursor in one read-only transaction,
   * {@code batch} rows at a time; the next batch is fetched only once {@code sink} has completed.
   * Returns the number of rows streamed.
   */
  public Future<Long> streamDetail(Query q, List<Dimension> dims, Sort sort, int batch, Function<List<DetailRow>, Future<Void>> sink) {
    String sql = detailSql(q, dims, sort, false);
    return pg.withTransaction(conn -> conn.prepare(sql).compose(ps -> {
      Cursor cursor = ps.cursor(args(q));
      return drain(cursor, dims, batch, sink, 0L).eventually(cursor::close);
    }));
  }

  private static Future<Long> drain(Cursor cursor, List<Dimension> dims, int batch,
                                    Function<List<DetailRow>, Future<Void>> sink, long sent) {
    return cursor.read(batch).compose(rows -> {
      List<DetailRow> out = new ArrayList<>(rows.size());
      for (Row r : rows) out.add(detailRow(r, dims));
      long total = sent + out.size();
      Future<Void> delivered = out.isEmpty() ? Future.succeededFuture() : sink.apply(out);
      return delivered.compose(v -> cursor.hasMore() ? drain(cursor, dims, batch, sink, total) : Future.succeededFuture(total));
    });
  }

  private static DetailRow detailRow(Row r, List<Dimension> dims) {
    Integer bucket = null;
    Long clientId = null;
    String goal = null, event = null, campaign = null, unit = null;
    for (int i = 0; i < dims.size(); i++) {
      switch (dims.get(i)) {
        case TIME -> bucket = r.getInteger(i);
        case CLIENT -> clientId = Long.parseLong(r.getString(i));
        case GOAL -> goal = r.getString(i);
        case EVENT -> event = r.getString(i);
        case CAMPAIGN -> campaign = r.getString(i);
        case UNIT -> unit = r.getString(i);
        default -> throw new IllegalStateException("not a detail dimension: " + dims.get(i));
      }
    }
    int n = dims.size();
    return new DetailRow(bucket, clientId, clientId == null ? null : r.getString(n), goal, event, campaign, unit, sums(r, n + 1));
  }

  private static Sums sums(Row r, int first) {
    return new Sums(r.getLong(first), r.getLong(first + 1), r.getLong(first + 2), r.getLong(first + 3));
  }

  /** Whether the client exists in the caller's scope (another agency's or an unassigned client: false). */
  public Future<Boolean> clientVisible(ClientScope scope, long clientId) {
    return pg.preparedQuery("SELECT 1 FROM clients c WHERE c.id = $4 AND " + ClientScope.condition("c.agency_id", "c.id", 1))
        .execute(scope.addTo(Tuple.tuple()).addLong(clientId)).map(rows -> rows.size() > 0);
  }

  // ------------------------------------------------------------------ the daily rollup

  /** Rolled days in [from, to] whose rolled sums equal spend_daily's now: they may be read from the rollup. */
  public Future<List<LocalDate>> rolledDays(long agencyId, String basis, LocalDate from, LocalDate to) {
    return pg.preparedQuery("""
            SELECT m.day FROM spend_daily_detail_days m
             WHERE m.agency_id = $1 AND m.basis = $2 AND m.day BETWEEN $3 AND $4
               AND (m.impressions, m.clicks, m.cost_fen, m.conversions) = (
                   SELECT coalesce(sum(d.impressions), 0)::bigint, coalesce(sum(d.clicks), 0)::bigint,
                          coalesce(sum(d.cost_fen), 0)::bigint, coalesce(sum(d.conversions), 0)::bigint
                     FROM spend_daily d WHERE d.agency_id = $1 AND d.basis = $2 AND d.day = m.day)""")
        .execute(Tuple.of(agencyId, basis, from, to)).map(rows -> {
          List<LocalDate> out = new ArrayList<>(rows.size());
          for (Row r : rows) out.add(r.getLocalDate(0));
          return out;
        });
  }

  /** Days before the agency's today not rolled yet, or whose spend_daily sums changed since (newest first). */
  public record Pending(long agencyId, String basis, LocalDate day, ZoneId zone) {}

  /** Maintenance across agencies (background work, not a tenant read). */
  public Future<List<Pending>> pendingDays(Instant now, int limit) {
    return pg.preparedQuery("""
            SELECT d.agency_id, d.basis, d.day, a.time_zone FROM (
                   SELECT agency_id, basis, day, sum(impressions)::bigint AS i, sum(clicks)::bigint AS k,
                          sum(cost_fen)::bigint AS c, sum(conversions)::bigint AS v
                     FROM spend_daily GROUP BY agency_id, basis, day) d
              JOIN agencies a ON a.id = d.agency_id
              LEFT JOIN spend_daily_detail_days m ON m.agency_id = d.agency_id AND m.basis = d.basis AND m.day = d.day
             WHERE d.day < ($1::timestamptz AT TIME ZONE a.time_zone)::date
               AND (m.day IS NULL OR (m.impressions, m.clicks, m.cost_fen, m.conversions) IS DISTINCT FROM (d.i, d.k, d.c, d.v))
             ORDER BY d.agency_id, d.basis, d.day DESC LIMIT $2""")
        .execute(Tuple.of(utc(now), limit)).map(rows -> {
          List<Pending> out = new ArrayList<>(rows.size());
          for (Row r : rows) out.add(new Pending(r.getLong(0), r.getString(1), r.getLocalDate(2), ZoneId.of(r.getString(3))));
          return out;
        });
  }

  /**
   * Rolls {@code days} of one agency and basis from spend_hourly, replacing what was rolled before, and
   * records each day's sums as read in the same statement. Rollers of one agency take turns.
   */
  public Future<Void> roll(long agencyId, String basis, ZoneId zone, List<LocalDate> days) {
    LocalDate first = days.stream().min(LocalDate::compareTo).orElseThrow();
    LocalDate last = days.stream().max(LocalDate::compareTo).orElseThrow();
    LocalDate[] list = days.toArray(LocalDate[]::new);
    return pg.withTransaction(conn -> conn.preparedQuery("SELECT pg_advisory_xact_lock(hashtext('reports-rollup'), $1::int)")
        .execute(Tuple.of((int) agencyId))
        .compose(v -> conn.preparedQuery("DELETE FROM spend_daily_detail WHERE agency_id = $1 AND basis = $2 AND day = ANY($3::date[])")
            .execute(Tuple.of(agencyId, basis, list)))
        .compose(v -> conn.preparedQuery("""
            WITH ins AS (
              INSERT INTO spend_daily_detail (agency_id, basis, day, client_id, mode, goal, conversion_event, campaign_id, unit_id,
                                              impressions, clicks, cost_fen, conversions)
              SELECT $1::bigint, $2::text, (h.hour AT TIME ZONE $6::text)::date, h.client_id, h.mode, h.goal, h.conversion_event,
                     h.campaign_id, h.unit_id, sum(h.impressions), sum(h.clicks), sum(h.cost_fen), sum(h.conversions)
                FROM spend_hourly h
               WHERE h.agency_id = $1 AND h.basis = $2 AND h.hour >= $4 AND h.hour < $5
                 AND (h.hour AT TIME ZONE $6::text)::date = ANY($3::date[])
               GROUP BY 3, 4, 5, 6, 7, 8, 9
              RETURNING day, impressions, clicks, cost_fen, conversions)
            INSERT INTO spend_daily_detail_days (agency_id, basis, day, impressions, clicks, cost_fen, conversions, rolled_at)
            SELECT $1::bigint, $2::text, d.day, coalesce(sum(i.impressions), 0), coalesce(sum(i.clicks), 0),
                   coalesce(sum(i.cost_fen), 0), coalesce(sum(i.conversions), 0), now()
              FROM unnest($3::date[]) AS d(day) LEFT JOIN ins i ON i.day = d.day GROUP BY d.day
            ON CONFLICT (agency_id, basis, day) DO UPDATE SET impressions = excluded.impressions, clicks = excluded.clicks,
              cost_fen = excluded.cost_fen, conversions = excluded.conversions, rolled_at = excluded.rolled_at""")
            .execute(Tuple.tuple().addLong(agencyId).addString(basis).addArrayOfLocalDate(list)
                .addOffsetDateTime(utc(first.atStartOfDay(zone).toInstant()))
                .addOffsetDateTime(utc(last.plusDays(1).atStartOfDay(zone).toInstant())).addString(zone.getId())))
        .mapEmpty());
  }

  // ------------------------------------------------------------------ templates

  private static final String TEMPLATE_COLUMNS = "id, name, dimensions, columns, updated_at";

  public Future<List<Template>> templates(long agencyId, long identityId) {
    return pg.preparedQuery("SELECT " + TEMPLATE_COLUMNS + " FROM report_templates WHERE agency_id = $1 AND identity_id = $2 ORDER BY lower(name), id")
        .execute(Tuple.of(agencyId, identityId)).map(ReportsStore::templates);
  }

  /** Fails with a 409 naming {@code name} when the caller has a template of that name. */
  public Future<Template> createTemplate(long agencyId, long identityId, String name, List<String> dims, List<String> columns) {
    return pg.preparedQuery("""
            INSERT INTO report_templates (agency_id, identity_id, name, dimensions, columns) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (agency_id, identity_id, name) DO NOTHING RETURNING """ + " " + TEMPLATE_COLUMNS)
        .execute(Tuple.of(agencyId, identityId, name, dims.toArray(String[]::new), columns.toArray(String[]::new)))
        .map(rows -> templates(rows).stream().findFirst().orElseThrow(ReportsStore::nameTaken));
  }

  /** Empty when not the caller's template; a 409 naming {@code name} when renamed onto another one. */
  public Future<Optional<Template>> updateTemplate(long agencyId, long identityId, long id, String name, List<String> dims,
                                                   List<String> columns) {
    return pg.preparedQuery("""
            UPDATE report_templates SET name = $4, dimensions = $5, columns = $6, updated_at = now()
             WHERE agency_id = $1 AND identity_id = $2 AND id = $3 RETURNING """ + " " + TEMPLATE_COLUMNS)
        .execute(Tuple.of(agencyId, identityId, id, name, dims.toArray(String[]::new), columns.toArray(String[]::new)))
        .map(rows -> templates(rows).stream().findFirst())
        .recover(e -> Future.failedFuture(e instanceof PgException pe && "23505".equals(pe.getSqlState()) ? nameTaken() : e));
  }

  private static Conflict nameTaken() {
    return new Conflict("template-name", "You already have a template of that name",
        List.of(new FieldError("name", "is already used by another of your templates")), null);
  }

  public Future<Boolean> deleteTemplate(long agencyId, long identityId, long id) {
    return pg.preparedQuery("DELETE FROM report_templates WHERE agency_id = $1 AND identity_id = $2 AND id = $3")
        .execute(Tuple.of(agencyId, identityId, id)).map(rows -> rows.rowCount() > 0);
  }

  private static List<Template> templates(RowSet<Row> rows) {
    List<Template> out = new ArrayList<>(rows.size());
    for (Row r : rows) {
      out.add(new Template(r.getLong(0), r.getString(1), List.of(r.getArrayOfStrings(2)), List.of(r.getArrayOfStrings(3)),
          r.getOffsetDateTime(4).toInstant()));
    }
    return out;
  }

  private static OffsetDateTime utc(Instant i) { return i.atOffset(ZoneOffset.UTC); }
}
