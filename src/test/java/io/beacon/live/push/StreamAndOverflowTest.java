package io.beacon.live.push;

import io.beacon.Beacon;
import io.beacon.SseStream;
import io.beacon.TestAgency;
import io.beacon.TestBeacon;
import io.beacon.TestHttp;
import io.beacon.auth.Role;
import io.beacon.live.LiveBus;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.beacon.live.push.WebSocketPushTest.alert;
import static io.beacon.live.push.WebSocketPushTest.counters;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
class StreamAndOverflowTest {
  private final LiveBus bus = new LiveBus(TestBeacon.shared().platform().redis());

  @Test
  @DisplayName("SSE sends the same messages with the seq as event id, and Last-Event-ID resumes after it")
  void sseWithLastEventId() {
    TestAgency agency = TestAgency.create(2);
    long client = agency.clients.get(0);
    String token = agency.token(Role.MAIN);
    String first = bus.publishDurable(agency.id, alert(client, "surge")).await();
    String second = bus.publishDurable(agency.id, alert(client, "drop")).await();
    try (SseStream sse = SseStream.live(token, "?topics=alerts,clients", first)) {
      assertEquals(200, sse.status());
      assertTrue(sse.contentType().startsWith("text/event-stream"));
      JsonObject snapshot = sse.next("snapshot");
      assertTrue(snapshot.getBoolean("recovered"));
      JsonObject missed = sse.next("alert");
      assertEquals(second, missed.getString("seq"));
      assertEquals(second, missed.getString("_id"));
      bus.publish(agency.id, counters(client, 77)).await();
      assertEquals(77, sse.next("counters").getJsonObject("counters").getLong("spendFen"));
      String third = bus.publishDurable(agency.id, alert(client, "stall")).await();
      assertEquals(third, sse.next("alert").getString("_id"));
    }
    TestHttp http = TestHttp.shared();
    assertEquals(400, http.get("/api/v1/stream?topics=bogus", token).status());
    assertEquals(401, http.get("/api/v1/stream", null).status());
  }

  @Test
  @DisplayName("a slow consumer over its queue bound is told to resync and still receives every alert; others are unaffected")
  void alertsSurviveOverflow() throws InterruptedException {
    TestAgency agency = TestAgency.create(1);
    long client = agency.clients.get(0);
    String token = agency.token(Role.MAIN);
    try (Beacon small = TestBeacon.another(Map.of("push.queueLimit", "8"))) {
      // A fixed small receive buffer: loopback autotuning may grow it to 32 MB (tcp_rmem), which would hold
      // every message below and the server would never see the socket's queue fill.
      try (LiveSocket slow = LiveSocket.open(small.port(), token, new WebSocketClientOptions().setReceiveBufferSize(16 * 1024));
           LiveSocket fast = LiveSocket.open(small.port(), token)) {
        slow.subscribe(null, "alerts", "notices");
        fast.subscribe(null, "alerts", "notices");
        slow.next("snapshot");
        fast.next("snapshot");
        slow.ws.pause();
        String padding = "x".repeat(64 * 1024);
        List<String> alerts = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
          bus.publishDurable(agency.id, new JsonObject().put("type", "notice").put("at", Instant.now().toString())
              .put("title", "bulk " + i).put("body", padding)).await();
          if (i % 10 == 9) alerts.add(bus.publishDurable(agency.id, alert(client, "surge")).await());
        }
        Set<String> fastAlerts = new HashSet<>();
        while (fastAlerts.size() < alerts.size()) fastAlerts.add(fast.next("alert").getString("seq"));
        Thread.sleep(500);   // the slow socket's buffers are full and its backlog overflowed by now
        slow.ws.resume();
        Set<String> slowAlerts = new HashSet<>();
        Set<String> resyncReasons = new HashSet<>();
        while (!slowAlerts.containsAll(alerts)) {
          JsonObject m = slow.next(x -> Set.of("alert", "resync").contains(x.getString("type")), "an alert or resync");
          if ("alert".equals(m.getString("type"))) slowAlerts.add(m.getString("seq"));
          else resyncReasons.add(m.getString("reason"));
        }
        assertEquals(Set.of("slow-consumer"), resyncReasons);
        assertEquals(new HashSet<>(alerts), fastAlerts);
      }
    }
  }
}
