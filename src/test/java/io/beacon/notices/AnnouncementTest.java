package io.beacon.notices;

import io.beacon.TestAgency;
import io.beacon.TestBeacon;
import io.beacon.TestHttp;
import io.beacon.auth.OperatorKey;
import io.beacon.auth.Role;
import io.beacon.tickets.DeskFixtures;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Platform news: published through the operator API, read by every agency, scheduled and withdrawn. */
class AnnouncementTest {
  private final TestHttp http = TestHttp.shared();

  private TestHttp.Response operator(HttpMethod method, String path, JsonObject body) {
    return http.send(method, path, null, body, MultiMap.caseInsensitiveMultiMap().add(OperatorKey.HEADER, DeskFixtures.operatorKey()));
  }

  private static List<Long> ids(TestHttp.Response r) {
    JsonArray items = r.json().getJsonArray("items");
    return items.stream().map(o -> ((JsonObject) o).getLong("id")).toList();
  }

  @Test
  @DisplayName("an announcement is shown to every agency's users, newest first; scheduled ones wait; withdrawn ones go")
  void publishAndRead() {
    TestAgency a = TestAgency.create(1);
    TestAgency b = TestAgency.create(1);
    String title = "平台升级 " + UUID.randomUUID();
    TestHttp.Response published = operator(HttpMethod.POST, "/api/v1/operator/announcements",
        new JsonObject().put("title", title).put("body", "今晚 23:00 升级").put("link", "https://example.com/news/1"));
    assertEquals(201, published.status(), published.toString());
    long id = published.json().getLong("id");
    long later = operator(HttpMethod.POST, "/api/v1/operator/announcements", new JsonObject().put("title", "明日发布 scheduled")
        .put("publishedAt", OffsetDateTime.now(ZoneOffset.ofHours(8)).plusDays(1).toString())).json().getLong("id");

    TestHttp.Response forDedicated = http.get("/api/v1/announcements?pageSize=100", a.token(Role.DEDICATED));
    assertEquals(200, forDedicated.status(), forDedicated.toString());
    assertTrue(ids(forDedicated).contains(id));
    assertFalse(ids(forDedicated).contains(later), "not before its publication time");
    JsonObject mine = forDedicated.json().getJsonArray("items").stream().map(o -> (JsonObject) o)
        .filter(o -> o.getLong("id") == id).findFirst().orElseThrow();
    assertEquals(title, mine.getString("title"));
    assertEquals("https://example.com/news/1", mine.getString("link"));
    assertTrue(ids(http.get("/api/v1/announcements?pageSize=100", b.token(Role.MAIN))).contains(id), "every agency");

    assertEquals(204, operator(HttpMethod.DELETE, "/api/v1/operator/announcements/" + id, null).status());
    assertFalse(ids(http.get("/api/v1/announcements?pageSize=100", a.token(Role.MAIN))).contains(id));
    assertEquals(404, operator(HttpMethod.DELETE, "/api/v1/operator/announcements/" + id, null).status());
    assertEquals(204, operator(HttpMethod.DELETE, "/api/v1/operator/announcements/" + later, null).status());
  }

  @Test
  @DisplayName("publishing needs the operator key; bad fields answer 400 naming them; agencies cannot publish")
  void guarded() {
    TestAgency a = TestAgency.create(1);
    JsonObject body = new JsonObject().put("title", "x");
    assertEquals(401, http.post("/api/v1/operator/announcements", null, body).status());
    assertEquals(401, http.post("/api/v1/operator/announcements", a.token(Role.MAIN), body).status());
    TestHttp.Response bad = operator(HttpMethod.POST, "/api/v1/operator/announcements",
        new JsonObject().put("title", " ").put("link", "javascript:alert(1)").put("publishedAt", "tomorrow"));
    assertEquals(400, bad.status(), bad.toString());
    assertEquals(List.of("title", "link", "publishedAt"),
        bad.json().getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("field")).toList());
    assertEquals(401, http.get("/api/v1/announcements", null).status());
  }
}
