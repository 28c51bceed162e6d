package io.beacon.live.push;

import io.beacon.TestAgency;
import io.beacon.TestBeacon;
import io.beacon.TestHttp;
import io.beacon.auth.Role;
import io.beacon.live.LiveBus;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
class WebSocketPushTest {
  private final LiveBus bus = new LiveBus(TestBeacon.shared().platform().redis());

  static JsonObject counters(long clientId, long spendFen) {
    return new JsonObject().put("type", "counters").put("at", Instant.now().toString()).put("clientId", clientId)
        .put("counters", new JsonObject().put("spendFen", spendFen).put("impressions", spendFen * 10)
            .put("spendByMode", new JsonObject().put("smart", spendFen)).put("budgetUsedPct", 12.5).put("day", "2026-11-26"));
  }

  static JsonObject alert(Long clientId, String kind) {
    JsonObject a = new JsonObject().put("type", "alert").put("at", Instant.now().toString()).put("kind", kind)
        .put("severity", "warning");
    if (clientId != null) a.put("clientId", clientId);
    return a;
  }

  @Test
  @DisplayName("a dashboard gets a snapshot, then counter and totals deltas after a LiveBus publish")
  void snapshotThenDelta() {
    TestAgency agency = TestAgency.create(3);
    long client = agency.clients.get(0);
    try (LiveSocket socket = LiveSocket.open(agency.token(Role.MAIN))) {
      socket.subscribe(null, "agency", "clients", "alerts");
      JsonObject snapshot = socket.next("snapshot");
      assertEquals("agency", snapshot.getString("scope"));
      assertFalse(snapshot.getBoolean("recovered"));
      assertNotNull(snapshot.getJsonArray("clients"));

      bus.publish(agency.id, counters(client, 1234)).await();
      JsonObject delta = socket.next("counters");
      assertEquals(client, delta.getLong("clientId"));
      assertEquals(1234, delta.getJsonObject("counters").getLong("spendFen"));
      JsonObject totals = socket.next(m -> "totals".equals(m.getString("type"))
          && m.getJsonObject("totals").getLong("spendFen", 0L) == 1234, "totals with the new spend").getJsonObject("totals");
      assertEquals(1234, totals.getJsonObject("spendByMode").getLong("smart"));
      assertEquals(1, totals.getInteger("clientsWithSpend"));
      assertFalse(totals.containsKey("budgetUsedPct"));

      String seq = bus.publishDurable(agency.id, alert(client, "budget-exhausted")).await();
      JsonObject alert = socket.next("alert");
      assertEquals(seq, alert.getString("seq"));
      assertEquals("budget-exhausted", alert.getString("kind"));
    }
  }

  @Test
  @DisplayName("a dedicated employee never receives an unassigned client's counters, totals or alerts")
  void dedicatedSeesOnlyAssigned() {
    TestAgency agency = TestAgency.create(4);
    long assigned = agency.clients.get(0);
    long unassigned = agency.unassignedClient();
    try (LiveSocket dedicated = LiveSocket.open(agency.token(Role.DEDICATED));
         LiveSocket main = LiveSocket.open(agency.token(Role.MAIN))) {
      dedicated.subscribe(null, "agency", "clients", "alerts", "notices");
      main.subscribe(null, "agency", "clients", "alerts");
      assertEquals("assigned", dedicated.next("snapshot").getString("scope"));
      main.next("snapshot");

      bus.publish(agency.id, counters(unassigned, 5000)).await();
      bus.publish(agency.id, counters(assigned, 100)).await();
      bus.publishDurable(agency.id, alert(unassigned, "low-balance")).await();
      bus.publishDurable(agency.id, alert(null, "agency-wallet-low")).await();
      bus.publishDurable(agency.id, alert(assigned, "budget-exhausted")).await();

      main.next(m -> "totals".equals(m.getString("type")) && m.getJsonObject("totals").getLong("spendFen", 0L) == 5100,
          "agency totals of both clients");
      List<JsonObject> seen = dedicated.collect(Duration.ofMillis(1000));
      assertEquals(1, seen.stream().filter(m -> "alert".equals(m.getString("type"))).count(), "only its own client's alert: " + seen);
      for (JsonObject m : seen) {
        assertFalse(m.encode().contains("\"clientId\":" + unassigned), "leaked: " + m);
        if ("totals".equals(m.getString("type"))) assertEquals(100, m.getJsonObject("totals").getLong("spendFen"));
        if ("alert".equals(m.getString("type"))) assertEquals(assigned, m.getLong("clientId"));
      }
      assertTrue(seen.stream().anyMatch(m -> "counters".equals(m.getString("type"))), "its own client's counters arrive");
    }
  }

