package io.beacon.reports;

import io.beacon.TestAgency;
import io.beacon.TestBeacon;
import io.beacon.TestHttp;
import io.beacon.auth.Caller;
import io.beacon.auth.Role;
import io.beacon.readmodel.AgencyZoneStore;
import io.beacon.readmodel.ReadCache;
import io.beacon.home.SpendSeed;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static io.beacon.home.SpendSeed.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("Data overview: metrics, top 5 drill-down, detail table, templates, scoping, bad input")
class ReportsApiTest {
  static TestAgency agency;
  static TestAgency rival;
  static TestHttp http;
  static long c0, c1, c2, c3;   // c0, c2 education; c1, c3 retail; the dedicated employee has c0 and c1
  static LocalDate y, d2, old;

  @BeforeAll
  static void seed() {
    agency = TestAgency.create(4);
    rival = TestAgency.create(1);
    http = TestHttp.shared();
    c0 = agency.clients.get(0);
    c1 = agency.clients.get(1);
    c2 = agency.clients.get(2);
    c3 = agency.clients.get(3);
    y = SpendSeed.today().minusDays(1);
    d2 = y.minusDays(1);
    old = SpendSeed.today().minusDays(40);
    new SpendSeed(agency.id)
        .spend(c0, at(y, 10), "billing", "search", false, "sales", "purchase", "c0-a", "c0-a-1", 1_000, 50, 10_000, 5)
        .spend(c0, at(y, 11), "billing", "search", false, "leads", "form", "c0-b", "c0-b-1", 2_000, 40, 6_000, 2)
        .spend(c1, at(y, 10), "billing", "smart", false, "sales", "purchase", "c1-a", "c1-a-1", 3_000, 150, 30_000, 10)
        .spend(c2, at(y, 14), "billing", "display", false, "sales", "add_to_cart", "c2-a", "c2-a-1", 500, 25, 4_000, 0)
        .spend(c3, at(d2, 9), "billing", "smart", false, "app", "install", "c3-a", "c3-a-1", 800, 16, 2_000, 4)
        .spend(c0, at(old, 12), "billing", "search", false, "sales", "purchase", "c0-a", "c0-a-1", 10_000, 100, 50_000, 20)
        .spend(c0, at(y, 10), "conversion", "search", false, "sales", "purchase", "c0-a", "c0-a-1", 1_000, 50, 10_000, 7);
  }

  static JsonObject get(String path, Role role) {
    TestHttp.Response r = http.get("/api/v1/data/" + path, agency.token(role));
    assertEquals(200, r.status(), r::toString);
    return r.json();
  }

  static void expectBad(String path, String field) {
    TestHttp.Response r = http.get("/api/v1/data/" + path, agency.token(Role.MAIN));
    assertEquals(400, r.status(), r::toString);
    assertEquals("application/problem+json", r.header("Content-Type").split(";")[0]);
    assertEquals(field, r.json().getJsonArray("errors").getJsonObject(0).getString("field"), r::toString);
  }

  static List<Object> column(JsonArray rows, String field) {
    return rows.stream().map(r -> ((JsonObject) r).getValue(field)).toList();
  }

  @Test
  @DisplayName("yesterday by hour: the nine metrics are computed from the sums of the seeded rows")
  void yesterdayMetrics() {
    JsonObject o = get("overview?range=yesterday&granularity=hour", Role.MAIN);
    JsonObject m = o.getJsonObject("metrics");
    assertEquals(50_000, m.getLong("spendFen"));
    assertEquals(6_500, m.getLong("impressions"));
    assertEquals(265, m.getLong("clicks"));
    assertEquals(17, m.getLong("conversions"));
    assertEquals(7_692, m.getLong("cpmFen"));          // 50,000 × 1000 / 6,500
    assertEquals(0.040769, m.getDouble("ctr"), 1e-6);   // 265 / 6,500
    assertEquals(189, m.getLong("cpcFen"));            // 50,000 / 265
    assertEquals(0.064151, m.getDouble("cvr"), 1e-6);   // 17 / 265
    assertEquals(2_941, m.getLong("cpaFen"));          // 50,000 / 17
    JsonArray trend = o.getJsonArray("trend");
    assertEquals(24, trend.size());
    assertEquals(y + "T10:00", trend.getJsonObject(10).getString("time"));
    assertEquals(40_000, trend.getJsonObject(10).getLong("spendFen"));
    assertEquals(6_000, trend.getJsonObject(11).getLong("spendFen"));
    assertEquals(4_000, trend.getJsonObject(14).getLong("spendFen"));
    assertNull(trend.getJsonObject(14).getValue("cpaFen"), "no conversions in that hour: no CPA");
    assertNull(trend.getJsonObject(3).getValue("ctr"), "no impressions: no CTR");
  }

