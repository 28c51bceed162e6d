package io.beacon.partner;

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
import java.util.Optional;

/** SQL of performance (业绩): published indicators and the figures Beacon computes from spend_daily (billing basis). */
public final class PerformanceStore {
  private final Pool pg;

  public PerformanceStore(Pool pg) { this.pg = pg; }

  /** An indicator as the platform published it; {@code actual} null when Beacon computes it. */
  public record Indicator(String period, String code, String name, String unit, long target, Long actual, Instant publishedAt) {}

  /** Spend in fen, clients with spend > 0, and clients whose first spend falls in the range. */
  public record Figures(long spendFen, long activeClients, long newClients) {}

  public record ClientSpend(long clientId, String name, String pid, String industry, long spendFen) {}

  public record ClientPage(List<ClientSpend> items, long total, long totalSpendFen) {}

  public Future<List<Indicator>> indicators(long agencyId, String period) {
    return pg.preparedQuery("""
            SELECT period, code, name, unit, target_value, actual_value, published_at FROM partner_indicators
             WHERE agency_id = $1 AND period = $2 ORDER BY code""")
        .execute(Tuple.of(agencyId, period))
        .map(rows -> {
          List<Indicator> out = new ArrayList<>();
          rows.forEach(r -> out.add(indicator(r)));
          return out;
        });
  }

  public Future<Figures> figures(long agencyId, LocalDate from, LocalDate to) {
    return pg.preparedQuery("""
            WITH spent AS (
              SELECT client_id, sum(cost_fen) AS spend FROM spend_daily
               WHERE agency_id = $1 AND basis = 'billing' AND day BETWEEN $2 AND $3
               GROUP BY client_id HAVING sum(cost_fen) > 0),
            first_spend AS (
              SELECT client_id, min(day) AS first_day FROM spend_daily
               WHERE agency_id = $1 AND basis = 'billing' AND cost_fen > 0 AND day <= $3
               GROUP BY client_id)
            SELECT coalesce((SELECT sum(spend) FROM spent), 0)::bigint, (SELECT count(*) FROM spent),
                   (SELECT count(*) FROM first_spend WHERE first_day >= $2)""")
        .execute(Tuple.of(agencyId, from, to))
        .map(rows -> {
          Row r = rows.iterator().next();
          return new Figures(r.getLong(0), r.getLong(1), r.getLong(2));
        });
  }

  /** The clients with spend > 0 in the range, most spend first, one page. */
  public Future<ClientPage> clients(long agencyId, LocalDate from, LocalDate to, int limit, int offset) {
    return pg.preparedQuery("""
            WITH spent AS (
              SELECT client_id, sum(cost_fen)::bigint AS spend FROM spend_daily
               WHERE agency_id = $1 AND basis = 'billing' AND day BETWEEN $2 AND $3
               GROUP BY client_id HAVING sum(cost_fen) > 0)
            SELECT c.id, c.name, c.pid, c.industry, s.spend, count(*) OVER () AS total, sum(s.spend) OVER ()::bigint AS total_spend
              FROM spent s JOIN clients c ON c.id = s.client_id AND c.agency_id = $1
             ORDER BY s.spend DESC, c.id LIMIT $4 OFFSET $5""")
        .execute(Tuple.of(agencyId, from, to, limit, offset))
        .compose(rows -> {
          List<ClientSpend> items = new ArrayList<>();
          long[] totals = {0, 0};
          rows.forEach(r -> {
            items.add(new ClientSpend(r.getLong("id"), r.getString("name"), r.getString("pid"), r.getString("industry"), r.getLong("spend")));
            totals[0] = r.getLong("total");
            totals[1] = r.getLong("total_spend");
          });
          if (!items.isEmpty() || offset == 0) return Future.succeededFuture(new ClientPage(items, totals[0], totals[1]));
          // a page past the end still reports the totals
          return figures(agencyId, from, to).map(f -> new ClientPage(items, f.activeClients(), f.spendFen()));
        });
  }

  /** Publishes (or replaces) one indicator of an agency's period; empty when the agency does not exist. */
  public Future<Optional<Indicator>> upsert(long agencyId, Indicator i) {
    return pg.preparedQuery("""
            INSERT INTO partner_indicators (agency_id, period, code, name, unit, target_value, actual_value, published_at)
            SELECT id, $2, $3, $4, $5, $6, $7, $8 FROM agencies WHERE id = $1
            ON CONFLICT (agency_id, period, code) DO UPDATE SET name = excluded.name, unit = excluded.unit,
              target_value = excluded.target_value, actual_value = excluded.actual_value, published_at = excluded.published_at
            RETURNING period, code, name, unit, target_value, actual_value, published_at""")
        .execute(Tuple.tuple().addLong(agencyId).addString(i.period()).addString(i.code()).addString(i.name()).addString(i.unit())
            .addLong(i.target()).addLong(i.actual()).addOffsetDateTime(utc(i.publishedAt())))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(indicator(rows.iterator().next())));
  }

  private static Indicator indicator(Row r) {
    return new Indicator(r.getString("period"), r.getString("code"), r.getString("name"), r.getString("unit"),
        r.getLong("target_value"), r.getLong("actual_value"), r.getOffsetDateTime("published_at").toInstant());
  }

  static OffsetDateTime utc(Instant at) { return OffsetDateTime.ofInstant(at, ZoneOffset.UTC); }
}
