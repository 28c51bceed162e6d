package io.beacon.auth;

import io.beacon.TestAgency;
import io.beacon.TestBeacon;
import io.beacon.TestHttp;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SessionTest {
  private final TestHttp http = TestHttp.shared();

  private JsonObject refresh(String token) {
    TestHttp.Response r = http.post("/api/v1/auth/refresh", null, new JsonObject().put("refreshToken", token));
    return new JsonObject().put("status", r.status()).put("body", r.json());
  }

  @Test
  @DisplayName("refresh rotates the pair; replaying a spent refresh token revokes the whole session at once")
  void refreshReuse() {
    TestAgency agency = TestAgency.create(1);
    JsonObject first = agency.login(agency.accounts.get(Role.EMPLOYEE));
    JsonObject second = refresh(first.getString("refreshToken")).getJsonObject("body");
    assertNotEquals(first.getString("refreshToken"), second.getString("refreshToken"));
    JsonObject third = refresh(second.getString("refreshToken")).getJsonObject("body");
    assertEquals(200, http.get("/api/v1/me", third.getString("accessToken")).status());

    JsonObject replay = refresh(first.getString("refreshToken"));
    assertEquals(401, replay.getInteger("status"));
    assertEquals(401, http.get("/api/v1/me", third.getString("accessToken")).status(), "the live access token of the family dies too");
    assertEquals(401, refresh(third.getString("refreshToken")).getInteger("status"), "and its refresh token");
    assertEquals(401, http.get("/api/v1/me", first.getString("accessToken")).status());
    // Another session of the same login is untouched.
    assertEquals(200, http.get("/api/v1/me", agency.login(agency.accounts.get(Role.EMPLOYEE)).getString("accessToken")).status());
  }

  @Test
  @DisplayName("five wrong passwords in a minute on one account: 429 with Retry-After, even with the right password")
  void throttle() {
    TestAgency agency = TestAgency.create(1);
    String account = agency.accounts.get(Role.DEDICATED);
    for (int i = 0; i < 5; i++) {
      assertEquals(401, http.post("/api/v1/auth/login", null, new JsonObject().put("account", account).put("password", "wrong-" + i)).status());
    }
    TestHttp.Response r = http.post("/api/v1/auth/login", null, new JsonObject().put("account", account).put("password", TestAgency.PASSWORD));
    assertEquals(429, r.status());
    assertEquals("application/problem+json", r.header("Content-Type"));
    long retryAfter = Long.parseLong(r.header("Retry-After"));
    assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
    // Other accounts are not affected.
    assertEquals(200, http.post("/api/v1/auth/login", null,
        new JsonObject().put("account", agency.accounts.get(Role.MAIN)).put("password", TestAgency.PASSWORD)).status());
  }

  @Test
  @DisplayName("logout revokes the session's access and refresh tokens at once and announces it for open sockets")
  void logout() throws Exception {
    TestAgency agency = TestAgency.create(1);
    JsonObject tokens = agency.login(agency.accounts.get(Role.ADMIN));
    JsonObject other = agency.login(agency.accounts.get(Role.ADMIN));
    try (RedisListener revocations = new RedisListener(TokenService.REVOCATIONS)) {
      assertEquals(204, http.post("/api/v1/auth/logout", tokens.getString("accessToken"), null).status());
      JsonObject message = revocations.await(m -> m.containsKey("sessionId"), 2000);
      assertNotNull(message, "published on auth:revocations");
      assertEquals("logout", message.getString("reason"));
    }
    assertEquals(401, http.get("/api/v1/me", tokens.getString("accessToken")).status());
    assertEquals(401, refresh(tokens.getString("refreshToken")).getInteger("status"));
    assertEquals(200, http.get("/api/v1/me", other.getString("accessToken")).status(), "other sessions stay");
  }

  @Test
  @DisplayName("changing one's password revokes every session of the login at once; the new password works")
  void passwordChange() throws Exception {
    TestAgency agency = TestAgency.create(1);
    String account = agency.accounts.get(Role.EMPLOYEE);
    JsonObject a = agency.login(account);
    JsonObject b = agency.login(account);
    TestHttp.Response wrong = http.post("/api/v1/me/password", a.getString("accessToken"),
        new JsonObject().put("currentPassword", "nope").put("newPassword", "another-password-2"));
    assertEquals(400, wrong.status());
    assertEquals("currentPassword", wrong.json().getJsonArray("errors").getJsonObject(0).getString("field"));
    TestHttp.Response tooShort = http.post("/api/v1/me/password", a.getString("accessToken"),
        new JsonObject().put("currentPassword", TestAgency.PASSWORD).put("newPassword", "short"));
    assertEquals(400, tooShort.status());
    assertEquals("newPassword", tooShort.json().getJsonArray("errors").getJsonObject(0).getString("field"));

    try (RedisListener revocations = new RedisListener(TokenService.REVOCATIONS)) {
      assertEquals(204, http.post("/api/v1/me/password", a.getString("accessToken"),
          new JsonObject().put("currentPassword", TestAgency.PASSWORD).put("newPassword", "another-password-2")).status());
      assertNotNull(revocations.await(m -> m.containsKey("loginId") && "password-change".equals(m.getString("reason")), 2000));
    }
    assertEquals(401, http.get("/api/v1/me", a.getString("accessToken")).status());
    assertEquals(401, http.get("/api/v1/me", b.getString("accessToken")).status());
    assertEquals(401, refresh(b.getString("refreshToken")).getInteger("status"));
    assertEquals(401, http.post("/api/v1/auth/login", null, new JsonObject().put("account", account).put("password", TestAgency.PASSWORD)).status());
    TestHttp.Response fresh = http.post("/api/v1/auth/login", null, new JsonObject().put("account", account).put("password", "another-password-2"));
    assertEquals(200, fresh.status());
    assertEquals(200, http.get("/api/v1/me", fresh.json().getString("accessToken")).status());
  }

  @Test
  @DisplayName("forged tokens are refused with 401: alg none, wrong key, expired, wrong audience, tampered payload, jku header")
  void forgedTokens() {
    TestAgency agency = TestAgency.create(1);
    String good = agency.token(Role.MAIN);
    String[] parts = good.split("\\.");
    JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    String key = TestAgency.one(TestBeacon.shared().platform().pg(), "SELECT value FROM app_secrets WHERE name = $1",
        Tuple.of("jwt-hs256")).getString(0);
    JWTAuth right = jwt(key);
    JWTAuth wrongKey = jwt("not-the-server-key-not-the-server-key");
    JsonObject base = claims.copy();
    base.remove("exp");
    base.remove("iat");
    base.remove("aud");
    base.remove("iss");

    List<String> forged = List.of(
        b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".",
        b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + "." + parts[2],
        sign(wrongKey, base, "beacon-api", 60),
        sign(right, base, "beacon-api", -120),
        sign(right, base, "someone-else", 60),
        parts[0] + "." + b64(claims.copy().put("aid", agency.id + 1).encode()) + "." + parts[2],
        b64("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"jku\":\"https://evil.example/keys\"}") + "." + parts[1] + "." + parts[2],
        "garbage",
        "a.b.c");
    assertEquals(200, http.get("/api/v1/me", sign(right, base, "beacon-api", 60)).status(), "the control token is valid");
    for (String token : forged) {
      TestHttp.Response r = http.get("/api/v1/me", token);
      assertEquals(401, r.status(), token);
      assertEquals("application/problem+json", r.header("Content-Type"));
    }
  }

  @Test
  @DisplayName("switch account returns a selection token; hostile login bodies answer 400 naming the field")
  void switchAccountAndHostileBodies() {
    TestAgency agency = TestAgency.create(1);
    TestHttp.Response sw = http.post("/api/v1/auth/switch-account", agency.token(Role.MAIN), null);
    assertEquals(200, sw.status());
    assertNotNull(sw.json().getString("selectionToken"));

    TestHttp.Response notJson = http.send(io.vertx.core.http.HttpMethod.POST, "/api/v1/auth/login", null, "{\"account\":",
        io.vertx.core.MultiMap.caseInsensitiveMultiMap().add("Content-Type", "application/json"));
    assertEquals(400, notJson.status(), notJson.toString());
    TestHttp.Response wrongType = http.post("/api/v1/auth/login", null, new JsonObject().put("account", 42).put("password", "x"));
    assertEquals(400, wrongType.status());
    assertEquals("account", wrongType.json().getJsonArray("errors").getJsonObject(0).getString("field"));
    TestHttp.Response missing = http.post("/api/v1/auth/login", null, new JsonObject().put("account", "a@b"));
    assertEquals(400, missing.status());
    assertEquals("password", missing.json().getJsonArray("errors").getJsonObject(0).getString("field"));
    TestHttp.Response huge = http.post("/api/v1/auth/login", null, new JsonObject().put("account", "x".repeat(5000)).put("password", "x"));
    assertEquals(400, huge.status());
    assertEquals("account", huge.json().getJsonArray("errors").getJsonObject(0).getString("field"));
    TestHttp.Response oversized = http.post("/api/v1/auth/login", null, "x".repeat(5 * 1024 * 1024));
    assertTrue(oversized.status() == 413 || oversized.status() == 400 || oversized.status() == 415, oversized.toString());
  }

  @Test
  @DisplayName("disablement and password change close the staff member's open WebSockets at once (do-not-reconnect code)")
  void revocationClosesSockets() throws Exception {
    TestAgency agency = TestAgency.create(1);
    WebSocketClient client = TestHttp.vertx().createWebSocketClient();
    try {
      CompletableFuture<Short> employeeClosed = openSocket(client, agency.token(Role.EMPLOYEE));
      CompletableFuture<Short> dedicatedClosed = openSocket(client, agency.token(Role.DEDICATED));
      CompletableFuture<Short> adminClosed = openSocket(client, agency.token(Role.ADMIN));
      assertEquals(200, http.post("/api/v1/staff/" + agency.staffIds.get(Role.EMPLOYEE) + "/disable", agency.token(Role.MAIN), null).status());
      short code = employeeClosed.get(3, TimeUnit.SECONDS);
      assertTrue(code >= 4500 && code <= 4999, "closed with " + code);
      assertEquals(204, http.post("/api/v1/me/password", agency.token(Role.DEDICATED),
          new JsonObject().put("currentPassword", TestAgency.PASSWORD).put("newPassword", "a-new-password-9")).status());
      code = dedicatedClosed.get(3, TimeUnit.SECONDS);
      assertTrue(code >= 4500 && code <= 4999, "closed with " + code);
      assertTrue(!adminClosed.isDone(), "other staff stay connected");
    } finally {
      client.close().await();
    }
  }

  private static CompletableFuture<Short> openSocket(WebSocketClient client, String token) {
    CompletableFuture<Short> closed = new CompletableFuture<>();
    WebSocket ws = client.connect(new WebSocketConnectOptions().setHost("localhost").setPort(TestBeacon.shared().port())
        .setURI("/ws?access_token=" + token)).await();
    ws.closeHandler(v -> closed.complete(ws.closeStatusCode() == null ? -1 : ws.closeStatusCode()));
    ws.writeTextMessage(new JsonObject().put("op", "subscribe").put("topics", new io.vertx.core.json.JsonArray().add("agency")).encode()).await();
    return closed;
  }

  private static JWTAuth jwt(String key) {
    return JWTAuth.create(TestHttp.vertx(), new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(key)));
  }

  private static String sign(JWTAuth jwt, JsonObject claims, String audience, int expiresInSeconds) {
    JsonObject c = claims.copy().put("jti", java.util.UUID.randomUUID().toString()).put("iam", System.currentTimeMillis());
    if (expiresInSeconds < 0) {
      long now = System.currentTimeMillis() / 1000;
      c.put("iat", now - 600).put("exp", now + expiresInSeconds);
      return jwt.generateToken(c, new JWTOptions().setAlgorithm("HS256").setIssuer("beacon").setAudience(List.of(audience)).setNoTimestamp(true));
    }
    return jwt.generateToken(c, new JWTOptions().setAlgorithm("HS256").setIssuer("beacon").setAudience(List.of(audience))
        .setExpiresInSeconds(expiresInSeconds));
  }

  private static String b64(String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