  @Test
  @DisplayName("compare with history adds the previous period and the change; conversion time is its own basis")
  void compareAndBasis() {
    JsonObject o = get("overview?range=yesterday&compare=true", Role.MAIN);
    JsonObject prev = o.getJsonObject("previous");
    assertEquals(d2.toString(), prev.getJsonObject("range").getString("from"));
    assertEquals(2_000, prev.getJsonObject("metrics").getLong("spendFen"));
    assertEquals(24.0, o.getJsonObject("change").getDouble("spendFen"), 1e-9);   // (50,000 − 2,000) / 2,000
    assertEquals(1, o.getJsonArray("trend").size());
    JsonObject conv = get("overview?range=yesterday&attribution=conversion", Role.MAIN).getJsonObject("metrics");
    assertEquals(10_000, conv.getLong("spendFen"));
    assertEquals(7, conv.getLong("conversions"));
  }

  @Test
  @DisplayName("30, 90 and 180 days add the days; the same figures come back once the days are rolled up, and a late row shows at once")
  void longRangesAndRollup() {
    assertEquals(52_000, get("overview?range=30d", Role.MAIN).getJsonObject("metrics").getLong("spendFen"));
    JsonObject d90 = get("overview?range=90d", Role.MAIN);
    assertEquals(102_000, d90.getJsonObject("metrics").getLong("spendFen"));
    assertEquals(90, d90.getJsonArray("trend").size());
    assertEquals(50_000, d90.getJsonArray("trend").getJsonObject(49).getLong("spendFen"));
    assertEquals(102_000, get("overview?range=180d", Role.MAIN).getJsonObject("metrics").getLong("spendFen"));

    Pool pg = TestBeacon.shared().platform().pg();
    new ReportsRollup(TestBeacon.shared().platform().vertx(), new ReportsStore(pg), Clock.systemUTC()).rollPending().await();
    long rolled = pg.preparedQuery("SELECT count(*) FROM spend_daily_detail WHERE agency_id = $1").execute(Tuple.of(agency.id))
        .await().iterator().next().getLong(0);
    assertEquals(7, rolled, "one rollup row per client, day, basis, goal, event, campaign and unit");
    String custom = "overview?range=custom&from=" + SpendSeed.today().minusDays(89) + "&to=" + SpendSeed.today();
    assertEquals(102_000, get(custom, Role.MAIN).getJsonObject("metrics").getLong("spendFen"));
    JsonObject top = get("top?dimension=goal&range=custom&from=" + old + "&to=" + y, Role.MAIN);
    assertEquals(List.of("sales", "leads", "app"), column(top.getJsonArray("rows"), "key"));
    assertEquals(94_000, top.getJsonArray("rows").getJsonObject(0).getLong("spendFen"));

    new SpendSeed(agency.id).spend(c0, at(old, 13), "billing", "search", false, "sales", "purchase", "c0-a", "c0-a-1", 100, 1, 1_000, 0);
    // (a new range: reads of the same days keep what they found for up to a minute)
    String later = "overview?range=custom&from=" + old.minusDays(1) + "&to=" + SpendSeed.today();
    assertEquals(103_000, get(later, Role.MAIN).getJsonObject("metrics").getLong("spendFen"), "a changed day is read from the hours");
  }

