package io.beacon.finance;

import io.beacon.TestAgency;
import io.beacon.TestBeacon;
import io.beacon.TestHttp;
import io.beacon.auth.Role;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import static io.beacon.Poll.eventually;
import static io.beacon.finance.FinanceApiTest.recharge;
import static io.beacon.finance.FinanceApiTest.send;
import static io.beacon.finance.FinanceApiTest.transfer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LiveSpendReconciliationTest {
  private final TestHttp http = TestHttp.shared();

  @Test
  @DisplayName("spend ingested through live is persisted, posted to the ledger, and the ledger then agrees with the live counters")
  void ledgerAgreesWithLive() {
    TestAgency a = TestAgency.create(1);
    long client = a.clients.get(0);
    String main = a.token(Role.MAIN);
    recharge(http, a, 50_000);
    assertEquals(201, transfer(http, a, Role.MAIN, client, "in", 10_000, null).status());
    assertEquals(201, send(http, HttpMethod.POST, "/api/v1/clients/" + client + "/coupons", main, new JsonObject()
        .put("type", "normal").put("amountFen", 500).put("expiresAt", Instant.now().plus(1, ChronoUnit.DAYS).toString()), null).status());
    assertEquals(200, send(http, HttpMethod.PUT, "/api/v1/clients/" + client + "/credit-limit", main,
        new JsonObject().put("limitFen", 1_000), null).status());

    TestHttp.Response key = http.post("/api/v1/ingest-keys", main, new JsonObject().put("name", "finance-test"));
    assertEquals(201, key.status(), key.toString());
    ingest(key.json().getString("key"), client, 300, 400, 1_000, 250);
    eventually(() -> persisted(a.id) == 1_950);

    new Finance(TestBeacon.shared().platform(), LiveLink.NONE).spendPoster().postAll().await();

    JsonObject recon = http.get("/api/v1/finance/reconciliation", main).json();
    assertTrue(recon.getBoolean("ok"), recon.encode());
    assertTrue(recon.getBoolean("liveCompared"), recon.encode());
    assertEquals(1_950, recon.getJsonObject("totals").getLong("ledgerFen"));
    assertEquals(1_950, recon.getJsonObject("totals").getLong("liveFen"));

    JsonObject live = http.get("/api/v1/clients/" + client + "/live", main).json();
    JsonObject funds = http.get("/api/v1/clients/" + client + "/funds", main).json();
    assertEquals(live.getLong("cashFen"), funds.getLong("cashFen"), live.encode() + " vs " + funds.encode());
    assertEquals(live.getLong("couponFen"), funds.getLong("couponFen"), live.encode() + " vs " + funds.encode());
    assertEquals(live.getLong("creditFen"), funds.getLong("creditAvailableFen"), live.encode() + " vs " + funds.encode());
    assertEquals(11_500 - 1_950, funds.getLong("balanceFen"));

    // Over-delivery becomes arrears on both sides; cash paid in settles them first on both sides.
    ingest(key.json().getString("key"), client, 20_000);
    eventually(() -> persisted(a.id) == 21_950);
    new Finance(TestBeacon.shared().platform(), LiveLink.NONE).spendPoster().postAll().await();
    funds = http.get("/api/v1/clients/" + client + "/funds", main).json();
    assertEquals(20_000 - 9_550, funds.getLong("arrearsFen"), funds.encode());
    assertEquals(201, transfer(http, a, Role.ADMIN, client, "in", 15_000, null).status());
    live = http.get("/api/v1/clients/" + client + "/live", main).json();
    funds = http.get("/api/v1/clients/" + client + "/funds", main).json();
    assertEquals(15_000 - 10_450, funds.getLong("cashFen"), funds.encode());
    assertEquals(0, funds.getLong("arrearsFen"), funds.encode());
    assertEquals(live.getLong("cashFen"), funds.getLong("cashFen"), live.encode() + " vs " + funds.encode());
    assertTrue(http.get("/api/v1/finance/reconciliation", main).json().getBoolean("ok"));
    assertTrue(http.get("/api/v1/finance/ledger/check", main).json().getBoolean("ok"));
  }

  private void ingest(String ingestKey, long client, long... costs) {
    JsonArray events = new JsonArray();
    for (long cost : costs) {
      events.add(new JsonObject().put("eventId", UUID.randomUUID().toString()).put("clientId", client)
          .put("billedAt", Instant.now().toString()).put("mode", "search").put("goal", "leads").put("conversionEvent", "form")
          .put("campaignId", "c1").put("unitId", "u1").put("impressions", 100).put("clicks", 5).put("costFen", cost)
          .put("conversions", 1).put("brand", false));
    }
    TestHttp.Response r = http.send(HttpMethod.POST, "/api/v1/ingest/events", null, events,
        MultiMap.caseInsensitiveMultiMap().add("X-Beacon-Ingest-Key", ingestKey));
    assertEquals(200, r.status(), r.toString());
  }

  private static long persisted(long agencyId) {
    return TestBeacon.shared().platform().pg()
        .preparedQuery("SELECT coalesce(sum(cost_fen), 0) FROM spend_hourly WHERE agency_id = $1 AND basis = 'billing'")
        .execute(Tuple.of(agencyId)).await().iterator().next().getLong(0);
  }
}
