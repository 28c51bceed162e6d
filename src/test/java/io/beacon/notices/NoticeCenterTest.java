package io.beacon.notices;

import io.beacon.Poll;
import io.beacon.TestAgency;
import io.beacon.TestBeacon;
import io.beacon.TestHttp;
import io.beacon.auth.RedisListener;
import io.beacon.auth.Role;
import io.beacon.live.LiveBus;
import io.beacon.platform.Platform;
import io.beacon.tickets.DeskFixtures;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NoticeCenterTest {
  private final TestHttp http = TestHttp.shared();
  private final Platform platform = TestBeacon.shared().platform();
  private final Notices notices = new Notices(platform, new LiveBus(platform.redis()), WorkNoticeDelivery.NONE);

  @Test
  @DisplayName("message center: per client visibility, unread counts by kind, mark read, mark all read; other agencies get 404")
  void unreadAndRead() {
    TestAgency a = TestAgency.create(3);
    long assigned = a.clients.get(0);
    Notice hosting = notices.create(a.id, assigned, NoticeKind.HOSTING_RULE, NoticeText.plain("托管规则已生效", "rule 7"), null).await();
    notices.create(a.id, a.unassignedClient(), NoticeKind.REVIEW, NoticeText.plain("审核未通过", "creative 9"), null).await();
    notices.create(a.id, null, NoticeKind.SYSTEM, NoticeText.plain("系统维护", "tonight"), null).await();

    JsonObject employee = http.get("/api/v1/notices", a.token(Role.EMPLOYEE)).json();
    assertEquals(3, employee.getJsonArray("items").size());
    assertEquals(3, employee.getLong("unread"));
    assertEquals(1, employee.getJsonObject("unreadByKind").getLong("review"));
    // the dedicated employee sees assigned clients' notices and agency-wide ones only
    JsonObject dedicated = http.get("/api/v1/notices", a.token(Role.DEDICATED)).json();
    assertEquals(2, dedicated.getLong("unread"));
    assertEquals(404, http.post("/api/v1/notices/" + employee.getJsonArray("items").stream().map(o -> (JsonObject) o)
        .filter(n -> n.getString("kind").equals("review")).findFirst().orElseThrow().getLong("id") + "/read", a.token(Role.DEDICATED), null).status());

    assertEquals(204, http.post("/api/v1/notices/" + hosting.id() + "/read", a.token(Role.EMPLOYEE), null).status());
    assertEquals(2, http.get("/api/v1/notices/unread-count", a.token(Role.EMPLOYEE)).json().getLong("unread"));
    // read state is per person
    assertEquals(3, http.get("/api/v1/notices/unread-count", a.token(Role.ADMIN)).json().getLong("unread"));
    JsonObject unreadOnly = http.get("/api/v1/notices?unread=true&limit=1", a.token(Role.EMPLOYEE)).json();
    assertEquals(1, unreadOnly.getJsonArray("items").size());
    assertNotNull(unreadOnly.getString("nextCursor"));
    assertEquals(1, http.get("/api/v1/notices?unread=true&limit=1&cursor=" + unreadOnly.getString("nextCursor"),
        a.token(Role.EMPLOYEE)).json().getJsonArray("items").size());
    assertEquals(1, http.get("/api/v1/notices?kind=hosting_rule", a.token(Role.EMPLOYEE)).json().getJsonArray("items").size());
    assertEquals(400, http.get("/api/v1/notices?cursor=bogus", a.token(Role.EMPLOYEE)).status());
    assertEquals(400, http.get("/api/v1/notices?kind=weather", a.token(Role.EMPLOYEE)).status());

    assertEquals(2, http.post("/api/v1/notices/read-all", a.token(Role.EMPLOYEE), new JsonObject()).json().getInteger("marked"));
    assertEquals(0, http.get("/api/v1/notices/unread-count", a.token(Role.EMPLOYEE)).json().getLong("unread"));

    TestAgency rival = TestAgency.create(1);
    assertEquals(404, http.post("/api/v1/notices/" + hosting.id() + "/read", rival.token(Role.MAIN), null).status());
    assertEquals(0, http.get("/api/v1/notices", rival.token(Role.MAIN)).json().getJsonArray("items").size());
  }

  @Test
  @DisplayName("a ticket event creates a notice pushed live on beacon:live:<agency> with a seq")
  void pushedLive() throws Exception {
    TestAgency a = TestAgency.create(1);
    try (RedisListener listener = new RedisListener(LiveBus.channel(a.id))) {
      TestHttp.Response r = http.post("/api/v1/tickets", a.token(Role.EMPLOYEE), DeskFixtures.ticket("live").put("clientId", a.clients.get(0)));
      assertEquals(201, r.status());
      JsonObject update = listener.await(x -> "ticket-updated".equals(x.getString("type")), 5_000);
      assertNotNull(update, "the tickets topic gets the update");
      assertEquals(r.json().getLong("id"), update.getLong("ticketId"));
      assertEquals("processing", update.getString("status"));
      JsonObject m = listener.await(x -> "notice".equals(x.getString("type")), 5_000);
      assertNotNull(m, "a notice message arrives");
      assertNotNull(m.getString("seq"));
      assertEquals(a.clients.get(0), m.getLong("clientId"));
      assertEquals("ticket", m.getJsonObject("notice").getString("kind"));
      assertEquals(a.staffIds.get(Role.EMPLOYEE), m.getLong("staffId"));
    }
  }

  @Test
  @DisplayName("work-notice subscriptions: kinds and clients chosen per staff member, delivered as DingTalk markdown through the webhook dispatcher")
  void workNotices() {
    TestAgency a = TestAgency.create(3);
    List<JsonObject> received = new CopyOnWriteArrayList<>();
    HttpServer hook = TestHttp.vertx().createHttpServer()
        .requestHandler(req -> req.body().onSuccess(b -> {
          received.add(b.toJsonObject().put("query", req.query()));
          req.response().end();
        }))
        .listen(0).await();
    try {
      String url = "http://127.0.0.1:" + hook.actualPort() + "/robot/send";
      TestHttp.Response bad = http.put("/api/v1/notices/subscription", a.token(Role.DEDICATED), new JsonObject()
          .put("kinds", new JsonArray().add("alert")).put("clientIds", new JsonArray().add(a.unassignedClient())).put("webhookUrl", url));
      assertEquals(400, bad.status());
      assertEquals("clientIds", bad.json().getJsonArray("errors").getJsonObject(0).getString("field"));
      assertEquals(400, http.put("/api/v1/notices/subscription", a.token(Role.EMPLOYEE), new JsonObject()
          .put("kinds", new JsonArray().add("alert")).put("webhookUrl", "ftp://x")).json().getInteger("status"));

      TestHttp.Response ok = http.put("/api/v1/notices/subscription", a.token(Role.EMPLOYEE), new JsonObject()
          .put("kinds", new JsonArray().add("alert").add("ticket")).put("clientIds", new JsonArray().add(a.clients.get(1)))
          .put("webhookUrl", url).put("secret", "SEC-s3cret-key"));
      assertEquals(200, ok.status(), ok.toString());
      assertTrue(ok.json().getBoolean("hasSecret"));
      assertEquals(200, http.get("/api/v1/notices/subscription", a.token(Role.EMPLOYEE)).status());

      // a ticket about another client, then one about the subscribed client: only the second is delivered
      http.post("/api/v1/tickets", a.token(Role.EMPLOYEE), DeskFixtures.ticket("other client").put("clientId", a.clients.get(2)));
      http.post("/api/v1/tickets", a.token(Role.EMPLOYEE), DeskFixtures.ticket("订阅的委托人").put("clientId", a.clients.get(1)));
      assertTrue(Poll.within(Duration.ofSeconds(5), () -> !received.isEmpty()));
      JsonObject payload = received.get(0);
      assertEquals("markdown", payload.getString("msgtype"));
      assertTrue(payload.getJsonObject("markdown").getString("title").contains("已提交"), payload.encode());
      assertTrue(payload.getJsonObject("markdown").getString("text").contains("订阅的委托人"), payload.encode());
      assertTrue(payload.getString("query", "").contains("sign="), "signed the DingTalk way: " + payload.getString("query"));
      assertEquals(1, received.size(), "only the subscribed kind and client: " + received);

      assertEquals(204, http.delete("/api/v1/notices/subscription", a.token(Role.EMPLOYEE)).status());
      assertEquals(404, http.get("/api/v1/notices/subscription", a.token(Role.EMPLOYEE)).status());
    } finally {
      hook.close().await();
    }
  }

  @Test
  @DisplayName("an alert handed to one staff member becomes an alert notice addressed to them only; none when in-app is off")
  void alertNotice() {
    TestAgency a = TestAgency.create(3);
    long client = a.unassignedClient();
    JsonObject alert = new JsonObject().put("id", 1).put("clientId", client).put("clientName", "Client X").put("kind", "low-balance")
        .put("figures", new JsonObject().put("balanceFen", 1200).put("hoursLeft", 2));
    notices.deliverAlert(a.id, a.staffIds.get(Role.EMPLOYEE), alert, false, false, true).await();
    notices.deliverAlert(a.id, a.staffIds.get(Role.ADMIN), alert, true, true, true).await();
    JsonObject n = http.get("/api/v1/notices?kind=alert", a.token(Role.ADMIN)).json().getJsonArray("items").getJsonObject(0);
    assertEquals("Escalated · Low balance · Client X", n.getString("title"), "one language per reader: " + n.encode());
    assertEquals("balance ¥12.00, about 2 h left", n.getString("body"), "the figures as a sentence, amounts in yuan: " + n.encode());
    JsonObject zh = http.send(io.vertx.core.http.HttpMethod.GET, "/api/v1/notices?kind=alert", a.token(Role.ADMIN), null,
        io.vertx.core.MultiMap.caseInsensitiveMultiMap().add("Accept-Language", "zh-CN,zh;q=0.9,en;q=0.8")).json()
        .getJsonArray("items").getJsonObject(0);
    assertEquals("已升级 · 余额不足 · Client X", zh.getString("title"), zh.encode());
    assertEquals("可用余额 ¥12.00，预计可投放 2 小时", zh.getString("body"), zh.encode());
    assertEquals("告警", zh.getString("kindLabel"));
    assertEquals(client, n.getLong("clientId"));
    assertEquals("#/alerts?id=1", n.getString("link"));
    assertEquals(0, http.get("/api/v1/notices?kind=alert", a.token(Role.EMPLOYEE)).json().getJsonArray("items").size());
    assertEquals(0, http.get("/api/v1/notices?kind=alert", a.token(Role.MAIN)).json().getJsonArray("items").size());
  }
}
