package io.beacon.live;

import io.beacon.auth.ClientScope;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** SQL of the live counters: which agency a client belongs to, the PostgreSQL truth a client is loaded from. */
final class LiveStore {
  /** A client's home: agency and the agency's business time zone. */
  record ClientInfo(long clientId, long agencyId, ZoneId zone, String name) {}

  /** What a client's live figures start from: budget, ledger balances and today's persisted spend. */
  record ClientState(long dailyBudgetFen, long cashFen, long couponFen, long creditFen, long[] today) {}

  private final Pool pg;

  LiveStore(Pool pg) { this.pg = pg; }

  Future<List<ClientInfo>> clientInfos(Collection<Long> ids) {
    return pg.preparedQuery("""
            SELECT c.id, c.agency_id, a.time_zone, c.name FROM clients c JOIN agencies a ON a.id = c.agency_id
            WHERE c.id = ANY($1)""")
        .execute(Tuple.of(ids.toArray(new Long[0])))
        .map(rows -> {
          List<ClientInfo> out = new ArrayList<>();
          for (Row r : rows) out.add(new ClientInfo(r.getLong(0), r.getLong(1), ZoneId.of(r.getString(2)), r.getString(3)));
          return out;
        });
  }

  /** Which of these clients of the agency are terminated: read per ingest batch, so a termination stops billing at once. */
  Future<java.util.Set<Long>> terminated(long agencyId, Collection<Long> ids) {
    return pg.preparedQuery("SELECT id FROM clients WHERE agency_id = $1 AND id = ANY($2) AND status = 'terminated'")
        .execute(Tuple.tuple().addLong(agencyId).addArrayOfLong(ids.toArray(new Long[0])))
        .map(rows -> {
          java.util.Set<Long> out = new java.util.HashSet<>();
          for (Row r : rows) out.add(r.getLong(0));
          return out;
        });
  }

  /** Every client of the agency a scope may see (all for agency-wide scopes). */
  Future<List<Long>> clientIds(ClientScope scope) {
    return pg.preparedQuery("SELECT id FROM clients c WHERE " + ClientScope.condition("c.agency_id", "c.id", 1) + " ORDER BY id")
        .execute(scope.addTo(Tuple.tuple()))
        .map(rows -> {
          List<Long> ids = new ArrayList<>();
          for (Row r : rows) ids.add(r.getLong(0));
          return ids;
        });
  }

  /** Every agency id (background monitors walk them). */
  Future<List<Long>> agencyIds() {
    return pg.query("SELECT id FROM agencies ORDER BY id").execute().map(rows -> {
      List<Long> ids = new ArrayList<>();
      for (Row r : rows) ids.add(r.getLong(0));
      return ids;
    });
  }

  Future<ZoneId> agencyZone(long agencyId) {
    return pg.preparedQuery("SELECT time_zone FROM agencies WHERE id = $1").execute(Tuple.of(agencyId))
        .map(rows -> rows.size() == 0 ? ZoneId.of("Asia/Shanghai") : ZoneId.of(rows.iterator().next().getString(0)));
  }

