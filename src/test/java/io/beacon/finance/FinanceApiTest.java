package io.beacon.finance;

import io.beacon.TestAgency;
import io.beacon.TestHttp;
import io.beacon.auth.Role;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FinanceApiTest {
  private final TestHttp http = TestHttp.shared();

  static TestHttp.Response send(TestHttp http, HttpMethod method, String path, String token, JsonObject body, String key) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    if (key != null) headers.add("Idempotency-Key", key);
    return http.send(method, path, token, body, headers);
  }

  static TestHttp.Response recharge(TestHttp http, TestAgency a, long amountFen) {
    return send(http, HttpMethod.POST, "/api/v1/finance/recharges", a.token(Role.MAIN),
        new JsonObject().put("amountFen", amountFen).put("paymentReference", "pay-" + UUID.randomUUID()), UUID.randomUUID().toString());
  }

  static TestHttp.Response transfer(TestHttp http, TestAgency a, Role role, long clientId, String direction, long amountFen, String key) {
    return send(http, HttpMethod.POST, "/api/v1/clients/" + clientId + "/transfers", a.token(role),
        new JsonObject().put("direction", direction).put("amountFen", amountFen), key);
  }

  @Test
  @DisplayName("recharge, allocate to a client and back: wallet and client cash follow, the overview and the ledger check agree")
  void rechargeAndAllocate() {
    TestAgency a = TestAgency.create(2);
    TestHttp.Response r = recharge(http, a, 100_000);
    assertEquals(201, r.status(), r.toString());
    assertEquals(100_000, r.json().getLong("walletBalanceFen"));

    long client = a.clients.get(0);
    TestHttp.Response in = transfer(http, a, Role.ADMIN, client, "in", 30_000, "k-" + UUID.randomUUID());
    assertEquals(201, in.status(), in.toString());
    assertEquals(70_000, in.json().getLong("walletBalanceFen"));
    assertEquals(30_000, in.json().getLong("clientCashFen"));
    TestHttp.Response out = transfer(http, a, Role.MAIN, client, "out", 5_000, null);
    assertEquals(201, out.status(), out.toString());
    assertEquals(25_000, out.json().getLong("clientCashFen"));

    JsonObject overview = http.get("/api/v1/finance/overview", a.token(Role.ADMIN)).json();
    assertEquals(75_000, overview.getLong("availableFen"));
    assertEquals(75_000, overview.getLong("balanceFen"));
    assertEquals(0, overview.getLong("frozenFen"));
    assertEquals(25_000, overview.getJsonObject("clients").getLong("cashFen"));

    JsonObject funds = http.get("/api/v1/clients/" + client + "/funds", a.token(Role.MAIN)).json();
    assertEquals(25_000, funds.getLong("cashFen"));
    assertEquals(25_000, funds.getLong("balanceFen"));

    JsonObject check = http.get("/api/v1/finance/ledger/check", a.token(Role.MAIN)).json();
    assertTrue(check.getBoolean("ok"), check.encode());

    JsonObject list = http.get("/api/v1/finance/allocations?q=" + "Client%200", a.token(Role.MAIN)).json();
    assertEquals(2, list.getLong("total"));
    assertEquals("out", list.getJsonArray("items").getJsonObject(0).getString("direction"));
    assertEquals(5_000, list.getJsonArray("items").getJsonObject(0).getLong("amountFen"));
  }

  @Test
  @DisplayName("the client's live balance follows an allocation and a coupon grant at once")
  void liveFollows() {
    TestAgency a = TestAgency.create(1);
    long client = a.clients.get(0);
    recharge(http, a, 9_000);
    TestHttp.Response before = http.get("/api/v1/clients/" + client + "/live", a.token(Role.MAIN));
    assertEquals(200, before.status(), before.toString());
    assertEquals(0, before.json().getLong("cashFen"));
    assertEquals(201, transfer(http, a, Role.ADMIN, client, "in", 4_000, null).status());
    assertEquals(201, send(http, HttpMethod.POST, "/api/v1/clients/" + client + "/coupons", a.token(Role.MAIN), new JsonObject()
        .put("type", "normal").put("amountFen", 600).put("expiresAt", Instant.now().plus(1, ChronoUnit.DAYS).toString()), null).status());
    JsonObject after = http.get("/api/v1/clients/" + client + "/live", a.token(Role.MAIN)).json();
    assertEquals(4_000, after.getLong("cashFen"), after.encode());
    assertEquals(600, after.getLong("couponFen"), after.encode());
    assertEquals(4_600, after.getLong("balanceFen"), after.encode());
    assertEquals(201, transfer(http, a, Role.MAIN, client, "out", 1_000, null).status());
    assertEquals(3_000, http.get("/api/v1/clients/" + client + "/live", a.token(Role.MAIN)).json().getLong("cashFen"));
  }

  @Test
  @DisplayName("allocating more than the wallet holds answers 409 insufficient-funds and moves nothing")
  void overAllocation() {
    TestAgency a = TestAgency.create(1);
    recharge(http, a, 1_000);
    TestHttp.Response r = transfer(http, a, Role.MAIN, a.clients.get(0), "in", 1_001, null);
    assertEquals(409, r.status(), r.toString());
    assertEquals("https://beacon.dev/problems/insufficient-funds", r.json().getString("type"));
    assertEquals(1_000, r.json().getLong("availableFen"));
    TestHttp.Response back = transfer(http, a, Role.MAIN, a.clients.get(0), "out", 1, null);
    assertEquals(409, back.status(), back.toString());
    assertEquals(1_000, http.get("/api/v1/finance/overview", a.token(Role.MAIN)).json().getLong("availableFen"));
  }

  @Test
  @DisplayName("the same Idempotency-Key and body replays the first response; another body with it is refused")
  void idempotency() {
    TestAgency a = TestAgency.create(1);
    recharge(http, a, 10_000);
    String key = "retry-" + UUID.randomUUID();
    TestHttp.Response first = transfer(http, a, Role.MAIN, a.clients.get(0), "in", 4_000, key);
    TestHttp.Response again = transfer(http, a, Role.MAIN, a.clients.get(0), "in", 4_000, key);
    assertEquals(201, again.status(), again.toString());
    assertEquals(first.json(), again.json());
    assertEquals("true", again.header("Idempotent-Replayed"));
    TestHttp.Response other = transfer(http, a, Role.MAIN, a.clients.get(0), "in", 5_000, key);
    assertEquals(422, other.status(), other.toString());
    assertEquals(6_000, http.get("/api/v1/finance/overview", a.token(Role.MAIN)).json().getLong("availableFen"));

    JsonObject body = new JsonObject().put("amountFen", 500).put("paymentReference", "same-ref");
    assertEquals(201, send(http, HttpMethod.POST, "/api/v1/finance/recharges", a.token(Role.MAIN), body, null).status());
    TestHttp.Response dup = send(http, HttpMethod.POST, "/api/v1/finance/recharges", a.token(Role.MAIN), body, null);
    assertEquals(409, dup.status(), dup.toString());
    assertEquals("paymentReference", dup.json().getJsonArray("errors").getJsonObject(0).getString("field"));
  }

  @Test
  @DisplayName("admin cannot recharge or refund; employees and dedicated employees see no funds; another agency's client is 404")
  void permissions() {
    TestAgency a = TestAgency.create(2);
    TestAgency other = TestAgency.create(1);
    recharge(http, a, 5_000);
    JsonObject body = new JsonObject().put("amountFen", 100).put("paymentReference", "x-" + UUID.randomUUID());
    assertEquals(403, send(http, HttpMethod.POST, "/api/v1/finance/recharges", a.token(Role.ADMIN), body, null).status());
    assertEquals(403, send(http, HttpMethod.POST, "/api/v1/finance/refunds", a.token(Role.ADMIN), body, null).status());
    for (Role role : new Role[] {Role.EMPLOYEE, Role.DEDICATED}) {
      assertEquals(403, http.get("/api/v1/finance/overview", a.token(role)).status(), role.name());
      assertEquals(403, http.get("/api/v1/finance/allocations", a.token(role)).status(), role.name());
      assertEquals(403, http.get("/api/v1/clients/" + a.clients.get(0) + "/funds", a.token(role)).status(), role.name());
      assertEquals(403, transfer(http, a, role, a.clients.get(0), "in", 100, null).status(), role.name());
      assertEquals(403, http.get("/api/v1/finance/deposit", a.token(role)).status(), role.name());
    }
    long foreign = other.clients.get(0);
    assertEquals(404, transfer(http, a, Role.MAIN, foreign, "in", 100, null).status());
    assertEquals(404, http.get("/api/v1/clients/" + foreign + "/funds", a.token(Role.ADMIN)).status());
    assertEquals(404, send(http, HttpMethod.POST, "/api/v1/clients/" + foreign + "/coupons", a.token(Role.MAIN),
        new JsonObject().put("type", "normal").put("amountFen", 10).put("expiresAt", Instant.now().plus(1, ChronoUnit.DAYS).toString()), null).status());
    assertEquals(404, send(http, HttpMethod.PUT, "/api/v1/clients/" + foreign + "/credit-limit", a.token(Role.MAIN),
        new JsonObject().put("limitFen", 10), null).status());
    assertEquals(404, send(http, HttpMethod.POST, "/api/v1/finance/freezes", a.token(Role.MAIN),
        new JsonObject().put("clientId", foreign).put("amountFen", 10).put("orderRef", "o-1"), null).status());
    assertEquals(5_000, http.get("/api/v1/finance/overview", a.token(Role.MAIN)).json().getLong("availableFen"));
    JsonObject list = http.get("/api/v1/finance/allocations?clientId=" + foreign, a.token(Role.MAIN)).json();
    assertEquals(0, list.getLong("total"));
  }

  @Test
  @DisplayName("bad input answers 400 naming the field and changes nothing")
  void badInput() {
    TestAgency a = TestAgency.create(1);
    TestHttp.Response r = send(http, HttpMethod.POST, "/api/v1/clients/" + a.clients.get(0) + "/transfers", a.token(Role.MAIN),
        new JsonObject().put("direction", "sideways").put("amountFen", -5), null);
    assertEquals(400, r.status(), r.toString());
    String fields = r.json().getJsonArray("errors").encode();
    assertTrue(fields.contains("direction"), fields);
    assertTrue(fields.contains("amountFen"), fields);
    TestHttp.Response missing = send(http, HttpMethod.POST, "/api/v1/finance/recharges", a.token(Role.MAIN),
        new JsonObject().put("amountFen", 1.5), null);
    assertEquals(400, missing.status(), missing.toString());
    String f2 = missing.json().getJsonArray("errors").encode();
    assertTrue(f2.contains("paymentReference"), f2);
    assertTrue(f2.contains("amountFen"), f2);
    TestHttp.Response coupon = send(http, HttpMethod.POST, "/api/v1/clients/" + a.clients.get(0) + "/coupons", a.token(Role.MAIN),
        new JsonObject().put("type", "normal").put("amountFen", 10).put("expiresAt", "yesterday"), null);
    assertEquals(400, coupon.status(), coupon.toString());
    assertEquals("expiresAt", coupon.json().getJsonArray("errors").getJsonObject(0).getString("field"));
    TestHttp.Response cursor = http.get("/api/v1/finance/recharges?cursor=zzz", a.token(Role.MAIN));
    assertEquals(400, cursor.status(), cursor.toString());
    TestHttp.Response date = http.get("/api/v1/finance/spend?from=2026-13-45", a.token(Role.MAIN));
    assertEquals(400, date.status(), date.toString());
    assertEquals(0, http.get("/api/v1/finance/overview", a.token(Role.MAIN)).json().getLong("availableFen"));
  }

  @Test
  @DisplayName("coupons, credit, freezes and deposit move the right balances; lists and CSV show them")
  void couponsCreditFreezesDeposit() {
    TestAgency a = TestAgency.create(1);
    long client = a.clients.get(0);
    String main = a.token(Role.MAIN);
    recharge(http, a, 50_000);
    assertEquals(201, transfer(http, a, Role.MAIN, client, "in", 20_000, null).status());
    TestHttp.Response coupon = send(http, HttpMethod.POST, "/api/v1/clients/" + client + "/coupons", main,
        new JsonObject().put("type", "traffic").put("amountFen", 3_000).put("expiresAt", Instant.now().plus(2, ChronoUnit.DAYS).toString()), null);
    assertEquals(201, coupon.status(), coupon.toString());
    TestHttp.Response credit = send(http, HttpMethod.PUT, "/api/v1/clients/" + client + "/credit-limit", main,
        new JsonObject().put("limitFen", 10_000), null);
    assertEquals(200, credit.status(), credit.toString());
    assertEquals(10_000, credit.json().getLong("availableFen"));
    TestHttp.Response freeze = send(http, HttpMethod.POST, "/api/v1/finance/freezes", main,
        new JsonObject().put("clientId", client).put("amountFen", 2_000).put("orderRef", "order-1"), null);
    assertEquals(201, freeze.status(), freeze.toString());
    TestHttp.Response walletFreeze = send(http, HttpMethod.POST, "/api/v1/finance/freezes", main,
        new JsonObject().put("wallet", "general").put("amountFen", 1_000).put("orderRef", "order-2"), null);
    assertEquals(201, walletFreeze.status(), walletFreeze.toString());

    JsonObject funds = http.get("/api/v1/clients/" + client + "/funds", main).json();
    assertEquals(18_000, funds.getLong("cashFen"));
    assertEquals(3_000, funds.getLong("couponTrafficFen"));
    assertEquals(10_000, funds.getLong("creditAvailableFen"));
    assertEquals(2_000, funds.getLong("frozenFen"));
    assertEquals(31_000, funds.getLong("balanceFen"));
    assertEquals(1, funds.getJsonArray("coupons").size());

    TestHttp.Response unfreeze = send(http, HttpMethod.POST, "/api/v1/finance/freezes/" + freeze.json().getLong("id") + "/unfreeze", main, null, null);
    assertEquals(200, unfreeze.status(), unfreeze.toString());
    assertEquals(409, send(http, HttpMethod.POST, "/api/v1/finance/freezes/" + freeze.json().getLong("id") + "/unfreeze", main, null, null).status());
    assertEquals(20_000, http.get("/api/v1/clients/" + client + "/funds", main).json().getLong("cashFen"));

    TestHttp.Response item = send(http, HttpMethod.POST, "/api/v1/finance/deposit/items", a.token(Role.ADMIN),
        new JsonObject().put("title", "Q4 deposit").put("amountDueFen", 5_000), null);
    assertEquals(201, item.status(), item.toString());
    long itemId = item.json().getLong("id");
    assertEquals(409, send(http, HttpMethod.POST, "/api/v1/finance/deposit/payments", main,
        new JsonObject().put("itemId", itemId).put("amountFen", 5_001), null).status());
    assertEquals(201, send(http, HttpMethod.POST, "/api/v1/finance/deposit/payments", a.token(Role.ADMIN),
        new JsonObject().put("itemId", itemId).put("amountFen", 3_000), null).status());
    JsonObject deposit = http.get("/api/v1/finance/deposit", main).json();
    assertEquals(2_000, deposit.getLong("amountDueFen"));
    assertEquals(3_000, deposit.getLong("frozenTotalFen"));

    JsonObject overview = http.get("/api/v1/finance/overview", main).json();
    assertEquals(26_000, overview.getLong("availableFen"));
    assertEquals(4_000, overview.getLong("frozenFen"));
    assertEquals(30_000, overview.getLong("balanceFen"));

    JsonObject changes = http.get("/api/v1/finance/coupon-changes?changeType=grant", main).json();
    assertEquals(1, changes.getLong("total"));
    assertEquals("traffic", changes.getJsonArray("items").getJsonObject(0).getString("couponType"));
    JsonObject creditChanges = http.get("/api/v1/finance/credit-changes?changeType=limit", main).json();
    assertEquals(1, creditChanges.getLong("total"), creditChanges.encode());
    assertEquals(10_000, creditChanges.getJsonArray("items").getJsonObject(0).getLong("amountFen"));
    JsonObject freezes = http.get("/api/v1/finance/freezes?status=unfrozen", main).json();
    assertEquals(1, freezes.getLong("total"));
    TestHttp.Response csv = http.get("/api/v1/finance/freezes?format=csv", main);
    assertEquals(200, csv.status());
    String text = csv.body().toString();
    assertTrue(text.startsWith("\uFEFFId,Order"), "headings for people: " + text);
    assertEquals(3, text.split("\r\n").length, text);
    TestHttp.Response funds2 = http.get("/api/v1/finance/client-funds", main);
    assertEquals(1, funds2.json().getLong("total"));
    assertNull(funds2.json().getString("nextCursor"));
    assertTrue(http.get("/api/v1/finance/ledger/check", main).json().getBoolean("ok"));
    assertFalse(http.get("/api/v1/finance/recharges", main).json().getJsonArray("items").isEmpty());
  }
}
