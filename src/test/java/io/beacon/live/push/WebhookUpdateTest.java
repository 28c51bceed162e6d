package io.beacon.live.push;

import io.beacon.TestAgency;
import io.beacon.TestHttp;
import io.beacon.auth.Role;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Replacing a webhook's subscription, as the caller sees it (TestHttp holds each answer to the contract). */
class WebhookUpdateTest {
  private final TestHttp http = TestHttp.shared();

  @Test
  @DisplayName("a webhook is replaced in place, keeps its secret unless a new one is sent, and is another agency's 404")
  void replace() {
    TestAgency a = TestAgency.create(1);
    JsonObject spec = new JsonObject().put("name", "ops").put("url", "http://127.0.0.1:9/hook").put("topics", new JsonArray().add("alerts"));
    TestHttp.Response created = http.post("/api/v1/webhooks", a.token(Role.MAIN), spec);
    assertEquals(201, created.status(), created.toString());
    long id = created.json().getLong("id");

    TestHttp.Response updated = http.put("/api/v1/webhooks/" + id, a.token(Role.MAIN),
        spec.copy().put("name", "ops and notices").put("topics", new JsonArray().add("alerts").add("notices")).put("enabled", false));
    assertEquals(200, updated.status(), updated.toString());
    assertEquals("ops and notices", updated.json().getString("name"));
    assertEquals(new JsonArray().add("alerts").add("notices"), updated.json().getJsonArray("topics"));
    assertFalse(updated.json().getBoolean("enabled"));
    assertEquals(created.json().getString("secretHint"), updated.json().getString("secretHint"));
    assertFalse(updated.json().containsKey("secret"));
    assertEquals(404, http.put("/api/v1/webhooks/" + id, TestAgency.create(1).token(Role.MAIN), spec).status());
  }
}
