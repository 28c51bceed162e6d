package io.beacon.partner;

import io.beacon.Poll;
import io.beacon.SseStream;
import io.beacon.TestAgency;
import io.beacon.TestBeacon;
import io.beacon.TestHttp;
import io.beacon.auth.OperatorKey;
import io.beacon.auth.Role;
import io.beacon.home.SpendSeed;
import io.beacon.tickets.DeskFixtures;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;

import static io.beacon.home.SpendSeed.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Channel cooperation: performance, health and tasks against rows the test writes, through the agency and operator APIs. */
class PartnerApiTest {
  private final TestHttp http = TestHttp.shared();

  private TestHttp.Response operator(HttpMethod method, String path, JsonObject body) {
    return http.send(method, path, null, body, MultiMap.caseInsensitiveMultiMap().add(OperatorKey.HEADER, DeskFixtures.operatorKey()));
  }

  private static JsonObject indicator(long agencyId, String period, String code, long target, Long actual) {
    return new JsonObject().put("agencyId", agencyId).put("period", period).put("code", code).put("name", "指标 " + code)
        .put("unit", "spend".equals(code) ? "fen" : "clients").put("target", target).put("actual", actual);
  }

  @Test
  @DisplayName("performance: spend, clients with spend and new clients summed from spend_daily; status met / missed / assessing; the client list and its download")
  void performance() throws Exception {
    TestAgency a = TestAgency.create(4);
    long c0 = a.clients.get(0), c1 = a.clients.get(1), c2 = a.clients.get(2);
    YearMonth last = YearMonth.now(SpendSeed.ZONE).minusMonths(1);
    LocalDate day = last.atDay(10);
    new SpendSeed(a.id)
        .spend(c0, at(day, 9), "billing", "smart", false, 1000, 10, 100_000, 1)
        .spend(c0, at(day.plusDays(3), 9), "billing", "search", false, 1000, 10, 50_000, 1)
        .spend(c0, at(last.minusMonths(1).atDay(5), 9), "billing", "smart", false, 1000, 10, 10_000, 1)   // earlier: c0 is not new
        .spend(c1, at(day, 11), "billing", "display", true, 1000, 10, 200_000, 1)
        .spend(c1, at(day, 11), "conversion", "display", true, 1000, 10, 999_999, 1)   // another basis: not counted
        .spend(c2, at(day, 12), "billing", "smart", false, 1000, 0, 0, 0);           // no spend: not active
    String period = last.toString();
    assertEquals(200, operator(HttpMethod.PUT, "/api/v1/operator/partner/indicators", indicator(a.id, period, "spend", 300_000, null)).status());
    assertEquals(200, operator(HttpMethod.PUT, "/api/v1/operator/partner/indicators", indicator(a.id, period, "active_clients", 3, null)).status());
    assertEquals(200, operator(HttpMethod.PUT, "/api/v1/operator/partner/indicators", indicator(a.id, period, "new_clients", 1, null)).status());
    assertEquals(200, operator(HttpMethod.PUT, "/api/v1/operator/partner/indicators", indicator(a.id, period, "smart_share", 40, 30L)).status());
    String current = YearMonth.now(SpendSeed.ZONE).toString();
    assertEquals(200, operator(HttpMethod.PUT, "/api/v1/operator/partner/indicators", indicator(a.id, current, "spend", 1_000_000_000L, null)).status());
    // Beacon computes spend itself: a published actual for it is refused, naming the field
    TestHttp.Response refused = operator(HttpMethod.PUT, "/api/v1/operator/partner/indicators", indicator(a.id, period, "spend", 1, 5L));
    assertEquals(400, refused.status());
    assertEquals("actual", refused.json().getJsonArray("errors").getJsonObject(0).getString("field"));
    assertEquals(404, operator(HttpMethod.PUT, "/api/v1/operator/partner/indicators", indicator(999_999_999L, period, "spend", 1, null)).status());
    assertEquals(401, http.put("/api/v1/operator/partner/indicators", null, indicator(a.id, period, "spend", 1, null)).status());

    JsonObject perf = http.get("/api/v1/channel/performance?period=" + period, a.token(Role.ADMIN)).json();
    assertEquals(new JsonObject().put("spendFen", 350_000L).put("activeClients", 2L).put("newClients", 1L), perf.getJsonObject("figures"));
    JsonObject byCode = new JsonObject();
    perf.getJsonArray("indicators").forEach(o -> byCode.put(((JsonObject) o).getString("code"), o));
    assertEquals(350_000L, byCode.getJsonObject("spend").getLong("actual"));
    assertEquals("met", byCode.getJsonObject("spend").getString("status"));
    assertEquals("beacon", byCode.getJsonObject("spend").getString("source"));
    assertEquals("missed", byCode.getJsonObject("active_clients").getString("status"), "2 of 3 and the month is over");
    assertEquals("met", byCode.getJsonObject("new_clients").getString("status"));
    assertEquals("platform", byCode.getJsonObject("smart_share").getString("source"));
    assertEquals("missed", byCode.getJsonObject("smart_share").getString("status"));
    JsonObject now = http.get("/api/v1/channel/performance?period=" + current, a.token(Role.MAIN)).json();
    assertEquals("assessing", now.getJsonArray("indicators").getJsonObject(0).getString("status"));
    assertEquals(4, http.get("/api/v1/channel/performance", a.token(Role.MAIN)).json().getJsonArray("periods").size());
    assertEquals(400, http.get("/api/v1/channel/performance?period=2026Q5", a.token(Role.MAIN)).status());
    assertEquals(403, http.get("/api/v1/channel/performance", a.token(Role.EMPLOYEE)).status());
    assertEquals(403, http.get("/api/v1/channel/performance", a.token(Role.DEDICATED)).status());

    JsonObject clients = http.get("/api/v1/channel/performance/clients?period=" + period, a.token(Role.MAIN)).json();
    assertEquals(2, clients.getLong("total"));
    assertEquals(350_000L, clients.getLong("totalSpendFen"));
    assertEquals(c1, clients.getJsonArray("items").getJsonObject(0).getLong("clientId"));
    assertEquals(200_000L, clients.getJsonArray("items").getJsonObject(0).getLong("spendFen"));
    assertEquals(150_000L, clients.getJsonArray("items").getJsonObject(1).getLong("spendFen"));
    // another agency sees none of it
    TestAgency rival = TestAgency.create(1);
    assertEquals(0, http.get("/api/v1/channel/performance/clients?period=" + period, rival.token(Role.MAIN)).json().getLong("total"));
    assertEquals(0, http.get("/api/v1/channel/performance?period=" + period, rival.token(Role.MAIN)).json().getJsonArray("indicators").size());

    // the task center downloads the same rows
    TestHttp.Response task = http.post("/api/v1/exports", a.token(Role.MAIN), new JsonObject().put("kind", "partner-clients").put("format", "csv")
        .put("filters", new JsonObject().put("period", period)));
    assertEquals(202, task.status(), task::toString);
    assertTrue(Poll.within(Duration.ofSeconds(5), () -> "done".equals(http.get("/api/v1/exports/" + task.json().getLong("id"), a.token(Role.MAIN))
        .json().getString("state"))));
    String csv = http.get("/api/v1/exports/" + task.json().getLong("id") + "/file", a.token(Role.MAIN)).body().toString();
    List<String> lines = csv.lines().toList();
    assertEquals(3, lines.size(), "a header and the two clients with spend: " + csv);
    assertTrue(lines.get(1).startsWith(c1 + ",") && lines.get(1).endsWith(",2000.00"), csv);
    assertTrue(lines.get(2).startsWith(c0 + ",") && lines.get(2).endsWith(",1500.00"), csv);
  }

