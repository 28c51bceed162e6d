package io.beacon.home;

import io.beacon.TestAgency;
import io.beacon.TestHttp;
import io.beacon.auth.Role;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;

import static io.beacon.home.SpendSeed.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("Home read models: overview, top 10, industries, finance card")
class HomeApiTest {
  static TestAgency agency;
  static TestHttp http;
  static long c0, c1, c2, c3;   // c0, c2 education; c1, c3 retail; the dedicated employee has c0 and c1
  static LocalDate y;

  @BeforeAll
  static void seed() {
    agency = TestAgency.create(4);
    http = TestHttp.shared();
    c0 = agency.clients.get(0);
    c1 = agency.clients.get(1);
    c2 = agency.clients.get(2);
    c3 = agency.clients.get(3);
    y = SpendSeed.today().minusDays(1);
    new SpendSeed(agency.id)
        .perf(c0, at(y, 10), "search", 400, 40, 4_000, 4)
        .perf(c0, at(y, 11), "search", 600, 60, 6_000, 6)
        .spend(c0, at(y, 10), "billing", "display", true, 2_000, 10, 5_000, 0)
        .perf(c1, at(y, 14), "smart", 3_000, 150, 30_000, 5)
        .perf(c3, at(y, 15), "external", 500, 50, 20_000, 0)
        .perf(c0, at(y.minusDays(1), 9), "search", 800, 80, 8_000, 8)
        .perf(c1, at(y.minusDays(1), 9), "smart", 1_200, 60, 12_000, 2)
        .spend(c0, at(y, 12), "conversion", "search", false, 0, 0, 10_000, 12)
        .account(c1, "client_cash", 123_456)
        .account(c1, "client_coupon_normal", 1_000)
        .account(null, "agency_general", 5_000_000)
        .account(null, "agency_external", 700_000)
        .account(null, "agency_frozen", 300_000);
  }

  JsonObject get(String path, Role role) {
    TestHttp.Response r = http.get(path, agency.token(role));
    assertEquals(200, r.status(), r::toString);
    return r.json();
  }

  @Test
  @DisplayName("yesterday's performance and brand figures are the sums of the seeded rows, compared with the day before")
  void overviewYesterday() {
    JsonObject o = get("/api/v1/home/overview?range=yesterday", Role.MAIN);
    JsonObject perf = o.getJsonObject("performance");
    assertEquals(60_000, perf.getLong("spendFen"));
    assertEquals(3, perf.getInteger("clientsWithSpend"));
    assertEquals(20_000, perf.getLong("arpuFen"));
    assertEquals(20_000, perf.getJsonObject("previous").getLong("spendFen"));
    assertEquals(2, perf.getJsonObject("previous").getInteger("clientsWithSpend"));
    assertEquals(2.0, perf.getJsonObject("change").getDouble("spendFen"));
    assertEquals(0.5, perf.getJsonObject("change").getDouble("clientsWithSpend"));
    assertEquals(1.0, perf.getJsonObject("change").getDouble("arpuFen"));
    JsonObject brand = o.getJsonObject("brand");
    assertEquals(5_000, brand.getLong("spendFen"));
    assertEquals(1, brand.getInteger("clientsWithSpend"));
    assertNull(brand.getJsonObject("change").getValue("spendFen"), "no brand spend the day before: no change");
    JsonObject trend = o.getJsonObject("trend");
    assertEquals("hour", trend.getString("granularity"));
    JsonArray points = trend.getJsonArray("points");
    assertEquals(24, points.size());
    assertEquals(4_000, points.getJsonObject(10).getLong("performanceFen"));
    assertEquals(5_000, points.getJsonObject(10).getLong("brandFen"));
    assertEquals(6_000, points.getJsonObject(11).getLong("performanceFen"));
    assertEquals(30_000, points.getJsonObject(14).getLong("performanceFen"));
    assertEquals(20_000, trend.getJsonArray("previousPoints").getJsonObject(9).getLong("performanceFen"));
  }

  @Test
  @DisplayName("a custom two-day range sums both days and trends by day")
  void overviewCustom() {
    JsonObject o = get("/api/v1/home/overview?range=custom&from=" + y.minusDays(1) + "&to=" + y, Role.ADMIN);
    assertEquals(80_000, o.getJsonObject("performance").getLong("spendFen"));
    assertEquals(3, o.getJsonObject("performance").getInteger("clientsWithSpend"));
    JsonArray points = o.getJsonObject("trend").getJsonArray("points");
    assertEquals(List.of(20_000L, 60_000L), List.of(points.getJsonObject(0).getLong("performanceFen"), points.getJsonObject(1).getLong("performanceFen")));
  }

  @Test
  @DisplayName("the conversion-time basis reads its own rows")
  void conversionBasis() {
    JsonObject o = get("/api/v1/home/overview?range=yesterday&attribution=conversion", Role.MAIN);
    assertEquals(10_000, o.getJsonObject("performance").getLong("spendFen"));
    JsonArray rows = get("/api/v1/home/top-clients?period=yesterday&attribution=conversion", Role.MAIN).getJsonArray("rows");
    assertEquals(1, rows.size());
    assertEquals(12, rows.getJsonObject(0).getLong("conversions"));
  }

