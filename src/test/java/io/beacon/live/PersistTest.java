package io.beacon.live;

import io.beacon.Beacon;
import io.beacon.TestBeacon;
import io.vertx.core.json.JsonArray;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;

import static io.beacon.Poll.eventually;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class PersistTest {
  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

  @Test
  @DisplayName("accepted events reach spend_hourly (both bases) and spend_daily with the coupon and credit split")
  void persists() {
    LiveFixture f = new LiveFixture(1);
    long c = f.agency.clients.get(0);
    f.fund(c, 100, 50, 100);
    f.ingest(new JsonArray().add(LiveFixture.event(c, 30)).add(LiveFixture.event(c, 40)).add(LiveFixture.event(c, 100)));
    eventually(() -> daily(f.agency.id, c, "billing")[0] == 170);
    assertEquals(50, daily(f.agency.id, c, "billing")[1]);
    assertEquals(20, daily(f.agency.id, c, "billing")[2]);
    assertEquals(170, daily(f.agency.id, c, "conversion")[0]);
    long[] hourly = hourly(f.agency.id, c, "billing", null);
    assertEquals(170, hourly[0]);
    assertEquals(50, hourly[1]);
    assertEquals(20, hourly[2]);
    assertEquals(170, hourly(f.agency.id, c, "conversion", null)[0]);
  }

  @Test
  @DisplayName("one batch over several rows of a client: each row's coupon and credit parts are the balances drawn row by row in order")
  void splitAcrossRows() {
    LiveFixture f = new LiveFixture(1);
    long c = f.agency.clients.get(0);
    f.fund(c, 30, 50, 100);
    f.ingest(new JsonArray().add(LiveFixture.event(c, 40).put("unitId", "row-a")).add(LiveFixture.event(c, 40).put("unitId", "row-b"))
        .add(LiveFixture.event(c, 60).put("unitId", "row-c")));
    eventually(() -> daily(f.agency.id, c, "billing")[0] == 140);
    // Coupons (50) go first, then cash (30), then credit: a gets 40 coupon; b 10 coupon + 30 cash; c 60 credit.
    assertArrayEquals(new long[]{40, 40, 0}, hourly(f.agency.id, c, "billing", "row-a"));
    assertArrayEquals(new long[]{40, 10, 0}, hourly(f.agency.id, c, "billing", "row-b"));
    assertArrayEquals(new long[]{60, 0, 60}, hourly(f.agency.id, c, "conversion", "row-c"));
    assertArrayEquals(new long[]{140, 50, 60}, daily(f.agency.id, c, "billing"));
  }

  @Test
  @DisplayName("exactly once across a restart: entries a dead instance committed are skipped, uncommitted ones persisted once")
  void exactlyOnceAcrossRestart() throws Exception {
    LiveFixture f = new LiveFixture(1);
    long c = f.agency.clients.get(0);
    var platform = TestBeacon.shared().platform();
    int p = new LiveKeys(platform.config().live().partitions()).partition(c);
    long now = Instant.now().getEpochSecond();
    long hour = now - now % 3600;
    long day = LocalDate.ofInstant(Instant.now(), SHANGHAI).toEpochDay();
    String committed = record(f.agency.id, c, hour, day, "ghost-committed", 700);
    String pending = record(f.agency.id, c, hour, day, "ghost-pending", 300);
    // A "dead" consumer takes both entries; it had committed the first before dying, not the second.
    Response ids = platform.redisClient().send(Request.cmd(Command.EVAL).arg("""
            local a = redis.call('XADD', KEYS[1], '*', 'r', ARGV[1])
            local b = redis.call('XADD', KEYS[1], '*', 'r', ARGV[2])
            redis.call('XREADGROUP', 'GROUP', 'persist', 'ghost', 'COUNT', '1000', 'STREAMS', KEYS[1], '>')
            return {a, b}""").arg(1).arg(LiveKeys.stream(p)).arg(committed).arg(pending)).await();
    var pg = platform.pg();
    pg.query("SELECT ensure_spend_partition(now())").execute().await();
    pg.preparedQuery("INSERT INTO live_persisted (partition, entry_id) VALUES ($1, $2)").execute(Tuple.of(p, ids.get(0).toString())).await();
    pg.preparedQuery("""
        INSERT INTO spend_hourly (agency_id, client_id, hour, basis, mode, brand, goal, conversion_event, campaign_id, unit_id,
                                  impressions, clicks, cost_fen, conversions, coupon_fen, credit_fen)
        VALUES ($1, $2, to_timestamp($3), 'billing', 'search', false, 'g', 'e', 'cmp', 'ghost-committed', 1, 1, 700, 0, 0, 0)""")
        .execute(Tuple.of(f.agency.id, c, hour)).await();

    try (Beacon restarted = TestBeacon.another(Map.of("live.claimIdleMillis", "200"))) {
      eventually(() -> hourly(f.agency.id, c, "billing", "ghost-pending")[0] == 300);
      eventually(() -> ghostPending(restarted, p) == 0);
    }
    assertEquals(700, hourly(f.agency.id, c, "billing", "ghost-committed")[0]);
    assertEquals(300, hourly(f.agency.id, c, "billing", "ghost-pending")[0]);
    assertEquals(300, hourly(f.agency.id, c, "conversion", "ghost-pending")[0]);
    assertEquals(300, daily(f.agency.id, c, "billing")[0]);
  }

  @Test
  @DisplayName("with PostgreSQL down ingest keeps accepting; persistence catches up when it is back, sums equal")
  void postgresDown() throws Exception {
    LiveFixture f = new LiveFixture(1);
    long c = f.agency.clients.get(0);
    f.fund(c, 1_000_000, 0, 0);
    assertEquals(1, f.ingest(new JsonArray().add(LiveFixture.event(c, 100))).json().getInteger("accepted"));
    var engines = TestBeacon.shared().platform().engines();
    engines.stopPg();
    try {
      for (int i = 0; i < 3; i++) {
        var r = f.ingest(new JsonArray().add(LiveFixture.event(c, 10)).add(LiveFixture.event(c, 20)));
        assertEquals(200, r.status(), r.toString());
        assertEquals(2, r.json().getInteger("accepted"));
      }
    } finally {
      engines.startPg();
    }
    eventually(() -> daily(f.agency.id, c, "billing")[0] == 190);
    assertEquals(190, f.live(c).getLong("spendFen"));
  }

  private static long ghostPending(Beacon b, int p) {
    Response r = b.platform().redisClient().send(Request.cmd(Command.XPENDING).arg(LiveKeys.stream(p)).arg("persist")
        .arg("-").arg("+").arg(100).arg("ghost")).await();
    return r.size();
  }

  private static String record(long agency, long client, long hour, long day, String unit, long cost) {
    return agency + "|" + client + "|" + hour + "|" + day + "|" + hour + "|" + day + "|1|0|g|e|cmp|" + unit + "|1|1|" + cost + "|0|0|0";
  }

  /** cost, coupon, credit of the client's spend_daily rows of one basis. */
  static long[] daily(long agency, long client, String basis) {
    Row r = TestBeacon.shared().platform().pg().preparedQuery("""
        SELECT coalesce(sum(cost_fen), 0), coalesce(sum(coupon_fen), 0), coalesce(sum(credit_fen), 0) FROM spend_daily
        WHERE agency_id = $1 AND client_id = $2 AND basis = $3""").execute(Tuple.of(agency, client, basis)).await().iterator().next();
    return new long[]{r.getLong(0), r.getLong(1), r.getLong(2)};
  }

  static long[] hourly(long agency, long client, String basis, String unit) {
    Row r = TestBeacon.shared().platform().pg().preparedQuery("""
        SELECT coalesce(sum(cost_fen), 0), coalesce(sum(coupon_fen), 0), coalesce(sum(credit_fen), 0) FROM spend_hourly
        WHERE agency_id = $1 AND client_id = $2 AND basis = $3 AND ($4::text IS NULL OR unit_id = $4)""")
        .execute(Tuple.of(agency, client, basis, unit)).await().iterator().next();
    return new long[]{r.getLong(0), r.getLong(1), r.getLong(2)};
  }
}
