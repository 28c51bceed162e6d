package io.beacon.live;

import io.beacon.auth.ClientScope;
import io.beacon.platform.DomainException.Conflict;
import io.beacon.platform.DomainException.Forbidden;
import io.beacon.platform.DomainException.Invalid;
import io.beacon.platform.DomainException.NotFound;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.RedisAPI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Budget, balance, swing and stall alerts: one open alert per client and kind, opened when its
 * rule turns on and cleared when it turns off. Which alerts are open is marked in the client's Redis
 * hash ({@code al:<kind>}), claimed with HSETNX / released with HDEL, so any number of instances
 * evaluate the same figures and still open (and clear) each alert once. Alerts are persisted in
 * PostgreSQL with a timeline of every step, sent durably to the dashboards ({@code alert},
 * {@code alert-updated}, {@code alert-cleared}) and handed to the people they are with ({@link AlertDelivery}).
 *
 * <p>The life cycle: an open alert goes to the client's dedicated employee (the admins when it has
 * none) and, unless acknowledged or snoozed in time, moves on to the admins and then the main account.
 * A snooze ends at its time or when the condition crosses its next level (a budget threshold, low
 * balance to exhausted), whichever comes first. A cleared alert is held: it reopens only once the figure
 * is a margin past the threshold or some minutes have passed (marker {@code held:<cleared millis>}); a
 * client whose alert kept opening and clearing gets one flapping alert instead (marker
 * {@code flap:<until millis>}).
 */
public final class Alerts {
  private static final Logger log = LoggerFactory.getLogger(Alerts.class);
  private static final String PENDING = "pending";
  private static final String HELD = "held:";
  private static final String FLAP = "flap:";
  private static final long SETTINGS_CACHE_MILLIS = 30_000;
  private static final int DUE_BATCH = 200;
  private static final int MAX_SNOOZE_MINUTES = 7 * 24 * 60;

  private record CachedSettings(AlertSettings settings, long until) {}

  private record CachedZone(ZoneId zone, long until) {}

  private final RedisAPI redis;
  private final LiveBus bus;
  private final AlertStore store;
  private final LiveStore liveStore;
  private final LiveKeys keys;
  private final Clock clock;
  private final MeterRegistry metrics;
  private final AlertPreferenceStore preferences;
  private final Map<Long, CachedSettings> settings = new ConcurrentHashMap<>();
  private final Map<Long, CachedZone> zones = new ConcurrentHashMap<>();
  private final AlertRouting routing;

  Alerts(RedisAPI redis, LiveBus bus, AlertStore store, AlertPreferenceStore preferences, LiveStore liveStore, LiveKeys keys,
         Clock clock, MeterRegistry metrics) {
    this.redis = redis;
    this.preferences = preferences;
    this.bus = bus;
    this.store = store;
    this.liveStore = liveStore;
    this.keys = keys;
    this.clock = clock;
    this.metrics = metrics;
    this.routing = new AlertRouting(store, preferences, liveStore, clock);
  }

  /** Who hands alerts to people (the notices feature, wired once every feature exists). */
  public void deliverWith(AlertDelivery delivery) { routing.deliverWith(delivery); }

  public Future<AlertSettings> settings(long agencyId) {
    CachedSettings c = settings.get(agencyId);
    if (c != null && c.until > System.currentTimeMillis()) return Future.succeededFuture(c.settings);
    return liveStore.agencySettings(agencyId).map(doc -> {
      AlertSettings s = AlertSettings.from(doc.getJsonObject("alerts"));
      settings.put(agencyId, new CachedSettings(s, System.currentTimeMillis() + SETTINGS_CACHE_MILLIS));
      return s;
    });
  }

  Future<AlertSettings> putSettings(long agencyId, JsonObject body) {
    return settings(agencyId).compose(current -> {
      AlertSettings next = AlertSettings.validate(current, body);
      return liveStore.putAgencySetting(agencyId, "alerts", next.toJson()).map(v -> {
        settings.put(agencyId, new CachedSettings(next, System.currentTimeMillis() + SETTINGS_CACHE_MILLIS));
        return next;
      });
    });
  }