  @Test
  @DisplayName("top clients rank performance spend (brand left out) with conversions, cost per conversion, balance and budget")
  void topClients() {
    JsonArray rows = get("/api/v1/home/top-clients?period=yesterday", Role.EMPLOYEE).getJsonArray("rows");
    assertEquals(List.of(c1, c3, c0), rows.stream().map(r -> ((JsonObject) r).getLong("clientId")).toList());
    JsonObject first = rows.getJsonObject(0);
    assertEquals(30_000, first.getLong("spendFen"));
    assertEquals(5, first.getLong("conversions"));
    assertEquals(6_000, first.getLong("costPerConversionFen"));
    assertEquals(124_456, first.getLong("balanceFen"));
    assertEquals(1_000_000, first.getLong("dailyBudgetFen"));
    assertEquals(10_000, rows.getJsonObject(2).getLong("spendFen"), "brand spend is not performance spend");
    assertNull(rows.getJsonObject(1).getValue("costPerConversionFen"));
    JsonArray retail = get("/api/v1/home/top-clients?period=yesterday&industry=retail", Role.MAIN).getJsonArray("rows");
    assertEquals(List.of(c1, c3), retail.stream().map(r -> ((JsonObject) r).getLong("clientId")).toList());
    JsonArray week = get("/api/v1/home/top-clients?period=7d", Role.MAIN).getJsonArray("rows");
    assertEquals(42_000, week.getJsonObject(0).getLong("spendFen"));
  }

  @Test
  @DisplayName("a dedicated employee's figures cover only the assigned clients; another agency sees none of them")
  void scoping() {
    JsonObject o = get("/api/v1/home/overview?range=yesterday", Role.DEDICATED);
    assertEquals(40_000, o.getJsonObject("performance").getLong("spendFen"));
    JsonArray rows = get("/api/v1/home/top-clients?period=yesterday", Role.DEDICATED).getJsonArray("rows");
    assertEquals(List.of(c1, c0), rows.stream().map(r -> ((JsonObject) r).getLong("clientId")).toList());
    assertEquals(2, get("/api/v1/home/industries", Role.DEDICATED).getJsonArray("industries").stream()
        .mapToLong(i -> ((JsonObject) i).getLong("clients")).sum());
    TestAgency other = TestAgency.create(1);
    TestHttp.Response r = http.get("/api/v1/home/overview?range=yesterday", other.token(Role.MAIN));
    assertEquals(0, r.json().getJsonObject("performance").getLong("spendFen"));
    assertEquals(0, http.get("/api/v1/home/top-clients?period=yesterday", other.token(Role.MAIN)).json().getJsonArray("rows").size());
  }

  @Test
  @DisplayName("industries count the clients in scope")
  void industries() {
    JsonArray list = get("/api/v1/home/industries", Role.MAIN).getJsonArray("industries");
    assertEquals(2, list.size());
    assertTrue(list.stream().allMatch(i -> ((JsonObject) i).getLong("clients") == 2));
  }

  @Test
  @DisplayName("the finance card shows the agency wallets to funds roles only")
  void financeCard() {
    JsonObject f = get("/api/v1/home/finance", Role.MAIN);
    assertEquals(5_700_000, f.getLong("availableFen"));
    assertEquals(300_000, f.getLong("frozenFen"));
    assertEquals(6_000_000, f.getLong("agencyBalanceFen"));
    assertEquals(403, http.get("/api/v1/home/finance", agency.token(Role.EMPLOYEE)).status());
  }

  @Test
  @DisplayName("bad parameters answer 400 naming the field")
  void badParameters() {
    assertField("/api/v1/home/overview?range=lastweek", "range");
    assertField("/api/v1/home/overview?range=custom&to=" + y, "from");
    assertField("/api/v1/home/overview?range=custom&from=" + y + "&to=" + y.minusDays(3), "to");
    assertField("/api/v1/home/overview?range=custom&from=2020-13-01&to=" + y, "from");
    assertField("/api/v1/home/overview?range=custom&from=" + y + "&to=" + y.plusDays(5), "to");
    assertField("/api/v1/home/top-clients?period=90d", "period");
    assertField("/api/v1/home/top-clients?attribution=click", "attribution");
  }

  private void assertField(String path, String field) {
    TestHttp.Response r = http.get(path, agency.token(Role.MAIN));
    assertEquals(400, r.status(), r::toString);
    assertTrue(r.json().getJsonArray("errors").stream().anyMatch(e -> ((JsonObject) e).getString("field").contains(field)), r::toString);
  }

  @Test
  @DisplayName("the web app lists its page modules for the shell")
  void pageList() {
    TestHttp.Response r = http.get("/app/pages.json", null);
    assertEquals(200, r.status());
    assertTrue(r.jsonArray().contains("home.js") && r.jsonArray().contains("monitor.js"), r::toString);
  }
}
