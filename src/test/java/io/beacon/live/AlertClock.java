package io.beacon.live;

import io.beacon.Beacon;
import io.beacon.TestAgency;
import io.beacon.TestBeacon;
import io.beacon.TestHttp;
import io.beacon.auth.Role;
import io.beacon.notices.Notices;
import io.beacon.platform.Platform;
import io.beacon.tickets.DeskFixtures;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A Beacon on the shared engines whose clock the test moves, with its own timers held back (they run once
 * an hour): the test runs the alert time rules itself, {@link #runDue}, after moving the clock — through an
 * {@link Alerts} on the same clock and engines, handing alerts to the real notices feature and recording the
 * work notices it queues. Starts at the real time (so the shared instance's clock is never ahead of it).
 */
final class AlertClock implements AutoCloseable {
  record WorkNotice(long agencyId, String url, JsonObject payload) {}

  final DeskFixtures.MovableClock clock = new DeskFixtures.MovableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
  final Beacon beacon;
  final TestHttp http;
  final Alerts alerts;
  final List<WorkNotice> workNotices = new CopyOnWriteArrayList<>();

  AlertClock() {
    Map<String, String> o = new HashMap<>();
    o.put("storage.pgUrl", TestBeacon.shared().platform().engines().pgUrl());
    o.put("storage.redisUrl", TestBeacon.shared().platform().engines().redisUrl());
    o.put("live.monitorSeconds", "3600");
    beacon = Beacon.start(TestBeacon.config(o), clock);
    http = new TestHttp("http://localhost:" + beacon.port());
    Platform p = beacon.platform();
    LiveBus bus = new LiveBus(p.redis());
    alerts = new Alerts(p.redis(), bus, new AlertStore(p.pg()), new AlertPreferenceStore(p.pg()), new LiveStore(p.pg()), new LiveKeys(p.config().live().partitions()),
        clock, p.metrics());
    Notices notices = new Notices(p, bus, (agencyId, url, secret, payload) -> {
      workNotices.add(new WorkNotice(agencyId, url, payload));
      return Future.succeededFuture();
    });
    alerts.deliverWith(notices::deliverAlert);
  }

  /**
   * A fixture on this instance: an agency whose clients 0 and 1 are assigned to its dedicated employee, in a
   * time zone where it is now around noon (so moving the clock by an hour or two stays in the business day),
   * each client funded with {@code cashFen}, pacing alerts off.
   */
  LiveFixture fixture(int clients, long cashFen) {
    LiveFixture shared = new LiveFixture(clients);
    int offset = 12 - clock.instant().atZone(ZoneOffset.UTC).getHour();
    // Pacing would fire beside most budget alerts here (a whole hour's spend at once); the pacing test turns it on.
    TestBeacon.shared().platform().pg().preparedQuery("""
            UPDATE agencies SET time_zone = $2, settings = jsonb_set(settings, '{alerts}', '{"pacingBeforeHour": 0}') WHERE id = $1""")
        .execute(Tuple.of(shared.agency.id, ZoneOffset.ofHours(offset).getId())).await();
    for (long c : shared.agency.clients) shared.fund(c, cashFen, 0, 0);
    return new LiveFixture(shared, http);
  }

  void settings(LiveFixture f, JsonObject change) {
    TestHttp.Response r = http.put("/api/v1/live/alert-settings", f.agency.token(Role.MAIN), change);
    assertEquals(200, r.status(), r.toString());
  }

  void advance(Duration d) { clock.advance(d); }

  /** The fixture agency's time zone. */
  java.time.ZoneId zone(LiveFixture f) {
    return java.time.ZoneId.of(TestAgency.one(beacon.platform().pg(), "SELECT time_zone FROM agencies WHERE id = $1", Tuple.of(f.agency.id))
        .getString(0));
  }

  /** Moves the clock on by {@code d} and runs the alert time rules once. */
  void after(Duration d) {
    clock.advance(d);
    alerts.runDue().await();
  }

  TestHttp.Response budget(LiveFixture f, long clientId, long fen) {
    TestHttp.Response r = http.put("/api/v1/clients/" + clientId + "/daily-budget", f.agency.token(Role.MAIN),
        new JsonObject().put("dailyBudgetFen", fen));
    assertEquals(200, r.status(), r.toString());
    return r;
  }

  void spend(LiveFixture f, long clientId, long fen) {
    TestHttp.Response r = f.ingest(new JsonArray().add(LiveFixture.eventAt(clientId, fen, clock.instant())));
    assertEquals(200, r.status(), r.toString());
  }

  /** A daily budget of 10,000 fen and 8,000 spent: a budget alert at 80 %. */
  void at80(LiveFixture f, long clientId) {
    budget(f, clientId, 10_000);
    spend(f, clientId, 8_000);
  }

  /** A fixture with one well-funded client whose budget alert is open at 80 %. */
  LiveFixture oneClientAt80() {
    LiveFixture f = fixture(1, 1_000_000);
    at80(f, f.agency.clients.get(0));
    return f;
  }

  /** The alerts GET /alerts answers {@code role} for this query string. */
  JsonArray alerts(LiveFixture f, Role role, String query) {
    TestHttp.Response r = http.get("/api/v1/alerts?" + query, f.agency.token(role));
    assertEquals(200, r.status(), r.toString());
    return r.json().getJsonArray("items");
  }

  /** The one alert of {@code kind} the client has (failing when there is not exactly one). */
  JsonObject only(LiveFixture f, long clientId, String kind) {
    JsonArray items = alerts(f, Role.MAIN, "clientId=" + clientId + "&kind=" + kind);
    assertEquals(1, items.size(), items.encodePrettily());
    return items.getJsonObject(0);
  }

  JsonObject detail(LiveFixture f, Role role, long alertId) {
    TestHttp.Response r = http.get("/api/v1/alerts/" + alertId, f.agency.token(role));
    assertEquals(200, r.status(), r.toString());
    return r.json();
  }

  static List<String> steps(JsonObject detail) {
    return detail.getJsonArray("timeline").stream().map(s -> ((JsonObject) s).getString("step")).toList();
  }

  @Override
  public void close() { beacon.close(); }
}