  /** The agency's time zone (pacing is judged against its midnight), cached like the settings. */
  Future<ZoneId> zone(long agencyId) {
    CachedZone c = zones.get(agencyId);
    if (c != null && c.until > System.currentTimeMillis()) return Future.succeededFuture(c.zone);
    return liveStore.agencyZone(agencyId).map(zone -> {
      zones.put(agencyId, new CachedZone(zone, System.currentTimeMillis() + SETTINGS_CACHE_MILLIS));
      return zone;
    });
  }

  /** Budget, balance and pacing rules over fresh figures. */
  Future<Void> evaluate(long agencyId, List<ClientSnapshot> snapshots) {
    if (snapshots.isEmpty()) return Future.succeededFuture();
    return Future.all(settings(agencyId), zone(agencyId)).compose(rules -> {
      AlertSettings cfg = rules.resultAt(0);
      ZoneId zone = rules.resultAt(1);
      List<Future<Void>> all = new ArrayList<>();
      for (ClientSnapshot s : snapshots) all.add(apply(s, moneyRules(s, cfg, zone), cfg));
      return Future.join(all).mapEmpty();
    });
  }

  /** The rules over a client's money: budget and balance, and pacing at the current time in the agency's zone. */
  List<AlertRules.Decision> moneyRules(ClientSnapshot s, AlertSettings cfg, ZoneId zone) {
    List<AlertRules.Decision> out = new ArrayList<>(AlertRules.money(s, cfg));
    out.add(AlertRules.pacing(s, cfg, clock.instant().atZone(zone)));
    return out;
  }

  /** Opens, raises or clears the client's alerts so they match the decisions. */
  Future<Void> apply(ClientSnapshot s, List<AlertRules.Decision> decisions, AlertSettings cfg) {
    List<Future<Void>> all = new ArrayList<>();
    long nowMillis = clock.millis();
    for (AlertRules.Decision d : decisions) {
      String marker = s.alerts().get(d.kind());
      boolean pending = marker != null && marker.startsWith(PENDING);
      boolean held = marker != null && (marker.startsWith(HELD) || marker.startsWith(FLAP));
      if (pending && stale(marker)) {
        // An instance died between claiming and recording this alert: take the claim over.
        all.add(d.on() ? open(s, d, cfg, true) : redis.hdel(List.of(clientKey(s), "al:" + d.kind())).mapEmpty());
      } else if (held) {
        if (d.on() && released(marker, d, cfg, nowMillis)) all.add(open(s, d, cfg, true));
        else if (!d.on() && holdOver(marker, cfg, nowMillis)) all.add(redis.hdel(List.of(clientKey(s), "al:" + d.kind())).mapEmpty());
      } else if (d.on() && marker == null) {
        all.add(open(s, d, cfg, false));
      } else if (d.on() && !pending && d.level() != levelOf(marker)) {
        all.add(raiseLevel(s, d, cfg, idOf(marker)));
      } else if (!d.on() && marker != null && !pending) {
        all.add(clear(s, d, idOf(marker)));
      }
    }
    return all.isEmpty() ? Future.succeededFuture() : Future.join(all).<Void>mapEmpty()
        .onFailure(e -> log.warn("alert update for client {} failed", s.clientId(), e));
  }

  /** Whether a held kind may open again: past the threshold by the margin, or the hold has run out. */
  private static boolean released(String marker, AlertRules.Decision d, AlertSettings cfg, long nowMillis) {
    long since = Long.parseLong(marker.substring(marker.indexOf(':') + 1));
    if (marker.startsWith(FLAP)) return nowMillis >= since;
    return d.overshootPct() >= cfg.hysteresisPct() || nowMillis - since >= cfg.hysteresisMinutes() * 60_000L;
  }

  /** A hold nothing needs any more (the condition is off and the hold has run out). */
  private static boolean holdOver(String marker, AlertSettings cfg, long nowMillis) {
    long since = Long.parseLong(marker.substring(marker.indexOf(':') + 1));
    return marker.startsWith(FLAP) ? nowMillis >= since : nowMillis - since >= cfg.hysteresisMinutes() * 60_000L;
  }

  private String clientKey(ClientSnapshot s) { return LiveKeys.client(keys.partition(s.clientId()), s.clientId()); }

  /** A claim older than a minute was never completed. */
  private static boolean stale(String pendingMarker) {
    int colon = pendingMarker.indexOf(':');
    return colon < 0 || System.currentTimeMillis() - Long.parseLong(pendingMarker.substring(colon + 1)) > 60_000;
  }

