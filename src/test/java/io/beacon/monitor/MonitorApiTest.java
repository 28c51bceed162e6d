package io.beacon.monitor;

import io.beacon.TestAgency;
import io.beacon.TestHttp;
import io.beacon.auth.Role;
import io.beacon.home.SpendSeed;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;

import static io.beacon.home.SpendSeed.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("Monitoring table: figures, sorting, search, filters, paging, scoping")
class MonitorApiTest {
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
        .account(c1, "client_cash", 50_000)
        .perf(c0, at(y, 10), "search", 400, 40, 4_000, 4)
        .perf(c0, at(y, 11), "search", 600, 60, 6_000, 6)
        .spend(c0, at(y, 10), "billing", "display", true, 2_000, 10, 5_000, 0)
        .perf(c1, at(y, 14), "smart", 3_000, 150, 30_000, 5)
        .perf(c3, at(y, 15), "external", 500, 50, 20_000, 0)
        .perf(c0, at(y.minusDays(1), 9), "search", 800, 80, 8_000, 8)
        .perf(c1, at(y.minusDays(1), 9), "smart", 1_200, 60, 12_000, 2);
  }

  JsonObject table(String query, Role role) {
    TestHttp.Response r = http.get("/api/v1/monitor/clients?" + query, agency.token(role));
    assertEquals(200, r.status(), r::toString);
    return r.json();
  }

  static List<Long> ids(JsonObject t) {
    return t.getJsonArray("rows").stream().map(r -> ((JsonObject) r).getLong("clientId")).toList();
  }

  static JsonObject row(JsonObject t, long clientId) {
    return t.getJsonArray("rows").stream().map(JsonObject.class::cast).filter(r -> r.getLong("clientId") == clientId)
        .findFirst().orElseThrow();
  }

  @Test
  @DisplayName("a past day: rows and totals are the sums of that day's hourly rows, with an hourly sparkline")
  void yesterday() {
    JsonObject t = table("range=yesterday", Role.MAIN);
    assertEquals(4, t.getInteger("total"));
    assertEquals(List.of(c1, c3, c0, c2), ids(t), "highest spend first by default");
    JsonObject r0 = row(t, c0);
    assertEquals(3_000, r0.getLong("impressions"));
    assertEquals(110, r0.getLong("clicks"));
    assertEquals(15_000, r0.getLong("spendFen"));
    assertEquals(10, r0.getLong("conversions"));
    assertEquals(1_500, r0.getLong("costPerConversionFen"));
    assertEquals(0.036667, r0.getDouble("ctr"), 1e-6);
    assertEquals(0.090909, r0.getDouble("cvr"), 1e-6);
    JsonArray spark = r0.getJsonArray("sparkline");
    assertEquals(24, spark.size());
    assertEquals(9_000, spark.getLong(10));
    assertEquals(6_000, spark.getLong(11));
    assertEquals(50_000, row(t, c1).getLong("balanceFen"));
    assertEquals(1_000_000, row(t, c1).getLong("dailyBudgetFen"));
    JsonObject totals = t.getJsonObject("totals");
    assertEquals(65_000, totals.getLong("spendFen"));
    assertEquals(6_500, totals.getLong("impressions"));
    assertEquals(310, totals.getLong("clicks"));
    assertEquals(15, totals.getLong("conversions"));
    assertEquals(10_000, totals.getLong("cpmFen"));
    assertEquals(24, totals.getJsonArray("trend").size());
    assertEquals(30_000, totals.getJsonArray("trend").getJsonObject(14).getLong("spendFen"));
  }

  @Test
  @DisplayName("a week adds the days (today from the live counters) and has one sparkline point per day")
  void week() {
    JsonObject t = table("range=7d", Role.ADMIN);
    JsonObject r0 = row(t, c0);
    assertEquals(23_000, r0.getLong("spendFen"));
    JsonArray spark = r0.getJsonArray("sparkline");
    assertEquals(7, spark.size());
    assertEquals(8_000, spark.getLong(4));
    assertEquals(15_000, spark.getLong(5));
    assertEquals(42_000, row(t, c1).getLong("spendFen"));
    assertEquals(7, t.getJsonObject("totals").getJsonArray("trend").size());
  }

  @Test
  @DisplayName("any column sorts both ways; search finds name, e-mail or pid; industry and mode filter; pages split the rows")
  void sortSearchFilterPage() {
    assertEquals(List.of(c2, c0, c3, c1), ids(table("range=yesterday&sort=spend", Role.MAIN)));
    assertEquals(List.of(c0, c1, c2, c3), ids(table("range=yesterday&sort=name", Role.MAIN)));
    assertEquals(List.of(c1, c0, c3, c2), ids(table("range=yesterday&sort=-clicks", Role.MAIN)));
    assertEquals(c1, ids(table("range=yesterday&sort=-balance", Role.MAIN)).get(0));
    String email = row(table("range=yesterday", Role.MAIN), c3).getString("email");
    assertEquals(List.of(c3), ids(table("range=yesterday&q=" + email, Role.MAIN)));
    String pid = row(table("range=yesterday", Role.MAIN), c2).getString("pid");
    assertEquals(List.of(c2), ids(table("range=yesterday&q=" + pid.toUpperCase(), Role.MAIN)));
    assertEquals(List.of(c1, c3), ids(table("range=yesterday&industry=retail", Role.MAIN)));
    JsonObject smart = table("range=yesterday&mode=smart", Role.MAIN);
    assertEquals(30_000, smart.getJsonObject("totals").getLong("spendFen"));
    assertEquals(0, row(smart, c0).getLong("spendFen"));
    JsonObject page2 = table("range=yesterday&pageSize=3&page=2", Role.MAIN);
    assertEquals(4, page2.getInteger("total"));
    assertEquals(List.of(c2), ids(page2));
    assertEquals(65_000, page2.getJsonObject("totals").getLong("spendFen"), "totals cover every row, not the page");
  }

  @Test
  @DisplayName("a dedicated employee sees only assigned clients; another agency none of ours")
  void scoping() {
    JsonObject mine = table("range=yesterday", Role.DEDICATED);
    assertEquals(List.of(c1, c0), ids(mine));
    assertEquals(45_000, mine.getJsonObject("totals").getLong("spendFen"));
    TestAgency other = TestAgency.create(1);
    JsonObject theirs = http.get("/api/v1/monitor/clients?range=yesterday", other.token(Role.MAIN)).json();
    assertEquals(1, theirs.getInteger("total"));
    assertFalse(ids(theirs).contains(c0));
  }

  @Test
  @DisplayName("bad parameters answer 400 naming the field")
  void badParameters() {
    assertField("range=yesterday&sort=colour", "sort");
    assertField("pageSize=500", "pageSize");
    assertField("page=0", "page");
    assertField("mode=tv", "mode");
    assertField("range=custom&from=" + y + "&to=" + y.minusDays(2), "to");
    assertField("range=custom&from=" + y.minusDays(400) + "&to=" + y, "from");
  }

  private void assertField(String query, String field) {
    TestHttp.Response r = http.get("/api/v1/monitor/clients?" + query, agency.token(Role.MAIN));
    assertEquals(400, r.status(), r::toString);
    assertTrue(r.json().getJsonArray("errors").stream().anyMatch(e -> field.equals(((JsonObject) e).getString("field"))), r::toString);
  }
}
