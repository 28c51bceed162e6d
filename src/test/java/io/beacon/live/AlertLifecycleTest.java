package io.beacon.live;

import io.beacon.TestAgency;
import io.beacon.TestHttp;
import io.beacon.auth.Role;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The alert life cycle on a clock the test moves: acknowledge, snooze and re-arm, escalation, hysteresis, flapping. */
class AlertLifecycleTest {
  private static AlertClock time;

  @BeforeAll
  static void start() { time = new AlertClock(); }

  @AfterAll
  static void stop() { time.close(); }

  private static JsonObject post(LiveFixture f, Role role, String path, JsonObject body) {
    TestHttp.Response r = time.http.post(path, f.agency.token(role), body);
    assertEquals(200, r.status(), r.toString());
    return r.json();
  }

  private static String field(TestHttp.Response r) {
    return r.json().getJsonArray("errors").getJsonObject(0).getString("field");
  }

  @Test
  @DisplayName("ack and snooze with a reason; the snooze ends at its time (not a minute before) and the alert is handed out again; all in the timeline with who did it")
  void snoozeEndsByTime() {
    LiveFixture f = time.fixture(3, 1_000_000);
    long c = f.agency.clients.get(0);
    long other = f.agency.unassignedClient();
    time.at80(f, c);
    time.at80(f, other);
    JsonObject alert = time.only(f, c, "budget");
    long id = alert.getLong("id");
    assertEquals("open", alert.getString("state"));
    assertEquals("dedicated", alert.getString("escalationStep"));
    assertEquals(80, alert.getInteger("level"));

    JsonObject acked = post(f, Role.DEDICATED, "/api/v1/alerts/" + id + "/ack", new JsonObject().put("reason", "calling the client"));
    assertEquals("acknowledged", acked.getString("state"));
    assertEquals(f.agency.staffIds.get(Role.DEDICATED), acked.getLong("ackedBy"));
    assertNull(acked.getValue("escalateAt"));

    String path = "/api/v1/alerts/" + id + "/snooze";
    assertEquals("reason", field(time.http.post(path, f.agency.token(Role.DEDICATED), new JsonObject().put("minutes", 30))));
    assertEquals("minutes", field(time.http.post(path, f.agency.token(Role.DEDICATED), new JsonObject().put("minutes", 30)
        .put("until", time.clock.instant().plusSeconds(600).toString()).put("reason", "x"))));
    assertEquals(400, time.http.post(path, f.agency.token(Role.DEDICATED), new JsonObject().put("minutes", 0).put("reason", "x")).status());
    assertEquals("until", field(time.http.post(path, f.agency.token(Role.DEDICATED), new JsonObject()
        .put("until", time.clock.instant().minusSeconds(60).toString()).put("reason", "x"))));
    assertEquals("acknowledged", time.only(f, c, "budget").getString("state"), "a refused snooze changes nothing");
    JsonObject snoozed = post(f, Role.DEDICATED, path, new JsonObject().put("minutes", 30).put("reason", "client tops up at 3 pm"));
    assertEquals("snoozed", snoozed.getString("state"));
    assertEquals(time.clock.instant().plus(Duration.ofMinutes(30)).toString(), snoozed.getString("snoozedUntil"));
    assertEquals("client tops up at 3 pm", snoozed.getString("snoozeReason"));

    time.after(Duration.ofMinutes(29).plusSeconds(59));
    assertEquals("snoozed", time.only(f, c, "budget").getString("state"));
    time.after(Duration.ofSeconds(1));
    JsonObject rearmed = time.only(f, c, "budget");
    assertEquals("open", rearmed.getString("state"));
    assertNull(rearmed.getValue("snoozedUntil"));
    assertNull(rearmed.getValue("ackedAt"));
    assertEquals(time.clock.instant().plus(Duration.ofMinutes(15)).toString(), rearmed.getString("escalateAt"));

    JsonObject detail = time.detail(f, Role.DEDICATED, id);
    assertEquals(List.of("opened", "pushed", "acked", "snoozed", "rearmed", "pushed"), AlertClock.steps(detail), detail.encodePrettily());
    JsonArray timeline = detail.getJsonArray("timeline");
    JsonObject ackStep = timeline.getJsonObject(2);
    assertEquals(f.agency.staffIds.get(Role.DEDICATED), ackStep.getLong("staffId"));
    assertTrue(ackStep.getString("staffName").startsWith("dedicated"), ackStep.encode());
    assertEquals("calling the client", ackStep.getJsonObject("detail").getString("reason"));
    assertEquals("snooze-ended", timeline.getJsonObject(4).getJsonObject("detail").getString("because"));
    JsonObject pushed = timeline.getJsonObject(1).getJsonObject("detail");
    assertEquals("dedicated", pushed.getString("step"));
    assertEquals(f.agency.staffIds.get(Role.DEDICATED), pushed.getJsonArray("to").getJsonObject(0).getLong("staffId"));
    assertEquals(8_000, timeline.getJsonObject(0).getJsonObject("detail").getJsonObject("figures").getLong("spendFen"));

    // scoped as alerts are: the dedicated employee sees only assigned clients; another agency sees nothing
    long otherId = time.only(f, other, "budget").getLong("id");
    assertEquals(404, time.http.get("/api/v1/alerts/" + otherId, f.agency.token(Role.DEDICATED)).status());
    assertEquals(404, time.http.post("/api/v1/alerts/" + otherId + "/snooze", f.agency.token(Role.DEDICATED),
        new JsonObject().put("minutes", 5).put("reason", "x")).status());
    assertEquals(404, time.http.post("/api/v1/alerts/" + otherId + "/ack", f.agency.token(Role.DEDICATED), new JsonObject()).status());
    TestAgency rival = TestAgency.create(1);
    assertEquals(404, time.http.get("/api/v1/alerts/" + id, rival.token(Role.MAIN)).status());
    assertEquals(404, time.http.post("/api/v1/alerts/" + id + "/ack", rival.token(Role.MAIN), new JsonObject()).status());
    assertEquals(404, time.http.post(path, rival.token(Role.MAIN), new JsonObject().put("minutes", 5).put("reason", "x")).status());
    assertEquals(0, time.alerts(f, Role.DEDICATED, "clientId=" + other).size());

    // filters: state, kind, client, assignee
    assertEquals(2, time.alerts(f, Role.ADMIN, "state=open&kind=budget").size());
    assertEquals(0, time.alerts(f, Role.ADMIN, "state=snoozed").size());
    JsonArray assigned = time.alerts(f, Role.ADMIN, "assignee=" + f.agency.staffIds.get(Role.DEDICATED));
    assertEquals(1, assigned.size());
    assertEquals(c, assigned.getJsonObject(0).getLong("clientId"));
    assertEquals("state", field(time.http.get("/api/v1/alerts?state=sleeping", f.agency.token(Role.ADMIN))));

    // a cleared alert cannot be snoozed
    time.budget(f, other, 100_000);
    assertEquals("cleared", time.only(f, other, "budget").getString("state"));
    assertEquals(409, time.http.post("/api/v1/alerts/" + otherId + "/snooze", f.agency.token(Role.ADMIN),
        new JsonObject().put("minutes", 5).put("reason", "x")).status());
    JsonObject cleared = time.detail(f, Role.ADMIN, otherId);
    assertEquals("cleared", AlertClock.steps(cleared).get(AlertClock.steps(cleared).size() - 1));
    assertEquals(8_000, cleared.getJsonArray("timeline").getJsonObject(cleared.getJsonArray("timeline").size() - 1)
        .getJsonObject("detail").getJsonObject("figures").getLong("spendFen"));
  }

