package io.beacon.live;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** SQL of the persistence worker: the per-entry watermark and the hourly / daily upserts. */
final class PersistStore {
  /** One spend_hourly row's identity. {@code basis} is 'billing' or 'conversion'. */
  record HourKey(long agencyId, long clientId, String basis, long hourEpochSecond, int mode, boolean brand, String goal,
                 String conversionEvent, String campaignId, String unitId) {}

  record DayKey(long agencyId, long clientId, String basis, long epochDay, int mode, boolean brand) {}

  /** Sums: impressions, clicks, cost, conversions, coupon part, credit part (a record line's, {@link SpendRecord}). */
  static final int SUMS = SpendRecord.SUMS;

  private final Pool pg;

  PersistStore(Pool pg) { this.pg = pg; }

  Pool pool() { return pg; }

  Future<Void> ensurePartition(long hourEpochSecond) {
    return pg.preparedQuery("SELECT ensure_spend_partition($1)").execute(Tuple.of(at(hourEpochSecond))).mapEmpty();
  }

  /** Claims the entries for this transaction; returns those not persisted before ("partition:id"). */
  Future<Set<String>> claim(SqlConnection conn, List<Integer> partitions, List<String> ids) {
    return conn.preparedQuery("""
            INSERT INTO live_persisted (partition, entry_id) SELECT * FROM unnest($1::int[], $2::text[])
            ON CONFLICT DO NOTHING RETURNING partition, entry_id""")
        .execute(Tuple.tuple().addValue(partitions.toArray(new Integer[0])).addValue(ids.toArray(new String[0])))
        .map(rows -> {
          Set<String> fresh = new HashSet<>();
          for (Row r : rows) fresh.add(r.getInteger(0) + ":" + r.getString(1));
          return fresh;
        });
  }

  Future<Void> upsertHourly(SqlConnection conn, Collection<Map.Entry<HourKey, long[]>> rows) {
    int n = rows.size();
    if (n == 0) return Future.succeededFuture();
    Long[] agency = new Long[n], client = new Long[n];
    OffsetDateTime[] hour = new OffsetDateTime[n];
    String[] basis = new String[n], mode = new String[n], goal = new String[n], ce = new String[n], camp = new String[n], unit = new String[n];
    Boolean[] brand = new Boolean[n];
    Long[][] sums = new Long[SUMS][n];
    int i = 0;
    for (Map.Entry<HourKey, long[]> e : rows) {
      HourKey k = e.getKey();
      agency[i] = k.agencyId();
      client[i] = k.clientId();
      hour[i] = at(k.hourEpochSecond());
      basis[i] = k.basis();
      mode[i] = EventBatch.MODES[k.mode()];
      brand[i] = k.brand();
      goal[i] = k.goal();
      ce[i] = k.conversionEvent();
      camp[i] = k.campaignId();
      unit[i] = k.unitId();
      for (int j = 0; j < SUMS; j++) sums[j][i] = e.getValue()[j];
      i++;
    }
    return conn.preparedQuery("""
            INSERT INTO spend_hourly AS h (agency_id, client_id, hour, basis, mode, brand, goal, conversion_event, campaign_id,
                                           unit_id, impressions, clicks, cost_fen, conversions, coupon_fen, credit_fen)
            SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::timestamptz[], $4::text[], $5::text[], $6::bool[], $7::text[],
                                 $8::text[], $9::text[], $10::text[], $11::bigint[], $12::bigint[], $13::bigint[], $14::bigint[],
                                 $15::bigint[], $16::bigint[])
            ON CONFLICT (client_id, basis, hour, mode, brand, goal, conversion_event, campaign_id, unit_id) DO UPDATE SET
              impressions = h.impressions + excluded.impressions, clicks = h.clicks + excluded.clicks,
              cost_fen = h.cost_fen + excluded.cost_fen, conversions = h.conversions + excluded.conversions,
              coupon_fen = h.coupon_fen + excluded.coupon_fen, credit_fen = h.credit_fen + excluded.credit_fen""")
        .execute(Tuple.tuple().addValue(agency).addValue(client).addValue(hour).addValue(basis).addValue(mode).addValue(brand)
            .addValue(goal).addValue(ce).addValue(camp).addValue(unit).addValue(sums[0]).addValue(sums[1]).addValue(sums[2])
            .addValue(sums[3]).addValue(sums[4]).addValue(sums[5]))
        .mapEmpty();
  }

  Future<Void> upsertDaily(SqlConnection conn, Collection<Map.Entry<DayKey, long[]>> rows) {
    int n = rows.size();
    if (n == 0) return Future.succeededFuture();
    Long[] agency = new Long[n], client = new Long[n];
    LocalDate[] day = new LocalDate[n];
    String[] basis = new String[n], mode = new String[n];
    Boolean[] brand = new Boolean[n];
    Long[][] sums = new Long[SUMS][n];
    int i = 0;
    for (Map.Entry<DayKey, long[]> e : rows) {
      DayKey k = e.getKey();
      agency[i] = k.agencyId();
      client[i] = k.clientId();
      day[i] = LocalDate.ofEpochDay(k.epochDay());
      basis[i] = k.basis();
      mode[i] = EventBatch.MODES[k.mode()];
      brand[i] = k.brand();
      for (int j = 0; j < SUMS; j++) sums[j][i] = e.getValue()[j];
      i++;
    }
    return conn.preparedQuery("""
            INSERT INTO spend_daily AS d (agency_id, client_id, day, basis, mode, brand, impressions, clicks, cost_fen,
                                          conversions, coupon_fen, credit_fen)
            SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::date[], $4::text[], $5::text[], $6::bool[], $7::bigint[],
                                 $8::bigint[], $9::bigint[], $10::bigint[], $11::bigint[], $12::bigint[])
            ON CONFLICT (client_id, basis, day, mode, brand) DO UPDATE SET
              impressions = d.impressions + excluded.impressions, clicks = d.clicks + excluded.clicks,
              cost_fen = d.cost_fen + excluded.cost_fen, conversions = d.conversions + excluded.conversions,
              coupon_fen = d.coupon_fen + excluded.coupon_fen, credit_fen = d.credit_fen + excluded.credit_fen""")
        .execute(Tuple.tuple().addValue(agency).addValue(client).addValue(day).addValue(basis).addValue(mode).addValue(brand)
            .addValue(sums[0]).addValue(sums[1]).addValue(sums[2]).addValue(sums[3]).addValue(sums[4]).addValue(sums[5]))
        .mapEmpty();
  }

  /** Watermark rows older than the stream could ever replay. */
  Future<Void> pruneWatermarks(int days) {
    return pg.preparedQuery("DELETE FROM live_persisted WHERE persisted_at < now() - make_interval(days => $1)")
        .execute(Tuple.of(days)).mapEmpty();
  }

  private static OffsetDateTime at(long epochSecond) {
    return OffsetDateTime.ofInstant(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC);
  }
}
