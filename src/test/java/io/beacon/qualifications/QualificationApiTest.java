package io.beacon.qualifications;

import io.beacon.TestAgency;
import io.beacon.TestBeacon;
import io.beacon.TestHttp;
import io.beacon.auth.OperatorKey;
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

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Client qualifications: details, edits as versions pending review, validation, scope, operator review, expiry warnings. */
class QualificationApiTest {
  private final TestHttp http = TestHttp.shared();
  private final Platform platform = TestBeacon.shared().platform();

  /** A valid credit code: 17 random characters of the alphabet and their check character. */
  static String creditCode() {
    StringBuilder b = new StringBuilder("91");
    String digits = UUID.randomUUID().toString().replaceAll("[^0-9]", "") + "0000000000000000";
    b.append(digits, 0, 15);
    return b.append(CreditCode.checkChar(b.toString())).toString();
  }

  static JsonObject input(String code) {
    return new JsonObject().put("companyName", "杭州测试科技有限公司").put("creditCode", code).put("licenceNumber", code)
        .put("licenceValidFrom", "2021-05-01").put("licenceValidUntil", null)
        .put("documents", new JsonArray().add(new JsonObject().put("name", "医疗器械经营许可证").put("number", "ZJ-001")
            .put("validUntil", "2030-01-01")))
        .put("contactName", "王芳").put("contactPhone", "138 0013 8000").put("contactEmail", "wang@example.com");
  }

  private TestHttp.Response operator(HttpMethod method, String path, JsonObject body) {
    return http.send(method, path, null, body, MultiMap.caseInsensitiveMultiMap().add(OperatorKey.HEADER, DeskFixtures.operatorKey()));
  }

  private long versions(long clientId) {
    return TestAgency.one(platform.pg(), "SELECT count(*) FROM qualification_versions WHERE client_id = $1", Tuple.of(clientId)).getLong(0);
  }

  private JsonArray notices(TestAgency a, Role role, String kind) {
    return http.get("/api/v1/notices?kind=" + kind, a.token(role)).json().getJsonArray("items");
  }

  @Test
  @DisplayName("details start empty; an edit is version 1 pending review, a second edit supersedes it; edits are logged")
  void editCreatesVersions() {
    TestAgency a = TestAgency.create(2);
    long client = a.clients.get(0);
    JsonObject empty = http.get("/api/v1/clients/" + client + "/qualification", a.token(Role.DEDICATED)).json();
    assertEquals("none", empty.getString("state"));
    assertNull(empty.getJsonObject("current"));

    String code = creditCode();
    TestHttp.Response first = http.put("/api/v1/clients/" + client + "/qualification", a.token(Role.EMPLOYEE),
        input(code.toLowerCase()));
    assertEquals(200, first.status(), first.toString());
    assertEquals("pending", first.json().getString("state"));
    assertEquals(code, first.json().getJsonObject("current").getString("creditCode"), "stored upper-case");
    assertEquals(1, first.json().getJsonObject("current").getInteger("version"));

    TestHttp.Response second = http.put("/api/v1/clients/" + client + "/qualification", a.token(Role.DEDICATED),
        input(code).put("contactName", "李雷"));
    assertEquals(200, second.status(), second.toString());
    JsonObject details = http.get("/api/v1/clients/" + client + "/qualification", a.token(Role.ADMIN)).json();
    assertEquals("李雷", details.getJsonObject("current").getString("contactName"));
    JsonArray history = details.getJsonArray("history");
    assertEquals(2, history.size());
    assertEquals("pending", history.getJsonObject(0).getString("state"));
    assertEquals("superseded", history.getJsonObject(1).getString("state"));
    assertNull(details.getJsonObject("approved"));
    assertEquals(2L, TestAgency.one(platform.pg(), "SELECT count(*) FROM operation_log WHERE agency_id = $1 AND action = $2",
        Tuple.of(a.id, "editClientQualification")).getLong(0));
  }

