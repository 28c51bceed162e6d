package io.beacon.live.push;

import io.beacon.TestAgency;
import io.beacon.TestHttp;
import io.beacon.auth.Role;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The alert life cycle on the dashboards: every step goes out as it happens, to those who see the client. */
class AlertPushTest {
  private final TestHttp http = TestHttp.shared();

  private long exhaustedAlert(TestAgency agency, String key, long clientId) {
    JsonArray events = new JsonArray().add(new JsonObject().put("eventId", UUID.randomUUID().toString()).put("clientId", clientId)
        .put("billedAt", Instant.now().toString()).put("mode", "search").put("impressions", 100).put("clicks", 2)
        .put("costFen", 500).put("conversions", 0).put("brand", false));
    TestHttp.Response r = http.send(HttpMethod.POST, "/api/v1/ingest/events", null, events,
        MultiMap.caseInsensitiveMultiMap().add("X-Beacon-Ingest-Key", key));
    assertEquals(200, r.status(), r.toString());
    return http.get("/api/v1/alerts?kind=balance-exhausted&clientId=" + clientId, agency.token(Role.MAIN)).json()
        .getJsonArray("items").getJsonObject(0).getLong("id");
  }

  @Test
  @DisplayName("acknowledging and snoozing an alert reach the dashboards as alert-updated with the new state; not a dedicated employee's who does not see the client")
  void alertUpdated() {
    TestAgency agency = TestAgency.create(3);
    String key = http.post("/api/v1/ingest-keys", agency.token(Role.MAIN), new JsonObject().put("name", "push")).json().getString("key");
    long assigned = exhaustedAlert(agency, key, agency.clients.get(0));      // no funds: the balance is exhausted
    long unassigned = exhaustedAlert(agency, key, agency.unassignedClient());
    try (LiveSocket dedicated = LiveSocket.open(agency.token(Role.DEDICATED))) {
      dedicated.subscribe(null, "alerts");
      dedicated.next("snapshot");
      assertEquals(200, http.post("/api/v1/alerts/" + unassigned + "/ack", agency.token(Role.MAIN), new JsonObject()).status());
      assertEquals(200, http.post("/api/v1/alerts/" + assigned + "/ack", agency.token(Role.MAIN),
          new JsonObject().put("reason", "on it")).status());
      JsonObject acked = dedicated.next("alert-updated");
      assertEquals(assigned, acked.getJsonObject("alert").getLong("id"));
      assertEquals("acknowledged", acked.getJsonObject("alert").getString("state"));
      assertTrue(acked.containsKey("seq"), "durable: " + acked);
      assertEquals(200, http.post("/api/v1/alerts/" + assigned + "/snooze", agency.token(Role.MAIN),
          new JsonObject().put("minutes", 10).put("reason", "waiting for the transfer")).status());
      JsonObject snoozed = dedicated.next("alert-updated");
      assertEquals("snoozed", snoozed.getJsonObject("alert").getString("state"));
      assertEquals("waiting for the transfer", snoozed.getJsonObject("alert").getString("snoozeReason"));
      assertTrue(dedicated.collect(Duration.ofMillis(500)).stream().noneMatch(m -> m.encode().contains("\"id\":" + unassigned)));
    }
  }
}
