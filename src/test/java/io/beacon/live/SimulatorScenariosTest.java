package io.beacon.live;

import io.beacon.Beacon;
import io.beacon.Poll;
import io.beacon.TestBeacon;
import io.beacon.TestHttp;
import io.beacon.auth.Role;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimulatorScenariosTest {
  private static final long TYPICAL_HOURLY_FEN = 30_000;
  private static final int CLIENTS = 18;
  /** Which scripted faults may raise each kind (a burst also surges, a drained balance is also low first). */
  private static final Map<String, Set<TrafficModel.Scenario>> CAUSES = Map.of(
      AlertRules.BUDGET, Set.of(TrafficModel.Scenario.BURN),
      AlertRules.BUDGET_EXHAUSTED, Set.of(TrafficModel.Scenario.BURN),
      AlertRules.LOW_BALANCE, Set.of(TrafficModel.Scenario.LOW_BALANCE, TrafficModel.Scenario.EXHAUST),
      AlertRules.BALANCE_EXHAUSTED, Set.of(TrafficModel.Scenario.EXHAUST),
      AlertRules.FUND_ANOMALY, Set.of(TrafficModel.Scenario.EXHAUST),
      AlertRules.SURGE, Set.of(TrafficModel.Scenario.SURGE, TrafficModel.Scenario.BURN, TrafficModel.Scenario.LOW_BALANCE,
          TrafficModel.Scenario.EXHAUST),
      AlertRules.DROP, Set.of(TrafficModel.Scenario.DROP),
      AlertRules.STALL, Set.of(TrafficModel.Scenario.STALL),
      // spending fast enough that the day's budget would run out before the pacing hour
      AlertRules.PACING, Set.of(TrafficModel.Scenario.BURN, TrafficModel.Scenario.SURGE, TrafficModel.Scenario.LOW_BALANCE,
          TrafficModel.Scenario.EXHAUST));
  /** The kinds traffic faults raise: flapping is made of other alerts opening and clearing, not of a fault. */
  private static final Set<String> SIMULATED = CAUSES.keySet();

  @Test
  @DisplayName("the simulator's scripted faults raise every alert kind, on the scripted clients only, while the rest spend at their typical rate")
  void everyKindFires() throws Exception {
    LiveFixture f = new LiveFixture(CLIENTS);
    var pg = TestBeacon.shared().platform().pg();
    // About noon in the agency's zone whenever the suite runs (far from midnight), and pacing judged against
    // midnight: a surging client's budget then runs out well before it, a typical client's (32 h away) does not.
    int offset = Math.floorMod(12 - Instant.now().atZone(ZoneOffset.UTC).getHour() + 12, 24) - 12;
    ZoneId zone = ZoneOffset.ofHours(offset);
    pg.preparedQuery("UPDATE agencies SET time_zone = $2 WHERE id = $1").execute(Tuple.of(f.agency.id, zone.getId())).await();
    TestHttp.Response paced = TestHttp.shared().put("/api/v1/live/alert-settings", f.agency.token(Role.MAIN),
        new JsonObject().put("pacingBeforeHour", 24));
    assertEquals(200, paced.status(), paced.toString());
    Instant midnight = Instant.now().atZone(zone).toLocalDate().atStartOfDay(zone).toInstant();
    for (int i = 0; i < CLIENTS; i++) f.fund(f.agency.clients.get(i), i < 4 ? 400_000 : 50_000_000, 0, 0);
    // a week of history before today: every client spends 30,000 fen in every hour
    pg.preparedQuery("SELECT ensure_spend_partition(h) FROM (VALUES ($1::timestamptz), ($2::timestamptz)) AS v(h)")
        .execute(Tuple.of(midnight.minusSeconds(8 * 86_400).atOffset(java.time.ZoneOffset.UTC), midnight.atOffset(java.time.ZoneOffset.UTC))).await();
    pg.preparedQuery("""
            INSERT INTO spend_hourly (agency_id, client_id, hour, basis, mode, brand, goal, conversion_event, campaign_id, unit_id, cost_fen)
            SELECT $1, c, h, 'billing', 'search', false, 'leads', 'form', 'hist', 'hist-u', $4
              FROM unnest($2::bigint[]) AS c,
                   generate_series($3::timestamptz - interval '8 days', $3::timestamptz - interval '1 hour', interval '1 hour') AS h""")
        .execute(Tuple.of(f.agency.id, f.agency.clients.toArray(Long[]::new), midnight.atOffset(java.time.ZoneOffset.UTC), TYPICAL_HOURLY_FEN))
        .await();

    Map<String, String> o = new HashMap<>();
    o.put("storage.pgUrl", TestBeacon.shared().platform().engines().pgUrl());
    o.put("storage.redisUrl", TestBeacon.shared().platform().engines().redisUrl());
    o.put("live.monitorSeconds", "1");
    try (Beacon b = Beacon.start(TestBeacon.config(o))) {
      TestHttp http = new TestHttp("http://localhost:" + b.port());
      LiveFixture at = new LiveFixture(f, http);
      MultiMap key = MultiMap.caseInsensitiveMultiMap().add(LiveRoutes.KEY_HEADER, f.key);
      TestHttp.Response listed = http.send(HttpMethod.GET, "/api/v1/ingest/clients", null, null, key);
      assertEquals(200, listed.status(), listed.toString());
      JsonObject first = listed.json().getJsonArray("items").getJsonObject(0);
      assertEquals(TYPICAL_HOURLY_FEN, first.getJsonArray("typicalHourlyFen").getLong(5), first.encode());
      assertEquals(400_000, first.getLong("balanceFen"));
      assertEquals(zone.getId(), listed.json().getString("timeZone"));

      // The simulator started 7 minutes ago: today's last 70 minutes are sent as it would back-fill them.
      long now = System.currentTimeMillis();
      List<TrafficModel.Client> clients = new ArrayList<>();
      listed.json().getJsonArray("items").forEach(c -> clients.add(TrafficModel.Client.fromJson((JsonObject) c)));
      TrafficModel model = new TrafficModel(clients, 42, zone, now - 7 * 60_000);
      for (String body; (body = model.backfill(now - 70 * 60_000, now)) != null; ) assertEquals(200, at.ingest(new JsonArray(body)).status());
      LiveMonitor.declareCovered(b.platform().vertx(), b.platform().redis(), f.agency.id, now - 70 * 60_000).await();

      Map<Long, TrafficModel.Scenario> scriptedAs = new HashMap<>();
      model.scripted().forEach((s, ids) -> {
        assertEquals(TrafficModel.PER_SCENARIO, ids.size(), "clients scripted for " + s);
        ids.forEach(id -> scriptedAs.put(id, s));
      });
      Set<String> kinds = new HashSet<>();
      JsonArray alerts = Poll.last(Duration.ofSeconds(90), () -> {
        TestHttp.Response r = http.get("/api/v1/alerts?limit=200", f.agency.token(Role.MAIN));
        assertEquals(200, r.status(), r.toString());
        return r.json().getJsonArray("items");
      }, items -> items.stream().map(a -> ((JsonObject) a).getString("kind")).collect(java.util.stream.Collectors.toSet()).containsAll(SIMULATED));
      alerts.forEach(a -> kinds.add(((JsonObject) a).getString("kind")));
      assertEquals(SIMULATED, kinds, alerts.encodePrettily());
      for (String kind : SIMULATED) {
        boolean fromItsScenario = alerts.stream().map(a -> (JsonObject) a).filter(a -> kind.equals(a.getString("kind")))
            .anyMatch(a -> CAUSES.get(kind).contains(scriptedAs.get(a.getLong("clientId"))));
        assertTrue(fromItsScenario, kind + " raised by a client scripted for it: " + alerts.encodePrettily());
      }
      for (Object a : alerts) {
        JsonObject alert = (JsonObject) a;
        assertTrue(scriptedAs.containsKey(alert.getLong("clientId")), "alert on a client that was not scripted: " + alert.encode());
      }
      assertTrue(alerts.stream().anyMatch(a -> ((JsonObject) a).getString("kind").equals(AlertRules.BUDGET)
          && Integer.valueOf(95).equals(((JsonObject) a).getInteger("level"))), "the burn passed 95%: " + alerts.encodePrettily());

      // the others spent about their typical hour over the last hour
      for (long client : f.agency.clients) {
        if (scriptedAs.containsKey(client)) continue;
        long hour = at.live(client).getLong("spend60mFen");
        assertTrue(hour > TYPICAL_HOURLY_FEN * 0.7 && hour < TYPICAL_HOURLY_FEN * 1.3, "client " + client + " spent " + hour + " in the last hour");
      }
    }
  }
}