  @Test
  @DisplayName("health: each behaviour is 100 minus that month's deductions, with history by month; inspections and their notices")
  void health() {
    TestAgency a = TestAgency.create(1);
    YearMonth month = YearMonth.now(SpendSeed.ZONE).minusMonths(1);
    Object[][] deductions = {{"business", 12, month.atDay(3)}, {"business", 5, month.atDay(20)}, {"promotion", 8, month.atDay(9)},
        {"business", 3, month.minusMonths(1).atDay(15)}};
    for (Object[] d : deductions) {
      TestHttp.Response r = operator(HttpMethod.POST, "/api/v1/operator/partner/deductions", new JsonObject().put("agencyId", a.id)
          .put("behaviour", d[0]).put("points", d[1]).put("occurredOn", d[2].toString()).put("rule", "规则 " + d[1]).put("evidence", "证据"));
      assertEquals(201, r.status(), r::toString);
    }
    assertEquals(400, operator(HttpMethod.POST, "/api/v1/operator/partner/deductions", new JsonObject().put("agencyId", a.id)
        .put("behaviour", "weather").put("points", 1).put("occurredOn", "2026-11-01").put("rule", "x")).status());
    TestHttp.Response inspection = operator(HttpMethod.POST, "/api/v1/operator/partner/inspections", new JsonObject().put("agencyId", a.id)
        .put("name", "资质巡检").put("periodFrom", month.atDay(1).toString()).put("periodTo", month.atDay(20).toString()).put("status", "running"));
    assertEquals(201, inspection.status(), inspection::toString);
    long inspectionId = inspection.json().getLong("id");
    JsonObject done = operator(HttpMethod.PUT, "/api/v1/operator/partner/inspections/" + inspectionId,
        new JsonObject().put("status", "passed").put("result", "全部合规")).json();
    assertEquals("passed", done.getString("status"));
    assertEquals(404, operator(HttpMethod.PUT, "/api/v1/operator/partner/inspections/999999999", new JsonObject().put("status", "passed")).status());

    JsonObject health = http.get("/api/v1/channel/health?month=" + month, a.token(Role.MAIN)).json();
    assertEquals(new JsonObject().put("business", 83).put("promotion", 92).put("credit", 100).put("overall", 91.7), health.getJsonObject("scores"));
    assertEquals(3, health.getJsonArray("deductions").size());
    JsonArray history = health.getJsonArray("history");
    assertEquals(6, history.size());
    assertEquals(97, history.getJsonObject(4).getInteger("business"), history.encode());
    assertEquals(month.toString(), history.getJsonObject(5).getString("month"));
    assertEquals("全部合规", health.getJsonArray("inspections").getJsonObject(0).getString("result"));
    JsonArray notices = http.get("/api/v1/notices?kind=system", a.token(Role.ADMIN)).json().getJsonArray("items");
    assertEquals(5, notices.size(), "four deductions and one finished inspection: " + notices.encode());
    // another agency's health is its own
    TestAgency rival = TestAgency.create(1);
    assertEquals(100, http.get("/api/v1/channel/health?month=" + month, rival.token(Role.MAIN)).json().getJsonObject("scores").getInteger("business"));
    assertEquals(0, http.get("/api/v1/channel/health", rival.token(Role.MAIN)).json().getJsonArray("inspections").size());
    assertEquals(403, http.get("/api/v1/channel/health", a.token(Role.EMPLOYEE)).status());
  }

