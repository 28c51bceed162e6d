package io.beacon.live;

import io.beacon.Beacon;
import io.beacon.TestAgency;
import io.beacon.TestBeacon;
import io.beacon.TestHttp;
import io.beacon.auth.Role;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisShardedCluster;
import redis.embedded.core.RedisServerBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static io.beacon.Poll.eventually;
import static io.beacon.live.CountersTest.kinds;
import static io.beacon.live.PersistTest.daily;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Beacon on a real 3-master Redis Cluster (embedded-redis starts the nodes, meets them and assigns the
 * slots): ingest scripts, pipelined reads across nodes, pub/sub, streams and consumer groups all run
 * unchanged, checked through the public HTTP and WebSocket API and PostgreSQL.
 */
class RedisClusterTest {
  private static Path dir;
  private static RedisShardedCluster cluster;
  private static Beacon beacon;
  private static TestHttp http;

  @BeforeAll
  static void start() throws IOException {
    dir = Files.createTempDirectory("beacon-cluster");
    cluster = RedisShardedCluster.newRedisCluster()
        .withServerBuilder(new RedisServerBuilder().bind("127.0.0.1").setting("dir " + dir).setting("save \"\""))
        .ephemeralServers()
        .shard("a", 0).shard("b", 0).shard("c", 0)
        .build();
    cluster.start();
    String nodes = cluster.serverPorts().stream().map(p -> "redis://127.0.0.1:" + p).collect(Collectors.joining(","));
    Map<String, String> o = new HashMap<>();
    o.put("storage.pgUrl", TestBeacon.shared().platform().engines().pgUrl());
    o.put("storage.redisUrl", nodes);
    o.put("storage.redisCluster", "true");
    beacon = Beacon.start(TestBeacon.config(o));
    http = new TestHttp("http://localhost:" + beacon.port());
  }

  @AfterAll
  static void stop() throws IOException {
    if (beacon != null) beacon.close();
    if (cluster != null) cluster.stop();
    TestBeacon.deleteTree(dir);
  }

