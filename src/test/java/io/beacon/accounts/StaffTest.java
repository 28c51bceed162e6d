package io.beacon.accounts;

import io.beacon.TestAgency;
import io.beacon.TestHttp;
import io.beacon.auth.RedisListener;
import io.beacon.auth.Role;
import io.beacon.auth.TokenService;
import io.beacon.live.LiveBus;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StaffTest {
  private final TestHttp http = TestHttp.shared();

  private static JsonObject newStaff(String role) {
    return new JsonObject().put("account", role + "-" + UUID.randomUUID().toString().substring(0, 8) + "@test")
        .put("name", "New " + role).put("role", role);
  }

  private static String field(TestHttp.Response r) {
    assertEquals(400, r.status(), r.toString());
    return r.json().getJsonArray("errors").getJsonObject(0).getString("field");
  }

  @Test
  @DisplayName("the people picker's directory: any staff member finds the agency's active colleagues, never another agency's")
  void directory() {
    TestAgency agency = TestAgency.create(1);
    TestAgency rival = TestAgency.create(1);
    String employee = agency.token(Role.EMPLOYEE);
    JsonObject all = http.get("/api/v1/staff-directory?limit=50", employee).json();
    assertEquals(4, all.getJsonArray("items").size(), all.encode());
    JsonObject found = http.get("/api/v1/staff-directory?q=" + agency.accounts.get(Role.DEDICATED), employee).json();
    assertEquals(1, found.getJsonArray("items").size(), found.encode());
    assertEquals(agency.staffIds.get(Role.DEDICATED), found.getJsonArray("items").getJsonObject(0).getLong("id"));
    assertEquals("dedicated", found.getJsonArray("items").getJsonObject(0).getString("role"));
    assertEquals(0, http.get("/api/v1/staff-directory?q=" + rival.accounts.get(Role.MAIN), employee).json().getJsonArray("items").size(),
        "another agency's staff are not found");
    assertEquals(200, http.post("/api/v1/staff/" + agency.staffIds.get(Role.DEDICATED) + "/disable", agency.token(Role.MAIN), null).status());
    assertEquals(0, http.get("/api/v1/staff-directory?q=" + agency.accounts.get(Role.DEDICATED), employee).json().getJsonArray("items").size(),
        "a disabled staff member is not offered");
    assertEquals(400, http.get("/api/v1/staff-directory?limit=500", employee).status());
  }

  @Test
  @DisplayName("staff list searches by type, status, account and name; search text is data, not SQL or a wildcard")
  void listAndSearch() {
    TestAgency agency = TestAgency.create(2);
    String main = agency.token(Role.MAIN);
    JsonObject all = http.get("/api/v1/staff", main).json();
    assertEquals(4, all.getLong("total"));
    assertEquals("main", all.getJsonArray("items").getJsonObject(0).getString("role"));
    JsonObject dedicated = http.get("/api/v1/staff?role=dedicated", main).json();
    assertEquals(1, dedicated.getLong("total"));
    assertEquals(agency.staffIds.get(Role.DEDICATED), dedicated.getJsonArray("items").getJsonObject(0).getLong("id"));
    assertEquals(2, dedicated.getJsonArray("items").getJsonObject(0).getInteger("assignedClients"));
    String account = agency.accounts.get(Role.EMPLOYEE);
    assertEquals(1, http.get("/api/v1/staff?account=" + account.substring(0, 12), main).json().getLong("total"));
    assertEquals(1, http.get("/api/v1/staff?name=employee", main).json().getLong("total"));
    JsonObject paged = http.get("/api/v1/staff?page=2&pageSize=3", main).json();
    assertEquals(1, paged.getJsonArray("items").size());
    assertEquals(4, paged.getLong("total"));
    for (String hostile : new String[]{"%25", "100%25", "_", "%27%20OR%201%3D1--", "%22%3B%20DROP%20TABLE%20staff%3B", "1.5", "true", "%22quoted%22", "%5B1%5D"}) {
      TestHttp.Response r = http.get("/api/v1/staff?q=" + hostile, main);
      assertEquals(200, r.status(), hostile + " " + r);
      assertEquals(0, r.json().getLong("total"), hostile);
    }
    assertEquals(400, http.get("/api/v1/staff?role=boss", main).status());
    assertEquals("pageSize", field(http.get("/api/v1/staff?pageSize=abc", main)));
    assertEquals(403, http.get("/api/v1/staff", agency.token(Role.EMPLOYEE)).status());
    assertEquals(403, http.get("/api/v1/staff", agency.token(Role.DEDICATED)).status());
  }

  @Test
  @DisplayName("the matrix: admins add staff but not admins, the main account adds admins, nobody adds a main account")
  void addStaffMatrix() {
    TestAgency agency = TestAgency.create(1);
    String admin = agency.token(Role.ADMIN);
    TestHttp.Response employee = http.post("/api/v1/staff", admin, newStaff("employee"));
    assertEquals(201, employee.status(), employee.toString());
    String temporary = employee.json().getString("temporaryPassword");
    assertNotNull(temporary);
    TestHttp.Response login = http.post("/api/v1/auth/login", null,
        new JsonObject().put("account", employee.json().getString("account")).put("password", temporary));
    assertEquals(200, login.status(), "the new staff member signs in straight to the agency");
    assertEquals(agency.id, http.get("/api/v1/me", login.json().getString("accessToken")).json().getLong("agencyId"));

    assertEquals(403, http.post("/api/v1/staff", admin, newStaff("admin")).status());
    TestHttp.Response byMain = http.post("/api/v1/staff", agency.token(Role.MAIN), newStaff("admin").put("password", "chosen-password"));
    assertEquals(201, byMain.status());
    assertFalse(byMain.json().containsKey("temporaryPassword"));
    assertEquals("role", field(http.post("/api/v1/staff", agency.token(Role.MAIN), newStaff("main"))));
    assertEquals(403, http.post("/api/v1/staff", agency.token(Role.EMPLOYEE), newStaff("employee")).status());
    assertEquals(403, http.post("/api/v1/staff", agency.token(Role.DEDICATED), newStaff("dedicated")).status());

    TestHttp.Response taken = http.post("/api/v1/staff", admin, newStaff("employee").put("account", agency.accounts.get(Role.MAIN)));
    assertEquals(409, taken.status());
    assertEquals("account", taken.json().getJsonArray("errors").getJsonObject(0).getString("field"));
  }

  @Test
  @DisplayName("an admin cannot manage admins or the main account; another agency's staff member is not found")
  void manageMatrix() {
    TestAgency agency = TestAgency.create(1);
    TestAgency rival = TestAgency.create(1);
    String admin = agency.token(Role.ADMIN);
    long mainId = agency.staffIds.get(Role.MAIN);
    long adminId = agency.staffIds.get(Role.ADMIN);
    long employeeId = agency.staffIds.get(Role.EMPLOYEE);
    assertEquals(403, http.post("/api/v1/staff/" + mainId + "/disable", admin, null).status());
    assertEquals(403, http.post("/api/v1/staff/" + adminId + "/disable", admin, null).status(), "not even oneself");
    assertEquals(403, http.post("/api/v1/staff/" + mainId + "/disable", agency.token(Role.MAIN), null).status());
    assertEquals(403, http.post("/api/v1/staff/" + adminId + "/reset-password", admin, null).status());
    assertEquals(200, http.post("/api/v1/staff/" + adminId + "/reset-password", agency.token(Role.MAIN),
        new JsonObject().put("password", "reset-by-main")).status());
    assertEquals(403, http.post("/api/v1/staff/" + employeeId + "/disable", agency.token(Role.EMPLOYEE), null).status());

    String rivalMain = rival.token(Role.MAIN);
    assertEquals(404, http.get("/api/v1/staff/" + employeeId, rivalMain).status());
    assertEquals(404, http.post("/api/v1/staff/" + employeeId + "/disable", rivalMain, null).status());
    assertEquals(404, http.post("/api/v1/staff/" + employeeId + "/reset-password", rivalMain, null).status());
    assertEquals(404, http.put("/api/v1/staff/" + employeeId + "/lead-admin", rivalMain, new JsonObject().put("leadAdmin", true)).status());
    assertEquals(404, http.post("/api/v1/staff/" + agency.staffIds.get(Role.DEDICATED) + "/clients", rivalMain,
        new JsonObject().put("clientIds", new JsonArray().add(rival.clients.get(0)))).status());
    assertEquals(200, http.get("/api/v1/me", agency.token(Role.EMPLOYEE)).status(), "the rival changed nothing");
  }

  @Test
  @DisplayName("disabling a staff member revokes their tokens at once and announces it; enabling lets them back in")
  void disableRevokes() throws Exception {
    TestAgency agency = TestAgency.create(1);
    String employee = agency.token(Role.EMPLOYEE);
    JsonObject pair = agency.login(agency.accounts.get(Role.EMPLOYEE));
    long employeeId = agency.staffIds.get(Role.EMPLOYEE);
    assertEquals(200, http.get("/api/v1/me", employee).status());
    try (RedisListener revocations = new RedisListener(TokenService.REVOCATIONS)) {
      TestHttp.Response r = http.post("/api/v1/staff/" + employeeId + "/disable", agency.token(Role.ADMIN), null);
      assertEquals(200, r.status());
      assertEquals("disabled", r.json().getString("status"));
      JsonObject message = revocations.await(m -> m.getLong("staffId", -1L) == employeeId, 2000);
      assertNotNull(message, "published for push to close sockets");
    }
    assertEquals(401, http.get("/api/v1/me", employee).status());
    assertEquals(401, http.post("/api/v1/auth/refresh", null, new JsonObject().put("refreshToken", pair.getString("refreshToken"))).status());
    assertEquals(401, http.post("/api/v1/auth/login", null,
        new JsonObject().put("account", agency.accounts.get(Role.EMPLOYEE)).put("password", TestAgency.PASSWORD)).status());
    assertEquals("disabled", http.get("/api/v1/staff?status=disabled", agency.token(Role.MAIN)).json()
        .getJsonArray("items").getJsonObject(0).getString("status"));

    assertEquals(200, http.post("/api/v1/staff/" + employeeId + "/enable", agency.token(Role.ADMIN), null).status());
    assertEquals(401, http.get("/api/v1/me", employee).status(), "old tokens stay revoked");
    assertEquals(200, http.post("/api/v1/auth/login", null,
        new JsonObject().put("account", agency.accounts.get(Role.EMPLOYEE)).put("password", TestAgency.PASSWORD)).status());
  }

  @Test
  @DisplayName("a password reset signs the staff member out everywhere; the temporary password works")
  void resetPassword() {
    TestAgency agency = TestAgency.create(1);
    String dedicated = agency.token(Role.DEDICATED);
    TestHttp.Response r = http.post("/api/v1/staff/" + agency.staffIds.get(Role.DEDICATED) + "/reset-password", agency.token(Role.ADMIN), null);
    assertEquals(200, r.status(), r.toString());
    String temporary = r.json().getString("temporaryPassword");
    assertEquals(401, http.get("/api/v1/me", dedicated).status());
    assertEquals(200, http.post("/api/v1/auth/login", null,
        new JsonObject().put("account", agency.accounts.get(Role.DEDICATED)).put("password", temporary)).status());
    assertEquals("password", field(http.post("/api/v1/staff/" + agency.staffIds.get(Role.DEDICATED) + "/reset-password",
        agency.token(Role.ADMIN), new JsonObject().put("password", "short"))));
  }

  @Test
  @DisplayName("lead admin grant gives all leads at once; assignments change what a dedicated employee sees and are announced")
  void grantsAndAssignments() throws Exception {
    TestAgency agency = TestAgency.create(4);
    String main = agency.token(Role.MAIN);
    long employeeId = agency.staffIds.get(Role.EMPLOYEE);
    long dedicatedId = agency.staffIds.get(Role.DEDICATED);
    assertFalse(http.get("/api/v1/me", agency.token(Role.EMPLOYEE)).json().getJsonArray("capabilities").contains("LEADS_ALL"));
    TestHttp.Response grant = http.put("/api/v1/staff/" + employeeId + "/lead-admin", main, new JsonObject().put("leadAdmin", true));
    assertEquals(200, grant.status());
    assertTrue(grant.json().getBoolean("leadAdmin"));
    assertTrue(http.get("/api/v1/me", agency.token(Role.EMPLOYEE)).json().getJsonArray("capabilities").contains("LEADS_ALL"));
    assertEquals("leadAdmin", field(http.put("/api/v1/staff/" + employeeId + "/lead-admin", main, new JsonObject().put("leadAdmin", "yes"))));

    long third = agency.clients.get(2);
    try (RedisListener live = new RedisListener(LiveBus.channel(agency.id))) {
      TestHttp.Response assign = http.post("/api/v1/staff/" + dedicatedId + "/clients", agency.token(Role.ADMIN),
          new JsonObject().put("clientIds", new JsonArray().add(third)));
      assertEquals(200, assign.status(), assign.toString());
      assertEquals(3, assign.json().getJsonArray("clients").size());
      JsonObject message = live.await(m -> "assignments-changed".equals(m.getString("type")), 2000);
      assertNotNull(message);
      assertEquals(dedicatedId, message.getLong("staffId"));
    }
    assertEquals(200, http.post("/api/v1/auth/act-as", agency.token(Role.DEDICATED), new JsonObject().put("clientId", third)).status(),
        "the dedicated employee sees the new client at once");
    assertEquals(200, http.delete("/api/v1/staff/" + dedicatedId + "/clients/" + third, main).status());
    assertEquals(404, http.delete("/api/v1/staff/" + dedicatedId + "/clients/" + third, main).status());
    assertEquals(404, http.post("/api/v1/auth/act-as", agency.token(Role.DEDICATED), new JsonObject().put("clientId", third)).status());

    TestAgency rival = TestAgency.create(1);
    assertEquals(404, http.post("/api/v1/staff/" + dedicatedId + "/clients", main,
        new JsonObject().put("clientIds", new JsonArray().add(rival.clients.get(0)))).status(), "another agency's client");
    TestHttp.Response notDedicated = http.post("/api/v1/staff/" + employeeId + "/clients", main,
        new JsonObject().put("clientIds", new JsonArray().add(third)));
    assertEquals(409, notDedicated.status());
    assertEquals("clientIds", field(http.post("/api/v1/staff/" + dedicatedId + "/clients", main, new JsonObject().put("clientIds", new JsonArray()))));
    TestHttp.Response wrongItem = http.post("/api/v1/staff/" + dedicatedId + "/clients", main,
        new JsonObject().put("clientIds", new JsonArray().add("one")));
    assertEquals(400, wrongItem.status());
    assertTrue(wrongItem.json().getJsonArray("errors").stream().anyMatch(e -> "clientIds.0".equals(((JsonObject) e).getString("field"))));
  }

  @Test
  @DisplayName("hostile staff requests: bad JSON, wrong types, unknown fields, bad ids answer 400 naming the field and change nothing")
  void hostileInput() {
    TestAgency agency = TestAgency.create(1);
    String main = agency.token(Role.MAIN);
    MultiMap json = MultiMap.caseInsensitiveMultiMap().add("Content-Type", "application/json");
    assertEquals(400, http.send(HttpMethod.POST, "/api/v1/staff", main, "{\"account\": ", json).status());
    assertEquals("role", field(http.post("/api/v1/staff", main, newStaff("employee").put("role", 5))));
    assertEquals("name", field(http.post("/api/v1/staff", main, newStaff("employee").put("name", ""))));
    assertEquals(400, http.post("/api/v1/staff", main, newStaff("employee").put("isAdmin", true)).status());
    assertEquals("account", field(http.post("/api/v1/staff", main, newStaff("employee").put("account", "a b"))));
    assertEquals(400, http.post("/api/v1/staff", main, newStaff("employee").put("name", "x".repeat(100_000))).status());
    assertEquals("staffId", field(http.get("/api/v1/staff/abc", main)));
    assertEquals(404, http.get("/api/v1/staff/999999999", main).status());
    assertEquals(415, http.send(HttpMethod.POST, "/api/v1/staff", main, "account=x",
        MultiMap.caseInsensitiveMultiMap().add("Content-Type", "application/x-www-form-urlencoded")).status());
    assertEquals(4, http.get("/api/v1/staff", main).json().getLong("total"), "nothing was added");
  }
}
