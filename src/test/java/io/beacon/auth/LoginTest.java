package io.beacon.auth;

import io.beacon.TestAgency;
import io.beacon.TestHttp;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoginTest {
  private final TestHttp http = TestHttp.shared();

  @Test
  @DisplayName("a staff member with one identity logs in straight to tokens and /me shows role and capabilities")
  void loginAndMe() {
    TestAgency agency = TestAgency.create();
    JsonObject tokens = agency.login(agency.accounts.get(Role.ADMIN));
    assertNotNull(tokens.getString("accessToken"));
    assertNotNull(tokens.getString("refreshToken"));
    TestHttp.Response me = http.get("/api/v1/me", tokens.getString("accessToken"));
    assertEquals(200, me.status(), me.toString());
    assertEquals("admin", me.json().getString("role"));
    assertEquals(agency.id, me.json().getLong("agencyId"));
    assertTrue(me.json().getJsonArray("capabilities").contains("FUNDS_MANAGE"));
    assertTrue(!me.json().getJsonArray("capabilities").contains("WALLET_RECHARGE"));
  }

  @Test
  @DisplayName("a wrong password answers 401 with a generic message")
  void wrongPassword() {
    TestAgency agency = TestAgency.create();
    TestHttp.Response r = http.post("/api/v1/auth/login", null,
        new JsonObject().put("account", agency.accounts.get(Role.MAIN)).put("password", "nope"));
    assertEquals(401, r.status());
    assertEquals("Account or password is incorrect", r.json().getString("title"));
    assertEquals(401, http.get("/api/v1/me", null).status());
  }
}
