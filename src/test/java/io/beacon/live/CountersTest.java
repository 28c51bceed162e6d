package io.beacon.live;

import io.beacon.TestBeacon;
import io.beacon.TestHttp;
import io.beacon.auth.Role;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CountersTest {
  /** The Java API as other features hold it, over the shared Beacon's engines. */
  private static final Live LIVE = new Live(TestBeacon.shared().platform(), new LiveBus(TestBeacon.shared().platform().redis()));

  @Test
  @DisplayName("spend draws coupons, then cash, then credit, then runs into arrears; modes and brand split")
  void balanceOrder() {
    LiveFixture f = new LiveFixture(1);
    long c = f.agency.clients.get(0);
    f.fund(c, 100, 50, 100);
    f.ingest(new JsonArray().add(LiveFixture.event(c, 30)).add(LiveFixture.event(c, 40).put("mode", "smart"))
        .add(LiveFixture.event(c, 100).put("brand", true)));
    JsonObject live = f.live(c);
    assertEquals(170, live.getLong("spendFen"));
    assertEquals(70, live.getLong("performanceFen"));
    assertEquals(100, live.getLong("brandFen"));
    assertEquals(40, live.getJsonObject("spendByMode").getLong("smart"));
    assertEquals(130, live.getJsonObject("spendByMode").getLong("search"));
    assertEquals(0, live.getLong("couponFen"));
    assertEquals(0, live.getLong("cashFen"));
    assertEquals(80, live.getLong("creditFen"));
    assertEquals(80, live.getLong("balanceFen"));
    assertEquals(300, live.getLong("impressions"));
    assertEquals(170, live.getLong("spend5mFen"));
    assertEquals(0, live.getLong("arrearsFen"));
    f.ingest(new JsonArray().add(LiveFixture.event(c, 100)));
    live = f.live(c);
    assertEquals(0, live.getLong("balanceFen"));
    assertEquals(20, live.getLong("arrearsFen"));
    assertTrue(kinds(live).containsAll(Set.of("fund-anomaly", "balance-exhausted")), live.encodePrettily());

    JsonObject totals = f.http.get("/api/v1/live/totals", f.agency.token(Role.MAIN)).json();
    assertEquals(270, totals.getLong("spendFen"));
    assertEquals(1, totals.getLong("clientsWithSpend"));
    assertEquals(20, totals.getLong("arrearsFen"));
  }

  @Test
  @DisplayName("a transfer (adjustBalance) settles arrears first and clears the balance alerts at once")
  void adjustClears() {
    LiveFixture f = new LiveFixture(1);
    long c = f.agency.clients.get(0);
    f.fund(c, 100, 0, 0);
    f.ingest(new JsonArray().add(LiveFixture.event(c, 150)));
    assertTrue(kinds(f.live(c)).contains("fund-anomaly"));
    LIVE.counters().adjustBalance(f.agency.id, c, 1_000_000, 0, 0).await();
    JsonObject live = f.live(c);
    assertEquals(0, live.getLong("arrearsFen"));
    assertEquals(999_950, live.getLong("cashFen"));
    assertEquals(Set.of(), kinds(live));
    JsonArray cleared = f.http.get("/api/v1/alerts?status=cleared&clientId=" + c, f.agency.token(Role.MAIN)).json().getJsonArray("items");
    assertTrue(cleared.stream().map(o -> ((JsonObject) o).getString("kind")).collect(Collectors.toSet())
        .containsAll(Set.of("fund-anomaly", "balance-exhausted")), cleared.encodePrettily());
    assertEquals(50, cleared.getJsonObject(0).getJsonObject("figures").getLong("arrearsFen", 50L));
  }

  @Test
  @DisplayName("adjustBalance on a client never loaded takes the ledger as it is and applies no delta")
  void adjustNotLoaded() {
    LiveFixture f = new LiveFixture(1);
    long c = f.agency.clients.get(0);
    f.fund(c, 5_000, 0, 0);   // the ledger already holds the transfer
    LIVE.counters().adjustBalance(f.agency.id, c, 5_000, 0, 0).await();
    assertEquals(5_000, LIVE.counters().client(f.agency.id, c).await().getLong("cashFen"));
    LIVE.counters().adjustBalance(f.agency.id, c, 1_000, 0, 0).await();
    assertEquals(6_000, f.live(c).getLong("cashFen"));
    assertEquals(2, LIVE.counters().clients(f.agency.id, List.of(c, 999_999_999L)).await().size() + 1);
  }

  @Test
  @DisplayName("budget alerts fire at 80%, 95% and exhaustion, and a budget raise clears them at once")
  void budgetAlerts() {
    LiveFixture f = new LiveFixture(1);
    long c = f.agency.clients.get(0);
    f.fund(c, 1_000_000, 0, 0);
    String staff = f.agency.token(Role.EMPLOYEE);
    assertEquals(200, f.http.put("/api/v1/clients/" + c + "/daily-budget", staff, new JsonObject().put("dailyBudgetFen", 1000)).status());
    f.ingest(new JsonArray().add(LiveFixture.event(c, 850)));
    JsonObject live = f.live(c);
    assertEquals(85.0, live.getDouble("budgetUsedPct"));
    JsonObject budget = alert(live, "budget");
    assertEquals(80, budget.getInteger("level"));
    assertEquals(850, budget.getJsonObject("figures").getLong("spendFen"));
    f.ingest(new JsonArray().add(LiveFixture.event(c, 150)));
    live = f.live(c);
    assertEquals(95, alert(live, "budget").getInteger("level"));
    assertEquals(budget.getLong("id"), alert(live, "budget").getLong("id"));
    assertTrue(kinds(live).contains("budget-exhausted"));
    f.ingest(new JsonArray().add(LiveFixture.event(c, 10)));
    assertEquals(1, f.http.get("/api/v1/alerts?status=open&kind=budget-exhausted&clientId=" + c, staff).json().getJsonArray("items").size());

    TestHttp.Response raised = f.http.put("/api/v1/clients/" + c + "/daily-budget", staff, new JsonObject().put("dailyBudgetFen", 100_000));
    assertEquals(200, raised.status(), raised.toString());
    assertEquals(100_000, raised.json().getLong("dailyBudgetFen"));
    assertEquals(Set.of(), kinds(f.live(c)));
    JsonObject log = TestAgencyLog.last(f.agency.id, "setDailyBudget");
    assertEquals(1000, log.getJsonObject("before").getLong("dailyBudgetFen"));
    assertEquals(100_000, log.getJsonObject("after").getLong("dailyBudgetFen"));

    long alertId = budget.getLong("id");
    TestHttp.Response ack = f.http.post("/api/v1/alerts/" + alertId + "/ack", staff, null);
    assertEquals(200, ack.status(), ack.toString());
    assertTrue(ack.json().getString("ackedAt") != null);
  }

  @Test
  @DisplayName("another agency's or an unassigned client answers 404 on every live endpoint; bad input is 400 naming the field")
  void scoping() {
    LiveFixture f = new LiveFixture(3);
    LiveFixture other = new LiveFixture(1);
    long theirs = other.agency.clients.get(0);
    long mine = f.agency.clients.get(0);
    long unassigned = f.agency.unassignedClient();
    other.ingest(new JsonArray().add(LiveFixture.event(theirs, 1)));
    f.fund(mine, 10, 0, 0);
    f.ingest(new JsonArray().add(LiveFixture.event(mine, 50)).add(LiveFixture.event(unassigned, 50)));
    String main = f.agency.token(Role.MAIN);
    String dedicated = f.agency.token(Role.DEDICATED);
    JsonObject budget = new JsonObject().put("dailyBudgetFen", 5);
    assertEquals(404, f.http.get("/api/v1/clients/" + theirs + "/live", main).status());
    assertEquals(404, f.http.put("/api/v1/clients/" + theirs + "/daily-budget", main, budget).status());
    assertEquals(404, f.http.get("/api/v1/clients/" + unassigned + "/live", dedicated).status());
    assertEquals(404, f.http.put("/api/v1/clients/" + unassigned + "/daily-budget", dedicated, budget).status());
    assertEquals(200, f.http.get("/api/v1/clients/" + mine + "/live", dedicated).status());
    JsonArray otherAlerts = other.http.get("/api/v1/alerts", other.agency.token(Role.MAIN)).json().getJsonArray("items");
    long theirAlert = otherAlerts.getJsonObject(0).getLong("id");
    assertEquals(404, f.http.post("/api/v1/alerts/" + theirAlert + "/ack", main, null).status());
    JsonArray mineAlerts = f.http.get("/api/v1/alerts?clientId=" + unassigned, main).json().getJsonArray("items");
    long unassignedAlert = mineAlerts.getJsonObject(0).getLong("id");
    assertEquals(404, f.http.post("/api/v1/alerts/" + unassignedAlert + "/ack", dedicated, null).status());
    assertEquals(0, f.http.get("/api/v1/alerts?clientId=" + unassigned, dedicated).json().getJsonArray("items").size());
    assertEquals(0, f.http.get("/api/v1/alerts?clientId=" + theirs, main).json().getJsonArray("items").size());
    JsonObject dedicatedTotals = f.http.get("/api/v1/live/totals", dedicated).json();
    assertEquals(50, dedicatedTotals.getLong("spendFen"));

    TestHttp.Response bad = f.http.put("/api/v1/clients/" + mine + "/daily-budget", main, new JsonObject().put("dailyBudgetFen", -1));
    assertEquals(400, bad.status());
    assertEquals("dailyBudgetFen", bad.json().getJsonArray("errors").getJsonObject(0).getString("field"));
    TestHttp.Response badKind = f.http.get("/api/v1/alerts?kind=nope", main);
    assertEquals(400, badKind.status());
    assertEquals("kind", badKind.json().getJsonArray("errors").getJsonObject(0).getString("field"));
    TestHttp.Response badSettings = f.http.put("/api/v1/live/alert-settings", main, new JsonObject().put("dropPct", 150));
    assertEquals(400, badSettings.status());
    assertEquals("dropPct", badSettings.json().getJsonArray("errors").getJsonObject(0).getString("field"));
    assertEquals(403, f.http.put("/api/v1/live/alert-settings", f.agency.token(Role.EMPLOYEE), new JsonObject().put("dropPct", 40)).status());
    TestHttp.Response ok = f.http.put("/api/v1/live/alert-settings", main, new JsonObject().put("budgetThresholdsPct", new JsonArray().add(50)));
    assertEquals(200, ok.status(), ok.toString());
    assertEquals(new JsonArray().add(50), f.http.get("/api/v1/live/alert-settings", main).json().getJsonArray("budgetThresholdsPct"));
    assertEquals(6, ok.json().getInteger("lowBalanceHours"));
  }

  static Set<String> kinds(JsonObject live) {
    return live.getJsonArray("alerts").stream().map(o -> ((JsonObject) o).getString("kind")).collect(Collectors.toSet());
  }

  static JsonObject alert(JsonObject live, String kind) {
    return live.getJsonArray("alerts").stream().map(o -> (JsonObject) o).filter(a -> kind.equals(a.getString("kind")))
        .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " alert in " + live.encodePrettily()));
  }

  @Test
  @DisplayName("swing rules: surge and drop against the client's own baseline, stall after yesterday's spend")
  void swingRules() {
    AlertSettings cfg = AlertSettings.DEFAULTS;
    ClientSnapshot surging = snapshot(30_000, 50_000, 0);
    var d = AlertRules.swings(surging, cfg, new AlertRules.Baseline(40_000, 40_000));
    assertTrue(d.get(0).on(), "surge");
    assertEquals(300, d.get(0).figures().get().getLong("ratioPct"));
    var quiet = AlertRules.swings(snapshot(1_000, 5_000, 0), cfg, new AlertRules.Baseline(40_000, 40_000));
    assertTrue(quiet.get(1).on(), "drop");
    var stalled = AlertRules.swings(snapshot(0, 0, 0), cfg, new AlertRules.Baseline(40_000, 40_000));
    assertTrue(stalled.get(2).on() && !stalled.get(1).on(), "stall, not drop");
    var small = AlertRules.swings(snapshot(30_000, 30_000, 0), cfg, new AlertRules.Baseline(5_000, 0));
    assertTrue(!small.get(0).on() && !small.get(2).on(), "baseline below the minimum is not judged");
    assertNull(AlertRules.money(snapshot(0, 0, 0), cfg).stream().filter(x -> x.on()).findAny().orElse(null));
  }

  private static ClientSnapshot snapshot(long spend15m, long spend30m, long budget) {
    return new ClientSnapshot(1, 1, 20_000, spend30m, spend30m, 0, 0, spend30m, 0, 0, 0, 0, 0, 1_000_000, 0, 0, 0, budget,
        0, spend15m, spend15m, spend30m, spend30m, java.util.Map.of(), 1);
  }
}