  @Test
  @DisplayName("a snoozed alert re-arms as soon as its condition crosses the next level: budget 80 % -> 95 % -> exhausted")
  void snoozeEndsByLevel() {
    LiveFixture f = time.oneClientAt80();
    long c = f.agency.clients.get(0);
    long id = time.only(f, c, "budget").getLong("id");
    String path = "/api/v1/alerts/" + id + "/snooze";
    post(f, Role.ADMIN, path, new JsonObject().put("minutes", 120).put("reason", "known, watching"));

    time.spend(f, c, 1_500);
    JsonObject at95 = time.only(f, c, "budget");
    assertEquals("open", at95.getString("state"));
    assertEquals(95, at95.getInteger("level"));
    JsonObject raised = time.detail(f, Role.ADMIN, id).getJsonArray("timeline").stream().map(JsonObject.class::cast)
        .filter(s -> s.getString("step").equals("level-raised")).findFirst().orElseThrow();
    assertEquals(80, raised.getJsonObject("detail").getInteger("fromLevel"));
    assertEquals(95, raised.getJsonObject("detail").getInteger("toLevel"));
    assertTrue(raised.getJsonObject("detail").getBoolean("rearmed"));

    post(f, Role.ADMIN, path, new JsonObject().put("minutes", 120).put("reason", "still known"));
    time.spend(f, c, 500);
    assertEquals("open", time.only(f, c, "budget-exhausted").getString("state"));
    JsonObject budget = time.detail(f, Role.ADMIN, id);
    assertEquals("open", budget.getString("state"));
    JsonObject last = budget.getJsonArray("timeline").stream().map(JsonObject.class::cast)
        .filter(s -> s.getString("step").equals("rearmed")).reduce((a, b) -> b).orElseThrow();
    assertEquals("next-level", last.getJsonObject("detail").getString("because"));
    assertEquals("budget-exhausted", last.getJsonObject("detail").getString("kind"));
  }

