package io.beacon.tickets;

import io.beacon.Poll;
import io.beacon.TestAgency;
import io.beacon.TestBeacon;
import io.beacon.TestHttp;
import io.beacon.auth.Role;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.beacon.tickets.DeskFixtures.operatorKey;
import static io.beacon.tickets.DeskFixtures.ticket;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TicketApiTest {
  private final TestHttp http = TestHttp.shared();

  private JsonObject submit(TestAgency a, Role role, JsonObject body) {
    TestHttp.Response r = http.post("/api/v1/tickets", a.token(role), body);
    assertEquals(201, r.status(), r.toString());
    return r.json();
  }

  private TestHttp.Response operator(String path, JsonObject body) {
    return http.send(HttpMethod.POST, "/api/v1/operator/tickets/" + path, null, body,
        MultiMap.caseInsensitiveMultiMap().add(OperatorRoutes.HEADER, operatorKey()));
  }

  @Test
  @DisplayName("a submitted ticket is processing, shows its timeline, and is listed as mine; others see it by role")
  void submitAndSee() {
    TestAgency a = TestAgency.create();
    JsonObject t = submit(a, Role.EMPLOYEE, ticket("消耗下降").put("clientId", a.clients.get(0)));
    assertEquals("processing", t.getString("status"));
    long id = t.getLong("id");

    JsonObject detail = http.get("/api/v1/tickets/" + id, a.token(Role.EMPLOYEE)).json();
    assertEquals("unit-42", detail.getString("unitId"));
    assertEquals(1_250_000L, detail.getLong("spendImpactFen"));
    assertEquals("submitted", detail.getJsonArray("timeline").getJsonObject(0).getString("kind"));
    assertEquals(Instant.parse(t.getString("submittedAt")).plus(Duration.ofHours(12)).toString(), detail.getString("urgeAvailableAt"));

    JsonObject mine = http.get("/api/v1/tickets?scope=mine", a.token(Role.EMPLOYEE)).json();
    assertEquals(1, mine.getLong("total"));
    assertEquals(id, mine.getJsonArray("items").getJsonObject(0).getLong("id"));
    // admin and main see all tickets of the agency, also by submitter; employees do not
    JsonObject all = http.get("/api/v1/tickets?scope=all&submitter=employee", a.token(Role.ADMIN)).json();
    assertEquals(1, all.getLong("total"));
    assertEquals(0, http.get("/api/v1/tickets?scope=all&submitter=nobody-like-this", a.token(Role.MAIN)).json().getLong("total"));
    assertEquals(403, http.get("/api/v1/tickets?scope=all", a.token(Role.EMPLOYEE)).status());
    assertEquals(200, http.get("/api/v1/tickets/" + id, a.token(Role.MAIN)).status());
    // another staff member's ticket is not visible to a dedicated employee; another agency gets 404 everywhere
    assertEquals(404, http.get("/api/v1/tickets/" + id, a.token(Role.DEDICATED)).status());
    TestAgency rival = TestAgency.create(1);
    assertEquals(404, http.get("/api/v1/tickets/" + id, rival.token(Role.MAIN)).status());
    assertEquals(404, http.post("/api/v1/tickets/" + id + "/cancel", rival.token(Role.MAIN), null).status());
    assertEquals(404, http.post("/api/v1/tickets/" + id + "/urge", rival.token(Role.MAIN), null).status());
    assertEquals(0, http.get("/api/v1/tickets?scope=all", rival.token(Role.MAIN)).json().getLong("total"));
    // the list's filters
    assertEquals(1, http.get("/api/v1/tickets?scope=mine&status=processing&category=delivery_effect&clientId=" + a.clients.get(0),
        a.token(Role.EMPLOYEE)).json().getLong("total"));
    assertEquals(0, http.get("/api/v1/tickets?scope=mine&status=completed", a.token(Role.EMPLOYEE)).json().getLong("total"));
    assertEquals(0, http.get("/api/v1/tickets?scope=mine&from=2000-01-01&to=2000-01-02", a.token(Role.EMPLOYEE)).json().getLong("total"));
  }

  @Test
  @DisplayName("bad tickets answer 400 naming each field and create nothing")
  void badInput() {
    TestAgency a = TestAgency.create();
    TestHttp.Response r = http.post("/api/v1/tickets", a.token(Role.EMPLOYEE), ticket("x").put("category", "weather"));
    assertEquals(400, r.status());
    assertTrue(r.body().toString().contains("category"), r.toString());
    JsonObject missing = ticket("x");
    missing.remove("selfCheckResult");
    r = http.post("/api/v1/tickets", a.token(Role.EMPLOYEE), missing);
    assertEquals(400, r.status());
    assertEquals("selfCheckResult", r.json().getJsonArray("errors").getJsonObject(0).getString("field"));
    r = http.post("/api/v1/tickets", a.token(Role.EMPLOYEE), ticket("x").put("occurredTo", "2026-11-19T00:00:00+08:00"));
    assertEquals(400, r.status());
    assertEquals("occurredTo", r.json().getJsonArray("errors").getJsonObject(0).getString("field"));
    r = http.post("/api/v1/tickets", a.token(Role.DEDICATED), ticket("x").put("clientId", a.unassignedClient()));
    assertEquals(400, r.status());
    assertEquals("clientId", r.json().getJsonArray("errors").getJsonObject(0).getString("field"));
    assertEquals(0, http.get("/api/v1/tickets?scope=all", a.token(Role.MAIN)).json().getLong("total"));
  }

  @Test
  @DisplayName("a repeated Idempotency-Key returns the first ticket; the same key with another body is 422")
  void idempotent() {
    TestAgency a = TestAgency.create();
    MultiMap key = MultiMap.caseInsensitiveMultiMap().add("Idempotency-Key", "k-1");
    TestHttp.Response first = http.send(HttpMethod.POST, "/api/v1/tickets", a.token(Role.EMPLOYEE), ticket("once"), key);
    TestHttp.Response again = http.send(HttpMethod.POST, "/api/v1/tickets", a.token(Role.EMPLOYEE), ticket("once"), key);
    assertEquals(201, first.status());
    assertEquals(first.json().getLong("id"), again.json().getLong("id"));
    assertEquals(422, http.send(HttpMethod.POST, "/api/v1/tickets", a.token(Role.EMPLOYEE), ticket("other"), key).status());
    assertEquals(1, http.get("/api/v1/tickets?scope=mine", a.token(Role.EMPLOYEE)).json().getLong("total"));
  }

  @Test
  @DisplayName("urging at once is refused with the seed's message by Accept-Language and the time it becomes possible")
  void urgeTooEarly() {
    TestAgency a = TestAgency.create();
    JsonObject t = submit(a, Role.EMPLOYEE, ticket("urgent"));
    TestHttp.Response zh = http.post("/api/v1/tickets/" + t.getLong("id") + "/urge", a.token(Role.EMPLOYEE), null);
    assertEquals(409, zh.status());
    assertTrue(zh.json().getString("type").endsWith("urge-too-early"));
    assertEquals(Instant.parse(t.getString("submittedAt")).plus(Duration.ofHours(12)), Instant.parse(zh.json().getString("retryAt")));
    assertTrue(zh.json().getString("title").contains("12小时"), zh.toString());
    TestHttp.Response en = http.send(HttpMethod.POST, "/api/v1/tickets/" + t.getLong("id") + "/urge", a.token(Role.ADMIN), null,
        MultiMap.caseInsensitiveMultiMap().add("Accept-Language", "en-US,en;q=0.9,zh-CN;q=0.5"));
    assertEquals(409, en.status());
    assertTrue(en.json().getString("title").startsWith("A ticket can be urged"), en.toString());
    // the dedicated employee is neither submitter nor admin: cannot see it at all
    assertEquals(404, http.post("/api/v1/tickets/" + t.getLong("id") + "/urge", a.token(Role.DEDICATED), null).status());
  }

  @Test
  @DisplayName("the operator API refuses agency tokens and moves processing → returned with its reason, on timeline, notices and operation log")
  void operatorReturns() {
    TestAgency a = TestAgency.create();
    long id = submit(a, Role.EMPLOYEE, ticket("wrong category")).getLong("id");
    JsonObject reason = new JsonObject().put("reason", "类目选择错误").put("note", "请选择投放产品");
    assertEquals(401, http.post("/api/v1/operator/tickets/" + id + "/return", a.token(Role.MAIN), reason).status());
    assertEquals(401, http.send(HttpMethod.POST, "/api/v1/operator/tickets/" + id + "/return", a.token(Role.MAIN), reason,
        MultiMap.caseInsensitiveMultiMap().add(OperatorRoutes.HEADER, "guess")).status());
    TestHttp.Response r = operator(id + "/return", reason);
    assertEquals(200, r.status(), r.toString());
    assertEquals("returned", r.json().getString("status"));

    JsonObject detail = http.get("/api/v1/tickets/" + id, a.token(Role.EMPLOYEE)).json();
    assertEquals("类目选择错误", detail.getString("returnReason"));
    JsonObject last = detail.getJsonArray("timeline").getJsonObject(1);
    assertEquals("returned", last.getString("kind"));
    assertEquals("operator", last.getString("actor"));
    assertTrue(last.getString("note").contains("请选择投放产品"));
    assertEquals(1, http.get("/api/v1/tickets?scope=returned", a.token(Role.EMPLOYEE)).json().getLong("total"));
    assertEquals(1, http.get("/api/v1/tickets?scope=returned", a.token(Role.ADMIN)).json().getLong("total"));

    long logged = TestAgency.one(TestBeacon.shared().platform().pg(),
        "SELECT count(*) FROM operation_log WHERE agency_id = $1 AND action = 'operatorReturnTicket' AND target_id = $2",
        Tuple.of(a.id, String.valueOf(id))).getLong(0);
    assertEquals(1, logged);
    // the notice reads in the reader's language
    assertTrue(Poll.within(Duration.ofSeconds(5), () -> http.send(io.vertx.core.http.HttpMethod.GET, "/api/v1/notices?kind=ticket", a.token(Role.EMPLOYEE), null,
            io.vertx.core.MultiMap.caseInsensitiveMultiMap().add("Accept-Language", "zh-CN")).json()
        .getJsonArray("items").stream().anyMatch(n -> ((JsonObject) n).getString("title").contains("已退回"))));
    assertTrue(http.get("/api/v1/notices?kind=ticket", a.token(Role.EMPLOYEE)).json()
        .getJsonArray("items").stream().anyMatch(n -> ((JsonObject) n).getString("title").contains("returned")));
    // the submitter's ticket notices are theirs alone
    assertEquals(0, http.get("/api/v1/notices?kind=ticket", a.token(Role.ADMIN)).json().getJsonArray("items").size());
  }

  @Test
  @DisplayName("illegal transitions answer 409 naming the current state and change nothing")
  void illegalTransitions() {
    TestAgency a = TestAgency.create();
    long id = submit(a, Role.EMPLOYEE, ticket("done soon")).getLong("id");
    assertEquals(409, http.post("/api/v1/tickets/" + id + "/resubmit", a.token(Role.EMPLOYEE), new JsonObject()).status());
    assertEquals(409, http.post("/api/v1/tickets/" + id + "/satisfaction", a.token(Role.EMPLOYEE),
        new JsonObject().put("result", "solved")).status());
    assertEquals(200, operator(id + "/complete", new JsonObject().put("note", "已调整出价")).status());

    for (String action : List.of("cancel", "urge", "resubmit")) {
      TestHttp.Response r = http.post("/api/v1/tickets/" + id + "/" + action, a.token(Role.EMPLOYEE), new JsonObject());
      assertEquals(409, r.status(), action + ": " + r);
      assertEquals("completed", r.json().getString("currentState"), action);
      assertTrue(r.json().getString("title").contains("completed"), r.toString());
    }
    TestHttp.Response r = operator(id + "/return", new JsonObject().put("reason", "late"));
    assertEquals(409, r.status());
    assertEquals("completed", r.json().getString("currentState"));
    assertEquals(409, operator(id + "/complete", new JsonObject()).status());
    JsonObject detail = http.get("/api/v1/tickets/" + id, a.token(Role.EMPLOYEE)).json();
    assertEquals("completed", detail.getString("status"));
    assertEquals(2, detail.getJsonArray("timeline").size());
    assertEquals(404, operator("999999999/complete", new JsonObject()).status());
  }

  @Test
  @DisplayName("satisfaction: the submitter alone, once, with a reason when unsolved")
  void satisfaction() {
    TestAgency a = TestAgency.create();
    long id = submit(a, Role.EMPLOYEE, ticket("rate me")).getLong("id");
    operator(id + "/complete", new JsonObject());
    String path = "/api/v1/tickets/" + id + "/satisfaction";
    assertEquals(403, http.post(path, a.token(Role.ADMIN), new JsonObject().put("result", "solved")).status());
    assertEquals(403, http.post(path, a.token(Role.MAIN), new JsonObject().put("result", "solved")).status());
    TestHttp.Response noReason = http.post(path, a.token(Role.EMPLOYEE), new JsonObject().put("result", "unsolved"));
    assertEquals(400, noReason.status());
    assertEquals("reason", noReason.json().getJsonArray("errors").getJsonObject(0).getString("field"));
    TestHttp.Response ok = http.post(path, a.token(Role.EMPLOYEE), new JsonObject().put("result", "unsolved").put("reason", "仍未恢复"));
    assertEquals(200, ok.status(), ok.toString());
    assertEquals("unsolved", ok.json().getJsonObject("satisfaction").getString("result"));
    assertEquals(409, http.post(path, a.token(Role.EMPLOYEE), new JsonObject().put("result", "solved")).status());
  }

  @Test
  @DisplayName("a returned ticket is resubmitted; a new category clears the old content so it must be written again")
  void resubmitAndCancel() {
    TestAgency a = TestAgency.create();
    long id = submit(a, Role.EMPLOYEE, ticket("category")).getLong("id");
    operator(id + "/return", new JsonObject().put("reason", "类目错误"));
    TestHttp.Response cleared = http.post("/api/v1/tickets/" + id + "/resubmit", a.token(Role.EMPLOYEE),
        new JsonObject().put("category", "delivery_product"));
    assertEquals(400, cleared.status(), cleared.toString());
    List<String> fields = cleared.json().getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("field")).toList();
    assertTrue(fields.containsAll(List.of("selfCheckResult", "description")), fields.toString());
    TestHttp.Response ok = http.post("/api/v1/tickets/" + id + "/resubmit", a.token(Role.EMPLOYEE),
        new JsonObject().put("category", "delivery_product").put("selfCheckResult", "诊断无异常").put("description", "产品问题"));
    assertEquals(200, ok.status(), ok.toString());
    assertEquals("processing", ok.json().getString("status"));
    assertEquals("delivery_product", ok.json().getString("category"));
    assertEquals(null, ok.json().getString("unitId"));
    assertEquals("category", ok.json().getString("title"));
    // the admin may cancel it; then everything else is illegal
    assertEquals("cancelled", http.post("/api/v1/tickets/" + id + "/cancel", a.token(Role.ADMIN), null).json().getString("status"));
    assertEquals(409, http.post("/api/v1/tickets/" + id + "/cancel", a.token(Role.EMPLOYEE), null).status());
  }

  @Test
  @DisplayName("pasted images: type by magic bytes, size limit, served back only to the agency, attached on submit")
  void images() {
    TestAgency a = TestAgency.create();
    byte[] png = new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
    TestHttp.Response up = upload(a.token(Role.EMPLOYEE), "image/png", Buffer.buffer(png));
    assertEquals(201, up.status(), up.toString());
    long imageId = up.json().getLong("id");
    TestHttp.Response back = http.get(up.json().getString("url"), a.token(Role.EMPLOYEE));
    assertEquals(200, back.status());
    assertEquals("image/png", back.header("Content-Type"));
    assertArrayEquals(png, back.body().getBytes());
    TestAgency rival = TestAgency.create(1);
    assertEquals(404, http.get(up.json().getString("url"), rival.token(Role.MAIN)).status());

    assertEquals(400, upload(a.token(Role.EMPLOYEE), "image/png", Buffer.buffer("<svg onload=alert(1)>")).status());
    TestHttp.Response mismatch = upload(a.token(Role.EMPLOYEE), "image/jpeg", Buffer.buffer(png));
    assertEquals(400, mismatch.status());
    assertEquals("body", mismatch.json().getJsonArray("errors").getJsonObject(0).getString("field"));
    assertEquals(415, upload(a.token(Role.EMPLOYEE), "text/html", Buffer.buffer(png)).status());
    Buffer big = Buffer.buffer(png).appendBuffer(Buffer.buffer(new byte[TestBeacon.shared().platform().config().tickets().imageMaxBytes()]));
    assertEquals(413, upload(a.token(Role.EMPLOYEE), "image/png", big).status());

    // another agency cannot attach the image; the uploader can, once
    assertEquals(400, http.post("/api/v1/tickets", rival.token(Role.MAIN), ticket("steal").put("imageIds", new JsonArray().add(imageId))).status());
    JsonObject t = submit(a, Role.EMPLOYEE, ticket("with image").put("imageIds", new JsonArray().add(imageId)));
    JsonObject detail = http.get("/api/v1/tickets/" + t.getLong("id"), a.token(Role.EMPLOYEE)).json();
    assertEquals(imageId, detail.getJsonArray("images").getJsonObject(0).getLong("id"));
    assertEquals(400, http.post("/api/v1/tickets", a.token(Role.EMPLOYEE), ticket("again").put("imageIds", new JsonArray().add(imageId))).status());
    assertNotNull(detail.getJsonArray("timeline"));
  }

  private TestHttp.Response upload(String token, String type, Buffer data) {
    return http.send(HttpMethod.POST, "/api/v1/tickets/images", token, data, MultiMap.caseInsensitiveMultiMap().add("Content-Type", type));
  }
}
