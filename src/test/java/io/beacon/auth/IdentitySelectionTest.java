package io.beacon.auth;

import io.beacon.TestAgency;
import io.beacon.TestBeacon;
import io.beacon.TestHttp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdentitySelectionTest {
  private final TestHttp http = TestHttp.shared();

  @Test
  @DisplayName("a login with an agency and a client identity gets the picker, picks either, and switch account returns to it")
  void picker() {
    TestAgency agency = TestAgency.create(2);
    TestAgency rival = TestAgency.create(1);
    String account = agency.accounts.get(Role.EMPLOYEE);
    long loginId = TestAgency.one(TestBeacon.shared().platform().pg(), "SELECT id FROM logins WHERE account = $1", Tuple.of(account)).getLong(0);
    long clientIdentity = TestAgency.one(TestBeacon.shared().platform().pg(),
        "INSERT INTO identities (login_id, kind, agency_id, client_id) VALUES ($1, 'client', $2, $3) RETURNING id",
        Tuple.of(loginId, agency.id, agency.clients.get(1))).getLong(0);

    JsonObject picker = agency.login(account);
    assertNull(picker.getString("accessToken"));
    String selection = picker.getString("selectionToken");
    JsonArray identities = picker.getJsonArray("identities");
    assertEquals(2, identities.size());
    assertEquals("agency", identities.getJsonObject(0).getString("kind"));
    assertEquals("client", identities.getJsonObject(1).getString("kind"));

    long rivalIdentity = http.get("/api/v1/me", rival.token(Role.MAIN)).json().getJsonObject("identity").getLong("id");
    assertEquals(404, http.post("/api/v1/auth/identity", null,
        new JsonObject().put("selectionToken", selection).put("identityId", rivalIdentity)).status(), "someone else's identity");
    assertEquals(401, http.post("/api/v1/auth/identity", null,
        new JsonObject().put("selectionToken", agency.token(Role.MAIN)).put("identityId", clientIdentity)).status(),
        "an access token is not a selection token");

    TestHttp.Response asClient = http.post("/api/v1/auth/identity", null,
        new JsonObject().put("selectionToken", selection).put("identityId", clientIdentity));
    assertEquals(200, asClient.status(), asClient.toString());
    String clientToken = asClient.json().getString("accessToken");
    JsonObject me = http.get("/api/v1/me", clientToken).json();
    assertEquals("client", me.getJsonObject("identity").getString("kind"));
    assertEquals(agency.clients.get(1), me.getLong("clientId"));
    assertFalse(me.getJsonArray("capabilities").contains("CLIENT_OPERATE"));
    assertEquals(200, http.get("/api/v1/clients/" + agency.clients.get(1) + "/live", clientToken).status());
    assertEquals(404, http.get("/api/v1/clients/" + agency.clients.get(0) + "/live", clientToken).status(), "an advertiser sees its own client only");
    assertEquals(403, http.get("/api/v1/staff", clientToken).status());
    assertEquals(403, http.post("/api/v1/auth/act-as", clientToken, new JsonObject().put("clientId", agency.clients.get(1))).status());

    JsonObject back = http.post("/api/v1/auth/switch-account", clientToken, null).json();
    assertNotNull(back.getString("selectionToken"));
    assertEquals(2, back.getJsonArray("identities").size());
    TestHttp.Response asStaff = http.post("/api/v1/auth/identity", null, new JsonObject()
        .put("selectionToken", back.getString("selectionToken")).put("identityId", identities.getJsonObject(0).getLong("id")));
    assertEquals("employee", http.get("/api/v1/me", asStaff.json().getString("accessToken")).json().getString("role"));
    assertTrue(http.get("/api/v1/me", asStaff.json().getString("accessToken")).json().getJsonArray("capabilities").contains("CLIENT_OPERATE"));
  }
}
