package io.beacon.auth;

import io.beacon.Poll;
import io.beacon.TestAgency;
import io.beacon.TestHttp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ActAsTest {
  private final TestHttp http = TestHttp.shared();

  private JsonObject actAs(String token, long clientId) {
    TestHttp.Response r = http.post("/api/v1/auth/act-as", token, new JsonObject().put("clientId", clientId));
    assertEquals(200, r.status(), r.toString());
    return r.json();
  }

  @Test
  @DisplayName("acting as a client confines every request to that client and to client-view rights; back to agency view drops it")
  void scopedToken() {
    TestAgency agency = TestAgency.create(3);
    long a = agency.clients.get(0);
    long b = agency.clients.get(1);
    JsonObject acting = actAs(agency.token(Role.ADMIN), a);
    assertEquals(a, acting.getLong("actingClientId"));
    String token = acting.getString("accessToken");

    JsonObject me = http.get("/api/v1/me", token).json();
    assertEquals(a, me.getLong("actingClientId"));
    JsonArray caps = me.getJsonArray("capabilities");
    assertTrue(caps.contains("CLIENT_OPERATE"));
    assertFalse(caps.contains("STAFF_MANAGE"), "agency-wide rights are not part of a client view");
    assertFalse(caps.contains("OPERATION_LOG_VIEW"));

    assertEquals(200, http.get("/api/v1/clients/" + a + "/live", token).status());
    assertEquals(404, http.get("/api/v1/clients/" + b + "/live", token).status(), "another client of the same agency");
    assertEquals(200, http.put("/api/v1/clients/" + a + "/daily-budget", token, new JsonObject().put("dailyBudgetFen", 500_000)).status());
    assertEquals(404, http.put("/api/v1/clients/" + b + "/daily-budget", token, new JsonObject().put("dailyBudgetFen", 500_000)).status());
    assertEquals(403, http.get("/api/v1/staff", token).status());

    JsonObject back = http.post("/api/v1/auth/act-as/exit", token, null).json();
    assertNull(back.getLong("actingClientId"));
    String agencyView = back.getString("accessToken");
    assertNull(http.get("/api/v1/me", agencyView).json().getLong("actingClientId"));
    assertEquals(200, http.get("/api/v1/clients/" + b + "/live", agencyView).status());
    assertEquals(200, http.get("/api/v1/staff", agencyView).status());

    JsonObject refreshed = http.post("/api/v1/auth/refresh", null, new JsonObject().put("refreshToken", acting.getString("refreshToken"))).json();
    assertEquals(a, refreshed.getLong("actingClientId"), "refreshing keeps the client view");
  }

  @Test
  @DisplayName("act-as: a dedicated employee only for assigned clients, nobody for another agency's client (404)")
  void visibility() {
    TestAgency agency = TestAgency.create(3);
    TestAgency rival = TestAgency.create(1);
    String dedicated = agency.token(Role.DEDICATED);
    actAs(dedicated, agency.clients.get(0));
    assertEquals(404, http.post("/api/v1/auth/act-as", dedicated, new JsonObject().put("clientId", agency.unassignedClient())).status());
    assertEquals(200, http.post("/api/v1/auth/act-as", agency.token(Role.EMPLOYEE), new JsonObject().put("clientId", agency.unassignedClient())).status());
    for (Role role : new Role[]{Role.MAIN, Role.ADMIN, Role.EMPLOYEE, Role.DEDICATED}) {
      assertEquals(404, http.post("/api/v1/auth/act-as", agency.token(role), new JsonObject().put("clientId", rival.clients.get(0))).status(), role.name());
    }
    assertEquals(401, http.post("/api/v1/auth/act-as", null, new JsonObject().put("clientId", agency.clients.get(0))).status());
    TestHttp.Response wrongType = http.post("/api/v1/auth/act-as", dedicated, new JsonObject().put("clientId", "first"));
    assertEquals(400, wrongType.status());
    assertEquals("clientId", wrongType.json().getJsonArray("errors").getJsonObject(0).getString("field"));
  }

  @Test
  @DisplayName("unassigning the client a dedicated employee acts as ends the client view at once; refresh returns to the agency view")
  void unassignEndsClientView() {
    TestAgency agency = TestAgency.create(3);
    long a = agency.clients.get(0);
    JsonObject acting = actAs(agency.token(Role.DEDICATED), a);
    assertEquals(200, http.get("/api/v1/me", acting.getString("accessToken")).status());
    assertEquals(200, http.delete("/api/v1/staff/" + agency.staffIds.get(Role.DEDICATED) + "/clients/" + a, agency.token(Role.MAIN)).status());
    assertEquals(401, http.get("/api/v1/me", acting.getString("accessToken")).status());
    JsonObject refreshed = http.post("/api/v1/auth/refresh", null, new JsonObject().put("refreshToken", acting.getString("refreshToken"))).json();
    assertNull(refreshed.getLong("actingClientId"));
    assertEquals(200, http.get("/api/v1/me", refreshed.getString("accessToken")).status());
  }

  @Test
  @DisplayName("what is done while acting as a client is logged with both the staff identity and the client")
  void loggedWithBothIdentities() throws Exception {
    TestAgency agency = TestAgency.create(2);
    long a = agency.clients.get(0);
    String acting = actAs(agency.token(Role.EMPLOYEE), a).getString("accessToken");
    assertEquals(200, http.put("/api/v1/clients/" + a + "/daily-budget", acting, new JsonObject().put("dailyBudgetFen", 123_400)).status());
    JsonObject row = Poll.eventuallyValue(() -> {   // the log is written as the response ends
      JsonArray items = http.get("/api/v1/operation-log?action=setDailyBudget", agency.token(Role.MAIN)).json().getJsonArray("items");
      return items.isEmpty() ? null : items.getJsonObject(0);
    });
    assertEquals(agency.staffIds.get(Role.EMPLOYEE), row.getJsonObject("staff").getLong("id"));
    assertEquals(a, row.getJsonObject("actingClient").getLong("id"));
    assertEquals(agency.accounts.get(Role.EMPLOYEE), row.getString("account"));
    assertEquals(String.valueOf(a), row.getString("targetId"));
  }
}
