package io.beacon.live.push;

import io.beacon.TestAgency;
import io.beacon.TestBeacon;
import io.beacon.TestHttp;
import io.beacon.auth.Role;
import io.beacon.live.LiveBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.beacon.live.push.WebSocketPushTest.alert;
import static io.beacon.live.push.WebSocketPushTest.counters;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sockets of read-only wall-board links: the link's scope, read topics only, closed on revocation and expiry. */
class BoardSocketTest {
  private final TestHttp http = TestHttp.shared();
  private final LiveBus bus = new LiveBus(TestBeacon.shared().platform().redis());

  private JsonObject link(TestAgency agency, JsonObject body) {
    TestHttp.Response r = http.post("/api/v1/wallboard-links", agency.token(Role.ADMIN), body.put("name", "TV"));
    assertEquals(201, r.status(), r::toString);
    return r.json();
  }

  private static LiveSocket board(String token) {
    return LiveSocket.open(null).send(new JsonObject().put("op", "board").put("token", token));
  }

  @Test
  @DisplayName("a client-scoped board gets that client's counters and alerts only, may not subscribe to notices, and closes with 4501 within seconds of the revocation")
  void scopedThenRevoked() {
    TestAgency agency = TestAgency.create(3);
    long shown = agency.clients.get(1);
    long hidden = agency.clients.get(2);
    JsonObject link = link(agency, new JsonObject().put("scope", new JsonObject().put("kind", "client").put("clientId", shown)));
    try (LiveSocket socket = board(link.getString("token"))) {
      socket.subscribe(null, "agency", "clients", "alerts", "notices");
      JsonObject refused = socket.next("error");
      assertEquals("forbidden-topic", refused.getString("code"));
      JsonObject snapshot = socket.next("snapshot");
      assertEquals(new JsonArray(List.of("agency", "clients", "alerts")), snapshot.getJsonArray("topics"));
      assertEquals("client", snapshot.getString("scope"));
      assertTrue(snapshot.getJsonArray("clients").stream().allMatch(c -> ((JsonObject) c).getLong("clientId") == shown), snapshot::encode);

      bus.publish(agency.id, counters(hidden, 9_000)).await();
      bus.publishDurable(agency.id, alert(hidden, "low-balance")).await();
      bus.publishDurable(agency.id, alert(null, "agency-wallet-low")).await();
      bus.publishDurable(agency.id, new JsonObject().put("type", "notice").put("at", Instant.now().toString()).put("clientId", shown)
          .put("staffId", agency.staffIds.get(Role.MAIN)).put("notice", new JsonObject().put("kind", "alert"))).await();
      bus.publish(agency.id, counters(shown, 300)).await();
      bus.publishDurable(agency.id, alert(shown, "budget-exhausted")).await();
      List<JsonObject> got = socket.collect(Duration.ofMillis(1500));
      List<JsonObject> counters = got.stream().filter(m -> "counters".equals(m.getString("type"))).toList();
      assertTrue(!counters.isEmpty() && counters.stream().allMatch(m -> m.getLong("clientId") == shown), got::toString);
      assertTrue(got.stream().anyMatch(m -> "totals".equals(m.getString("type")) && m.getJsonObject("totals").getLong("spendFen", 0L) == 300),
          () -> "totals of the shown client alone: " + got);
      List<JsonObject> alerts = got.stream().filter(m -> "alert".equals(m.getString("type"))).toList();
      assertEquals(1, alerts.size(), got::toString);
      assertEquals("budget-exhausted", alerts.get(0).getString("kind"));
      assertTrue(got.stream().noneMatch(m -> "notice".equals(m.getString("type"))), got::toString);

      assertEquals(200, http.delete("/api/v1/wallboard-links/" + link.getLong("id"), agency.token(Role.MAIN)).status());
      long revokedAt = System.nanoTime();
      assertEquals("revoked", socket.next("error").getString("code"));
      assertEquals((short) 4501, socket.closeCode());
      long tookMillis = Duration.ofNanos(System.nanoTime() - revokedAt).toMillis();
      assertTrue(tookMillis < 5_000, "closed " + tookMillis + " ms after the revocation");
    }
    try (LiveSocket again = board(link.getString("token"))) {
      assertEquals((short) 4501, again.closeCode(), "a revoked link cannot open a socket");
    }
  }

  @Test
  @DisplayName("a board closes with 4502 within seconds of its link's expiry; an unknown token closes with 4500")
  void expiresAndUnknown() {
    TestAgency agency = TestAgency.create(1);
    Instant expires = Instant.now().plusSeconds(3);
    JsonObject link = link(agency, new JsonObject().put("expiresAt", expires.toString()));
    try (LiveSocket socket = board(link.getString("token"))) {
      socket.subscribe(null, "agency", "clients", "alerts");
      assertEquals("agency", socket.next("snapshot").getString("scope"));
      assertEquals("expired", socket.next("error").getString("code"));
      assertEquals((short) 4502, socket.closeCode());
      long lateMillis = Duration.between(expires, Instant.now()).toMillis();
      assertTrue(lateMillis >= 0 && lateMillis < 5_000, "closed " + lateMillis + " ms after the expiry");
    }
    try (LiveSocket unknown = board("not-a-real-token-000000000000000000000000000")) {
      assertEquals((short) 4500, unknown.closeCode());
    }
  }

  @Test
  @DisplayName("disabling the link's creator closes its boards (a link never outlives its creator's access)")
  void creatorDisabled() {
    TestAgency agency = TestAgency.create(1);
    JsonObject link = link(agency, new JsonObject());
    try (LiveSocket socket = board(link.getString("token"))) {
      socket.subscribe(null, "alerts");
      socket.next("snapshot");
      assertEquals(200, http.post("/api/v1/staff/" + agency.staffIds.get(Role.ADMIN) + "/disable", agency.token(Role.MAIN), null).status());
      assertEquals((short) 4501, socket.closeCode());
    }
    assertEquals(410, http.get("/api/v1/board/" + link.getString("token"), null).status());
  }
}