  @Test
  @DisplayName("counters of several clients due at once share one frame per view; a dedicated employee's frame holds only its clients")
  void countersDueTogetherShareAFrame() {
    TestAgency agency = TestAgency.create(4);
    long assigned = agency.clients.get(0);
    long unassigned = agency.unassignedClient();
    try (LiveSocket dedicated = LiveSocket.open(agency.token(Role.DEDICATED));
         LiveSocket main = LiveSocket.open(agency.token(Role.MAIN))) {
      dedicated.subscribe(null, "clients");
      main.subscribe(null, "clients");
      dedicated.next("snapshot");
      main.next("snapshot");

      // one pipelined batch on one connection, so they reach the hub as one burst of pub/sub messages
      // (separate publishes may travel on separate pooled connections and arrive one read apart)
      TestBeacon.shared().platform().redisClient().batch(agency.clients.stream()
          .map(c -> Request.cmd(Command.PUBLISH).arg(LiveBus.channel(agency.id)).arg(counters(c, 7000 + c).encode())).toList()).await();
      Set<Long> mainSaw = new HashSet<>();
      for (JsonObject m : main.collect(Duration.ofMillis(1000))) {
        if ("counters".equals(m.getString("type")) && m.getJsonObject("counters").getLong("spendFen") == 7000 + m.getLong("clientId")) {
          mainSaw.add(m.getLong("clientId"));
        }
      }
      assertEquals(Set.copyOf(agency.clients), mainSaw, "every client's counters reach the whole-agency view");
      assertTrue(main.batchedFrames() >= 1, "clients due together share a frame");
      List<JsonObject> seen = dedicated.collect(Duration.ofMillis(500));
      for (JsonObject m : seen) assertNotEquals(unassigned, m.getLong("clientId", 0L), "leaked: " + m);
      assertTrue(seen.stream().anyMatch(m -> m.getLong("clientId", 0L) == assigned), "its own client's counters arrive: " + seen);
    }
  }

  @Test
  @DisplayName("many counter publishes for one client arrive coalesced (at most ~4 per second), ending with the latest")
  void coalescing() {
    TestAgency agency = TestAgency.create(2);
    long client = agency.clients.get(0);
    try (LiveSocket socket = LiveSocket.open(agency.token(Role.EMPLOYEE))) {
      socket.subscribe(null, "clients");
      socket.next("snapshot");
      long start = System.nanoTime();
      for (int i = 1; i <= 200; i++) bus.publish(agency.id, counters(client, i)).await();
      long publishMillis = (System.nanoTime() - start) / 1_000_000;
      List<JsonObject> got = socket.collect(Duration.ofMillis(1200)).stream()
          .filter(m -> "counters".equals(m.getString("type"))).toList();
      long allowed = (publishMillis + 1200) / 250 + 2;
      assertTrue(got.size() >= 1 && got.size() <= allowed, got.size() + " counter messages in " + (publishMillis + 1200) + " ms");
      assertEquals(200, got.get(got.size() - 1).getJsonObject("counters").getLong("spendFen"));
    }
  }

  @Test
  @DisplayName("a dashboard dropped before the agency's first alert resumes from the snapshot's seq and misses nothing")
  void resumeBeforeFirstMessage() {
    TestAgency agency = TestAgency.create(1);
    String token = agency.token(Role.ADMIN);
    String start;
    try (LiveSocket socket = LiveSocket.open(token)) {
      socket.subscribe(null, "alerts");
      start = socket.next("snapshot").getString("seq");
    }
    assertEquals("0-0", start, "an empty stream still gives a resume point");
    String first = bus.publishDurable(agency.id, alert(agency.clients.get(0), "surge")).await();
    try (LiveSocket socket = LiveSocket.open(token)) {
      socket.subscribe(start, "alerts");
      assertTrue(socket.next("snapshot").getBoolean("recovered"));
      assertEquals(first, socket.next("alert").getString("seq"));
    }
  }

