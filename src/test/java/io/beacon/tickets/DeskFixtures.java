package io.beacon.tickets;

import io.beacon.TestAgency;
import io.beacon.TestBeacon;
import io.beacon.auth.Caller;
import io.beacon.auth.Role;
import io.beacon.platform.Platform;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** Shared helpers of the service-desk tests: a clock tests move, callers, the operator key, a valid ticket. */
public final class DeskFixtures {
  private DeskFixtures() {}

  /** A clock that stands still until a test moves it. */
  public static final class MovableClock extends Clock {
    private final AtomicReference<Instant> now;

    public MovableClock(Instant start) { this.now = new AtomicReference<>(start); }

    public void advance(Duration d) { now.updateAndGet(t -> t.plus(d)); }

    public void set(Instant t) { now.set(t); }

    @Override public ZoneId getZone() { return ZoneOffset.UTC; }

    @Override public Clock withZone(ZoneId zone) { return this; }

    @Override public Instant instant() { return now.get(); }
  }

  /** The shared Beacon's platform with another clock (time rules read Platform.clock()). */
  public static Platform platformWith(Clock clock) {
    Platform p = TestBeacon.shared().platform();
    return new Platform(p.vertx(), p.config(), p.engines(), p.pg(), p.redisClient(), p.redis(), p.metrics(), p.contract(), clock);
  }

  /** The caller behind the staff member of {@code role}, as the authentication filter would build it. */
  public static Caller caller(TestAgency agency, Role role) {
    Row r = TestAgency.one(TestBeacon.shared().platform().pg(), """
        SELECT i.id, i.login_id, s.lead_admin, l.account, s.name FROM identities i JOIN staff s ON s.id = i.staff_id
        JOIN logins l ON l.id = i.login_id WHERE i.staff_id = $1""", Tuple.of(agency.staffIds.get(role)));
    return new Caller(r.getLong("login_id"), r.getLong("id"), "test", "test", agency.id, agency.staffIds.get(role), null, null,
        role, r.getBoolean("lead_admin"), r.getString("account"), r.getString("name"));
  }

  public static String operatorKey() {
    String configured = TestBeacon.shared().platform().config().tickets().operatorKey();
    if (configured != null && !configured.isBlank()) return configured;
    return TestAgency.one(TestBeacon.shared().platform().pg(), "SELECT value FROM app_secrets WHERE name = $1",
        Tuple.of("tickets-operator-key")).getString(0);
  }

  public static JsonObject ticket(String title) {
    return new JsonObject().put("category", "delivery_effect").put("title", title).put("unitId", "unit-42")
        .put("occurredFrom", "2026-11-20T08:00:00+08:00").put("occurredTo", "2026-11-20T12:00:00+08:00")
        .put("spendImpactFen", 1_250_000).put("selfCheckResult", "智能诊断: 出价过低")
        .put("description", "消耗突然下降 / spend dropped");
  }
}