  @Test
  @DisplayName("invalid fields answer 400 naming each field (bad check character, dates, documents, phone) and store nothing")
  void validation() {
    TestAgency a = TestAgency.create(1);
    long client = a.clients.get(0);
    String code = creditCode();
    String wrongCheck = code.substring(0, 17) + (code.charAt(17) == '0' ? '1' : '0');
    TestHttp.Response bad = http.put("/api/v1/clients/" + client + "/qualification", a.token(Role.MAIN), input(wrongCheck)
        .put("licenceValidFrom", "2024-02-30").put("contactPhone", "call me")
        .put("documents", new JsonArray().add(new JsonObject().put("name", "许可证").put("number", "X1").put("validUntil", "soon"))));
    assertEquals(400, bad.status(), bad.toString());
    assertEquals("application/problem+json", bad.header("Content-Type"));
    List<String> fields = bad.json().getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("field")).toList();
    assertEquals(List.of("creditCode", "licenceValidFrom", "documents.0.validUntil", "contactPhone"), fields);
    assertTrue(bad.json().getJsonArray("errors").getJsonObject(0).getString("message").contains("check character"));

    TestHttp.Response shortCode = http.put("/api/v1/clients/" + client + "/qualification", a.token(Role.MAIN), input("9135"));
    assertEquals(400, shortCode.status());
    assertEquals("creditCode", shortCode.json().getJsonArray("errors").getJsonObject(0).getString("field"));
    TestHttp.Response ends = http.put("/api/v1/clients/" + client + "/qualification", a.token(Role.MAIN), input(code)
        .put("licenceValidUntil", "2020-01-01"));
    assertEquals("licenceValidUntil", ends.json().getJsonArray("errors").getJsonObject(0).getString("field"));
    TestHttp.Response missing = http.put("/api/v1/clients/" + client + "/qualification", a.token(Role.MAIN),
        input(code).put("companyName", "  "));
    assertEquals("companyName", missing.json().getJsonArray("errors").getJsonObject(0).getString("field"));
    assertEquals(0, versions(client));
  }

  @Test
  @DisplayName("another agency's client and a dedicated employee's unassigned client answer 404 to details and edits; nothing stored")
  void scoped() {
    TestAgency a = TestAgency.create(3);
    TestAgency rival = TestAgency.create(1);
    long rivalClient = rival.clients.get(0);
    assertEquals(404, http.get("/api/v1/clients/" + rivalClient + "/qualification", a.token(Role.MAIN)).status());
    assertEquals(404, http.put("/api/v1/clients/" + rivalClient + "/qualification", a.token(Role.MAIN), input(creditCode())).status());
    long unassigned = a.unassignedClient();
    assertEquals(404, http.get("/api/v1/clients/" + unassigned + "/qualification", a.token(Role.DEDICATED)).status());
    assertEquals(404, http.put("/api/v1/clients/" + unassigned + "/qualification", a.token(Role.DEDICATED), input(creditCode())).status());
    // a bad body for someone else's client is still 404: the client is checked first
    assertEquals(404, http.put("/api/v1/clients/" + rivalClient + "/qualification", a.token(Role.MAIN), input("bad")).status());
    assertEquals(0, versions(rivalClient) + versions(unassigned));
    assertEquals(200, http.put("/api/v1/clients/" + a.clients.get(0) + "/qualification", a.token(Role.DEDICATED), input(creditCode())).status());
  }

  @Test
  @DisplayName("operator review: approve and reject (with reason) create review notices for the agency; again is 409; no key is 401")
  void review() {
    TestAgency a = TestAgency.create(2);
    long client = a.clients.get(0);
    long v1 = http.put("/api/v1/clients/" + client + "/qualification", a.token(Role.EMPLOYEE), input(creditCode()))
        .json().getJsonObject("current").getLong("id");

    TestHttp.Response queue = operator(HttpMethod.GET, "/api/v1/operator/qualifications?pageSize=100", null);
    assertEquals(200, queue.status(), queue.toString());
    assertEquals(401, http.post("/api/v1/operator/qualifications/" + v1 + "/approve", null, new JsonObject()).status());
    assertEquals(401, http.send(HttpMethod.POST, "/api/v1/operator/qualifications/" + v1 + "/approve", null, new JsonObject(),
        MultiMap.caseInsensitiveMultiMap().add(OperatorKey.HEADER, "guess")).status());

    TestHttp.Response approved = operator(HttpMethod.POST, "/api/v1/operator/qualifications/" + v1 + "/approve", new JsonObject().put("note", "ok"));
    assertEquals(200, approved.status(), approved.toString());
    assertEquals("approved", approved.json().getString("state"));
    TestHttp.Response again = operator(HttpMethod.POST, "/api/v1/operator/qualifications/" + v1 + "/reject", new JsonObject().put("reason", "late"));
    assertEquals(409, again.status(), again.toString());
    assertEquals("approved", again.json().getString("state"));
    assertEquals(404, operator(HttpMethod.POST, "/api/v1/operator/qualifications/999999999/approve", new JsonObject()).status());

    JsonArray reviews = notices(a, Role.EMPLOYEE, "review");
    assertEquals(1, reviews.size());
    assertTrue(reviews.getJsonObject(0).getString("title").contains("approved"), reviews.encode());
    assertEquals(client, reviews.getJsonObject(0).getLong("clientId"));

    long v2 = http.put("/api/v1/clients/" + client + "/qualification", a.token(Role.EMPLOYEE), input(creditCode()))
        .json().getJsonObject("current").getLong("id");
    assertEquals(400, operator(HttpMethod.POST, "/api/v1/operator/qualifications/" + v2 + "/reject", new JsonObject().put("reason", " ")).status());
    TestHttp.Response rejected = operator(HttpMethod.POST, "/api/v1/operator/qualifications/" + v2 + "/reject",
        new JsonObject().put("reason", "营业执照照片模糊 licence photo unreadable"));
    assertEquals(200, rejected.status(), rejected.toString());
    JsonObject details = http.get("/api/v1/clients/" + client + "/qualification", a.token(Role.MAIN)).json();
    assertEquals("rejected", details.getString("state"));
    assertEquals("营业执照照片模糊 licence photo unreadable", details.getJsonObject("current").getString("rejectReason"));
    assertEquals(v1, details.getJsonObject("approved").getLong("id"), "the approved version stays in effect");
    reviews = notices(a, Role.EMPLOYEE, "review");
    assertEquals(2, reviews.size());
    assertTrue(reviews.getJsonObject(0).getString("body").contains("licence photo unreadable"), reviews.encode());
    // the dedicated employee sees the review notices of their assigned client; another agency sees none
    assertEquals(2, notices(a, Role.DEDICATED, "review").size());
    assertEquals(0, notices(TestAgency.create(1), Role.MAIN, "review").size());
    assertEquals(1L, TestAgency.one(platform.pg(), "SELECT count(*) FROM operation_log WHERE agency_id = $1 AND action = $2",
        Tuple.of(a.id, "operatorRejectQualification")).getLong(0));
  }

  @Test
  @DisplayName("expiry check: a system notice once per approved document expiring within 30 days; later ones and pending versions none")
  void expiryWarnings() {
    TestAgency a = TestAgency.create(2);
    long client = a.clients.get(0);
    LocalDate today = LocalDate.now(platform.clock().withZone(ZoneId.of("Asia/Shanghai")));
    JsonObject body = input(creditCode()).put("licenceValidUntil", today.plusDays(400).toString()).put("documents", new JsonArray()
        .add(new JsonObject().put("name", "食品经营许可证").put("number", "SP-" + a.id).put("validUntil", today.plusDays(12).toString()))
        .add(new JsonObject().put("name", "广告许可").put("number", "GG-" + a.id).put("validUntil", today.plusDays(90).toString())));
    long v = http.put("/api/v1/clients/" + client + "/qualification", a.token(Role.MAIN), body).json().getJsonObject("current").getLong("id");
    // a pending version's documents are not yet in effect
    http.put("/api/v1/clients/" + a.clients.get(1) + "/qualification", a.token(Role.MAIN), body);
    assertEquals(200, operator(HttpMethod.POST, "/api/v1/operator/qualifications/" + v + "/approve", new JsonObject()).status());

    Qualifications q = new Qualifications(platform, new Notices(platform, new LiveBus(platform.redis()), WorkNoticeDelivery.NONE));
    q.warnExpiring().await();
    q.warnExpiring().await();
    JsonArray system = notices(a, Role.EMPLOYEE, "system");
    assertEquals(1, system.size(), system.encode());
    assertTrue(system.getJsonObject(0).getString("body").contains("SP-" + a.id), system.encode());
    assertTrue(system.getJsonObject(0).getString("body").contains(today.plusDays(12).toString()));
    assertEquals(client, system.getJsonObject(0).getLong("clientId"));
  }
}