  @Test
  @DisplayName("escalation: dedicated employee, after 15 min the admins, after 15 more the main account, each as notice and work notice; acknowledged alerts stay; clients without a dedicated employee start at the admins")
  void escalation() {
    LiveFixture f = time.fixture(3, 1_000_000);
    String hook = "http://127.0.0.1:9/admin-robot";
    assertEquals(200, time.http.put("/api/v1/notices/subscription", f.agency.token(Role.ADMIN), new JsonObject()
        .put("kinds", new JsonArray().add("alert")).put("webhookUrl", hook)).status());
    long c = f.agency.clients.get(0);
    long unassigned = f.agency.unassignedClient();
    for (long client : f.agency.clients) time.at80(f, client);
    long id = time.only(f, c, "budget").getLong("id");
    assertEquals("admins", time.only(f, unassigned, "budget").getString("escalationStep"));
    long ackedId = time.only(f, f.agency.clients.get(1), "budget").getLong("id");
    post(f, Role.DEDICATED, "/api/v1/alerts/" + ackedId + "/ack", new JsonObject());
    assertEquals(1, notices(f, Role.DEDICATED, c), "the dedicated employee was told when it opened");
    assertEquals(0, notices(f, Role.ADMIN, c));

    time.after(Duration.ofMinutes(14));
    assertEquals("dedicated", time.only(f, c, "budget").getString("escalationStep"));
    time.after(Duration.ofMinutes(1));
    JsonObject atAdmins = time.only(f, c, "budget");
    assertEquals("admins", atAdmins.getString("escalationStep"));
    assertEquals(1, notices(f, Role.ADMIN, c));
    assertTrue(time.workNotices.stream().anyMatch(w -> w.url().equals(hook)
        && w.payload().getJsonObject("markdown").getString("title").startsWith("已升级 · ")), time.workNotices.toString());
    assertEquals(0, notices(f, Role.MAIN, c));

    time.after(Duration.ofMinutes(15));
    JsonObject atMain = time.only(f, c, "budget");
    assertEquals("main", atMain.getString("escalationStep"));
    assertNull(atMain.getValue("escalateAt"));
    assertEquals(1, notices(f, Role.MAIN, c));
    assertEquals("main", time.only(f, unassigned, "budget").getString("escalationStep"), "admins -> main after 15 min");
    assertEquals("dedicated", time.only(f, f.agency.clients.get(1), "budget").getString("escalationStep"), "acknowledged: stays");

    List<JsonObject> escalations = time.detail(f, Role.MAIN, id).getJsonArray("timeline").stream().map(JsonObject.class::cast)
        .filter(s -> s.getString("step").equals("escalated")).toList();
    assertEquals(2, escalations.size());
    assertEquals("admins", escalations.get(0).getJsonObject("detail").getString("to"));
    assertEquals(f.agency.staffIds.get(Role.ADMIN), escalations.get(0).getJsonObject("detail").getJsonArray("people").getJsonObject(0).getLong("staffId"));
    assertEquals("main", escalations.get(1).getJsonObject("detail").getString("to"));
    time.after(Duration.ofMinutes(60));
    assertEquals(2, time.detail(f, Role.MAIN, id).getJsonArray("timeline").stream().map(JsonObject.class::cast)
        .filter(s -> s.getString("step").equals("escalated")).count(), "the main account is the last step");
  }

