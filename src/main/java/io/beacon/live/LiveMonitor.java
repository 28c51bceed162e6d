package io.beacon.live;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs the time-driven alert rules every {@code monitorSeconds}: spend swings and stalls against each
 * client's own baseline (M5), and the budget / balance rules again so a new business day (midnight in
 * the agency's zone) or a quiet client's draining spend rate clears what no longer holds. Drops and
 * stalls are judged only once this process has watched spend for the whole window.
 */
final class LiveMonitor extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(LiveMonitor.class);

  private record CachedBaselines(long hour, Map<Long, AlertRules.Baseline> byClient) {}

  private final LiveCounters counters;
  private final Alerts alerts;
  private final LiveStore store;
  private final Clock clock;
  private final long periodMillis;
  private final long startedAt;
  private final Map<Long, CachedBaselines> baselines = new ConcurrentHashMap<>();
  private long timer = -1;
  private boolean running;

  LiveMonitor(LiveCounters counters, Alerts alerts, LiveStore store, Clock clock, long periodMillis) {
    this.counters = counters;
    this.alerts = alerts;
    this.store = store;
    this.clock = clock;
    this.periodMillis = periodMillis;
    this.startedAt = clock.millis();
  }

  @Override
  public Future<?> start() {
    timer = vertx.setPeriodic(periodMillis, t -> {
      if (running) return;
      running = true;
      runOnce().onComplete(ar -> {
        running = false;
        if (ar.failed()) log.warn("live monitor pass failed", ar.cause());
      });
    });
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    if (timer >= 0) vertx.cancelTimer(timer);
    return Future.succeededFuture();
  }

  Future<Void> runOnce() {
    return store.agencyIds().compose(ids -> {
      Future<Void> chain = Future.succeededFuture();
      for (long agencyId : ids) chain = chain.compose(v -> agency(agencyId).recover(e -> {
        log.warn("live monitor failed for agency {}", agencyId, e);
        return Future.succeededFuture();
      }));
      return chain;
    });
  }

  Future<Void> agency(long agencyId) {
    OffsetDateTime hour = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC).truncatedTo(ChronoUnit.HOURS);
    long watchedMinutes = (clock.millis() - startedAt) / 60_000;
    return Future.all(counters.agencySnapshots(agencyId), alerts.settings(agencyId), baselines(agencyId, hour)).compose(all -> {
      List<ClientSnapshot> snapshots = all.resultAt(0);
      AlertSettings cfg = all.resultAt(1);
      Map<Long, AlertRules.Baseline> base = all.resultAt(2);
      List<Future<Void>> applied = new ArrayList<>();
      for (ClientSnapshot s : snapshots) {
        List<AlertRules.Decision> decisions = new ArrayList<>(AlertRules.money(s, cfg));
        AlertRules.Baseline b = base.getOrDefault(s.clientId(), new AlertRules.Baseline(0, 0));
        for (AlertRules.Decision d : AlertRules.swings(s, cfg, b)) {
          boolean judged = switch (d.kind()) {
            case AlertRules.DROP -> watchedMinutes >= 15;
            case AlertRules.STALL -> watchedMinutes >= cfg.stallMinutes();
            default -> true;
          };
          if (judged) decisions.add(d);
        }
        applied.add(alerts.apply(s, decisions));
      }
      return Future.join(applied).mapEmpty();
    });
  }

  private Future<Map<Long, AlertRules.Baseline>> baselines(long agencyId, OffsetDateTime hour) {
    long h = hour.toEpochSecond();
    CachedBaselines c = baselines.get(agencyId);
    if (c != null && c.hour == h) return Future.succeededFuture(c.byClient);
    return store.baselines(agencyId, hour).map(m -> {
      baselines.put(agencyId, new CachedBaselines(h, m));
      return m;
    });
  }
}