  private Future<Void> open(ClientSnapshot s, AlertRules.Decision d, AlertSettings cfg, boolean takeOver) {
    String key = clientKey(s);
    String field = "al:" + d.kind();
    String claim = PENDING + ":" + System.currentTimeMillis();
    Future<Boolean> claimed = takeOver ? redis.hset(List.of(key, field, claim)).map(true)
        : redis.hsetnx(key, field, claim).map(r -> r.toInteger() == 1);
    return claimed.compose(won -> {
      if (!won) return Future.succeededFuture();
      String cause = AlertRules.cause(d.kind());
      OffsetDateTime now = now();
      return store.openedSince(s.agencyId(), s.clientId(), d.kind(), cause, now.minusHours(1)).compose(cycles -> {
        if (cycles >= cfg.flapCycles()) return flapping(s, d, cfg, cycles, key, field);
        Integer level = d.level() > 0 ? d.level() : null;
        return store.open(s.agencyId(), s.clientId(), d.kind(), cause, level, d.figures().get(), now, cfg.escalationMinutes(d.kind()))
            .compose(opened -> {
              if (opened.isPresent()) {
                return mark(key, field, opened.get()).compose(a -> publish("alert", a))
                    .compose(a -> routing.route(a, false).compose(v -> rearmBelow(a, cfg)));
              }
              // Open in PostgreSQL already (Redis was rebuilt): adopt it silently.
              return store.openOne(s.agencyId(), s.clientId(), d.kind(), cause)
                  .compose(found -> found.isPresent() ? mark(key, field, found.get()).mapEmpty() : redis.hdel(List.of(key, field)).mapEmpty());
            });
      }).recover(e -> redis.hdel(List.of(key, field)).transform(x -> Future.failedFuture(e)));
    });
  }

  /**
   * The kind kept opening and clearing: instead of another alert, one flapping alert for the client (cause:
   * the kind), and the kind stays quiet for an hour.
   */
  private Future<Void> flapping(ClientSnapshot s, AlertRules.Decision d, AlertSettings cfg, int cycles, String key, String field) {
    OffsetDateTime now = now();
    JsonObject figures = new JsonObject().put("flappingKind", d.kind()).put("openingsLastHour", cycles)
        .put("flapCycles", cfg.flapCycles()).put("figures", d.figures().get());
    return redis.hset(List.of(key, field, FLAP + now.plusHours(1).toInstant().toEpochMilli()))
        .compose(v -> store.open(s.agencyId(), s.clientId(), AlertRules.FLAPPING, d.kind(), null, figures, now,
            cfg.escalationMinutes(AlertRules.FLAPPING)))
        .compose(opened -> opened.isEmpty() ? Future.succeededFuture()
            : publish("alert", opened.get()).compose(a -> routing.route(a, false)));
  }

  /** The condition crossed into its next level: an acknowledged or snoozed alert of the level below re-arms. */
  private Future<Void> rearmBelow(AlertStore.Alert opened, AlertSettings cfg) {
    List<Future<Void>> all = new ArrayList<>();
    AlertRules.NEXT_LEVEL.forEach((below, next) -> {
      if (!next.equals(opened.kind())) return;
      all.add(store.openOne(opened.agencyId(), opened.clientId(), below, "").compose(found -> found.isEmpty() ? Future.succeededFuture()
          : rearmed(store.rearm(opened.agencyId(), found.get().id(), new JsonObject().put("because", "next-level")
              .put("kind", opened.kind()).put("alertId", opened.id()), now(), cfg.escalationMinutes(below), false))));
    });
    return Future.join(all).mapEmpty();
  }

  private Future<Void> rearmed(Future<Optional<AlertStore.Alert>> change) {
    return change.compose(a -> a.isEmpty() ? Future.succeededFuture()
        : publish("alert-updated", a.get()).compose(x -> routing.route(x, false)));
  }

  private Future<Void> raiseLevel(ClientSnapshot s, AlertRules.Decision d, AlertSettings cfg, long id) {
    String key = clientKey(s);
    return store.raiseLevel(s.agencyId(), id, d.level(), d.figures().get(), now(), cfg.escalationMinutes(d.kind()))
        .compose(found -> found.isEmpty() ? Future.succeededFuture()
            : mark(key, "al:" + d.kind(), found.get()).compose(a -> publish("alert", a)).compose(a -> routing.route(a, false)));
  }

