package io.beacon.channel;

import io.beacon.Poll;
import io.beacon.TestAgency;
import io.beacon.TestBeacon;
import io.beacon.TestHttp;
import io.beacon.auth.Role;
import io.beacon.live.LiveBus;
import io.beacon.notices.Notices;
import io.beacon.notices.WorkNoticeDelivery;
import io.beacon.platform.Platform;
import io.beacon.tickets.DeskFixtures;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LeadsApiTest {
  private final TestHttp http = TestHttp.shared();

  private static final String GOOD = """
      name,type,priority,phone,contact,industry,company
      杭州某教育科技,event,high,13800000001,王先生,education,杭州某教育科技有限公司
      未知,consultation,medium,13800000002,李女士,,
      上海某零售,platform,low,+86 21-5555-0000,,retail,
      """;

  /** The good rows plus a fourth with a follower column naming the employee. */
  private static String withFollower(TestAgency a) {
    return GOOD.replace("contact,industry,company\n", "contact,industry,company,follower\n")
        + "第四条,referral,low,13800000004,,,," + a.accounts.get(Role.EMPLOYEE) + "\n";
  }

  private TestHttp.Response importCsv(String token, String csv) {
    return http.send(HttpMethod.POST, "/api/v1/leads/import", token, csv, MultiMap.caseInsensitiveMultiMap().add("Content-Type", "text/csv"));
  }

  private List<JsonObject> all(TestAgency a) {
    return http.get("/api/v1/leads?scope=all&pageSize=100", a.token(Role.MAIN)).json().getJsonArray("items").stream()
        .map(o -> (JsonObject) o).toList();
  }

  private long leadNamed(TestAgency a, String name) {
    return all(a).stream().filter(l -> l.getString("name").equals(name)).findFirst().orElseThrow().getLong("id");
  }

  private void grantLeadAdmin(TestAgency a, Role role) {
    TestAgency.one(TestBeacon.shared().platform().pg(), "UPDATE staff SET lead_admin = true WHERE id = $1 RETURNING id",
        Tuple.of(a.staffIds.get(role)));
  }

  @Test
  @DisplayName("a CSV with bad rows is refused naming each row and field, and nothing is imported; a good one imports every row")
  void csvImport() {
    TestAgency a = TestAgency.create(1);
    String bad = """
        线索名称,类型,优先级,电话,跟进人
        好线索,客户咨询,高,13800000009,
        ,weather,高,13800000010,
        第三条,event,urgent,not-a-phone,nobody@nowhere
        """;
    TestHttp.Response r = importCsv(a.token(Role.MAIN), bad);
    assertEquals(400, r.status(), r.toString());
    List<String> fields = r.json().getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("field")).toList();
    assertEquals(List.of("rows[3].name", "rows[3].type", "rows[4].priority", "rows[4].phone", "rows[4].follower"), fields);
    assertEquals(3, r.json().getJsonArray("rows").getJsonObject(0).getInteger("row"));
    assertEquals(0, all(a).size());
    assertEquals(400, importCsv(a.token(Role.MAIN), "name,type\nx,event\n").status());

    MultiMap key = MultiMap.caseInsensitiveMultiMap().add("Content-Type", "text/csv").add("Idempotency-Key", "import-1");
    TestHttp.Response ok = http.send(HttpMethod.POST, "/api/v1/leads/import", a.token(Role.MAIN),
        withFollower(a), key);
    assertEquals(201, ok.status(), ok.toString());
    assertEquals(4, ok.json().getInteger("imported"));
    TestHttp.Response again = http.send(HttpMethod.POST, "/api/v1/leads/import", a.token(Role.MAIN),
        withFollower(a), key);
    assertEquals(ok.json().getLong("batchId"), again.json().getLong("batchId"));
    assertEquals(4, all(a).size());
    assertTrue(all(a).stream().allMatch(l -> l.getString("state").equals("pending")));
    // filters of C4
    assertEquals(1, http.get("/api/v1/leads?scope=all&type=event&priority=high", a.token(Role.MAIN)).json().getLong("total"));
    assertEquals(1, http.get("/api/v1/leads?scope=all&followerId=" + a.staffIds.get(Role.EMPLOYEE), a.token(Role.MAIN)).json().getLong("total"));
    assertEquals(1, http.get("/api/v1/leads?scope=mine", a.token(Role.EMPLOYEE)).json().getLong("total"));
    assertEquals(0, http.get("/api/v1/leads?scope=all&importedTo=2000-01-01", a.token(Role.MAIN)).json().getLong("total"));
  }

  @Test
  @DisplayName("role matrix: all leads, import and assign for main and lead admins only; employees see their own; other agencies 404")
  void roleMatrix() {
    TestAgency a = TestAgency.create(1);
    assertEquals(201, importCsv(a.token(Role.MAIN), GOOD).status());
    long lead = leadNamed(a, "杭州某教育科技");
    for (Role r : List.of(Role.ADMIN, Role.EMPLOYEE, Role.DEDICATED)) {
      assertEquals(403, http.get("/api/v1/leads?scope=all", a.token(r)).status(), r.name());
      assertEquals(403, importCsv(a.token(r), GOOD).status(), r.name());
      assertEquals(403, http.post("/api/v1/leads/" + lead + "/assign", a.token(r), new JsonObject().put("staffId", a.staffIds.get(r))).status());
      assertEquals(404, http.get("/api/v1/leads/" + lead, a.token(r)).status(), r.name());
    }
    grantLeadAdmin(a, Role.EMPLOYEE);
    assertEquals(200, http.get("/api/v1/leads?scope=all", a.token(Role.EMPLOYEE)).status());
    TestHttp.Response assigned = http.post("/api/v1/leads/" + lead + "/assign", a.token(Role.EMPLOYEE),
        new JsonObject().put("staffId", a.staffIds.get(Role.DEDICATED)));
    assertEquals(200, assigned.status(), assigned.toString());
    assertEquals(a.staffIds.get(Role.DEDICATED), assigned.json().getJsonObject("follower").getLong("staffId"));
    assertEquals(200, http.get("/api/v1/leads/" + lead, a.token(Role.DEDICATED)).status());
    assertEquals(1, http.get("/api/v1/leads?scope=mine", a.token(Role.DEDICATED)).json().getLong("total"));
    assertTrue(Poll.within(Duration.ofSeconds(5), () -> http.get("/api/v1/notices?kind=lead", a.token(Role.DEDICATED)).json()
        .getJsonArray("items").stream().anyMatch(n -> ((JsonObject) n).getString("title").contains("杭州某教育科技"))));

    TestAgency rival = TestAgency.create(1);
    assertEquals(404, http.get("/api/v1/leads/" + lead, rival.token(Role.MAIN)).status());
    assertEquals(404, http.post("/api/v1/leads/" + lead + "/assign", rival.token(Role.MAIN), new JsonObject().put("staffId", rival.staffIds.get(Role.MAIN))).status());
    assertEquals(404, http.post("/api/v1/leads/" + lead + "/calls", rival.token(Role.MAIN), new JsonObject().put("outcome", "connected")).status());
    assertEquals(404, http.post("/api/v1/leads/" + lead + "/convert", rival.token(Role.MAIN), new JsonObject().put("intentLevel", "high")).status());
    assertEquals(0, http.get("/api/v1/leads?scope=all", rival.token(Role.MAIN)).json().getLong("total"));
    // a staff member of another agency cannot become the follower
    TestHttp.Response foreign = http.post("/api/v1/leads/" + lead + "/assign", a.token(Role.MAIN), new JsonObject().put("staffId", rival.staffIds.get(Role.MAIN)));
    assertEquals(400, foreign.status());
    assertEquals("staffId", foreign.json().getJsonArray("errors").getJsonObject(0).getString("field"));
  }

  @Test
  @DisplayName("calls only by the follower and only while open; convert needs private contact; then the lead is completed and final")
  void callsFollowUpsAndConvert() {
    TestAgency a = TestAgency.create(1);
    importCsv(a.token(Role.MAIN), GOOD);
    long lead = leadNamed(a, "杭州某教育科技");
    http.post("/api/v1/leads/" + lead + "/assign", a.token(Role.MAIN), new JsonObject().put("staffId", a.staffIds.get(Role.EMPLOYEE)));
    String employee = a.token(Role.EMPLOYEE);

    assertEquals(403, http.post("/api/v1/leads/" + lead + "/calls", a.token(Role.MAIN), new JsonObject().put("outcome", "connected")).status());
    TestHttp.Response called = http.post("/api/v1/leads/" + lead + "/calls", employee,
        new JsonObject().put("outcome", "connected").put("durationSeconds", 95).put("note", "有意向"));
    assertEquals(200, called.status(), called.toString());
    assertEquals("following", called.json().getString("state"));
    assertEquals("13800000001", called.json().getJsonArray("history").getJsonObject(2).getString("phone"), "after import and assignment");
    TestHttp.Response badState = http.post("/api/v1/leads/" + lead + "/follow-ups", employee, new JsonObject().put("state", "completed"));
    assertEquals(400, badState.status());
    assertEquals("state", badState.json().getJsonArray("errors").getJsonObject(0).getString("field"));

    TestHttp.Response early = http.post("/api/v1/leads/" + lead + "/convert", employee, new JsonObject().put("intentLevel", "high"));
    assertEquals(409, early.status());
    assertTrue(early.json().getString("type").endsWith("private-contact-required"));

    JsonObject followed = http.post("/api/v1/leads/" + lead + "/follow-ups", employee,
        new JsonObject().put("state", "valid").put("privateContact", true).put("note", "加了微信")).json();
    assertTrue(followed.getBoolean("conversionRequired"));
    assertEquals(409, http.post("/api/v1/leads/" + lead + "/follow-ups", employee, new JsonObject().put("state", "invalid")).status());
    assertEquals(403, http.post("/api/v1/leads/" + lead + "/convert", a.token(Role.MAIN), new JsonObject().put("intentLevel", "high")).status());

    TestHttp.Response converted = http.post("/api/v1/leads/" + lead + "/convert", employee, new JsonObject().put("intentLevel", "high")
        .put("concerns", "预算审批").put("expectedOpenDate", "2026-12-15").put("expectedBudgetFen", 50_000_000).put("contactWechat", "wang_edu"));
    assertEquals(201, converted.status(), converted.toString());
    JsonObject opp = converted.json();
    assertEquals("杭州某教育科技有限公司", opp.getJsonObject("company").getString("name"));
    assertEquals("王先生", opp.getJsonObject("contact").getString("name"));
    assertEquals("following", opp.getString("state"));

    JsonObject done = http.get("/api/v1/leads/" + lead, employee).json();
    assertEquals("completed", done.getString("state"));
    assertFalse(done.getBoolean("conversionRequired"));
    // the detail's whole history: import, assignment (to whom, by whom), call, follow-up, conversion
    JsonArray history = done.getJsonArray("history");
    assertEquals(List.of("imported", "assigned", "call", "follow_up", "converted"),
        history.stream().map(h -> ((JsonObject) h).getString("kind")).toList());
    assertEquals(a.staffIds.get(Role.EMPLOYEE), history.getJsonObject(1).getLong("staffId"));
    assertEquals(a.staffIds.get(Role.MAIN), history.getJsonObject(1).getLong("byStaffId"));
    assertEquals(opp.getLong("id"), history.getJsonObject(4).getLong("opportunityId"));
    JsonObject oppDetail = http.get("/api/v1/opportunities/" + opp.getLong("id"), employee).json();
    assertEquals(5, oppDetail.getJsonArray("history").size(), "the opportunity carries its lead's history");
    assertEquals("lead", oppDetail.getJsonArray("history").getJsonObject(0).getString("stage"));
    for (String action : List.of("calls", "follow-ups", "convert")) {
      JsonObject body = switch (action) {
        case "calls" -> new JsonObject().put("outcome", "busy");
        case "follow-ups" -> new JsonObject().put("state", "following");
        default -> new JsonObject().put("intentLevel", "low");
      };
      TestHttp.Response r = http.post("/api/v1/leads/" + lead + "/" + action, employee, body);
      assertEquals(409, r.status(), action + " " + r);
      assertEquals("completed", r.json().getString("currentState"));
    }

    long oppId = opp.getLong("id");
    assertEquals(1, http.get("/api/v1/opportunities?scope=mine", employee).json().getLong("total"));
    assertEquals(403, http.get("/api/v1/opportunities?scope=all", employee).status());
    TestHttp.Response of = http.post("/api/v1/opportunities/" + oppId + "/follow-ups", employee, new JsonObject().put("state", "valid")
        .put("intentLevel", "medium").put("expectedBudgetFen", 30_000_000).put("note", "等预算"));
    assertEquals(200, of.status(), of.toString());
    assertEquals("medium", of.json().getString("intentLevel"));
    assertEquals(30_000_000L, of.json().getLong("expectedBudgetFen"));
    assertEquals(200, http.post("/api/v1/opportunities/" + oppId + "/calls", employee, new JsonObject().put("outcome", "no_answer")).status());
    assertEquals(403, http.post("/api/v1/opportunities/" + oppId + "/calls", a.token(Role.MAIN), new JsonObject().put("outcome", "no_answer")).status());
    assertEquals(404, http.get("/api/v1/opportunities/" + oppId, TestAgency.create(1).token(Role.MAIN)).status());
  }

  @Test
  @DisplayName("an unknown (未知) lead gets its company linked; a named one cannot")
  void linkCompany() {
    TestAgency a = TestAgency.create(1);
    importCsv(a.token(Role.MAIN), GOOD);
    long unknown = leadNamed(a, "未知");
    TestHttp.Response r = http.post("/api/v1/leads/" + unknown + "/company", a.token(Role.MAIN),
        new JsonObject().put("companyName", "苏州某制造").put("creditCode", "91320500MA1234567X"));
    assertEquals(200, r.status(), r.toString());
    assertEquals("苏州某制造", r.json().getString("name"));
    assertFalse(r.json().getBoolean("unknown"));
    assertEquals(409, http.post("/api/v1/leads/" + unknown + "/company", a.token(Role.MAIN), new JsonObject().put("companyName", "x")).status());
  }

  @Test
  @DisplayName("leads expire by the timer once their expiry passes (clock moved, no sleeping); then calls are refused")
  void expiry() {
    TestAgency a = TestAgency.create(1);
    importCsv(a.token(Role.MAIN), GOOD);
    long lead = leadNamed(a, "上海某零售");
    http.post("/api/v1/leads/" + lead + "/assign", a.token(Role.MAIN), new JsonObject().put("staffId", a.staffIds.get(Role.EMPLOYEE)));
    DeskFixtures.MovableClock clock = new DeskFixtures.MovableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    Platform platform = DeskFixtures.platformWith(clock);
    Leads leads = new Leads(platform, new Notices(platform, new LiveBus(platform.redis()), WorkNoticeDelivery.NONE));
    int days = platform.config().tickets().leadExpiryDays();

    clock.advance(Duration.ofDays(days).minusHours(1));
    leads.expireDue().await();
    assertEquals("pending", http.get("/api/v1/leads/" + lead, a.token(Role.EMPLOYEE)).json().getString("state"));
    clock.advance(Duration.ofHours(2));
    int first = leads.expireDue().await();
    assertTrue(first >= 3, "this agency's three leads expire: " + first);
    assertEquals(0, leads.expireDue().await());
    assertEquals("expired", http.get("/api/v1/leads/" + lead, a.token(Role.EMPLOYEE)).json().getString("state"));
    TestHttp.Response call = http.post("/api/v1/leads/" + lead + "/calls", a.token(Role.EMPLOYEE), new JsonObject().put("outcome", "connected"));
    assertEquals(409, call.status());
    assertEquals("expired", call.json().getString("currentState"));
  }
}
