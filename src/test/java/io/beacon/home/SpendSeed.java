package io.beacon.home;

import io.beacon.TestBeacon;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes delivery figures the way the persistence worker does: one hourly aggregate row and the same
 * amounts added to the agency-day rollup. Tests compare the read models with sums of what they wrote.
 */
public final class SpendSeed {
  public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
  private static final AtomicLong UNIT = new AtomicLong();

  private final Pool pg = TestBeacon.shared().platform().pg();
  private final long agencyId;

  public SpendSeed(long agencyId) { this.agencyId = agencyId; }

  public static LocalDate today() { return LocalDate.now(ZONE); }

  /** The instant of {@code hour}:00 on {@code day} in the agency zone. */
  public static Instant at(LocalDate day, int hour) { return day.atTime(hour, 0).atZone(ZONE).toInstant(); }

  public SpendSeed spend(long clientId, Instant hour, String basis, String mode, boolean brand,
                         long impressions, long clicks, long costFen, long conversions) {
    String unit = "u" + UNIT.incrementAndGet();
    return spend(clientId, hour, basis, mode, brand, "sales", "purchase", "c-" + unit, unit, impressions, clicks, costFen, conversions);
  }

  /** As above with the marketing goal, conversion event, campaign and unit of the row (the data overview's dimensions). */
  public SpendSeed spend(long clientId, Instant hour, String basis, String mode, boolean brand, String goal, String event,
                         String campaign, String unit, long impressions, long clicks, long costFen, long conversions) {
    pg.preparedQuery("SELECT ensure_spend_partition($1)").execute(Tuple.of(hour.atOffset(ZoneOffset.UTC))).await();
    pg.preparedQuery("""
        INSERT INTO spend_hourly (agency_id, client_id, hour, basis, mode, brand, goal, conversion_event, campaign_id, unit_id,
                                  impressions, clicks, cost_fen, conversions)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)""")
        .execute(Tuple.tuple().addLong(agencyId).addLong(clientId).addOffsetDateTime(hour.atOffset(ZoneOffset.UTC))
            .addString(basis).addString(mode).addBoolean(brand).addString(goal).addString(event).addString(campaign)
            .addString(unit).addLong(impressions).addLong(clicks).addLong(costFen).addLong(conversions)).await();
    pg.preparedQuery("""
        INSERT INTO spend_daily (agency_id, client_id, day, basis, mode, brand, impressions, clicks, cost_fen, conversions)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
        ON CONFLICT (client_id, basis, day, mode, brand) DO UPDATE SET impressions = spend_daily.impressions + excluded.impressions,
          clicks = spend_daily.clicks + excluded.clicks, cost_fen = spend_daily.cost_fen + excluded.cost_fen,
          conversions = spend_daily.conversions + excluded.conversions""")
        .execute(Tuple.tuple().addLong(agencyId).addLong(clientId).addLocalDate(hour.atZone(ZONE).toLocalDate())
            .addString(basis).addString(mode).addBoolean(brand).addLong(impressions).addLong(clicks).addLong(costFen)
            .addLong(conversions)).await();
    return this;
  }

  /** Billing-basis performance spend. */
  public SpendSeed perf(long clientId, Instant hour, String mode, long impressions, long clicks, long costFen, long conversions) {
    return spend(clientId, hour, "billing", mode, false, impressions, clicks, costFen, conversions);
  }

  /** A ledger account balance (opening balances are what the read models fall back on without live). */
  public SpendSeed account(Long clientId, String kind, long balanceFen) {
    pg.preparedQuery("""
        INSERT INTO ledger_accounts (agency_id, client_id, kind, allow_negative, balance_fen) VALUES ($1, $2, $3, false, $4)
        ON CONFLICT (agency_id, kind, coalesce(client_id, 0)) DO UPDATE SET balance_fen = excluded.balance_fen""")
        .execute(Tuple.tuple().addLong(agencyId).addLong(clientId).addString(kind).addLong(balanceFen)).await();
    return this;
  }
}