  private static int notices(LiveFixture f, Role role, long clientId) {
    TestHttp.Response r = time.http.get("/api/v1/notices?kind=alert&clientId=" + clientId, f.agency.token(role));
    assertEquals(200, r.status(), r.toString());
    return r.json().getJsonArray("items").size();
  }

  @Test
  @DisplayName("hysteresis: a cleared alert reopens only once the figure is 5 % past the threshold or 10 minutes have passed")
  void hysteresis() {
    LiveFixture f = time.oneClientAt80();
    long c = f.agency.clients.get(0);
    time.budget(f, c, 12_000);                       // 80 % is now 9,600: clears
    assertEquals("cleared", time.only(f, c, "budget").getString("state"));
    time.budget(f, c, 10_000);                       // exactly at 80 % again: held
    assertEquals(1, time.alerts(f, Role.MAIN, "clientId=" + c + "&kind=budget").size());
    time.budget(f, c, 9_600);                        // 80 % = 7,680: 4.2 % past, still held
    assertEquals(1, time.alerts(f, Role.MAIN, "clientId=" + c + "&kind=budget").size());
    time.budget(f, c, 9_400);                        // 80 % = 7,520: 6.4 % past the threshold: reopens
    JsonArray two = time.alerts(f, Role.MAIN, "clientId=" + c + "&kind=budget");
    assertEquals(2, two.size());
    assertEquals("open", two.getJsonObject(0).getString("state"));

    time.budget(f, c, 12_000);
    time.budget(f, c, 10_000);
    assertEquals(2, time.alerts(f, Role.MAIN, "clientId=" + c + "&kind=budget").size());
    time.advance(Duration.ofMinutes(9).plusSeconds(59));
    time.budget(f, c, 10_000);
    assertEquals(2, time.alerts(f, Role.MAIN, "clientId=" + c + "&kind=budget").size());
    time.advance(Duration.ofSeconds(1));
    time.budget(f, c, 10_000);
    JsonArray three = time.alerts(f, Role.MAIN, "clientId=" + c + "&kind=budget");
    assertEquals(3, three.size(), "10 minutes after it cleared");
    assertEquals("open", three.getJsonObject(0).getString("state"));
  }

  @Test
  @DisplayName("flapping: more than K openings in an hour become one flapping alert; it ends after an hour and the kind opens again")
  void flapping() {
    LiveFixture f = time.fixture(1, 1_000_000);
    long c = f.agency.clients.get(0);
    time.settings(f, new JsonObject().put("flapCycles", 2));
    time.spend(f, c, 8_000);
    for (int i = 0; i < 5; i++) {
      time.budget(f, c, 9_000);     // 80 % = 7,200: 11 % past, past the hysteresis margin every time
      time.budget(f, c, 20_000);
    }
    assertEquals(2, time.alerts(f, Role.MAIN, "clientId=" + c + "&kind=budget").size());
    JsonObject flapping = time.only(f, c, "flapping");
    assertEquals("open", flapping.getString("state"));
    assertEquals("budget", flapping.getString("cause"));
    assertEquals(2, flapping.getJsonObject("figures").getInteger("openingsLastHour"));

    time.after(Duration.ofMinutes(59));
    assertEquals("open", time.only(f, c, "flapping").getString("state"));
    time.after(Duration.ofMinutes(1).plusSeconds(1));
    assertEquals("cleared", time.only(f, c, "flapping").getString("state"));
    time.budget(f, c, 9_000);
    JsonArray budget = time.alerts(f, Role.MAIN, "clientId=" + c + "&kind=budget");
    assertEquals(3, budget.size());
    assertEquals("open", budget.getJsonObject(0).getString("state"));
    assertFalse(budget.getJsonObject(0).containsKey("timeline"));
  }