  @Test
  @DisplayName("top 5 drills down industry → client → goal → event, with spend and share")
  void topDrillDown() {
    JsonArray industries = get("top?dimension=industry&range=yesterday", Role.MAIN).getJsonArray("rows");
    assertEquals(List.of("retail", "education"), column(industries, "key"));
    assertEquals(List.of(30_000L, 20_000L), column(industries, "spendFen").stream().map(v -> ((Number) v).longValue()).toList());
    assertEquals(0.6, industries.getJsonObject(0).getDouble("share"), 1e-9);
    JsonArray clients = get("top?dimension=client&pathIndustry=education&range=yesterday", Role.MAIN).getJsonArray("rows");
    assertEquals(List.of(c0, c2), column(clients, "clientId").stream().map(v -> ((Number) v).longValue()).toList());
    assertEquals(0.8, clients.getJsonObject(0).getDouble("share"), 1e-9);
    assertTrue(clients.getJsonObject(0).getString("label").startsWith("Client 0"));
    JsonArray goals = get("top?dimension=goal&pathIndustry=education&pathClientId=" + c0 + "&range=yesterday", Role.MAIN).getJsonArray("rows");
    assertEquals(List.of("sales", "leads"), column(goals, "key"));
    assertEquals(10_000, goals.getJsonObject(0).getLong("spendFen"));
    JsonArray events = get("top?dimension=event&pathGoal=sales&range=yesterday", Role.MAIN).getJsonArray("rows");
    assertEquals(List.of("purchase", "add_to_cart"), column(events, "key"));
    assertEquals(40_000, events.getJsonObject(0).getLong("spendFen"));
    JsonObject narrowed = get("top?dimension=event&pathGoal=sales&goal=leads&range=yesterday", Role.MAIN);
    assertEquals(0, narrowed.getJsonArray("rows").size(), "a parent outside the page's own goal filter matches nothing");
  }

  @Test
  @DisplayName("detail: default columns by client, time first and newest first, campaign and unit with a client, paging")
  void detail() {
    JsonObject d = get("detail?range=yesterday", Role.MAIN);
    assertEquals(List.of("client"), d.getJsonArray("dimensions").getList());
    assertEquals(List.of("impressions", "clicks", "spend", "conversions", "cost"), d.getJsonArray("columns").getList());
    assertEquals(3, d.getLong("total"));
    JsonArray rows = d.getJsonArray("rows");
    assertEquals(List.of(c1, c0, c2), column(rows, "clientId").stream().map(v -> ((Number) v).longValue()).toList());
    JsonObject r0 = rows.getJsonObject(1);
    assertEquals(16_000, r0.getLong("spendFen"));
    assertEquals(3_000, r0.getLong("impressions"));
    assertEquals(90, r0.getLong("clicks"));
    assertEquals(7, r0.getLong("conversions"));
    assertEquals(2_286, r0.getLong("cpaFen"));   // 16,000 / 7
    assertNull(rows.getJsonObject(2).getValue("cpaFen"));

    JsonArray timed = get("detail?range=yesterday&granularity=hour&dimensions=client,time", Role.MAIN).getJsonArray("rows");
    assertEquals(List.of(y + "T14:00", y + "T11:00", y + "T10:00", y + "T10:00"), column(timed, "time"));
    assertEquals(List.of(c2, c0, c1, c0), column(timed, "clientId").stream().map(v -> ((Number) v).longValue()).toList());
    assertEquals(List.of("time", "clientId", "clientName", "impressions", "clicks", "spendFen", "conversions", "cpaFen"),
        new ArrayList<>(timed.getJsonObject(0).fieldNames()));

    JsonArray units = get("detail?range=yesterday&clientId=" + c0 + "&dimensions=campaign,unit&columns=spend,ctr", Role.MAIN).getJsonArray("rows");
    assertEquals(List.of("c0-a", "c0-b"), column(units, "campaignId"));
    assertEquals(0.05, units.getJsonObject(0).getDouble("ctr"), 1e-9);
    JsonObject page2 = get("detail?range=yesterday&pageSize=1&page=2", Role.MAIN);
    assertEquals(3, page2.getLong("total"));
    assertEquals(c0, page2.getJsonArray("rows").getJsonObject(0).getLong("clientId"));
  }

  @Test
  @DisplayName("promotion mode narrows every part of the page, on the hours and on the rolled days alike")
  void promotionMode() {
    JsonObject search = get("overview?range=yesterday&mode=search", Role.MAIN);
    assertEquals(16_000, search.getJsonObject("metrics").getLong("spendFen"));
    assertEquals("search", search.getString("mode"));
    assertEquals(List.of(c1), column(get("top?dimension=client&mode=smart&range=yesterday", Role.MAIN).getJsonArray("rows"), "clientId")
        .stream().map(v -> ((Number) v).longValue()).toList());
    JsonObject display = get("detail?range=yesterday&mode=display", Role.MAIN);
    assertEquals(1, display.getLong("total"));
    assertEquals(c2, display.getJsonArray("rows").getJsonObject(0).getLong("clientId"));

    Pool pg = TestBeacon.shared().platform().pg();
    new ReportsRollup(TestBeacon.shared().platform().vertx(), new ReportsStore(pg), Clock.systemUTC()).rollPending().await();
    String rolled = "overview?mode=smart&range=custom&from=" + SpendSeed.today().minusDays(88) + "&to=" + SpendSeed.today();
    assertEquals(32_000, get(rolled, Role.MAIN).getJsonObject("metrics").getLong("spendFen"), "c1 yesterday and c3 the day before");
    assertEquals(0, get(rolled.replace("smart", "external"), Role.MAIN).getJsonObject("metrics").getLong("spendFen"));
  }