  private Future<Void> clear(ClientSnapshot s, AlertRules.Decision d, long id) {
    String key = clientKey(s);
    String field = "al:" + d.kind();
    return redis.hdel(List.of(key, field)).compose(removed -> {
      if (removed.toInteger() == 0) return Future.succeededFuture();
      return redis.hsetnx(key, field, HELD + clock.millis())
          .compose(v -> store.clear(s.agencyId(), id, d.figures().get(), now()))
          .compose(found -> found.isEmpty() ? Future.succeededFuture() : publish("alert-cleared", found.get()).mapEmpty());
    });
  }

  /**
   * A fund anomaly finance found (a frozen order, an allocation that failed): opens ({@code open}) or
   * clears the client's fund-anomaly alert of this cause. One open alert per client and cause, kept in
   * PostgreSQL only — finance, not a rule over the live figures, decides when it ends. A failure is
   * logged, never the caller's (the money operation has been answered on its own terms).
   */
  public Future<Void> fundAnomaly(long agencyId, long clientId, String cause, JsonObject figures, boolean open) {
    Future<Void> changed = open
        ? settings(agencyId).compose(cfg -> store.open(agencyId, clientId, AlertRules.FUND_ANOMALY, cause, null, figures, now(),
            cfg.escalationMinutes(AlertRules.FUND_ANOMALY)))
            .compose(a -> a.isEmpty() ? Future.succeededFuture() : publish("alert", a.get()).compose(x -> routing.route(x, false)))
        : store.clear(agencyId, clientId, AlertRules.FUND_ANOMALY, cause, figures, now())
            .compose(a -> a.isEmpty() ? Future.succeededFuture() : publish("alert-cleared", a.get()).mapEmpty());
    return changed.recover(e -> {
      log.warn("fund anomaly {} of client {} could not be recorded", cause, clientId, e);
      return Future.succeededFuture();
    });
  }

  private Future<AlertStore.Alert> mark(String key, String field, AlertStore.Alert a) {
    String marker = a.id() + (a.level() == null ? "" : "/" + a.level());
    return redis.hset(List.of(key, field, marker)).map(a);
  }

  private Future<AlertStore.Alert> publish(String type, AlertStore.Alert a) {
    JsonObject message = new JsonObject().put("type", type).put("at", clock.instant().toString())
        .put("clientId", a.clientId()).put("alert", a.toJson());
    metrics.counter("beacon.alerts", "kind", a.kind(), "change", type).increment();
    return bus.publishDurable(a.agencyId(), message).map(a);
  }

  /**
   * The time rules, run every few seconds by each instance (each change happens once): snoozes that
   * ended re-arm, alerts nobody acknowledged in time move to the next people, and flapping alerts end
   * after an hour.
   */
  Future<Void> runDue() {
    OffsetDateTime now = now();
    return store.snoozesEnded(now, DUE_BATCH)
        .compose(due -> each(due, a -> settings(a.agencyId()).compose(cfg -> rearmed(store.rearm(a.agencyId(), a.id(),
            new JsonObject().put("because", "snooze-ended").put("snoozedUntil", a.snoozedUntil().toInstant().toString()),
            now, cfg.escalationMinutes(a.kind()), true)))))
        .compose(v -> store.escalationsDue(now, DUE_BATCH))
        .compose(due -> each(due, a -> escalate(a, now)))
        .compose(v -> store.flappingDone(now.minusHours(1), DUE_BATCH))
        .compose(due -> each(due, a -> store.clear(a.agencyId(), a.id(), new JsonObject().put("flappingKind", a.cause())
            .put("quietMinutes", 60), now).compose(c -> c.isEmpty() ? Future.succeededFuture() : publish("alert-cleared", c.get()).mapEmpty())));
  }