  @Test
  @DisplayName("preferences and quiet hours: a channel set to critical gets only critical alerts; escalation passes people in quiet hours by; critical alerts still reach them")
  void quietHoursAndPreferences() {
    LiveFixture f = time.fixture(3, 60_000);      // local time is now around noon
    String prefs = "/api/v1/me/alert-preferences";
    JsonObject mine = time.http.get(prefs, f.agency.token(Role.EMPLOYEE)).json();
    assertEquals("all", mine.getString("inApp"));
    assertNull(mine.getValue("quietHours"));
    assertTrue(mine.getString("timeZone").matches("Z|[+-]\\d\\d:00"), mine.encode());
    TestHttp.Response set = time.http.put(prefs, f.agency.token(Role.ADMIN), new JsonObject().put("inApp", "all").put("workNotice", "all")
        .put("quietHours", new JsonObject().put("from", "11:00").put("to", "16:00")));
    assertEquals(200, set.status(), set.toString());
    assertEquals("11:00", set.json().getJsonObject("quietHours").getString("from"));
    assertEquals(200, time.http.put(prefs, f.agency.token(Role.DEDICATED), new JsonObject().put("inApp", "critical")
        .put("workNotice", "none")).status());
    TestHttp.Response bad = time.http.put(prefs, f.agency.token(Role.MAIN), new JsonObject().put("inApp", "sometimes").put("workNotice", "all"));
    assertEquals(400, bad.status());
    assertTrue(bad.toString().contains("inApp"), bad.toString());
    assertEquals("quietHours.to", field(time.http.put(prefs, f.agency.token(Role.MAIN), new JsonObject().put("inApp", "all")
        .put("workNotice", "all").put("quietHours", new JsonObject().put("from", "11:00").put("to", "11:00")))));
    assertEquals("all", time.http.get(prefs, f.agency.token(Role.MAIN)).json().getString("inApp"), "a refused PUT changes nothing");

    long c = f.agency.clients.get(0);
    time.at80(f, c);
    long id = time.only(f, c, "budget").getLong("id");
    assertEquals(0, notices(f, Role.DEDICATED, c), "in-app set to critical only: a budget alert does not reach them");
    JsonObject pushed = time.detail(f, Role.MAIN, id).getJsonArray("timeline").getJsonObject(1);
    assertEquals("pushed", pushed.getString("step"));
    assertEquals(0, pushed.getJsonObject("detail").getJsonArray("to").getJsonObject(0).getJsonArray("channels").size());

    time.after(Duration.ofMinutes(15));
    JsonObject moved = time.only(f, c, "budget");
    assertEquals("main", moved.getString("escalationStep"), "the only admin is in quiet hours: on to the main account at once");
    assertEquals(0, notices(f, Role.ADMIN, c));
    assertEquals(1, notices(f, Role.MAIN, c));
    List<JsonObject> escalations = time.detail(f, Role.MAIN, id).getJsonArray("timeline").stream().map(JsonObject.class::cast)
        .filter(s -> s.getString("step").equals("escalated")).toList();
    assertEquals(2, escalations.size());
    JsonObject passedBy = escalations.get(0).getJsonObject("detail");
    assertEquals(0, passedBy.getJsonArray("people").size());
    assertEquals(f.agency.staffIds.get(Role.ADMIN), passedBy.getJsonArray("skipped").getJsonObject(0).getLong("staffId"));
    assertEquals("quiet-hours", passedBy.getJsonArray("skipped").getJsonObject(0).getString("why"));

    long unassigned = f.agency.unassignedClient();   // no dedicated employee: its alerts start at the admins
    time.spend(f, unassigned, 61_000);
    assertEquals("admins", time.only(f, unassigned, "balance-exhausted").getString("escalationStep"));
    TestHttp.Response adminNotices = time.http.get("/api/v1/notices?kind=alert&clientId=" + unassigned, f.agency.token(Role.ADMIN));
    assertTrue(adminNotices.json().getJsonArray("items").stream().map(JsonObject.class::cast)
        .anyMatch(n -> n.getString("title").startsWith("Balance exhausted")), "critical alerts reach people in quiet hours: " + adminNotices);
  }