  @Test
  @DisplayName("the detail table sorts by any metric column either way, rows without a value last")
  void sortByMetric() {
    // yesterday: c0 CTR 3 %, CPA ¥22.86; c1 CTR 5 %, CPA ¥30.00; c2 CTR 5 %, no conversions (no CPA)
    assertEquals(List.of(c0, c1, c2), clientsOf("detail?range=yesterday&sort=ctr"), "equal CTRs: the larger spend first");
    assertEquals(List.of(c1, c2, c0), clientsOf("detail?range=yesterday&sort=-ctr"));
    assertEquals(List.of(c0, c1, c2), clientsOf("detail?range=yesterday&sort=cost"));
    assertEquals(List.of(c1, c0, c2), clientsOf("detail?range=yesterday&sort=-cost"));
    assertEquals("-cost", get("detail?range=yesterday&sort=-cost", Role.MAIN).getString("sort"));
    assertEquals(List.of(c2, c1), clientsOf("detail?range=yesterday&sort=impressions&pageSize=2"), "c0 and c1 both 3,000: the larger spend first");
    for (String path : List.of("detail?clientId=" + c0 + "&sort=-spend&mode=search", "overview?clientId=" + c0 + "&mode=search")) {
      assertEquals(404, http.get("/api/v1/data/" + path, rival.token(Role.MAIN)).status(), path);
    }
    assertEquals(404, http.get("/api/v1/data/detail?clientId=" + c2 + "&sort=ctr", agency.token(Role.DEDICATED)).status());
  }

  static List<Long> clientsOf(String path) {
    return column(get(path, Role.MAIN).getJsonArray("rows"), "clientId").stream().map(v -> ((Number) v).longValue()).toList();
  }

  @Test
  @DisplayName("streamDetail hands every row in table order, in batches, for the task center's download")
  void streamDetail() {
    var pg = TestBeacon.shared().platform().pg();
    Clock clock = Clock.systemUTC();
    ReportsService service = new ReportsService(new ReportsStore(pg), new AgencyZoneStore(pg), new ReadCache(clock), clock);
    Caller main = new Caller(0, 0, null, null, agency.id, agency.staffIds.get(Role.MAIN), null, null, Role.MAIN, false, "main", "main");
    List<Integer> batches = new ArrayList<>();
    List<JsonObject> rows = new ArrayList<>();
    long n = service.scoped(main, new ReportsService.Filters("yesterday", null, null, true, "billing", null, null, null))
        .compose(s -> service.streamDetail(ReportsService.detailQuery(s, "time,client", null, null), 3, batch -> {
          batches.add(batch.size());
          rows.addAll(batch);
          return Future.succeededFuture();
        })).await();
    assertEquals(4, n);
    assertEquals(List.of(3, 1), batches);
    assertEquals(get("detail?range=yesterday&granularity=hour&dimensions=time,client", Role.MAIN).getJsonArray("rows").encode(),
        new JsonArray(new ArrayList<>(rows)).encode());
  }

  @Test
  @DisplayName("a dedicated employee sees only assigned clients; another agency's or an unassigned client answers 404")
  void scoping() {
    assertEquals(46_000, get("overview?range=yesterday", Role.DEDICATED).getJsonObject("metrics").getLong("spendFen"));
    assertEquals(2, get("detail?range=yesterday", Role.DEDICATED).getLong("total"));
    for (String path : List.of("overview?clientId=" + c2, "detail?clientId=" + c3, "top?dimension=goal&pathClientId=" + c2)) {
      assertEquals(404, http.get("/api/v1/data/" + path, agency.token(Role.DEDICATED)).status(), path);
    }
    String rivalToken = rival.token(Role.MAIN);
    for (String path : List.of("overview?clientId=" + c0, "top?clientId=" + c0, "detail?clientId=" + c0, "top?dimension=goal&pathClientId=" + c0)) {
      TestHttp.Response r = http.get("/api/v1/data/" + path, rivalToken);
      assertEquals(404, r.status(), path + ": " + r);
    }
    assertEquals(0, http.get("/api/v1/data/overview?range=yesterday", rivalToken).json().getJsonObject("metrics").getLong("spendFen"));
    assertEquals(401, http.get("/api/v1/data/overview", null).status());
  }