  /**
   * The agency's active clients for delivery systems (and the simulator) holding its ingest key: budget,
   * ledger balance (cash + coupons + credit), typical spend per local hour (the average of each hour of
   * the day over the 7 days before today, billing time — the same average the swing rules use as
   * baseline) and the client's mix of promotion modes and brand / performance over those days.
   */
  Future<io.vertx.core.json.JsonArray> ingestClients(long agencyId, java.time.Instant now) {
    return pg.preparedQuery("""
            WITH a AS (SELECT time_zone, date_trunc('day', $2::timestamptz AT TIME ZONE time_zone) AT TIME ZONE time_zone AS today
                         FROM agencies WHERE id = $1),
            h AS (SELECT s.client_id, extract(hour FROM s.hour AT TIME ZONE a.time_zone)::int AS hod, s.mode, s.brand,
                         sum(s.cost_fen) AS fen, sum(s.impressions) AS imp, sum(s.clicks) AS clicks, sum(s.conversions) AS conv,
                         max(s.goal) AS goal, max(s.conversion_event) AS event
                    FROM spend_hourly s CROSS JOIN a
                   WHERE s.agency_id = $1 AND s.basis = 'billing' AND s.hour >= a.today - interval '7 days' AND s.hour < a.today
                   GROUP BY 1, 2, 3, 4)
            SELECT c.id, c.daily_budget_fen,
                   (SELECT coalesce(sum(l.balance_fen), 0)::bigint FROM ledger_accounts l WHERE l.agency_id = $1 AND l.client_id = c.id
                       AND l.kind IN ('client_cash', 'client_coupon_normal', 'client_coupon_traffic', 'client_credit')),
                   (SELECT array_agg(coalesce(t.fen, 0)::bigint ORDER BY g.hod) FROM generate_series(0, 23) AS g(hod)
                      LEFT JOIN (SELECT hod, sum(fen) / 7 AS fen FROM h WHERE h.client_id = c.id GROUP BY hod) t ON t.hod = g.hod),
                   (SELECT json_agg(json_build_object('mode', m.mode, 'brand', m.brand, 'fen', m.fen::bigint, 'imp', m.imp::bigint,
                                   'clicks', m.clicks::bigint, 'conv', m.conv::bigint, 'goal', m.goal, 'event', m.event) ORDER BY m.fen DESC)
                      FROM (SELECT mode, brand, sum(fen) AS fen, sum(imp) AS imp, sum(clicks) AS clicks, sum(conv) AS conv,
                                   max(goal) AS goal, max(event) AS event
                              FROM h WHERE h.client_id = c.id GROUP BY mode, brand) m)
            FROM clients c WHERE c.agency_id = $1 AND c.status = 'active' ORDER BY c.id""")
        .execute(Tuple.of(agencyId, OffsetDateTime.ofInstant(now, java.time.ZoneOffset.UTC)))
        .map(rows -> {
          io.vertx.core.json.JsonArray out = new io.vertx.core.json.JsonArray();
          for (Row r : rows) {
            io.vertx.core.json.JsonArray mix = new io.vertx.core.json.JsonArray();
            Object m = r.getValue(4);
            if (m instanceof io.vertx.core.json.JsonArray parts) {
              long total = parts.stream().mapToLong(p -> ((JsonObject) p).getLong("fen")).sum();
              for (Object p : parts) {
                JsonObject j = (JsonObject) p;
                if (total > 0) mix.add(mixPart(j, total));
              }
            }
            out.add(new JsonObject().put("clientId", r.getLong(0)).put("dailyBudgetFen", r.getLong(1)).put("balanceFen", r.getLong(2))
                .put("typicalHourlyFen", new io.vertx.core.json.JsonArray(List.of(r.getArrayOfLongs(3)))).put("mix", mix));
          }
          return out;
        });
  }

  /**
   * One part of a client's mix: its share of spend and, from the same days, its CPM, CTR and CVR and
   * its goal, so that simulated traffic looks like the client's own history.
   */
  private static JsonObject mixPart(JsonObject j, long total) {
    long fen = j.getLong("fen"), imp = j.getLong("imp", 0L), clicks = j.getLong("clicks", 0L), conv = j.getLong("conv", 0L);
    JsonObject part = new JsonObject().put("mode", j.getString("mode")).put("brand", j.getBoolean("brand"))
        .put("share", Math.round(fen * 10_000.0 / total) / 10_000.0);
    if (imp > 0) part.put("cpmFen", fen * 1000 / imp).put("ctr", clicks / (double) imp);
    if (clicks > 0) part.put("cvr", conv / (double) clicks);
    if (j.getString("goal") != null) part.put("goal", j.getString("goal")).put("conversionEvent", j.getString("event"));
    return part;
  }

  /**
   * Each client's spend baseline at {@code hour}: the average billed spend in the same hour over the
   * previous 7 days, or the trailing hour when there is no such history; and yesterday's same hour.
   */
  Future<Map<Long, AlertRules.Baseline>> baselines(long agencyId, OffsetDateTime hour) {
    OffsetDateTime[] sameHours = new OffsetDateTime[7];
    for (int k = 1; k <= 7; k++) sameHours[k - 1] = hour.minusDays(k);
    return pg.preparedQuery("""
            SELECT client_id,
                   coalesce(sum(cost_fen) FILTER (WHERE hour = ANY($2)), 0),
                   coalesce(sum(cost_fen) FILTER (WHERE hour = $3), 0),
                   coalesce(sum(cost_fen) FILTER (WHERE hour = $4), 0)
            FROM spend_hourly
            WHERE agency_id = $1 AND basis = 'billing' AND (hour = ANY($2) OR hour = $4)
            GROUP BY client_id""")
        .execute(Tuple.of(agencyId, sameHours, hour.minusDays(1), hour.minusHours(1)))
        .map(rows -> {
          Map<Long, AlertRules.Baseline> out = new HashMap<>();
          for (Row r : rows) {
            long week = r.getLong(1);
            out.put(r.getLong(0), new AlertRules.Baseline(week > 0 ? week / 7 : r.getLong(3), r.getLong(2)));
          }
          return out;
        });
  }

  /** Today's persisted billed figures per client of the agency (s sp sb m0..m3 i k v), for reconciliation. */
  Future<Map<Long, long[]>> persistedDay(long agencyId, LocalDate day) {
    return pg.preparedQuery("""
            SELECT client_id, mode, brand, sum(cost_fen), sum(impressions), sum(clicks), sum(conversions) FROM spend_daily
            WHERE agency_id = $1 AND basis = 'billing' AND day = $2 GROUP BY client_id, mode, brand""")
        .execute(Tuple.of(agencyId, day))
        .map(rows -> {
          Map<Long, long[]> out = new HashMap<>();
          for (Row r : rows) addToday(out.computeIfAbsent(r.getLong(0), k -> new long[10]), r.getString(1), r.getBoolean(2),
              r.getLong(3), r.getLong(4), r.getLong(5), r.getLong(6));
          return out;
        });
  }

