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
 * client's own baseline, and the budget / balance rules again so a new business day (midnight in
 * the agency's zone) or a quiet client's draining spend rate clears what no longer holds. Drops and
 * stalls are judged only once spend has been watched for the whole window: by this process, or — when a
 * simulator back-filled today's traffic itself — since the instant it declared the agency's feed complete
 * ({@link #declareCovered}), so a restart never mistakes its own downtime for stalled clients.
 */
final class LiveMonitor extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(LiveMonitor.class);

  private record CachedBaselines(long hour, Map<Long, AlertRules.Baseline> byClient) {}

  private final LiveCounters counters;
  private final io.vertx.redis.client.RedisAPI redis;
  private final Alerts alerts;
  private final LiveStore store;
  private final Clock clock;
  private final long periodMillis;
  private final long startedAt;
  private final Map<Long, CachedBaselines> baselines = new ConcurrentHashMap<>();
  private long timer = -1;
  private boolean running;

  LiveMonitor(LiveCounters counters, io.vertx.redis.client.RedisAPI redis, Alerts alerts, LiveStore store, Clock clock, long periodMillis) {
    this.counters = counters;
    this.redis = redis;
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
    Future<Long> covered = redis.get(coveredKey(agencyId)).map(r -> r == null ? Long.MAX_VALUE : r.toLong());
    return Future.all(counters.agencySnapshots(agencyId), alerts.settings(agencyId), baselines(agencyId, hour), covered,
        alerts.zone(agencyId)).compose(all -> {
      List<ClientSnapshot> snapshots = all.resultAt(0);
      AlertSettings cfg = all.resultAt(1);
      Map<Long, AlertRules.Baseline> base = all.resultAt(2);
      long since = Math.min(startedAt, all.<Long>resultAt(3));
      long watchedMinutes = Math.max(0, clock.millis() - since) / 60_000;
      List<Future<Void>> applied = new ArrayList<>();
      for (ClientSnapshot s : snapshots) {
        List<AlertRules.Decision> decisions = new ArrayList<>(alerts.moneyRules(s, cfg, all.resultAt(4)));
        AlertRules.Baseline b = base.getOrDefault(s.clientId(), new AlertRules.Baseline(0, 0));
        for (AlertRules.Decision d : AlertRules.swings(s, cfg, b)) {
          boolean judged = switch (d.kind()) {
            case AlertRules.DROP -> watchedMinutes >= 15;
            case AlertRules.STALL -> watchedMinutes >= cfg.stallMinutes();
            default -> true;
          };
          if (judged) decisions.add(d);
        }
        applied.add(alerts.apply(s, decisions, cfg));
      }
      return Future.join(applied).mapEmpty();
    });
  }

  /**
   * Records that the agency's spend feed is complete since {@code sinceMillis} (the simulator sent the
   * traffic of that time itself), so drops and stalls can be judged over it; kept two days. Takes effect
   * at the next minute: the spend windows take in events billed in earlier minutes once a minute.
   */
  static Future<Void> declareCovered(io.vertx.core.Vertx vertx, io.vertx.redis.client.RedisAPI redis, long agencyId, long sinceMillis) {
    long wait = 60_000 - System.currentTimeMillis() % 60_000 + 2_000;
    return vertx.timer(wait).compose(v -> redis.set(List.of(coveredKey(agencyId), Long.toString(sinceMillis), "EX", "172800"))).mapEmpty();
  }

  private static String coveredKey(long agencyId) { return "beacon:feed-covered:" + agencyId; }

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
