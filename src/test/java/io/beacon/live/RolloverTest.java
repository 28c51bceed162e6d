package io.beacon.live;

import io.beacon.Beacon;
import io.beacon.TestBeacon;
import io.beacon.TestHttp;
import io.beacon.auth.Role;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RolloverTest {
  /** A clock the test moves. */
  static final class MovableClock extends Clock {
    final AtomicReference<Instant> now;

    MovableClock(Instant start) { now = new AtomicReference<>(start); }

    @Override public ZoneId getZone() { return ZoneOffset.UTC; }

    @Override public Clock withZone(ZoneId zone) { return this; }

    @Override public Instant instant() { return now.get(); }
  }

  @Test
  @DisplayName("the business day rolls over at midnight in the agency's zone: today's figures restart, balances carry over")
  void rollover() {
    LiveFixture f = new LiveFixture(1);
    long c = f.agency.clients.get(0);
    f.fund(c, 10_000, 0, 0);
    // The agency works in New York: 04:50 UTC is 23:50 there (22 Nov 2026 is standard time, UTC-5).
    TestBeacon.shared().platform().pg().preparedQuery("UPDATE agencies SET time_zone = 'America/New_York' WHERE id = $1")
        .execute(Tuple.of(f.agency.id)).await();
    TestBeacon.shared().platform().pg().preparedQuery("UPDATE clients SET daily_budget_fen = 1000 WHERE id = $1")
        .execute(Tuple.of(c)).await();
    Instant beforeMidnight = Instant.parse("2026-11-23T04:50:00Z");
    MovableClock clock = new MovableClock(beforeMidnight);
    Map<String, String> o = new HashMap<>();
    o.put("storage.pgUrl", TestBeacon.shared().platform().engines().pgUrl());
    o.put("storage.redisUrl", TestBeacon.shared().platform().engines().redisUrl());
    try (Beacon b = Beacon.start(TestBeacon.config(o), clock)) {
      TestHttp http = new TestHttp("http://localhost:" + b.port());
      LiveFixture at = new LiveFixture(f, http);
      at.ingest(new JsonArray().add(LiveFixture.eventAt(c, 1000, beforeMidnight.minusSeconds(60))));
      JsonObject live = at.live(c);
      assertEquals("2026-11-22", live.getString("day"));
      assertEquals(1000, live.getLong("spendFen"));
      assertTrue(CountersTest.kinds(live).contains("budget-exhausted"));

      clock.now.set(Instant.parse("2026-11-23T05:05:00Z"));   // 00:05 on the 23rd in New York
      live = at.live(c);
      assertEquals("2026-11-23", live.getString("day"));
      assertEquals(0, live.getLong("spendFen"));
      assertEquals(9_000, live.getLong("cashFen"));

      at.ingest(new JsonArray().add(LiveFixture.eventAt(c, 300, Instant.parse("2026-11-23T05:04:00Z")))
          .add(LiveFixture.eventAt(c, 200, Instant.parse("2026-11-23T04:55:00Z"))));   // a late event of yesterday
      live = at.live(c);
      assertEquals(300, live.getLong("spendFen"));
      assertEquals(8_500, live.getLong("cashFen"));
      assertTrue(!CountersTest.kinds(live).contains("budget-exhausted"), live.encodePrettily());
      assertEquals(300, http.get("/api/v1/live/totals", f.agency.token(Role.MAIN)).json().getLong("spendFen"));
    }
  }
}
