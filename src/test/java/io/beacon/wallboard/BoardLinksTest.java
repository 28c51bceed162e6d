package io.beacon.wallboard;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.beacon.TestAgency;
import io.beacon.TestBeacon;
import io.beacon.TestHttp;
import io.beacon.auth.Role;
import io.beacon.auth.TokenService;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BoardLinksTest {
  private final TestHttp http = TestHttp.shared();

  static JsonObject create(TestAgency agency, Role role, JsonObject body) {
    TestHttp.Response r = TestHttp.shared().post("/api/v1/wallboard-links", agency.token(role), body);
    assertEquals(201, r.status(), r::toString);
    return r.json();
  }

  private static String field(TestHttp.Response r) {
    return r.json().getJsonArray("errors").getJsonObject(0).getString("field");
  }

  @Test
  @DisplayName("main and admin create, list and revoke links; the token is shown once and stored only as its SHA-256; a revoked link answers 410")
  void lifecycle() {
    TestAgency a = TestAgency.create(2);
    JsonObject link = create(a, Role.MAIN, new JsonObject().put("name", "大厅电视"));
    String token = link.getString("token");
    assertTrue(token.length() >= 43, token);
    assertTrue(link.getString("url").endsWith("/board/" + token), link.getString("url"));
    assertEquals("agency", link.getJsonObject("scope").getString("kind"));
    assertEquals("active", link.getString("status"));
    Instant expires = Instant.parse(link.getString("expiresAt"));
    assertTrue(expires.isAfter(Instant.now().plus(29, ChronoUnit.DAYS)) && expires.isBefore(Instant.now().plus(31, ChronoUnit.DAYS)),
        "30 days by default: " + expires);
    String stored = TestAgency.one(TestBeacon.shared().platform().pg(), "SELECT token_hash FROM wallboard_links WHERE id = $1",
        Tuple.of(link.getLong("id"))).getString(0);
    assertEquals(TokenService.sha256(token), stored);

    JsonObject byAdmin = create(a, Role.ADMIN, new JsonObject().put("name", "Client TV")
        .put("scope", new JsonObject().put("kind", "client").put("clientId", a.clients.get(1)))
        .put("expiresAt", Instant.now().plus(2, ChronoUnit.DAYS).toString()));
    assertEquals(a.clients.get(1), byAdmin.getJsonObject("scope").getLong("clientId"));
    assertEquals(a.staffIds.get(Role.ADMIN), byAdmin.getJsonObject("createdBy").getLong("id"));

    JsonObject board = http.get("/api/v1/board/" + token, null).json();
    assertEquals("大厅电视", board.getString("name"));
    JsonArray items = http.get("/api/v1/wallboard-links", a.token(Role.ADMIN)).json().getJsonArray("items");
    assertEquals(2, items.size());
    JsonObject listed = items.getJsonObject(1);
    assertEquals(link.getLong("id"), listed.getLong("id"));
    assertFalse(listed.containsKey("token"), "never the token again: " + listed);
    assertFalse(listed.containsKey("url"));
    assertNotNull(listed.getString("lastOpenedAt"), "opening the board stamps lastOpenedAt");
    assertNull(listed.getValue("revokedAt"));

    TestHttp.Response revoked = http.delete("/api/v1/wallboard-links/" + link.getLong("id"), a.token(Role.ADMIN));
    assertEquals(200, revoked.status(), revoked::toString);
    assertEquals("revoked", revoked.json().getString("status"));
    TestHttp.Response gone = http.get("/api/v1/board/" + token + "/overview", null);
    assertEquals(410, gone.status(), gone::toString);
    assertTrue(gone.json().getString("type").endsWith("wallboard-link-revoked"), gone::toString);
    assertEquals(revoked.json().getString("revokedAt"),
        http.delete("/api/v1/wallboard-links/" + link.getLong("id"), a.token(Role.MAIN)).json().getString("revokedAt"), "revoking again changes nothing");
    assertEquals(200, http.get("/api/v1/board/" + byAdmin.getString("token"), null).status(), "the other link still works");
  }

  @Test
  @DisplayName("bad input answers 400 naming the field: expiry past, too far or malformed, blank name, scope of another agency or a non-dedicated employee")
  void validation() {
    TestAgency a = TestAgency.create(1);
    TestAgency other = TestAgency.create(1);
    JsonObject base = new JsonObject().put("name", "TV");
    assertEquals("expiresAt", field(bad(a, base.copy().put("expiresAt", Instant.now().minusSeconds(60).toString()))));
    assertEquals("expiresAt", field(bad(a, base.copy().put("expiresAt", Instant.now().plus(91, ChronoUnit.DAYS).toString()))));
    assertEquals("expiresAt", field(bad(a, base.copy().put("expiresAt", "tomorrow"))));
    assertEquals("name", field(bad(a, base.copy().put("name", "   "))));
    assertEquals("scope.clientId", field(bad(a, base.copy().put("scope", new JsonObject().put("kind", "client").put("clientId", other.clients.get(0))))));
    assertEquals("scope.clientId", field(bad(a, base.copy().put("scope", new JsonObject().put("kind", "client")))));
    assertEquals("scope.staffId", field(bad(a, base.copy().put("scope", new JsonObject().put("kind", "staff").put("staffId", a.staffIds.get(Role.EMPLOYEE))))));
    assertEquals("scope.staffId", field(bad(a, base.copy().put("scope", new JsonObject().put("kind", "staff").put("staffId", other.staffIds.get(Role.DEDICATED))))));
    assertEquals(0, http.get("/api/v1/wallboard-links", a.token(Role.MAIN)).json().getJsonArray("items").size(), "nothing was created");
    create(a, Role.MAIN, base.copy().put("scope", new JsonObject().put("kind", "staff").put("staffId", a.staffIds.get(Role.DEDICATED))));
  }

  private TestHttp.Response bad(TestAgency a, JsonObject body) {
    TestHttp.Response r = http.post("/api/v1/wallboard-links", a.token(Role.MAIN), body);
    assertEquals(400, r.status(), () -> body.encode() + " → " + r);
    return r;
  }

  @Test
  @DisplayName("employees and dedicated employees get 403, no token 401; another agency's link is 404 and not listed")
  void access() {
    TestAgency a = TestAgency.create(1);
    TestAgency other = TestAgency.create(1);
    long id = create(a, Role.MAIN, new JsonObject().put("name", "TV")).getLong("id");
    for (Role role : List.of(Role.EMPLOYEE, Role.DEDICATED)) {
      assertEquals(403, http.post("/api/v1/wallboard-links", a.token(role), new JsonObject().put("name", "x")).status());
      assertEquals(403, http.get("/api/v1/wallboard-links", a.token(role)).status());
      assertEquals(403, http.delete("/api/v1/wallboard-links/" + id, a.token(role)).status());
    }
    assertEquals(401, http.get("/api/v1/wallboard-links", null).status());
    assertEquals(404, http.delete("/api/v1/wallboard-links/" + id, other.token(Role.MAIN)).status());
    assertEquals(0, http.get("/api/v1/wallboard-links", other.token(Role.MAIN)).json().getJsonArray("items").size());
    assertEquals("active", http.get("/api/v1/wallboard-links", a.token(Role.MAIN)).json().getJsonArray("items").getJsonObject(0).getString("status"));
  }

  @Test
  @DisplayName("a board reads today's figures and open alerts of its scope only; unknown tokens are 404, then 429 for that address, while real links keep working")
  void scopedReads() {
    TestAgency a = TestAgency.create(3);
    String key = http.post("/api/v1/ingest-keys", a.token(Role.MAIN), new JsonObject().put("name", "t")).json().getString("key");
    long shown = a.clients.get(0);
    long hidden = a.clients.get(2);
    ingest(key, shown, 4_000);    // no funds: each client's balance is exhausted, an open alert each
    ingest(key, hidden, 7_000);
    String token = create(a, Role.MAIN, new JsonObject().put("name", "One client")
        .put("scope", new JsonObject().put("kind", "client").put("clientId", shown))).getString("token");

    JsonObject overview = http.get("/api/v1/board/" + token + "/overview", null).json();
    assertEquals(4_000, overview.getJsonObject("performance").getLong("spendFen"), overview::encode);
    JsonArray top = http.get("/api/v1/board/" + token + "/top-clients", null).json().getJsonArray("rows");
    assertTrue(top.stream().allMatch(r -> ((JsonObject) r).getLong("clientId") == shown), top::encode);
    JsonArray alerts = http.get("/api/v1/board/" + token + "/alerts", null).json().getJsonArray("items");
    assertFalse(alerts.isEmpty());
    assertTrue(alerts.stream().allMatch(x -> ((JsonObject) x).getLong("clientId") == shown), alerts::encode);

    var redis = TestBeacon.shared().platform().redis();
    redis.del(List.of("wallboard:misses:127.0.0.1")).await();
    try {
      assertEquals(400, http.get("/api/v1/board/short/overview", null).status(), "a malformed token is a 400");
      for (int i = 0; i < BoardLinks.MISSES_PER_IP_PER_MINUTE; i++) {
        assertEquals(404, http.get("/api/v1/board/" + TokenService.randomToken(32), null).status());
      }
      TestHttp.Response limited = http.get("/api/v1/board/" + TokenService.randomToken(32), null);
      assertEquals(429, limited.status(), limited::toString);
      assertNotNull(limited.header("Retry-After"));
      assertEquals(200, http.get("/api/v1/board/" + token + "/alerts", null).status());
    } finally {
      redis.del(List.of("wallboard:misses:127.0.0.1")).await();
    }
  }

  @Test
  @DisplayName("the board page answers its HTML (404 for an unknown token) and the access log never shows a token")
  void tokenNeverLogged() {
    TestAgency a = TestAgency.create(1);
    String token = create(a, Role.MAIN, new JsonObject().put("name", "TV")).getString("token");
    Logger access = (Logger) LoggerFactory.getLogger("io.beacon.access");
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.start();
    access.addAppender(captured);
    try {
      TestHttp.Response page = http.get("/board/" + token, null);
      assertEquals(200, page.status());
      assertTrue(page.body().toString().contains("board.js"), "the board page's HTML");
      assertEquals("no-store", page.header("Cache-Control"));
      assertEquals(404, http.get("/board/" + TokenService.randomToken(32), null).status());
      assertEquals(200, http.get("/api/v1/board/" + token + "/overview", null).status());
      long deadline = System.currentTimeMillis() + 5_000;
      while (captured.list.stream().filter(e -> e.getFormattedMessage().contains("/board/")).count() < 3 && System.currentTimeMillis() < deadline) {
        Thread.onSpinWait();
      }
      List<String> lines = captured.list.stream().map(ILoggingEvent::getFormattedMessage).filter(m -> m.contains("/board/")).toList();
      assertEquals(3, lines.size(), lines::toString);
      assertTrue(lines.stream().noneMatch(m -> m.contains(token)), lines::toString);
      assertTrue(lines.contains(lines.stream().filter(m -> m.startsWith("GET /api/v1/board/[redacted]/overview 200")).findFirst().orElse("missing")), lines::toString);
    } finally {
      access.detachAppender(captured);
    }
  }

  static void ingest(String key, long clientId, long costFen) {
    JsonArray events = new JsonArray().add(new JsonObject().put("eventId", UUID.randomUUID().toString()).put("clientId", clientId)
        .put("billedAt", Instant.now().toString()).put("mode", "search").put("impressions", 1000).put("clicks", 20)
        .put("costFen", costFen).put("conversions", 2).put("brand", false));
    TestHttp.Response r = TestHttp.shared().send(HttpMethod.POST, "/api/v1/ingest/events", null, events,
        MultiMap.caseInsensitiveMultiMap().add("X-Beacon-Ingest-Key", key));
    assertEquals(200, r.status(), r::toString);
  }
}
