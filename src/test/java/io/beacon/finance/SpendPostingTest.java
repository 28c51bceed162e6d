package io.beacon.finance;

import io.beacon.Beacon;
import io.beacon.Poll;
import io.beacon.TestAgency;
import io.beacon.TestBeacon;
import io.beacon.TestHttp;
import io.beacon.auth.Role;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import static io.beacon.finance.FinanceApiTest.recharge;
import static io.beacon.finance.FinanceApiTest.send;
import static io.beacon.finance.FinanceApiTest.transfer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpendPostingTest {
  private final TestHttp http = TestHttp.shared();

  /** Adds spend to live's hourly aggregate of the client (as live's persistence would). */
  static void addSpend(Pool pg, long agencyId, long clientId, OffsetDateTime hour, String mode, long cost, long coupon, long credit) {
    pg.preparedQuery("SELECT ensure_spend_partition($1)").execute(Tuple.of(hour)).await();
    pg.preparedQuery("""
            INSERT INTO spend_hourly (agency_id, client_id, hour, basis, mode, brand, goal, conversion_event, campaign_id, unit_id,
                                      impressions, clicks, cost_fen, conversions, coupon_fen, credit_fen)
            VALUES ($1, $2, $3, 'billing', $4, false, 'sales', 'purchase', 'c1', 'u1', 10, 1, $5, 0, $6, $7)
            ON CONFLICT (client_id, basis, hour, mode, brand, goal, conversion_event, campaign_id, unit_id) DO UPDATE SET
              cost_fen = spend_hourly.cost_fen + excluded.cost_fen, coupon_fen = spend_hourly.coupon_fen + excluded.coupon_fen,
              credit_fen = spend_hourly.credit_fen + excluded.credit_fen""")
        .execute(Tuple.of(agencyId, clientId, hour, mode, cost, coupon).addLong(credit)).await();
  }

  static OffsetDateTime thisHour() {
    return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.HOURS);
  }

  @Test
  @DisplayName("spend is posted exactly once — coupons first, then credit and cash as live split it, arrears beyond — across a second instance and repeated runs")
  void exactlyOnceAcrossRestart() {
    TestAgency a = TestAgency.create(1);
    long client = a.clients.get(0);
    String main = a.token(Role.MAIN);
    Pool pg = TestBeacon.shared().platform().pg();
    recharge(http, a, 100_000);
    assertEquals(201, transfer(http, a, Role.MAIN, client, "in", 10_000, null).status());
    assertEquals(201, send(http, HttpMethod.POST, "/api/v1/clients/" + client + "/coupons", main, new JsonObject()
        .put("type", "normal").put("amountFen", 2_000).put("expiresAt", Instant.now().plus(1, ChronoUnit.DAYS).toString()), null).status());
    assertEquals(200, send(http, HttpMethod.PUT, "/api/v1/clients/" + client + "/credit-limit", main,
        new JsonObject().put("limitFen", 3_000), null).status());

    OffsetDateTime hour = thisHour();
    addSpend(pg, a.id, client, hour, "search", 5_000, 1_500, 1_000);
    Finance first = new Finance(TestBeacon.shared().platform(), LiveLink.NONE);
    first.spendPoster().postAll().await();
    JsonObject funds = http.get("/api/v1/clients/" + client + "/funds", main).json();
    assertEquals(7_500, funds.getLong("cashFen"), funds.encode());
    assertEquals(500, funds.getLong("couponNormalFen"));
    assertEquals(2_000, funds.getLong("creditAvailableFen"));
    assertEquals(500, funds.getJsonArray("coupons").getJsonObject(0).getLong("remainingFen"));

    // More spend than the client holds: cash runs out, the rest is arrears. A second instance starts meanwhile.
    addSpend(pg, a.id, client, hour, "search", 20_000, 0, 0);
    addSpend(pg, a.id, client, hour, "display", 300, 0, 0);
    try (Beacon second = TestBeacon.another(Map.of())) {
      Finance other = new Finance(second.platform(), LiveLink.NONE);
      Future.all(other.spendPoster().postAll(), first.spendPoster().postAll(), other.spendPoster().postAll()).await();
    }
    first.spendPoster().postAll().await();
    Finance restarted = new Finance(TestBeacon.shared().platform(), LiveLink.NONE);
    assertEquals(0, restarted.spendPoster().postAll().await());

    funds = http.get("/api/v1/clients/" + client + "/funds", main).json();
    assertEquals(0, funds.getLong("cashFen"), funds.encode());
    assertEquals(12_800, funds.getLong("arrearsFen"), funds.encode());
    long spent = pg.preparedQuery("""
            SELECT coalesce(sum(e.amount_fen), 0) FROM ledger_entries e JOIN ledger_accounts la ON la.id = e.account_id
            WHERE la.agency_id = $1 AND la.kind = 'world_spend'""").execute(Tuple.of(a.id)).await().iterator().next().getLong(0);
    assertEquals(25_300, spent);

    // The spend was written straight into spend_hourly, past live: the ledger agrees with the persisted
    // aggregates, and the reconciliation reports that the live counters do not.
    JsonObject after = http.get("/api/v1/finance/reconciliation", main).json();
    assertEquals(25_300, after.getJsonObject("totals").getLong("persistedFen"), after.encode());
    assertEquals(25_300, after.getJsonObject("totals").getLong("ledgerFen"), after.encode());
    assertEquals(0, after.getJsonArray("clients").getJsonObject(0).getLong("unpostedFen"));
    assertEquals(-25_300, after.getJsonArray("clients").getJsonObject(0).getLong("liveDifferenceFen"));
    assertFalse(after.getBoolean("ok"));
    JsonObject spend = http.get("/api/v1/finance/spend?granularity=day", main).json();
    assertEquals(2, spend.getLong("total"), spend.encode());
    JsonObject totals = spend.getJsonObject("totals");
    assertEquals(25_300, totals.getLong("costFen"));
    assertEquals(10_000, totals.getLong("cashFen"));
    assertEquals(1_500, totals.getLong("couponNormalFen"));
    assertEquals(1_000, totals.getLong("creditFen"));
    assertEquals(12_800, totals.getLong("arrearsFen"));
    assertEquals(1, http.get("/api/v1/finance/spend?granularity=month&product=search", main).json().getLong("total"));
    assertEquals(1, http.get("/api/v1/finance/coupon-changes?changeType=consume", main).json().getLong("total"));
    JsonObject creditUse = http.get("/api/v1/finance/credit-changes?changeType=consume", main).json();
    assertEquals(-1_000, creditUse.getJsonArray("items").getJsonObject(0).getLong("amountFen"), creditUse.encode());
    assertTrue(http.get("/api/v1/finance/ledger/check", main).json().getBoolean("ok"));
    assertTrue(http.get("/metrics", null).body().toString().contains("beacon_finance_spend_posted_fen_total"));
  }

  @Test
  @DisplayName("an expired coupon's remainder leaves the client once, even with two expirers running")
  void couponExpiry() {
    TestAgency a = TestAgency.create(1);
    long client = a.clients.get(0);
    String main = a.token(Role.MAIN);
    Instant expiresAt = Instant.now().plusMillis(600);
    assertEquals(201, send(http, HttpMethod.POST, "/api/v1/clients/" + client + "/coupons", main, new JsonObject()
        .put("type", "traffic").put("amountFen", 700).put("expiresAt", expiresAt.toString()), null).status());
    Poll.eventually(() -> Instant.now().isAfter(expiresAt));
    Finance one = new Finance(TestBeacon.shared().platform(), LiveLink.NONE);
    Finance two = new Finance(TestBeacon.shared().platform(), LiveLink.NONE);
    Future.all(one.couponExpirer().expireDue(), two.couponExpirer().expireDue()).await();
    JsonObject funds = http.get("/api/v1/clients/" + client + "/funds", main).json();
    assertEquals(0, funds.getLong("couponTrafficFen"), funds.encode());
    assertTrue(funds.getJsonArray("coupons").isEmpty());
    JsonObject expired = http.get("/api/v1/finance/coupon-changes?changeType=expire&clientId=" + client, main).json();
    assertEquals(1, expired.getLong("total"), expired.encode());
    assertEquals(-700, expired.getJsonArray("items").getJsonObject(0).getLong("amountFen"));
  }
}