  /** Which of the stream entries ("partition:id") PostgreSQL has already folded in. */
  Future<java.util.Set<String>> persisted(List<Integer> partitions, List<String> ids) {
    return pg.preparedQuery("SELECT partition, entry_id FROM live_persisted WHERE (partition, entry_id) IN (SELECT * FROM unnest($1::int[], $2::text[]))")
        .execute(Tuple.tuple().addValue(partitions.toArray(new Integer[0])).addValue(ids.toArray(new String[0])))
        .map(rows -> {
          java.util.Set<String> out = new java.util.HashSet<>();
          for (Row r : rows) out.add(r.getInteger(0) + ":" + r.getString(1));
          return out;
        });
  }

  /** Adds one (mode, brand) slice to a today-figures array: s sp sb m0..m3 i k v. */
  static void addToday(long[] t, String mode, boolean brand, long cost, long impressions, long clicks, long conversions) {
    t[0] += cost;
    t[brand ? 2 : 1] += cost;
    t[3 + EventBatch.modeIndex(mode)] += cost;
    t[7] += impressions;
    t[8] += clicks;
    t[9] += conversions;
  }

  Future<Boolean> visible(ClientScope scope, long clientId) {
    return pg.preparedQuery("SELECT 1 FROM clients c WHERE c.id = $4 AND " + ClientScope.condition("c.agency_id", "c.id", 1))
        .execute(scope.addTo(Tuple.tuple()).addLong(clientId))
        .map(rows -> rows.size() > 0);
  }

  /**
   * Budget, ledger balances (cash; normal + traffic coupons; credit) and today's spend from
   * spend_daily (billing basis) as s sp sb m0..m3 i k v.
   */
  Future<ClientState> state(long agencyId, long clientId, LocalDate today) {
    Future<Row> budget = pg.preparedQuery("""
            SELECT c.daily_budget_fen,
                   coalesce(sum(l.balance_fen) FILTER (WHERE l.kind = 'client_cash'), 0),
                   coalesce(sum(l.balance_fen) FILTER (WHERE l.kind IN ('client_coupon_normal', 'client_coupon_traffic')), 0),
                   coalesce(sum(l.balance_fen) FILTER (WHERE l.kind = 'client_credit'), 0)
            FROM clients c LEFT JOIN ledger_accounts l ON l.agency_id = c.agency_id AND l.client_id = c.id
            WHERE c.agency_id = $1 AND c.id = $2 GROUP BY c.daily_budget_fen""")
        .execute(Tuple.of(agencyId, clientId)).map(rows -> rows.iterator().next());
    Future<long[]> spend = pg.preparedQuery("""
            SELECT mode, brand, sum(cost_fen), sum(impressions), sum(clicks), sum(conversions) FROM spend_daily
            WHERE agency_id = $1 AND client_id = $2 AND basis = 'billing' AND day = $3 GROUP BY mode, brand""")
        .execute(Tuple.of(agencyId, clientId, today))
        .map(rows -> {
          long[] t = new long[10];
          for (Row r : rows) addToday(t, r.getString(0), r.getBoolean(1), r.getLong(2), r.getLong(3), r.getLong(4), r.getLong(5));
          return t;
        });
    return Future.all(budget, spend).map(v -> {
      Row b = budget.result();
      return new ClientState(b.getLong(0), b.getLong(1), b.getLong(2), b.getLong(3), spend.result());
    });
  }

  /** Sets the budget of a visible client; the previous budget, or empty when the scope does not see it. */
  Future<Optional<Long>> setDailyBudget(ClientScope scope, long clientId, long budgetFen) {
    return pg.preparedQuery("""
            UPDATE clients c SET daily_budget_fen = $5 FROM clients old
            WHERE old.id = c.id AND c.id = $4 AND\s""" + ClientScope.condition("c.agency_id", "c.id", 1)
            + " RETURNING old.daily_budget_fen")
        .execute(scope.addTo(Tuple.tuple()).addLong(clientId).addLong(budgetFen))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getLong(0)));
  }

  Future<JsonObject> agencySettings(long agencyId) {
    return pg.preparedQuery("SELECT settings FROM agencies WHERE id = $1").execute(Tuple.of(agencyId))
        .map(rows -> rows.size() == 0 ? new JsonObject() : (JsonObject) rows.iterator().next().getValue(0));
  }

  /** Replaces one top-level member of the agency's settings document. */
  Future<Void> putAgencySetting(long agencyId, String member, JsonObject value) {
    return pg.preparedQuery("UPDATE agencies SET settings = jsonb_set(settings, $2, $3::jsonb) WHERE id = $1")
        .execute(Tuple.of(agencyId, new String[]{member}, value)).mapEmpty();
  }
}
