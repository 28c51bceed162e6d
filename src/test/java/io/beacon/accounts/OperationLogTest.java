package io.beacon.accounts;

import io.beacon.Poll;
import io.beacon.TestAgency;
import io.beacon.TestHttp;
import io.beacon.auth.Role;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OperationLogTest {
  private final TestHttp http = TestHttp.shared();

  /** The log is written as the response ends: wait until {@code count} rows match. */
  private JsonObject awaitRows(String token, String query, int count) {
    return Poll.last(Duration.ofSeconds(5), () -> http.get("/api/v1/operation-log" + query, token).json(), page -> page.getLong("total") >= count);
  }

  private static String enc(String s) { return URLEncoder.encode(s, StandardCharsets.UTF_8); }

  @Test
  @DisplayName("state-changing requests are logged with who, identity, action, target, before/after, time and IP; refused ones are not")
  void rowsWritten() throws Exception {
    TestAgency agency = TestAgency.create(1);
    String main = agency.token(Role.MAIN);
    String admin = agency.token(Role.ADMIN);
    Instant start = Instant.now().minusSeconds(1);
    String account = "logged-" + UUID.randomUUID().toString().substring(0, 8) + "@test";
    long newId = http.post("/api/v1/staff", admin, new JsonObject().put("account", account).put("name", "Logged").put("role", "employee"))
        .json().getLong("id");
    assertEquals(200, http.post("/api/v1/staff/" + newId + "/disable", admin, null).status());
    assertEquals(403, http.post("/api/v1/staff", admin, new JsonObject().put("account", "x-" + account).put("name", "X").put("role", "admin")).status());

    JsonObject page = awaitRows(main, "?type=staff", 2);
    assertEquals(2, page.getLong("total"), page.encodePrettily());
    JsonObject disable = page.getJsonArray("items").getJsonObject(0);
    assertEquals("disableStaff", disable.getString("action"));
    assertEquals("staff", disable.getString("targetType"));
    assertEquals(String.valueOf(newId), disable.getString("targetId"));
    assertEquals(agency.staffIds.get(Role.ADMIN), disable.getJsonObject("staff").getLong("id"));
    assertEquals(agency.accounts.get(Role.ADMIN), disable.getString("account"));
    assertEquals("active", disable.getJsonObject("before").getString("status"));
    assertEquals("disabled", disable.getJsonObject("after").getString("status"));
    assertTrue(disable.getString("ip") != null && disable.getString("requestId") != null);
    assertTrue(Instant.parse(disable.getString("at")).isAfter(start));
    JsonObject create = page.getJsonArray("items").getJsonObject(1);
    assertEquals("createStaff", create.getString("action"));
    assertEquals(account, create.getJsonObject("after").getString("account"));
    assertFalse(create.encode().contains("temporaryPassword"), "no secrets in the log");

    assertEquals(1, http.get("/api/v1/operation-log?action=createStaff", main).json().getLong("total"));
    assertEquals(2, http.get("/api/v1/operation-log?type=staff&staffId=" + agency.staffIds.get(Role.ADMIN), main).json().getLong("total"));
    assertEquals(0, http.get("/api/v1/operation-log?type=staff&staffId=" + agency.staffIds.get(Role.MAIN), main).json().getLong("total"));
    assertEquals(2, http.get("/api/v1/operation-log?type=staff&q=" + enc(account.substring(0, 14)), main).json().getLong("total"));
    assertEquals(1, http.get("/api/v1/operation-log?q=DISABLESTAFF", main).json().getLong("total"), "text search ignores case");
    assertEquals(2, http.get("/api/v1/operation-log?type=staff&from=" + enc(start.toString().replace("Z", "+00:00")), main).json().getLong("total"));
    assertEquals(0, http.get("/api/v1/operation-log?type=staff&to=" + enc(start.toString().replace("Z", "+00:00")), main).json().getLong("total"));
    JsonObject paged = http.get("/api/v1/operation-log?type=staff&page=2&pageSize=1", main).json();
    assertEquals("createStaff", paged.getJsonArray("items").getJsonObject(0).getString("action"));
    assertEquals(2, paged.getLong("total"));
  }

  @Test
  @DisplayName("the operation log is for the main account and admins only, of their own agency, with clear 400s for bad filters")
  void accessAndFilters() throws Exception {
    TestAgency agency = TestAgency.create(1);
    TestAgency rival = TestAgency.create(1);
    http.put("/api/v1/staff/" + agency.staffIds.get(Role.EMPLOYEE) + "/lead-admin", agency.token(Role.MAIN), new JsonObject().put("leadAdmin", true));
    awaitRows(agency.token(Role.ADMIN), "?action=setStaffLeadAdmin", 1);
    assertEquals(1, http.get("/api/v1/operation-log?action=setStaffLeadAdmin", agency.token(Role.ADMIN)).json().getLong("total"));
    assertEquals(403, http.get("/api/v1/operation-log", agency.token(Role.EMPLOYEE)).status());
    assertEquals(403, http.get("/api/v1/operation-log", agency.token(Role.DEDICATED)).status());
    assertEquals(401, http.get("/api/v1/operation-log", null).status());
    JsonArray rivalRows = http.get("/api/v1/operation-log?action=setStaffLeadAdmin", rival.token(Role.MAIN)).json().getJsonArray("items");
    assertTrue(rivalRows.isEmpty(), "another agency never sees these rows");

    TestHttp.Response badTime = http.get("/api/v1/operation-log?from=yesterday", agency.token(Role.MAIN));
    assertEquals(400, badTime.status());
    assertEquals("from", badTime.json().getJsonArray("errors").getJsonObject(0).getString("field"));
    assertEquals("staffId", http.get("/api/v1/operation-log?staffId=me", agency.token(Role.MAIN)).json()
        .getJsonArray("errors").getJsonObject(0).getString("field"));
    assertEquals(200, http.get("/api/v1/operation-log?q=" + enc("%' OR 1=1 --"), agency.token(Role.MAIN)).status());
    assertEquals(0, http.get("/api/v1/operation-log?q=" + enc("%' OR 1=1 --"), agency.token(Role.MAIN)).json().getLong("total"));
  }

  @Test
  @DisplayName("the operation log downloads as CSV with the same filters")
  void export() throws Exception {
    TestAgency agency = TestAgency.create(1);
    http.put("/api/v1/staff/" + agency.staffIds.get(Role.DEDICATED) + "/lead-admin", agency.token(Role.MAIN), new JsonObject().put("leadAdmin", true));
    awaitRows(agency.token(Role.MAIN), "?action=setStaffLeadAdmin", 1);
    TestHttp.Response csv = http.get("/api/v1/operation-log/export?action=setStaffLeadAdmin", agency.token(Role.MAIN));
    assertEquals(200, csv.status());
    assertTrue(csv.header("Content-Type").startsWith("text/csv"));
    String[] lines = csv.body().toString().trim().split("\r\n");
    assertEquals(2, lines.length, csv.body().toString());
    assertTrue(lines[0].startsWith("Time,Operation,"), lines[0]);
    assertTrue(lines[0].contains(",Change,"), lines[0]);
    assertTrue(lines[1].contains("Set lead admin"), lines[1]);
    assertTrue(lines[1].contains("lead admin: No → Yes"), "the change is read as text, not JSON: " + lines[1]);
    assertFalse(lines[1].contains("{"), lines[1]);
    TestHttp.Response zh = http.send(io.vertx.core.http.HttpMethod.GET, "/api/v1/operation-log/export?action=setStaffLeadAdmin",
        agency.token(Role.MAIN), null, io.vertx.core.MultiMap.caseInsensitiveMultiMap().add("Accept-Language", "zh-CN"));
    String[] zhLines = zh.body().toString().trim().split("\r\n");
    assertTrue(zhLines[0].startsWith("时间,操作类型,"), zhLines[0]);
    assertTrue(zhLines[1].contains("线索管理员：否 → 是"), zhLines[1]);
    assertEquals(403, http.get("/api/v1/operation-log/export", agency.token(Role.EMPLOYEE)).status());
  }
}
