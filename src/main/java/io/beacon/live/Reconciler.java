package io.beacon.live;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Compares each client's today figures in Redis with PostgreSQL truth: spend_daily plus the stream
 * entries not persisted yet. Events in flight make a single measurement move, so it measures
 * twice; a difference that is the same both times is drift. Drift is reported (metric
 * {@code beacon_reconcile_drift_fen}, log, API) and, when asked, repaired by setting the Redis figures
 * to the truth with a compare-and-set script.
 */
final class Reconciler {
  private static final Logger log = LoggerFactory.getLogger(Reconciler.class);
  private static final long SECOND_LOOK_MILLIS = 1500;

  private final Vertx vertx;
  private final Redis redis;
  private final LiveCounters counters;
  private final LiveStore store;
  private final LiveScripts scripts;
  private final LiveKeys keys;
  private final AtomicLong driftGauge = new AtomicLong();

  Reconciler(Vertx vertx, Redis redis, LiveCounters counters, LiveStore store, LiveScripts scripts, LiveKeys keys, MeterRegistry metrics) {
    this.vertx = vertx;
    this.redis = redis;
    this.counters = counters;
    this.store = store;
    this.scripts = scripts;
    this.keys = keys;
    metrics.gauge("beacon.reconcile.drift.fen", driftGauge);
  }

  /** One measurement per client: Redis spend, and truth (persisted + pending) as s sp sb m0..m3 i k v. */
  private record Measure(long redisSpend, long[] truth) {}

  Future<JsonObject> reconcile(long agencyId, boolean repair) {
    return counters.zoneOf(agencyId).compose(zone -> {
      long today = counters.today(zone);
      return measure(agencyId, today).compose(first -> {
        if (first.values().stream().allMatch(m -> m.redisSpend() == m.truth()[0])) return Future.succeededFuture(report(agencyId, today, first, Map.of(), 0));
        Promise<Void> later = Promise.promise();
        vertx.setTimer(SECOND_LOOK_MILLIS, t -> later.complete());
        return later.future().compose(v -> measure(agencyId, today)).compose(second -> {
          Map<Long, Measure> stable = new HashMap<>();
          second.forEach((id, m) -> {
            Measure f = first.get(id);
            long drift = m.redisSpend() - m.truth()[0];
            if (drift != 0 && f != null && f.redisSpend() - f.truth()[0] == drift) stable.put(id, m);
          });
          if (!repair || stable.isEmpty()) return Future.succeededFuture(report(agencyId, today, second, stable, 0));
          return repair(agencyId, today, stable).map(n -> report(agencyId, today, second, stable, n));
        });
      });
    });
  }

  private JsonObject report(long agencyId, long today, Map<Long, Measure> all, Map<Long, Measure> drifting, int repaired) {
    JsonArray items = new JsonArray();
    long total = 0;
    for (Map.Entry<Long, Measure> e : drifting.entrySet()) {
      long drift = e.getValue().redisSpend() - e.getValue().truth()[0];
      total += Math.abs(drift);
      items.add(new JsonObject().put("clientId", e.getKey()).put("redisSpendFen", e.getValue().redisSpend())
          .put("postgresSpendFen", e.getValue().truth()[0]).put("driftFen", drift));
    }
    driftGauge.set(total);
    if (total != 0) log.warn("live counters of agency {} drift from PostgreSQL by {} fen over {} clients ({} repaired)", agencyId, total, items.size(), repaired);
    return new JsonObject().put("agencyId", agencyId).put("day", LocalDate.ofEpochDay(today).toString())
        .put("clients", all.size()).put("driftFen", total).put("drifting", items).put("repaired", repaired);
  }

  private Future<Map<Long, Measure>> measure(long agencyId, long today) {
    return pendingEntries().compose(entries -> {
      List<Integer> parts = new ArrayList<>();
      List<String> ids = new ArrayList<>();
      entries.forEach(e -> {
        parts.add(e.partition());
        ids.add(e.id());
      });
      Future<Set<String>> done = ids.isEmpty() ? Future.succeededFuture(Set.of()) : store.persisted(parts, ids);
      return Future.all(done, store.persistedDay(agencyId, LocalDate.ofEpochDay(today)), counters.agencySnapshots(agencyId)).map(all -> {
        Set<String> persisted = all.resultAt(0);
        Map<Long, long[]> truth = all.resultAt(1);
        List<ClientSnapshot> snapshots = all.resultAt(2);
        List<SpendRecord.StreamEntry> pending = new ArrayList<>();
        for (SpendRecord.StreamEntry e : entries) if (!persisted.contains(e.partition() + ":" + e.id())) pending.add(e);
        SpendRecord.sumByIdentity(pending).forEach((identity, v) -> {
          SpendRecord r = SpendRecord.parse(identity);
          if (r.agencyId() != agencyId || r.billingDay() != today) return;
          LiveStore.addToday(truth.computeIfAbsent(r.clientId(), k -> new long[10]), EventBatch.MODES[r.mode()], r.brand(),
              v[SpendRecord.COST], v[SpendRecord.IMPRESSIONS], v[SpendRecord.CLICKS], v[SpendRecord.CONVERSIONS]);
        });
        Map<Long, Measure> out = new HashMap<>();
        for (ClientSnapshot s : snapshots) {
          out.put(s.clientId(), new Measure(s.spendFen(), truth.getOrDefault(s.clientId(), new long[10])));
        }
        return out;
      });
    });
  }

  /** Every entry still in the partition streams (not persisted, or persisted but not yet acknowledged). */
  private Future<List<SpendRecord.StreamEntry>> pendingEntries() {
    List<Request> ranges = new ArrayList<>();
    for (int p = 0; p < keys.partitions(); p++) ranges.add(Request.cmd(Command.XRANGE).arg(LiveKeys.stream(p)).arg("-").arg("+"));
    return redis.batch(ranges).map(replies -> {
      List<SpendRecord.StreamEntry> out = new ArrayList<>();
      for (int p = 0; p < replies.size(); p++) {
        for (Response e : replies.get(p)) out.add(SpendRecord.StreamEntry.of(p, e));
      }
      return out;
    });
  }

  private Future<Integer> repair(long agencyId, long today, Map<Long, Measure> drifting) {
    List<Request> fixes = new ArrayList<>();
    drifting.forEach((clientId, m) -> {
      int p = keys.partition(clientId);
      Request r = scripts.request(LiveScripts.Script.REPAIR_CLIENT, 2)
          .arg(LiveKeys.client(p, clientId)).arg(LiveKeys.agency(p, agencyId)).arg(today).arg(m.redisSpend());
      for (long v : m.truth()) r.arg(v);
      fixes.add(r);
    });
    return scripts.batch(fixes).map(replies -> (int) replies.stream().filter(r -> r.toInteger() == 1).count());
  }
}