  @Test
  @DisplayName("the configuration refuses a cluster without node URLs, and several URLs without the cluster flag")
  void clusterConfiguration() {
    IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
        () -> TestBeacon.config(Map.of("storage.redisUrl", "", "storage.redisCluster", "true")));
    assertTrue(none.getMessage().contains("storage.redisCluster needs storage.redisUrl"), none.getMessage());
    IllegalArgumentException several = assertThrows(IllegalArgumentException.class,
        () -> TestBeacon.config(Map.of("storage.redisUrl", "redis://10.0.0.1:7000,redis://10.0.0.2:7000")));
    assertTrue(several.getMessage().contains("set storage.redisCluster to true"), several.getMessage());
  }

  @Test
  @DisplayName("on a 3-master cluster: concurrent overlapping batches over many partitions count once; totals, alerts, sockets and PostgreSQL agree")
  void ingestOnCluster() throws Exception {
    LiveFixture f = new LiveFixture(new LiveFixture(24), http);
    List<Long> clients = f.agency.clients;
    for (long c : clients) f.fund(c, 100_000_000, 0, 0);
    long exhausted = clients.get(0);
    TestBeacon.shared().platform().pg().preparedQuery("UPDATE clients SET daily_budget_fen = 1000 WHERE id = $1")
        .execute(Tuple.of(exhausted)).await();

    Map<Long, JsonObject> lastCounters = new ConcurrentHashMap<>();
    List<JsonObject> alerts = Collections.synchronizedList(new ArrayList<>());
    CompletableFuture<JsonObject> subscribed = new CompletableFuture<>();
    WebSocketClient wsClient = TestHttp.vertx().createWebSocketClient();
    WebSocket ws = wsClient.connect(new WebSocketConnectOptions().setHost("localhost").setPort(beacon.port())
            .setURI("/ws?access_token=" + f.agency.token(Role.MAIN)))
        .map(socket -> socket.textMessageHandler(text -> {
          JsonObject m = new JsonObject(text);
          if ("snapshot".equals(m.getString("type"))) subscribed.complete(m);
          if ("counters".equals(m.getString("type"))) {   // one client's, or several due at once as items
            JsonArray items = m.getJsonArray("items", new JsonArray().add(m));
            for (int i = 0; i < items.size(); i++) {
              lastCounters.put(items.getJsonObject(i).getLong("clientId"), items.getJsonObject(i).getJsonObject("counters"));
            }
          }
          if ("alert".equals(m.getString("type"))) alerts.add(m);
        })).await();
    ws.writeTextMessage(new JsonObject().put("op", "subscribe").put("topics", new JsonArray().add("clients").add("alerts"))
        .putNull("since").encode()).await();
    subscribed.get(15, TimeUnit.SECONDS);   // the subscription is in place before the events go in

    List<JsonObject> events = new ArrayList<>();
    Map<Long, Long> expected = new HashMap<>();
    for (int i = 0; i < 1200; i++) {
      long client = clients.get(i % clients.size());
      long cost = 1 + i % 89;
      events.add(LiveFixture.event(client, cost));
      expected.merge(client, cost, Long::sum);
    }
    // Four batches of a random 60 % each and one of all, every batch sent twice at once: each event 2–10 times.
    int[] counted = f.ingestConcurrently(LiveFixture.overlappingBatches(events, 11), 2);
    assertEquals(1200, counted[0], "each event accepted once across all batches and retries");
    assertEquals(2 * (4 * 720 + 1200) - 1200, counted[1]);

    long total = 0;
    for (long c : clients) {
      assertEquals(expected.get(c), f.live(c).getLong("spendFen"), "client " + c);
      total += expected.get(c);
    }
    JsonObject totals = http.get("/api/v1/live/totals", f.agency.token(Role.MAIN)).json();
    assertEquals(total, totals.getLong("spendFen"));
    assertEquals(clients.size(), totals.getLong("clientsWithSpend"));

    assertTrue(kinds(f.live(exhausted)).contains("budget-exhausted"));
    assertEquals(1, http.get("/api/v1/alerts?status=open&kind=budget-exhausted&clientId=" + exhausted, f.agency.token(Role.MAIN))
        .json().getJsonArray("items").size());

    // Every client's final counters reach the socket, whichever node holds its partition: concurrent
    // requests publish in the order their replies came back, and the hub drops a reading older than one sent.
    for (long c : clients) {
      eventually(() -> lastCounters.containsKey(c) && lastCounters.get(c).getLong("spendFen") == expected.get(c).longValue());
    }
    eventually(() -> alerts.stream().anyMatch(a -> a.getLong("clientId", 0L) == exhausted
        && "budget-exhausted".equals(a.getJsonObject("alert").getString("kind"))));
    ws.close().await();
    wsClient.close().await();

    for (long c : clients) eventually(() -> daily(f.agency.id, c, "billing")[0] == expected.get(c));

    // the keys really are spread: every master holds some of them
    for (int port : cluster.serverPorts()) {
      Redis node = Redis.createClient(TestHttp.vertx(), "redis://127.0.0.1:" + port);
      try {
        assertTrue(node.send(Request.cmd(Command.DBSIZE)).await().toLong() > 0, "node " + port + " holds keys");
      } finally {
        node.close().await();
      }
    }
  }

  @Test
  @DisplayName("QR login on the cluster: the desktop waiting on its event stream gets its tokens when the phone confirms")
  void qrLoginOnCluster() throws Exception {
    TestAgency agency = TestAgency.create(1);
    TestHttp.Response ticket = http.post("/api/v1/auth/qr-tickets", null, null);
    assertEquals(201, ticket.status(), ticket.toString());
    StringBuffer stream = new StringBuffer();
    HttpClient client = TestHttp.vertx().createHttpClient();
    try {
      client.request(HttpMethod.GET, beacon.port(), "localhost", ticket.json().getString("eventsUrl"))
          .compose(HttpClientRequest::send)
          .onSuccess(response -> response.handler(stream::append)).await();
      eventually(() -> stream.indexOf("event: waiting") >= 0);
      TestHttp.Response confirm = http.post("/api/v1/auth/qr-tickets/" + ticket.json().getString("id") + "/confirm",
          agency.token(Role.EMPLOYEE), new JsonObject());
      assertEquals(200, confirm.status(), confirm.toString());
      eventually(() -> stream.indexOf("event: tokens") >= 0 && stream.indexOf("accessToken") >= 0);
    } finally {
      client.close().await();
    }
  }
}