  private static TestHttp.Response fix(LiveFixture f, Role role, long alertId, String how, String key, JsonObject body) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    if (key != null) headers.add("Idempotency-Key", key);
    return time.http.send(HttpMethod.POST, "/api/v1/alerts/" + alertId + "/fix/" + how, f.agency.token(role), body, headers);
  }

  private static List<JsonObject> steps(LiveFixture f, long alertId, String step) {
    return time.detail(f, Role.MAIN, alertId).getJsonArray("timeline").stream().map(JsonObject.class::cast)
        .filter(s -> s.getString("step").equals(step)).toList();
  }

  @Test
  @DisplayName("fix from a low-balance alert: allocation of the proposed amount in one step, idempotent, within the caller's rights, in the timeline; the alert clears; a coupon fixes another")
  void fixFromBalanceAlert() {
    LiveFixture f = time.fixture(3, 60_000);
    TestHttp.Response recharge = time.http.send(HttpMethod.POST, "/api/v1/finance/recharges", f.agency.token(Role.MAIN),
        new JsonObject().put("amountFen", 10_000_000).put("paymentReference", "pay-" + UUID.randomUUID()),
        MultiMap.caseInsensitiveMultiMap().add("Idempotency-Key", UUID.randomUUID().toString()));
    assertEquals(201, recharge.status(), recharge.toString());
    long c = f.agency.clients.get(0);
    time.spend(f, c, 20_000);                      // 40,000 left: under the 50,000 floor and under 6 h of 20,000/h
    long id = time.only(f, c, "low-balance").getLong("id");
    JsonObject proposal = time.detail(f, Role.ADMIN, id).getJsonObject("proposal");
    assertEquals("funds", proposal.getString("fix"));
    assertEquals(440_000, proposal.getLong("amountFen"), "24 h at 20,000/h less the 40,000 left: " + proposal);

    String key = UUID.randomUUID().toString();
    assertEquals(403, fix(f, Role.DEDICATED, id, "allocation", key, new JsonObject()).status());
    assertEquals(403, fix(f, Role.EMPLOYEE, id, "allocation", key, new JsonObject()).status());
    assertEquals(404, fix(f, Role.MAIN, 999_999_999L, "allocation", key, new JsonObject()).status());
    TestAgency rival = TestAgency.create(1);
    assertEquals(404, time.http.send(HttpMethod.POST, "/api/v1/alerts/" + id + "/fix/allocation", rival.token(Role.MAIN), new JsonObject(),
        MultiMap.caseInsensitiveMultiMap().add("Idempotency-Key", key)).status());
    assertEquals(400, fix(f, Role.ADMIN, id, "allocation", null, new JsonObject()).status(), "the Idempotency-Key is required");
    assertEquals(409, fix(f, Role.ADMIN, id, "daily-budget", null, new JsonObject()).status(), "a budget does not fix a balance alert");
    assertEquals("low-balance", time.only(f, c, "low-balance").getString("kind"));

    TestHttp.Response done = fix(f, Role.ADMIN, id, "allocation", key, new JsonObject());
    assertEquals(201, done.status(), done.toString());
    assertEquals(440_000, done.json().getJsonObject("fix").getLong("amountFen"));
    assertEquals("cleared", done.json().getJsonObject("alert").getString("state"), "the counters say the balance is fine now");
    assertEquals(480_000, f.live(c).getLong("balanceFen"));
    JsonObject fixed = steps(f, id, "fixed").get(0);
    assertEquals(f.agency.staffIds.get(Role.ADMIN), fixed.getLong("staffId"));
    assertEquals("allocation", fixed.getJsonObject("detail").getString("action"));
    assertEquals(done.json().getJsonObject("fix").getLong("transactionId"), fixed.getJsonObject("detail").getLong("transactionId"));

    TestHttp.Response again = fix(f, Role.ADMIN, id, "allocation", key, new JsonObject());
    assertEquals(201, again.status(), again.toString());
    assertEquals("true", again.header("Idempotent-Replayed"));
    assertEquals(done.json().getJsonObject("fix").getLong("transactionId"), again.json().getJsonObject("fix").getLong("transactionId"));
    assertEquals(422, fix(f, Role.ADMIN, id, "allocation", key, new JsonObject().put("amountFen", 1)).status());
    assertEquals(1, steps(f, id, "fixed").size());
    assertEquals(480_000, f.live(c).getLong("balanceFen"), "a retry moves no money");
    assertEquals(409, fix(f, Role.ADMIN, id, "allocation", UUID.randomUUID().toString(), new JsonObject()).status(), "cleared: nothing to fix");

    long other = f.agency.clients.get(1);
    time.spend(f, other, 20_000);
    long otherId = time.only(f, other, "low-balance").getLong("id");
    TestHttp.Response coupon = fix(f, Role.MAIN, otherId, "coupon", UUID.randomUUID().toString(), new JsonObject().put("amountFen", 100_000));
    assertEquals(201, coupon.status(), coupon.toString());
    assertEquals("cleared", coupon.json().getJsonObject("alert").getString("state"));
    assertEquals(100_000, f.live(other).getLong("couponFen"));
    assertEquals("coupon", steps(f, otherId, "fixed").get(0).getJsonObject("detail").getString("action"));
  }

  @Test
  @DisplayName("fix from a budget alert: the proposed daily budget in one step, recorded before the clearing it causes; scoped like the alert")
  void fixFromBudgetAlert() {
    LiveFixture f = time.fixture(3, 1_000_000);
    long unassigned = f.agency.unassignedClient();
    time.at80(f, unassigned);
    long id = time.only(f, unassigned, "budget").getLong("id");
    JsonObject proposal = time.detail(f, Role.ADMIN, id).getJsonObject("proposal");
    assertEquals("budget", proposal.getString("fix"));
    long proposed = proposal.getLong("dailyBudgetFen");
    assertTrue(proposed >= 20_000 && proposed % 10_000 == 0, proposal.encode());
    assertEquals(404, fix(f, Role.DEDICATED, id, "daily-budget", null, new JsonObject()).status(), "not the dedicated employee's client");
    assertEquals(409, fix(f, Role.ADMIN, id, "allocation", UUID.randomUUID().toString(), new JsonObject()).status());

    TestHttp.Response done = fix(f, Role.ADMIN, id, "daily-budget", null, new JsonObject());
    assertEquals(200, done.status(), done.toString());
    assertEquals(proposed, done.json().getJsonObject("fix").getLong("dailyBudgetFen"));
    assertEquals(10_000, done.json().getJsonObject("fix").getLong("previousFen"));
    assertEquals("cleared", done.json().getJsonObject("alert").getString("state"));
    assertEquals(proposed, f.live(unassigned).getLong("dailyBudgetFen"));
    List<String> steps = AlertClock.steps(time.detail(f, Role.ADMIN, id));
    assertEquals(List.of("fixed", "cleared"), steps.subList(steps.size() - 2, steps.size()));
  }

  @Test
  @DisplayName("pacing: the live view and the monitoring table project today's spend and when the balance reaches zero; a pacing alert while the budget would run out before 18:00, cleared by a higher budget")
  void pacing() {
    LiveFixture f = time.fixture(1, 1_000_000);     // local time is now around noon
    time.settings(f, new JsonObject().put("pacingBeforeHour", 18));
    long c = f.agency.clients.get(0);
    time.budget(f, c, 100_000);
    time.spend(f, c, 30_000);                       // 30,000 an hour: the other 70,000 go by about 14:20
    ZonedDateTime now = time.clock.instant().atZone(time.zone(f));
    long secondsLeft = Duration.between(now, now.toLocalDate().plusDays(1).atStartOfDay(now.getZone())).toSeconds();
    JsonObject pacing = f.live(c).getJsonObject("pacing");
    assertEquals(30_000, pacing.getLong("rateFenPerHour"));
    assertEquals(30_000 + 30_000 * secondsLeft / 3600, pacing.getLong("projectedSpendFen"));
    assertEquals(now.toInstant().plusSeconds(970_000L * 3600 / 30_000).toString(), pacing.getString("balanceZeroAt"));
    assertEquals(now.toInstant().plusSeconds(70_000L * 3600 / 30_000).toString(), pacing.getString("budgetReachedAt"));
    JsonObject row = time.http.get("/api/v1/monitor/clients?range=today", f.agency.token(Role.MAIN)).json().getJsonArray("rows").getJsonObject(0);
    assertEquals(pacing.getLong("projectedSpendFen"), row.getJsonObject("pacing").getLong("projectedSpendFen"));

    JsonObject alert = time.only(f, c, "pacing");
    assertEquals("open", alert.getString("state"));
    assertEquals(18, alert.getJsonObject("figures").getInteger("pacingBeforeHour"));
    assertEquals("budget", time.detail(f, Role.MAIN, alert.getLong("id")).getJsonObject("proposal").getString("fix"));

    time.budget(f, c, 250_000);                     // now reached after 19:00: no longer pacing
    assertEquals("cleared", time.only(f, c, "pacing").getString("state"));
  }
}