  /**
   * Moves the alert to the next people. Those in their quiet hours are passed by (unless the alert is
   * critical); when nobody of a step is left, it moves on at once to the step after.
   */
  private Future<Void> escalate(AlertStore.Alert a, OffsetDateTime now) {
    int at = AlertStore.STEPS.indexOf(a.escalationStep());
    if (at < 0 || at == AlertStore.STEPS.size() - 1) return Future.succeededFuture();
    String next = AlertStore.STEPS.get(at + 1);
    boolean last = at + 1 == AlertStore.STEPS.size() - 1;
    boolean critical = AlertRules.CRITICAL.contains(a.kind());
    return Future.all(settings(a.agencyId()), store.recipients(a.agencyId(), a.clientId(), next)
        .compose(people -> routing.reach(a.agencyId(), a.kind(), people))).compose(all -> {
      AlertSettings cfg = all.resultAt(0);
      List<AlertRouting.Reach> people = all.resultAt(1);
      List<AlertRouting.Reach> awake = people.stream().filter(r -> critical || !r.quiet()).toList();
      OffsetDateTime nextAt = last ? null : awake.isEmpty() ? now : now.plusMinutes(cfg.escalationMinutes(a.kind()));
      JsonObject detail = new JsonObject().put("from", a.escalationStep()).put("to", next)
          .put("people", new JsonArray(awake.stream().map(r -> r.who().toJson()).toList()))
          .put("skipped", new JsonArray(people.stream().filter(r -> !awake.contains(r))
              .map(r -> r.who().toJson().put("why", "quiet-hours")).toList()));
      return store.escalate(a.agencyId(), a.id(), a.escalationStep(), next, nextAt, detail, now)
          .compose(moved -> moved.isEmpty() ? Future.succeededFuture() : publish("alert-updated", moved.get())
              .compose(x -> routing.handOver(x, awake, true).compose(v -> awake.isEmpty() ? escalate(x, now) : Future.succeededFuture())));
    });
  }

  private static <T> Future<Void> each(List<T> items, Function<T, Future<Void>> work) {
    Future<Void> chain = Future.succeededFuture();
    for (T item : items) {
      chain = chain.compose(v -> work.apply(item).recover(e -> {
        log.warn("alert time rule failed for {}", item, e);
        return Future.succeededFuture();
      }));
    }
    return chain;
  }

  /** GET /alerts: newest first, {@code cursor} continues after the last item. */
  Future<JsonObject> list(ClientScope scope, AlertStore.Query q) {
    return store.list(scope, q).map(items -> {
      JsonObject page = new JsonObject().put("items", new JsonArray(items.stream().map(AlertStore.Alert::toJson).toList()));
      if (items.size() == q.limit()) page.put("nextCursor", cursor(items.get(items.size() - 1).id()));
      return page;
    });
  }

  /** The newest open alerts {@code scope} sees (a read-only wall board's feed). */
  public Future<JsonObject> open(ClientScope scope, int limit) {
    return list(scope, new AlertStore.Query("open", null, null, null, null, null, null, null, limit));
  }

  /** Acknowledges (once; a repeat answers the alert as it is); it stops moving on to other people. */
  Future<JsonObject> ack(ClientScope scope, long id, Long staffId, JsonObject body) {
    String reason = reason(body, false);
    return store.ack(scope, id, staffId, reason, now()).compose(changed -> changed.isPresent()
            ? publish("alert-updated", changed.get())
            : store.get(scope, id).map(found -> found.orElseThrow(() -> new NotFound("Alert"))))
        .map(AlertStore.Alert::toJson);
  }

  /**
   * Snoozes an open alert for {@code minutes} or {@code until} a time (at most a week), with a reason.
   * A cleared alert answers 409.
   */
  Future<JsonObject> snooze(ClientScope scope, long id, Long staffId, JsonObject body) {
    String reason = reason(body, true);
    OffsetDateTime now = now();
    OffsetDateTime until = snoozeUntil(body, now);
    return store.snooze(scope, id, staffId, until, reason, now).compose(changed -> changed.isPresent()
            ? publish("alert-updated", changed.get())
            : store.get(scope, id).map(found -> {
              if (found.isEmpty()) throw new NotFound("Alert");
              throw new Conflict("alert-cleared", "A cleared alert cannot be snoozed");
            }))
        .map(AlertStore.Alert::toJson);
  }

  /** A fix of the alert's cause, in its timeline with who did it; the dashboards hear of it. Answers the alert as it is now. */
  Future<JsonObject> fixed(ClientScope scope, long agencyId, long alertId, Long staffId, JsonObject detail) {
    return store.record(agencyId, alertId, "fixed", staffId, detail, now())
        .compose(v -> store.get(scope, alertId))
        .compose(a -> a.isEmpty() ? Future.failedFuture(new NotFound("Alert")) : publish("alert-updated", a.get()))
        .map(AlertStore.Alert::toJson);
  }