  @Test
  @DisplayName("tasks: published by rule (listed agencies, role), received as a live system notice; unread → in progress → done, expired is final; other agencies 404")
  void tasks() {
    TestAgency a = TestAgency.create(1);
    TestAgency rival = TestAgency.create(1);
    String deadline = OffsetDateTime.now(ZoneOffset.ofHours(8)).plusDays(7).withNano(0).toString();
    JsonObject task;
    try (SseStream live = SseStream.live(a.token(Role.ADMIN), "?topics=notices", null)) {
      live.next("snapshot");   // subscribed: what follows is pushed to this stream
      TestHttp.Response r = operator(HttpMethod.POST, "/api/v1/operator/partner/tasks", new JsonObject().put("kind", "product_release")
          .put("title", "新品邀测 " + a.id).put("body", "欢迎参与").put("deadline", deadline)
          .put("target", new JsonObject().put("scope", "agencies").put("agencyIds", new JsonArray().add(a.id))));
      assertEquals(201, r.status(), r::toString);
      task = r.json();
      assertEquals(1, task.getInteger("recipients"));
      JsonObject pushed = live.next(m -> "notice".equals(m.getString("type"))
          && m.getJsonObject("notice").getString("title").contains("新品邀测 " + a.id), "the task's notice");
      assertEquals("system", pushed.getJsonObject("notice").getString("kind"));
    }
    long id = task.getLong("id");
    JsonObject list = http.get("/api/v1/channel/tasks", a.token(Role.ADMIN)).json();
    assertEquals(1, list.getJsonArray("items").size());
    assertEquals("unread", list.getJsonArray("items").getJsonObject(0).getString("state"));
    assertEquals(1, list.getJsonObject("counts").getInteger("unread"));
    assertEquals(0, http.get("/api/v1/channel/tasks", rival.token(Role.MAIN)).json().getJsonArray("items").size());
    assertEquals(404, http.post("/api/v1/channel/tasks/" + id + "/read", rival.token(Role.MAIN), null).status());
    assertEquals(404, http.post("/api/v1/channel/tasks/" + id + "/complete", rival.token(Role.MAIN), null).status());
    assertEquals(403, http.post("/api/v1/channel/tasks/" + id + "/read", a.token(Role.EMPLOYEE), null).status());
    assertEquals("in_progress", http.post("/api/v1/channel/tasks/" + id + "/read", a.token(Role.MAIN), null).json().getString("state"));
    assertEquals("done", http.post("/api/v1/channel/tasks/" + id + "/complete", a.token(Role.MAIN), null).json().getString("state"));
    assertEquals("done", http.post("/api/v1/channel/tasks/" + id + "/read", a.token(Role.MAIN), null).json().getString("state"));

    // a task for one role: only that role sees it, and the notice is addressed to its staff
    TestHttp.Response forMain = operator(HttpMethod.POST, "/api/v1/operator/partner/tasks", new JsonObject().put("kind", "indicator")
        .put("title", "冲刺 " + a.id).put("deadline", deadline)
        .put("target", new JsonObject().put("scope", "role").put("role", "main").put("agencyIds", new JsonArray().add(a.id).add(rival.id))));
    assertEquals(2, forMain.json().getInteger("recipients"));
    long mainTask = forMain.json().getLong("id");
    assertEquals(List.of(mainTask, id), ids(http.get("/api/v1/channel/tasks", a.token(Role.MAIN)).json()));
    assertEquals(List.of(id), ids(http.get("/api/v1/channel/tasks", a.token(Role.ADMIN)).json()));
    assertEquals(404, http.post("/api/v1/channel/tasks/" + mainTask + "/read", a.token(Role.ADMIN), null).status());
    assertTrue(http.get("/api/v1/notices?kind=system", a.token(Role.MAIN)).json().getJsonArray("items").stream()
        .anyMatch(n -> ((JsonObject) n).getString("title").contains("冲刺 " + a.id)));
    assertTrue(http.get("/api/v1/notices?kind=system", a.token(Role.ADMIN)).json().getJsonArray("items").stream()
        .noneMatch(n -> ((JsonObject) n).getString("title").contains("冲刺 " + a.id)));
    assertEquals("#/partner?tab=performance", forMain.json().getString("link"));

    // past its deadline a task is expired and cannot be completed
    TestAgency.one(TestBeacon.shared().platform().pg(), "UPDATE partner_tasks SET deadline = now() - interval '1 hour' WHERE id = $1 RETURNING id",
        Tuple.of(mainTask));
    assertEquals("expired", http.get("/api/v1/channel/tasks?state=expired", a.token(Role.MAIN)).json().getJsonArray("items").getJsonObject(0)
        .getString("state"));
    assertEquals(409, http.post("/api/v1/channel/tasks/" + mainTask + "/complete", a.token(Role.MAIN), null).status());

    // bad rules are 400 naming the field; unknown listed agencies too
    TestHttp.Response bad = operator(HttpMethod.POST, "/api/v1/operator/partner/tasks", new JsonObject().put("kind", "indicator")
        .put("title", "x").put("deadline", "2020-01-01T00:00:00+08:00").put("target", new JsonObject().put("scope", "role")));
    assertEquals(400, bad.status());
    assertEquals(List.of("target.role", "deadline"), bad.json().getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("field")).toList());
    assertEquals(400, operator(HttpMethod.POST, "/api/v1/operator/partner/tasks", new JsonObject().put("kind", "indicator").put("title", "x")
        .put("deadline", deadline).put("target", new JsonObject().put("scope", "agencies").put("agencyIds", new JsonArray().add(999_999_999L)))).status());
    assertNull(http.get("/api/v1/channel/tasks", a.token(Role.MAIN)).json().getJsonArray("items").getJsonObject(1).getString("role"));
  }

  private static List<Long> ids(JsonObject list) {
    return list.getJsonArray("items").stream().map(o -> ((JsonObject) o).getLong("id")).toList();
  }
}
