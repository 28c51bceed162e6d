package io.beacon.live.push;

import io.beacon.Received;
import io.beacon.TestAgency;
import io.beacon.TestBeacon;
import io.beacon.TestHttp;
import io.beacon.auth.Role;
import io.beacon.live.LiveBus;
import io.beacon.platform.Platform;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static io.beacon.Poll.eventuallyValue;
import static io.beacon.live.push.WebSocketPushTest.alert;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
class WebhookTest {
  private static final String SECRET = "test-secret-0123456789";
  private final TestHttp http = TestHttp.shared();
  private final LiveBus bus = new LiveBus(TestBeacon.shared().platform().redis());
  /** Requests the receiving server got: body, uri and the signature headers. */
  private final Received hooks = new Received();
  /** How many of the next requests the receiver answers 500. */
  private final AtomicInteger failNext = new AtomicInteger();
  private HttpServer receiver;

  @BeforeEach
  void receiver() {
    receiver = TestHttp.vertx().createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      hooks.add(new JsonObject().put("body", body.toString()).put("uri", req.uri())
          .put("timestamp", req.getHeader("X-Beacon-Timestamp")).put("signature", req.getHeader("X-Beacon-Signature"))
          .put("event", req.getHeader("X-Beacon-Event")).put("type", "request"));
      req.response().setStatusCode(failNext.getAndDecrement() > 0 ? 500 : 200).end();
    })).listen(0).await();
  }

  @AfterEach
  void stop() { receiver.close().await(); }

  private String url() { return "http://127.0.0.1:" + receiver.actualPort() + "/hook"; }

  private JsonObject create(TestAgency agency, JsonObject spec) {
    TestHttp.Response r = http.post("/api/v1/webhooks", agency.token(Role.MAIN), spec);
    assertEquals(201, r.status(), r.toString());
    return r.json();
  }

  @Test
  @DisplayName("an alert is delivered signed with HMAC-SHA256, retried after a 500, and both attempts are in the delivery log")
  void signedDeliveryWithRetry() {
    TestAgency agency = TestAgency.create(2);
    JsonObject hook = create(agency, new JsonObject().put("name", "ops").put("url", url()).put("secret", SECRET)
        .put("topics", new JsonArray().add("alerts")));
    assertEquals(SECRET, hook.getString("secret"));
    failNext.set(1);
    String seq = bus.publishDurable(agency.id, alert(agency.clients.get(0), "low-balance")).await();

    JsonObject first = hooks.next("request");
    JsonObject second = hooks.next("request");
    assertEquals(first.getString("body"), second.getString("body"));
    JsonObject delivered = new JsonObject(second.getString("body"));
    assertEquals("alert", delivered.getString("type"));
    assertEquals(seq, delivered.getString("seq"));
    assertEquals("alert", second.getString("event"));
    String expected = "sha256=" + HexFormat.of().formatHex(
        WebhookDispatcher.hmac(SECRET, second.getString("timestamp") + "." + second.getString("body")));
    assertEquals(expected, second.getString("signature"));

    JsonObject log = http.get("/api/v1/webhooks/" + hook.getLong("id") + "/deliveries", agency.token(Role.ADMIN)).json()
        .getJsonArray("items").getJsonObject(0);
    assertEquals("delivered", log.getString("status"));
    assertEquals(seq, log.getString("eventSeq"));
    JsonArray attempts = log.getJsonArray("log");
    assertEquals(2, attempts.size());
    assertEquals(500, attempts.getJsonObject(0).getInteger("statusCode"));
    assertEquals(200, attempts.getJsonObject(1).getInteger("statusCode"));
  }

  @Test
  @DisplayName("filters by client and kind; another agency's messages and subscriptions stay out of reach")
  void filtersAndIsolation() {
    TestAgency agency = TestAgency.create(2);
    TestAgency other = TestAgency.create(1);
    long wanted = agency.clients.get(0);
    JsonObject hook = create(agency, new JsonObject().put("name", "budget").put("url", url())
        .put("topics", new JsonArray().add("alerts")).put("kinds", new JsonArray().add("budget-exhausted"))
        .put("clientIds", new JsonArray().add(wanted)));
    String path = "/api/v1/webhooks/" + hook.getLong("id");
    bus.publishDurable(agency.id, alert(agency.clients.get(1), "budget-exhausted")).await();
    bus.publishDurable(agency.id, alert(wanted, "low-balance")).await();
    bus.publishDurable(other.id, alert(other.clients.get(0), "budget-exhausted")).await();
    String seq = bus.publishDurable(agency.id, alert(wanted, "budget-exhausted")).await();
    assertEquals(seq, new JsonObject(hooks.next("request").getString("body")).getString("seq"));
    assertTrue(hooks.collect(Duration.ofMillis(500)).isEmpty());

    assertEquals(404, http.get(path, other.token(Role.MAIN)).status());
    assertEquals(404, http.delete(path, other.token(Role.MAIN)).status());
    assertEquals(404, http.get(path + "/deliveries", other.token(Role.MAIN)).status());
    assertEquals(403, http.get("/api/v1/webhooks", agency.token(Role.EMPLOYEE)).status());
    assertFalse(http.get("/api/v1/webhooks", other.token(Role.MAIN)).body().toString().contains(url()));
    assertFalse(http.get(path, agency.token(Role.MAIN)).body().toString().contains(SECRET));

    TestHttp.Response badUrl = http.post("/api/v1/webhooks", agency.token(Role.MAIN), new JsonObject().put("name", "x")
        .put("url", "ftp://example.com/x").put("topics", new JsonArray().add("alerts")));
    assertEquals(400, badUrl.status());
    assertEquals("url", badUrl.json().getJsonArray("errors").getJsonObject(0).getString("field"));
    TestHttp.Response foreign = http.post("/api/v1/webhooks", agency.token(Role.MAIN), new JsonObject().put("name", "x")
        .put("url", url()).put("topics", new JsonArray().add("alerts")).put("clientIds", new JsonArray().add(other.clients.get(0))));
    assertEquals(400, foreign.status());
    assertEquals("clientIds", foreign.json().getJsonArray("errors").getJsonObject(0).getString("field"));
    assertEquals(204, http.delete(path, agency.token(Role.ADMIN)).status());
    assertEquals(404, http.get(path, agency.token(Role.ADMIN)).status());
  }

  @Test
  @DisplayName("a message that never went through pub/sub is still delivered (the stream is the source); DingTalk format and send test")
  void durableAndDingTalk() {
    TestAgency agency = TestAgency.create(1);
    JsonObject hook = create(agency, new JsonObject().put("name", "robot").put("url", url()).put("secret", SECRET)
        .put("format", "dingtalk").put("topics", new JsonArray().add("notices")));
    TestHttp.Response test = http.post("/api/v1/webhooks/" + hook.getLong("id") + "/test", agency.token(Role.MAIN), null);
    assertEquals(202, test.status(), test.toString());
    JsonObject ping = hooks.next("request");
    JsonObject markdown = new JsonObject(ping.getString("body"));
    assertEquals("markdown", markdown.getString("msgtype"));
    String uri = ping.getString("uri");
    String timestamp = uri.replaceAll(".*timestamp=(\\d+).*", "$1");
    String sign = URLDecoder.decode(uri.replaceAll(".*sign=([^&]+).*", "$1"), StandardCharsets.UTF_8);
    assertEquals(Base64.getEncoder().encodeToString(WebhookDispatcher.hmac(SECRET, timestamp + "\n" + SECRET)), sign);

    // appended to the stream only, as if this instance had missed the pub/sub message
    JsonObject notice = new JsonObject().put("type", "notice").put("at", Instant.now().toString())
        .put("notice", new JsonObject().put("title", "余额不足").put("kind", "alert").put("body", "covers 2 h"));
    TestBeacon.shared().platform().redis().xadd(List.of(LiveBus.stream(agency.id), "*", "m", notice.encode())).await();
    JsonObject missed = new JsonObject(hooks.next("request").getString("body"));
    assertEquals("余额不足", missed.getJsonObject("markdown").getString("title"));
    assertTrue(missed.getJsonObject("markdown").getString("text").contains("covers 2 h"));
  }

  @Test
  @DisplayName("a subscription whose deliveries keep failing is disabled and its pending retry is not sent")
  void disabledAfterRepeatedFailures() {
    TestAgency agency = TestAgency.create(1);
    JsonObject hook = create(agency, new JsonObject().put("name", "flaky").put("url", url()).put("topics", new JsonArray().add("alerts")));
    long id = hook.getLong("id");
    int disableAfter = TestBeacon.shared().platform().config().push().webhookDisableAfter();
    pg().preparedQuery("UPDATE webhooks SET consecutive_failures = $2 WHERE id = $1").execute(Tuple.of(id, disableAfter - 1)).await();
    failNext.set(1);
    bus.publishDurable(agency.id, alert(agency.clients.get(0), "low-balance")).await();
    hooks.next("request");
    JsonObject disabled = eventuallyValue(() -> {
      JsonObject w = http.get("/api/v1/webhooks/" + id, agency.token(Role.MAIN)).json();
      return w.getBoolean("enabled") ? null : w;
    });
    assertEquals(disableAfter, disabled.getInteger("consecutiveFailures"));
    assertTrue(disabled.getString("disabledReason").contains("consecutive failed attempts"), disabled.encode());
    assertTrue(hooks.collect(Duration.ofMillis(2500)).isEmpty(), "the retry of a disabled subscription is not sent");
  }

  @Test
  @DisplayName("deliverTo (work notices) signs, is retried after a 500 from the outbox until a 2xx, each attempt logged; a non-http URL is refused")
  void deliverTo() {
    TestAgency agency = TestAgency.create(1);
    WebhookDispatcher dispatcher = new WebhookDispatcher(TestBeacon.shared().platform());
    failNext.set(1);
    dispatcher.deliverTo(agency.id, url(), SECRET, PAYLOAD).await();
    hooks.next("request");
    JsonObject ok = hooks.next("request");
    assertEquals(PAYLOAD, new JsonObject(ok.getString("body")));
    assertNotNull(ok.getString("signature"));
    assertEquals(List.of(500, 200), delivered(agency.id));
    assertTrue(hooks.collect(Duration.ofMillis(500)).isEmpty(), "no attempt after the 2xx");
    assertTrue(dispatcher.deliverTo(agency.id, "file:///etc/passwd", SECRET, PAYLOAD).failed());
  }

  @Test
  @DisplayName("a work-notice subscription without a secret is delivered, unsigned (no signature header, no DingTalk sign)")
  void workNoticeWithoutSecret() {
    TestAgency agency = TestAgency.create(1);
    TestHttp.Response sub = http.put("/api/v1/notices/subscription", agency.token(Role.EMPLOYEE), new JsonObject()
        .put("kinds", new JsonArray().add("ticket")).put("webhookUrl", url()));
    assertEquals(200, sub.status(), sub.toString());
    assertFalse(sub.json().getBoolean("hasSecret"));
    TestHttp.Response ticket = http.post("/api/v1/tickets", agency.token(Role.EMPLOYEE),
        io.beacon.tickets.DeskFixtures.ticket("no secret").put("clientId", agency.clients.get(0)));
    assertEquals(201, ticket.status(), ticket.toString());
    JsonObject got = hooks.next("request");
    assertEquals("markdown", new JsonObject(got.getString("body")).getString("msgtype"));
    assertEquals("/hook", got.getString("uri"), "no DingTalk timestamp/sign parameters without a secret");
    assertEquals(null, got.getString("signature"));
    assertEquals(List.of(200), delivered(agency.id));
  }

  @Test
  @DisplayName("a pending retry lives in PostgreSQL: the dispatcher that failed the first attempt stops, a new one delivers it")
  void retrySurvivesRestart() {
    TestAgency agency = TestAgency.create(1);
    Platform p = TestBeacon.shared().platform();
    // the retry is due 2–4 s later: long enough to stop the first dispatcher before it could retry
    Platform slow = new Platform(p.vertx(), p.config().with("push.webhookBackoffMillis", "4000"), p.engines(), p.pg(),
        p.redisClient(), p.redis(), p.metrics(), p.contract(), p.clock());
    WebhookDispatcher first = new WebhookDispatcher(slow);
    String deployment = p.vertx().deployVerticle(first).await();
    failNext.set(1);
    first.deliverTo(agency.id, url(), SECRET, PAYLOAD).await();
    assertNotNull(hooks.next("request"));
    Row pending = eventuallyValue(() -> {
      Row r = pg().preparedQuery("""
          SELECT d.status, d.attempts, d.next_attempt_at > now() AS later, (SELECT count(*) FROM webhook_attempts a WHERE a.delivery_id = d.id) AS logged
            FROM webhook_deliveries d WHERE d.agency_id = $1""").execute(Tuple.of(agency.id)).await().iterator().next();
      return r.getLong("logged") == 1 ? r : null;
    });
    assertEquals("pending", pending.getString("status"));
    assertEquals(1, pending.getInteger("attempts"));
    assertTrue(pending.getBoolean("later"));
    p.vertx().undeploy(deployment).await();

    String second = p.vertx().deployVerticle(new WebhookDispatcher(p)).await();
    try {
      assertEquals(PAYLOAD, new JsonObject(hooks.next("request").getString("body")));
      assertEquals(List.of(500, 200), delivered(agency.id));
    } finally {
      p.vertx().undeploy(second).await();
    }
  }

  private static final JsonObject PAYLOAD = new JsonObject().put("msgtype", "markdown")
      .put("markdown", new JsonObject().put("title", "ticket").put("text", "#### ticket returned"));

  private static Pool pg() { return TestBeacon.shared().platform().pg(); }

  /** Waits until the agency's only direct delivery is delivered; the status codes of its attempts in order. */
  private static List<Integer> delivered(long agencyId) {
    return eventuallyValue(() -> {
      var rows = pg().preparedQuery("""
          SELECT d.status, array_agg(a.status_code ORDER BY a.attempt) AS codes
            FROM webhook_deliveries d JOIN webhook_attempts a ON a.delivery_id = d.id
           WHERE d.agency_id = $1 AND d.webhook_id IS NULL GROUP BY d.id""").execute(Tuple.of(agencyId)).await().iterator();
      Row r = rows.hasNext() ? rows.next() : null;   // the attempt is logged just after the receiver answered
      return r != null && "delivered".equals(r.getString("status")) ? Arrays.asList(r.getArrayOfIntegers("codes")) : null;
    });
  }
}
