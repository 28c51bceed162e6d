package io.beacon.live;

import io.beacon.auth.ClientScope;
import io.beacon.platform.ApiException;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.RedisAPI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Budget, balance, swing and stall alerts (M3–M5): one open alert per client and kind, opened when its
 * rule turns on and cleared when it turns off. Which alerts are open is marked in the client's Redis
 * hash ({@code al:<kind>}), claimed with HSETNX / released with HDEL, so any number of instances
 * evaluate the same figures and still open (and clear) each alert once. Alerts are persisted in
 * PostgreSQL, sent durably to the dashboards ({@code alert}, {@code alert-cleared}) and to listeners
 * ({@link #onChange}, e.g. notices).
 */
public final class Alerts {
  private static final Logger log = LoggerFactory.getLogger(Alerts.class);
  private static final String PENDING = "pending";
  private static final long SETTINGS_CACHE_MILLIS = 30_000;

  private record CachedSettings(AlertSettings settings, long until) {}

  private final RedisAPI redis;
  private final LiveBus bus;
  private final AlertStore store;
  private final LiveStore liveStore;
  private final LiveKeys keys;
  private final Clock clock;
  private final MeterRegistry metrics;
  private final List<Consumer<JsonObject>> listeners = new CopyOnWriteArrayList<>();
  private final Map<Long, CachedSettings> settings = new ConcurrentHashMap<>();

  Alerts(RedisAPI redis, LiveBus bus, AlertStore store, LiveStore liveStore, LiveKeys keys, Clock clock, MeterRegistry metrics) {
    this.redis = redis;
    this.bus = bus;
    this.store = store;
    this.liveStore = liveStore;
    this.keys = keys;
    this.clock = clock;
    this.metrics = metrics;
  }

  /** Called with every {@code alert} / {@code alert-cleared} message (the same JSON the dashboards get). */
  public void onChange(Consumer<JsonObject> listener) { listeners.add(listener); }

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

  /** Budget and balance rules over fresh figures. */
  Future<Void> evaluate(long agencyId, List<ClientSnapshot> snapshots) {
    if (snapshots.isEmpty()) return Future.succeededFuture();
    return settings(agencyId).compose(cfg -> {
      List<Future<Void>> all = new ArrayList<>();
      for (ClientSnapshot s : snapshots) all.add(apply(s, AlertRules.money(s, cfg)));
      return Future.join(all).mapEmpty();
    });
  }

  /** Opens, escalates or clears the client's alerts so they match the decisions. */
  Future<Void> apply(ClientSnapshot s, List<AlertRules.Decision> decisions) {
    List<Future<Void>> all = new ArrayList<>();
    for (AlertRules.Decision d : decisions) {
      String marker = s.alerts().get(d.kind());
      boolean pending = marker != null && marker.startsWith(PENDING);
      if (pending && stale(marker)) {
        // An instance died between claiming and recording this alert: take the claim over.
        all.add(d.on() ? open(s, d, true) : redis.hdel(List.of(clientKey(s), "al:" + d.kind())).mapEmpty());
      } else if (d.on() && marker == null) {
        all.add(open(s, d, false));
      } else if (d.on() && !pending && d.level() != levelOf(marker)) {
        all.add(escalate(s, d, idOf(marker)));
      } else if (!d.on() && marker != null && !pending) {
        all.add(clear(s, d, idOf(marker)));
      }
    }
    return all.isEmpty() ? Future.succeededFuture() : Future.join(all).<Void>mapEmpty()
        .onFailure(e -> log.warn("alert update for client {} failed", s.clientId(), e));
  }

  private String clientKey(ClientSnapshot s) { return LiveKeys.client(keys.partition(s.clientId()), s.clientId()); }

  /** A claim older than a minute was never completed. */
  private static boolean stale(String pendingMarker) {
    int colon = pendingMarker.indexOf(':');
    return colon < 0 || System.currentTimeMillis() - Long.parseLong(pendingMarker.substring(colon + 1)) > 60_000;
  }

  private Future<Void> open(ClientSnapshot s, AlertRules.Decision d, boolean takeOver) {
    String key = clientKey(s);
    String field = "al:" + d.kind();
    String claim = PENDING + ":" + System.currentTimeMillis();
    Future<Boolean> claimed = takeOver ? redis.hset(List.of(key, field, claim)).map(true)
        : redis.hsetnx(key, field, claim).map(r -> r.toInteger() == 1);
    return claimed.compose(won -> {
      if (!won) return Future.succeededFuture();
      Integer level = d.level() > 0 ? d.level() : null;
      String cause = AlertRules.cause(d.kind());
      return store.open(s.agencyId(), s.clientId(), d.kind(), cause, level, d.figures().get(), now())
          .compose(opened -> {
            if (opened.isPresent()) return Future.succeededFuture(opened.get()).compose(a -> mark(key, field, a)).compose(a -> publish("alert", a));
            // Open in PostgreSQL already (Redis was rebuilt): adopt it silently.
            return store.openOne(s.agencyId(), s.clientId(), d.kind(), cause)
                .compose(found -> found.isPresent() ? mark(key, field, found.get()).mapEmpty() : redis.hdel(List.of(key, field)).mapEmpty());
          })
          .recover(e -> redis.hdel(List.of(key, field)).transform(x -> Future.failedFuture(e)));
    });
  }

  private Future<Void> escalate(ClientSnapshot s, AlertRules.Decision d, long id) {
    String key = clientKey(s);
    return store.escalate(s.agencyId(), id, d.level(), d.figures().get()).compose(found -> found.isEmpty() ? Future.succeededFuture()
        : mark(key, "al:" + d.kind(), found.get()).compose(a -> publish("alert", a)));
  }

  private Future<Void> clear(ClientSnapshot s, AlertRules.Decision d, long id) {
    String key = clientKey(s);
    return redis.hdel(List.of(key, "al:" + d.kind())).compose(removed -> {
      if (removed.toInteger() == 0) return Future.succeededFuture();
      return store.clear(s.agencyId(), id, d.figures().get(), now())
          .compose(found -> found.isEmpty() ? Future.succeededFuture() : publish("alert-cleared", found.get()));
    });
  }

  /**
   * A fund anomaly finance found (M4: a frozen order, an allocation that failed): opens ({@code open}) or
   * clears the client's fund-anomaly alert of this cause. One open alert per client and cause, kept in
   * PostgreSQL only — finance, not a rule over the live figures, decides when it ends. A failure is
   * logged, never the caller's (the money operation has been answered on its own terms).
   */
  public Future<Void> fundAnomaly(long agencyId, long clientId, String cause, JsonObject figures, boolean open) {
    Future<java.util.Optional<AlertStore.Alert>> changed = open
        ? store.open(agencyId, clientId, AlertRules.FUND_ANOMALY, cause, null, figures, now())
        : store.clear(agencyId, clientId, AlertRules.FUND_ANOMALY, cause, figures, now());
    return changed.compose(a -> a.isEmpty() ? Future.succeededFuture() : publish(open ? "alert" : "alert-cleared", a.get()))
        .recover(e -> {
          log.warn("fund anomaly {} of client {} could not be recorded", cause, clientId, e);
          return Future.succeededFuture();
        });
  }

  private Future<AlertStore.Alert> mark(String key, String field, AlertStore.Alert a) {
    String marker = a.id() + (a.level() == null ? "" : "/" + a.level());
    return redis.hset(List.of(key, field, marker)).map(a);
  }

  private Future<Void> publish(String type, AlertStore.Alert a) {
    JsonObject message = new JsonObject().put("type", type).put("at", clock.instant().toString())
        .put("clientId", a.clientId()).put("alert", a.toJson());
    metrics.counter("beacon_alerts_total", "kind", a.kind(), "change", type).increment();
    for (Consumer<JsonObject> l : listeners) {
      try {
        l.accept(message);
      } catch (RuntimeException e) {
        log.warn("alert listener failed", e);
      }
    }
    return bus.publishDurable(a.agencyId(), message).mapEmpty();
  }

  /** GET /alerts: newest first, {@code cursor} continues after the last item. */
  Future<JsonObject> list(ClientScope scope, AlertStore.Query q) {
    return store.list(scope, q).map(items -> {
      JsonObject page = new JsonObject().put("items", new JsonArray(items.stream().map(AlertStore.Alert::toJson).toList()));
      if (items.size() == q.limit()) page.put("nextCursor", cursor(items.get(items.size() - 1).id()));
      return page;
    });
  }

  Future<JsonObject> ack(ClientScope scope, long id, Long staffId) {
    return store.ack(scope, id, staffId).map(found -> found.orElseThrow(() -> ApiException.notFound("Alert")).toJson());
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
      throw ApiException.invalidField("cursor", "is not a cursor this server gave out");
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
