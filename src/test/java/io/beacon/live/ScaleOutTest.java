package io.beacon.live;

import io.beacon.Beacon;
import io.beacon.TestBeacon;
import io.beacon.TestHttp;
import io.beacon.auth.Role;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Counters stay exact under concurrent, overlapping batches; an event ingested on one instance reaches sockets on another. */
class ScaleOutTest {

  @Test
  @DisplayName("concurrent overlapping batches, each sent twice, count every event exactly once")
  void concurrentBatchesWithDuplicates() throws Exception {
    LiveFixture f = new LiveFixture(2);
    long a = f.agency.clients.get(0);
    long b = f.agency.clients.get(1);
    f.fund(a, 100_000_000, 0, 0).fund(b, 100_000_000, 0, 0);
    List<JsonObject> events = new ArrayList<>();
    long[] expected = new long[2];
    for (int i = 0; i < 400; i++) {
      long cost = 1 + i % 97;
      events.add(LiveFixture.event(i % 2 == 0 ? a : b, cost));
      expected[i % 2] += cost;
    }
    // Four batches, each a random 60 % of the events, and one with all: every event is in one to five of them.
    int[] counted = f.ingestConcurrently(LiveFixture.overlappingBatches(events, 7), 2);
    assertEquals(400, counted[0], "each event accepted once across all batches and retries");
    assertEquals(expected[0], f.live(a).getLong("spendFen"));
    assertEquals(expected[1], f.live(b).getLong("spendFen"));
  }

  @Test
  @DisplayName("an event ingested on instance A reaches a dashboard connected to instance B")
  void ingestOnOneInstanceReachesSocketsOnAnother() throws Exception {
    LiveFixture f = new LiveFixture(1);
    long client = f.agency.clients.get(0);
    f.fund(client, 10_000_000, 0, 0);
    try (Beacon b = TestBeacon.another(Map.of())) {
      CompletableFuture<JsonObject> seen = new CompletableFuture<>();
      CompletableFuture<JsonObject> subscribed = new CompletableFuture<>();
      WebSocket ws = TestHttp.vertx().createWebSocketClient()
          .connect(new WebSocketConnectOptions().setHost("localhost").setPort(b.port())
              .setURI("/ws?access_token=" + f.agency.token(Role.MAIN)))
          .map(socket -> socket.textMessageHandler(text -> {
            JsonObject m = new JsonObject(text);
            if ("snapshot".equals(m.getString("type"))) subscribed.complete(m);
            JsonObject counters = m.getJsonObject("counters");
            if ("counters".equals(m.getString("type")) && m.getLong("clientId", 0L) == client
                && counters != null && counters.getLong("spendFen", 0L) == 4321L) {
              seen.complete(m);
            }
          })).await();
      ws.writeTextMessage(new JsonObject().put("op", "subscribe").put("topics", new JsonArray().add("clients")).putNull("since").encode()).await();
      subscribed.get(15, TimeUnit.SECONDS);   // the subscription is in place before the event goes in
      assertEquals(1, f.ingest(new JsonArray().add(LiveFixture.event(client, 4321))).json().getInteger("accepted"));
      assertEquals(client, seen.get(15, TimeUnit.SECONDS).getLong("clientId"));
      ws.close().await();
    }
  }
}