  @Test
  @DisplayName("bad filters are a 400 naming the field")
  void badInput() {
    expectBad("overview?range=90d&granularity=hour", "range");
    expectBad("overview?range=week", "range");
    expectBad("overview?range=custom&to=" + y, "from");
    expectBad("overview?range=custom&granularity=hour&from=" + y.minusDays(9) + "&to=" + y, "from");
    expectBad("overview?range=custom&from=" + y + "&to=" + y.plusDays(5), "to");
    expectBad("overview?clientId=abc", "clientId");
    expectBad("overview?attribution=click", "attribution");
    expectBad("top?dimension=campaign", "dimension");
    expectBad("top?dimension=goal&pathIndustry=education", "pathIndustry");
    expectBad("top?dimension=client&pathGoal=sales", "pathGoal");
    expectBad("top?dimension=industry&pathClientId=" + c0, "pathClientId");
    expectBad("detail?dimensions=client,region", "dimensions");
    expectBad("detail?dimensions=campaign", "dimensions");
    expectBad("detail?columns=spend,roi", "columns");
    expectBad("detail?pageSize=0", "pageSize");
    expectBad("overview?mode=tv", "mode");
    expectBad("top?mode=SEARCH", "mode");
    expectBad("detail?sort=roi", "sort");
    expectBad("detail?sort=--spend", "sort");
    expectBad("detail?sort=name", "sort");
  }

  @Test
  @DisplayName("templates: saved per staff member, names unique per owner, another's template is 404, bad bodies are 400")
  void templates() {
    String main = agency.token(Role.MAIN);
    JsonObject body = new JsonObject().put("name", "By goal").put("dimensions", new JsonArray().add("goal").add("time"))
        .put("columns", new JsonArray().add("spend").add("cvr"));
    TestHttp.Response created = http.post("/api/v1/data/templates", main, body);
    assertEquals(201, created.status(), created::toString);
    long id = created.json().getLong("id");
    assertEquals(List.of("time", "goal"), created.json().getJsonArray("dimensions").getList(), "kept in column order");
    TestHttp.Response twice = http.post("/api/v1/data/templates", main, body);
    assertEquals(409, twice.status());
    assertEquals("name", twice.json().getJsonArray("errors").getJsonObject(0).getString("field"));
    assertEquals(List.of("By goal"), column(get("templates", Role.MAIN).getJsonArray("templates"), "name"));
    assertEquals(0, get("templates", Role.ADMIN).getJsonArray("templates").size(), "templates are per staff member");

    TestHttp.Response renamed = http.put("/api/v1/data/templates/" + id, main, body.copy().put("name", "Goals"));
    assertEquals(200, renamed.status(), renamed::toString);
    assertEquals("Goals", renamed.json().getString("name"));
    assertEquals(404, http.put("/api/v1/data/templates/" + id, agency.token(Role.ADMIN), body).status());
    assertEquals(404, http.put("/api/v1/data/templates/" + id, rival.token(Role.MAIN), body).status());
    assertEquals(404, http.delete("/api/v1/data/templates/" + id, rival.token(Role.MAIN)).status());

    TestHttp.Response noDims = http.post("/api/v1/data/templates", main, body.copy().put("dimensions", new JsonArray()));
    assertEquals(400, noDims.status());
    assertEquals("dimensions", noDims.json().getJsonArray("errors").getJsonObject(0).getString("field"), noDims::toString);
    TestHttp.Response badColumn = http.post("/api/v1/data/templates", main, body.copy().put("columns", new JsonArray().add("roi")));
    assertEquals(400, badColumn.status());
    assertTrue(badColumn.json().getJsonArray("errors").getJsonObject(0).getString("field").startsWith("columns"), badColumn::toString);

    assertEquals(204, http.delete("/api/v1/data/templates/" + id, main).status());
    assertEquals(404, http.delete("/api/v1/data/templates/" + id, main).status());
    assertEquals(0, get("templates", Role.MAIN).getJsonArray("templates").size());
  }
}