  /** The alert as it is now. */
  Future<JsonObject> current(ClientScope scope, long alertId) {
    return store.get(scope, alertId).map(a -> a.orElseThrow(() -> new NotFound("Alert")).toJson());
  }

  /** One alert with its timeline. */
  Future<JsonObject> detail(ClientScope scope, long id) {
    return store.get(scope, id).compose(found -> {
      AlertStore.Alert a = found.orElseThrow(() -> new NotFound("Alert"));
      return store.timeline(a.agencyId(), a.id())
          .map(steps -> a.toJson().put("timeline", new JsonArray(steps.stream().map(AlertStore.Step::toJson).toList())));
    });
  }

  /** The caller's alert preferences, with the agency's zone (in which quiet hours are read). */
  Future<JsonObject> preferences(long agencyId, Long staffId) {
    long staff = staffOnly(staffId);
    return Future.all(preferences.of(agencyId, List.of(staff)), liveStore.agencyZone(agencyId)).map(all -> all.<Map<Long, AlertPreferences>>resultAt(0)
        .getOrDefault(staff, AlertPreferences.DEFAULTS).toJson().put("timeZone", all.<ZoneId>resultAt(1).getId()));
  }

  Future<JsonObject> putPreferences(long agencyId, Long staffId, JsonObject body) {
    long staff = staffOnly(staffId);
    AlertPreferences p = AlertPreferences.validate(body);
    return preferences.put(agencyId, staff, p, now()).compose(v -> preferences(agencyId, staff));
  }

  private static long staffOnly(Long staffId) {
    if (staffId == null) throw new Forbidden("Alert preferences are for agency staff");
    return staffId;
  }

  private static String reason(JsonObject body, boolean required) {
    Object r = body == null ? null : body.getValue("reason");
    if (r == null && !required) return null;
    if (!(r instanceof String s) || s.isBlank() || s.length() > 500) {
      throw new Invalid("reason", required ? "say why, in 1 to 500 characters" : "must be 1 to 500 characters");
    }
    return s.strip();
  }

  private static OffsetDateTime snoozeUntil(JsonObject body, OffsetDateTime now) {
    Object minutes = body.getValue("minutes");
    Object until = body.getValue("until");
    if ((minutes == null) == (until == null)) throw new Invalid("minutes", "give either minutes or until");
    if (minutes != null) {
      if (!(minutes instanceof Number n) || n.doubleValue() != n.longValue() || n.longValue() < 1 || n.longValue() > MAX_SNOOZE_MINUTES) {
        throw new Invalid("minutes", "must be a whole number from 1 to " + MAX_SNOOZE_MINUTES);
      }
      return now.plusMinutes(n.longValue());
    }
    OffsetDateTime t;
    try {
      t = OffsetDateTime.parse(String.valueOf(until));
    } catch (DateTimeParseException e) {
      throw new Invalid("until", "must be an ISO-8601 date-time with offset");
    }
    if (!t.isAfter(now) || t.isAfter(now.plusMinutes(MAX_SNOOZE_MINUTES))) {
      throw new Invalid("until", "must be in the future, at most a week from now");
    }
    return t;
  }

  Future<JsonArray> openFor(ClientScope scope, long clientId) {
    return store.openForClient(scope, clientId).map(list -> new JsonArray(list.stream().map(AlertStore.Alert::toJson).toList()));
  }

  static String cursor(long id) { return Base64.getUrlEncoder().withoutPadding().encodeToString(("a" + id).getBytes()); }

  static Long fromCursor(String cursor) {
    if (cursor == null) return null;
    try {
      String s = new String(Base64.getUrlDecoder().decode(cursor));
      if (!s.startsWith("a")) throw new IllegalArgumentException();
      return Long.parseLong(s.substring(1));
    } catch (IllegalArgumentException e) {
      throw new Invalid("cursor", "is not a cursor this server gave out");
    }
  }

  private OffsetDateTime now() { return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC); }

  private static long idOf(String marker) {
    int slash = marker.indexOf('/');
    return Long.parseLong(slash < 0 ? marker : marker.substring(0, slash));
  }

  private static int levelOf(String marker) {
    int slash = marker.indexOf('/');
    return slash < 0 ? 0 : Integer.parseInt(marker.substring(slash + 1));
  }
}