  @Test
  @DisplayName("a reconnecting dashboard resumes with since and gets exactly the missed alerts; too old a seq gets resync")
  void resumeWithSince() {
    TestAgency agency = TestAgency.create(2);
    long client = agency.clients.get(0);
    String token = agency.token(Role.ADMIN);
    String first;
    try (LiveSocket socket = LiveSocket.open(token)) {
      socket.subscribe(null, "alerts", "notices");
      socket.next("snapshot");
      bus.publishDurable(agency.id, alert(client, "surge")).await();
      first = socket.next("alert").getString("seq");
    }
    String second = bus.publishDurable(agency.id, alert(client, "drop")).await();
    String third = bus.publishDurable(agency.id, new JsonObject().put("type", "notice").put("at", Instant.now().toString())
        .put("title", "Budget raised")).await();
    try (LiveSocket socket = LiveSocket.open(token)) {
      socket.subscribe(first, "alerts", "notices");
      JsonObject snapshot = socket.next("snapshot");
      assertTrue(snapshot.getBoolean("recovered"));
      assertEquals(first, snapshot.getString("seq"));
      assertEquals(second, socket.next("alert").getString("seq"));
      assertEquals(third, socket.next("notice").getString("seq"));
      assertTrue(socket.collect(Duration.ofMillis(300)).stream().noneMatch(m -> m.containsKey("seq") && !"snapshot".equals(m.getString("type"))));
    }
    try (LiveSocket socket = LiveSocket.open(token)) {
      socket.subscribe("1-0", "alerts");
      JsonObject resync = socket.next("resync");
      assertEquals("history", resync.getString("reason"));
      JsonObject snapshot = socket.next("snapshot");
      assertFalse(snapshot.getBoolean("recovered"));
      assertEquals(third, snapshot.getString("seq"));
    }
  }

  @Test
  @DisplayName("logging out closes the session's sockets with 4501; a bad token is refused with 4500")
  void revocationClosesSocket() {
    TestAgency agency = TestAgency.create(1);
    String token = agency.login(agency.accounts.get(Role.EMPLOYEE)).getString("accessToken");
    try (LiveSocket socket = LiveSocket.open(null)) {
      socket.send(new JsonObject().put("op", "auth").put("token", token)).subscribe(null, "notices");
      socket.next("snapshot");
      assertEquals(204, TestHttp.shared().post("/api/v1/auth/logout", token, null).status());
      assertEquals("revoked", socket.next("error").getString("code"));
      assertEquals((short) 4501, socket.closeCode());
    }
    try (LiveSocket socket = LiveSocket.open("not-a-token")) {
      assertEquals("unauthorized", socket.next("error").getString("code"));
      assertEquals((short) 4500, socket.closeCode());
    }
  }

  @Test
  @DisplayName("another agency's messages never reach a socket; forbidden and unknown topics answer error messages")
  void crossAgencyIsolation() {
    TestAgency mine = TestAgency.create(1);
    TestAgency other = TestAgency.create(1);
    try (LiveSocket socket = LiveSocket.open(mine.token(Role.MAIN))) {
      socket.subscribe(null, "agency", "clients", "alerts", "notices", "bogus");
      assertEquals("unknown-topic", socket.next("error").getString("code"));
      socket.next("snapshot");
      bus.publish(other.id, counters(other.clients.get(0), 99)).await();
      bus.publishDurable(other.id, alert(other.clients.get(0), "surge")).await();
      bus.publishDurable(mine.id, alert(mine.clients.get(0), "drop")).await();
      JsonObject mineAlert = socket.next("alert");
      assertEquals(mine.clients.get(0), mineAlert.getLong("clientId"));
      for (JsonObject m : socket.collect(Duration.ofMillis(500))) {
        assertFalse(m.encode().contains("\"clientId\":" + other.clients.get(0)), "leaked: " + m);
      }
    }
  }

  @Test
  @DisplayName("assigning a client to a dedicated employee refreshes their open socket: a new snapshot, then that client's alerts")
  void assignmentsChanged() {
    TestAgency agency = TestAgency.create(3);
    long unassigned = agency.unassignedClient();
    long staffId = agency.staffIds.get(Role.DEDICATED);
    try (LiveSocket dedicated = LiveSocket.open(agency.token(Role.DEDICATED))) {
      dedicated.subscribe(null, "clients", "alerts");
      dedicated.next("snapshot");
      bus.publish(agency.id, counters(unassigned, 10)).await();
      // what accounts does on POST /api/v1/staff/{id}/clients: the row, then the announcement on the bus
      TestAgency.one(TestBeacon.shared().platform().pg(),
          "INSERT INTO staff_clients (agency_id, staff_id, client_id) VALUES ($1, $2, $3) RETURNING client_id",
          io.vertx.sqlclient.Tuple.of(agency.id, staffId, unassigned));
      bus.publish(agency.id, new JsonObject().put("type", "assignments-changed").put("staffId", staffId)
          .put("at", Instant.now().toString())).await();
      JsonObject snapshot = dedicated.next("snapshot");
      assertTrue(snapshot.getJsonArray("clients").stream().map(JsonObject.class::cast)
          .anyMatch(c -> c.getLong("clientId") == unassigned && c.getJsonObject("counters").getLong("spendFen") == 10), snapshot.encode());
      bus.publishDurable(agency.id, alert(unassigned, "surge")).await();
      assertEquals(unassigned, dedicated.next("alert").getLong("clientId"));
    }
  }
}
