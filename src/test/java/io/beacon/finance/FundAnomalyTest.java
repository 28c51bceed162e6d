package io.beacon.finance;

import io.beacon.TestAgency;
import io.beacon.TestBeacon;
import io.beacon.TestHttp;
import io.beacon.auth.Role;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class FundAnomalyTest {
  private final TestHttp http = TestHttp.shared();

  /** A dashboard's WebSocket subscribed to alerts: what it receives, in order. */
  private static final class Dashboard implements AutoCloseable {
    final WebSocketClient client = TestHttp.vertx().createWebSocketClient();
    final BlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();
    final WebSocket ws;

    Dashboard(String token) {
      ws = client.connect(new WebSocketConnectOptions().setHost("localhost").setPort(TestBeacon.shared().port())
          .setURI("/ws?access_token=" + token)).map(w -> {
            w.textMessageHandler(t -> received.add(new JsonObject(t)));
            return w;
          }).await();
      ws.writeTextMessage(new JsonObject().put("op", "subscribe").put("topics", new JsonArray(List.of("alerts"))).encode()).await();
    }

    JsonObject next(Predicate<JsonObject> wanted, String what) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
      while (System.nanoTime() < deadline) {
        JsonObject m = received.poll(50, TimeUnit.MILLISECONDS);
        if (m != null && wanted.test(m)) return m;
      }
      return fail("no " + what + " within 15 s");
    }

    @Override
    public void close() {
      ws.close().await();
      client.close().await();
    }
  }

  private static Predicate<JsonObject> fundAnomaly(String type, String cause) {
    return m -> type.equals(m.getString("type")) && m.getJsonObject("alert") != null
        && "fund-anomaly".equals(m.getJsonObject("alert").getString("kind")) && cause.equals(m.getJsonObject("alert").getString("cause"));
  }

  private JsonArray openAnomalies(TestAgency a) {
    TestHttp.Response r = http.get("/api/v1/alerts?kind=fund-anomaly&status=open", a.token(Role.MAIN));
    assertEquals(200, r.status(), r.toString());
    return r.json().getJsonArray("items");
  }

  @Test
  @DisplayName("a frozen order and a refused allocation raise fund anomalies with their figures, pushed on /ws; unfreezing and a successful allocation clear them; another agency sees nothing")
  void freezeAndFailedAllocation() throws InterruptedException {
    TestAgency a = TestAgency.create(2);
    TestAgency other = TestAgency.create(1);
    long client = a.clients.get(0);
    assertEquals(201, FinanceApiTest.recharge(http, a, 100_000).status());
    assertEquals(201, FinanceApiTest.transfer(http, a, Role.MAIN, client, "in", 30_000, null).status());

    try (Dashboard main = new Dashboard(a.token(Role.MAIN)); Dashboard rival = new Dashboard(other.token(Role.MAIN))) {
      // a frozen order of the client's cash
      TestHttp.Response frozen = FinanceApiTest.send(http, HttpMethod.POST, "/api/v1/finance/freezes", a.token(Role.ADMIN),
          new JsonObject().put("orderRef", "ord-" + UUID.randomUUID()).put("amountFen", 10_000).put("clientId", client), null);
      assertEquals(201, frozen.status(), frozen.toString());
      long freezeId = frozen.json().getLong("id");
      String freezeCause = "freeze:" + freezeId;
      JsonObject pushed = main.next(fundAnomaly("alert", freezeCause), "the freeze's fund anomaly").getJsonObject("alert");
      assertEquals(client, pushed.getLong("clientId"));
      assertEquals(10_000, pushed.getJsonObject("figures").getLong("amountFen"));
      assertEquals(frozen.json().getString("orderRef"), pushed.getJsonObject("figures").getString("orderRef"));
      assertEquals(freezeId, pushed.getJsonObject("figures").getLong("freezeId"));

      // an allocation beyond the agency wallet (70,000 left): 409, nothing moves, and a fund anomaly
      for (int attempt = 0; attempt < 2; attempt++) {
        TestHttp.Response refused = FinanceApiTest.transfer(http, a, Role.MAIN, client, "in", 1_000_000, "k-" + UUID.randomUUID());
        assertEquals(409, refused.status(), refused.toString());
        assertTrue(refused.header("Content-Type").startsWith("application/problem+json"), refused.header("Content-Type"));
        assertTrue(refused.json().getString("type").endsWith("insufficient-funds"), refused.toString());
      }
      JsonObject overview = http.get("/api/v1/finance/overview", a.token(Role.MAIN)).json();
      assertEquals(70_000, overview.getJsonObject("wallets").getLong("generalFen"));
      assertEquals(20_000, overview.getJsonObject("clients").getLong("cashFen"));
      assertTrue(http.get("/api/v1/finance/ledger/check", a.token(Role.MAIN)).json().getBoolean("ok"));
      JsonObject failed = main.next(fundAnomaly("alert", "allocation-in"), "the failed allocation's fund anomaly").getJsonObject("alert");
      assertEquals(1_000_000, failed.getJsonObject("figures").getLong("requestedFen"));
      assertEquals(70_000, failed.getJsonObject("figures").getLong("availableFen"));
      assertEquals("in", failed.getJsonObject("figures").getString("direction"));

      // one open alert per client and cause: the second refusal opened nothing new
      JsonArray open = openAnomalies(a);
      assertEquals(2, open.size(), open.encodePrettily());
      assertEquals(1, open.stream().filter(o -> "allocation-in".equals(((JsonObject) o).getString("cause"))).count());

      // the conditions end: a successful allocation, then the unfreeze
      assertEquals(201, FinanceApiTest.transfer(http, a, Role.MAIN, client, "in", 5_000, null).status());
      main.next(fundAnomaly("alert-cleared", "allocation-in"), "the allocation anomaly cleared");
      TestHttp.Response unfrozen = FinanceApiTest.send(http, HttpMethod.POST, "/api/v1/finance/freezes/" + freezeId + "/unfreeze",
          a.token(Role.MAIN), null, null);
      assertEquals(200, unfrozen.status(), unfrozen.toString());
      JsonObject cleared = main.next(fundAnomaly("alert-cleared", freezeCause), "the freeze anomaly cleared").getJsonObject("alert");
      assertEquals("cleared", cleared.getString("status"));
      assertEquals(0, openAnomalies(a).size());

      // the other agency saw none of it, pushed or listed
      assertTrue(rival.received.stream().noneMatch(m -> "alert".equals(m.getString("type"))), rival.received.toString());
      JsonArray theirs = http.get("/api/v1/alerts", other.token(Role.MAIN)).json().getJsonArray("items");
      assertEquals(0, theirs.size(), theirs.encodePrettily());
      assertEquals(0, http.get("/api/v1/alerts?clientId=" + client, other.token(Role.MAIN)).json().getJsonArray("items").size());
    }
  }
}
