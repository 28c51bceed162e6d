package io.beacon.live;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Persists every accepted event exactly once. Reads each partition's stream with the consumer
 * group {@value #GROUP}, folds the entries into hourly (billing and conversion time) and daily
 * aggregates, and in ONE PostgreSQL transaction records each entry in {@code live_persisted} and
 * upserts only the entries that were not recorded before. XACK (and XDEL) follow the commit, so a
 * crash in between replays entries whose watermark rows make them no-ops. Entries left pending by a
 * dead instance are claimed after {@code claimIdleMillis}. PostgreSQL down: entries wait in Redis.
 */
final class PersistWorker extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(PersistWorker.class);
  static final String GROUP = "persist";
  private static final int READ_COUNT = 500;
  /**
   * Under load a sweep starts at most this often. A sweep's PostgreSQL work grows with the aggregate rows
   * it touches (client × hour × mode × labels, both bases), which recur batch after batch, not with the
   * events: at 15,000 events/s a sweep every 0.5 s upserted ~7,600 rows each time and the persistence
   * path was half of the machine's CPU (BENCHMARKS.md). Every 2 s it upserts the same rows a quarter as
   * often; the history lags the live counters by at most a few seconds, which nothing reads sooner
   * (today's figures come from Redis). Idle, the streams are polled every 100 ms.
   */
  private static final long BUSY_SWEEP_MILLIS = 2_000;

  private final Redis redis;
  private final PersistStore store;
  private final LiveKeys keys;
  private final long claimIdleMillis;
  private final String consumer = "w-" + UUID.randomUUID().toString().substring(0, 8);
  private final AtomicLong lagMillis = new AtomicLong();
  private final Set<Long> ensuredMonths = new HashSet<>();
  private boolean readOwnPending = true;
  private long lastClaim;
  private long lastPrune;
  private boolean stopped;
  private long timer = -1;

  PersistWorker(Redis redis, PersistStore store, LiveKeys keys, long claimIdleMillis, MeterRegistry metrics) {
    this.redis = redis;
    this.store = store;
    this.keys = keys;
    this.claimIdleMillis = claimIdleMillis;
    metrics.gauge("beacon.persist.lag.seconds", lagMillis, l -> l.get() / 1000.0);
  }

  @Override
  public Future<?> start() {
    List<Request> groups = new ArrayList<>();
    for (int p = 0; p < keys.partitions(); p++) {
      groups.add(Request.cmd(Command.XGROUP).arg("CREATE").arg(LiveKeys.stream(p)).arg(GROUP).arg("0").arg("MKSTREAM"));
    }
    List<Future<Response>> created = groups.stream().map(r -> redis.send(r).recover(e ->
        e.getMessage() != null && e.getMessage().startsWith("BUSYGROUP") ? Future.succeededFuture() : Future.failedFuture(e))).toList();
    return Future.all(created).onSuccess(v -> schedule(0));
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    if (timer >= 0) vertx.cancelTimer(timer);
    return Future.succeededFuture();
  }

  private void schedule(long delay) {
    if (stopped) return;
    if (delay <= 0) {
      context.runOnContext(v -> loop());
    } else {
      timer = vertx.setTimer(delay, t -> loop());
    }
  }

  private void loop() {
    long started = System.currentTimeMillis();
    sweep().onComplete(ar -> {
      if (ar.failed()) {
        log.warn("persisting live events failed; retrying", ar.cause());
        readOwnPending = true;
        schedule(1000);
      } else {
        schedule(ar.result() > 0 ? BUSY_SWEEP_MILLIS - (System.currentTimeMillis() - started) : 100);
      }
    });
  }

  /** One pass over every partition; the number of entries persisted (or found already persisted). */
  Future<Integer> sweep() {
    long now = System.currentTimeMillis();
    Future<Void> claimed = Future.succeededFuture();
    if (now - lastClaim > Math.max(100, claimIdleMillis / 2)) {
      lastClaim = now;
      claimed = claim();
    }
    if (now - lastPrune > 3_600_000) {
      lastPrune = now;
      store.pruneWatermarks(3).onFailure(e -> log.warn("pruning live_persisted failed", e));
    }
    return claimed.compose(v -> read()).compose(this::persist);
  }

  private Future<Void> claim() {
    List<Request> claims = new ArrayList<>();
    for (int p = 0; p < keys.partitions(); p++) {
      claims.add(Request.cmd(Command.XAUTOCLAIM).arg(LiveKeys.stream(p)).arg(GROUP).arg(consumer).arg(claimIdleMillis)
          .arg("0-0").arg("COUNT").arg(READ_COUNT).arg("JUSTID"));
    }
    return redis.batch(claims).map(replies -> {
      for (Response r : replies) if (r != null && r.get(1) != null && r.get(1).size() > 0) readOwnPending = true;
      return null;
    });
  }

  private Future<List<SpendRecord.StreamEntry>> read() {
    String from = readOwnPending ? "0" : ">";
    boolean pendingPass = readOwnPending;
    List<Request> reads = new ArrayList<>();
    for (int p = 0; p < keys.partitions(); p++) {
      reads.add(Request.cmd(Command.XREADGROUP).arg("GROUP").arg(GROUP).arg(consumer).arg("COUNT").arg(READ_COUNT)
          .arg("STREAMS").arg(LiveKeys.stream(p)).arg(from));
    }
    return redis.batch(reads).map(replies -> {
      List<SpendRecord.StreamEntry> entries = new ArrayList<>();
      for (int p = 0; p < replies.size(); p++) {
        Response r = replies.get(p);
        if (r == null) continue;
        Response list = r.isMap() ? r.get(LiveKeys.stream(p)) : r.get(0).get(1);
        if (list == null) continue;
        for (Response e : list) entries.add(SpendRecord.StreamEntry.of(p, e));
      }
      if (pendingPass && entries.isEmpty()) readOwnPending = false;
      return entries;
    });
  }

  private Future<Integer> persist(List<SpendRecord.StreamEntry> entries) {
    if (entries.isEmpty()) {
      lagMillis.set(0);
      return Future.succeededFuture(0);
    }
    long oldest = Long.MAX_VALUE;
    for (SpendRecord.StreamEntry e : entries) oldest = Math.min(oldest, Long.parseLong(e.id().substring(0, e.id().indexOf('-'))));
    lagMillis.set(Math.max(0, System.currentTimeMillis() - oldest));
    return ensurePartitions(entries)
        .compose(v -> store.pool().withTransaction(conn -> store.claim(conn,
                entries.stream().map(SpendRecord.StreamEntry::partition).toList(), entries.stream().map(SpendRecord.StreamEntry::id).toList())
            .compose(fresh -> {
              Map<PersistStore.HourKey, long[]> hourly = new HashMap<>();
              Map<PersistStore.DayKey, long[]> daily = new HashMap<>();
              List<SpendRecord.StreamEntry> records = new ArrayList<>();
              for (SpendRecord.StreamEntry e : entries) if (fresh.contains(e.partition() + ":" + e.id())) records.add(e);
              fold(records, hourly, daily);
              return store.upsertHourly(conn, sorted(hourly, HOUR_ORDER)).compose(x -> store.upsertDaily(conn, sorted(daily, DAY_ORDER)));
            })))
        .compose(v -> ack(entries))
        .map(entries.size());
  }

  // Written out rather than chained Comparator.comparing…: the chained form (lambdas, boxing) was ~13 % of
  // the server's CPU under ingest load (profile in BENCHMARKS.md).
  private static final Comparator<PersistStore.HourKey> HOUR_ORDER = (a, b) -> {
    int c = Long.compare(a.clientId(), b.clientId());
    if (c == 0) c = a.basis().compareTo(b.basis());
    if (c == 0) c = Long.compare(a.hourEpochSecond(), b.hourEpochSecond());
    if (c == 0) c = Integer.compare(a.mode(), b.mode());
    if (c == 0) c = Boolean.compare(a.brand(), b.brand());
    if (c == 0) c = a.goal().compareTo(b.goal());
    if (c == 0) c = a.conversionEvent().compareTo(b.conversionEvent());
    if (c == 0) c = a.campaignId().compareTo(b.campaignId());
    if (c == 0) c = a.unitId().compareTo(b.unitId());
    return c;
  };
  private static final Comparator<PersistStore.DayKey> DAY_ORDER = (a, b) -> {
    int c = Long.compare(a.clientId(), b.clientId());
    if (c == 0) c = a.basis().compareTo(b.basis());
    if (c == 0) c = Long.compare(a.epochDay(), b.epochDay());
    if (c == 0) c = Integer.compare(a.mode(), b.mode());
    if (c == 0) c = Boolean.compare(a.brand(), b.brand());
    return c;
  };

  /** Rows in one order on every instance, so concurrent upserts do not deadlock. */
  private static <K> List<Map.Entry<K, long[]>> sorted(Map<K, long[]> rows, Comparator<K> order) {
    List<Map.Entry<K, long[]>> list = new ArrayList<>(rows.entrySet());
    list.sort(Map.Entry.comparingByKey(order));
    return list;
  }

  /** Adds entries' record lines (see {@link SpendRecord}) to the hourly and daily aggregates. */
  static void fold(List<SpendRecord.StreamEntry> records, Map<PersistStore.HourKey, long[]> hourly, Map<PersistStore.DayKey, long[]> daily) {
    SpendRecord.sumByIdentity(records).forEach((identity, v) -> {
      SpendRecord r = SpendRecord.parse(identity);
      add(hourly.computeIfAbsent(new PersistStore.HourKey(r.agencyId(), r.clientId(), "billing", r.billingHour(), r.mode(), r.brand(),
          r.goal(), r.conversionEvent(), r.campaignId(), r.unitId()), k -> new long[PersistStore.SUMS]), v);
      add(hourly.computeIfAbsent(new PersistStore.HourKey(r.agencyId(), r.clientId(), "conversion", r.conversionHour(), r.mode(), r.brand(),
          r.goal(), r.conversionEvent(), r.campaignId(), r.unitId()), k -> new long[PersistStore.SUMS]), v);
      add(daily.computeIfAbsent(new PersistStore.DayKey(r.agencyId(), r.clientId(), "billing", r.billingDay(), r.mode(), r.brand()),
          k -> new long[PersistStore.SUMS]), v);
      add(daily.computeIfAbsent(new PersistStore.DayKey(r.agencyId(), r.clientId(), "conversion", r.conversionDay(), r.mode(), r.brand()),
          k -> new long[PersistStore.SUMS]), v);
    });
  }

  private static void add(long[] sums, long[] v) {
    for (int j = 0; j < sums.length; j++) sums[j] += v[j];
  }

  /** The monthly spend_hourly partitions the entries need (created once per month per process). */
  private Future<Void> ensurePartitions(List<SpendRecord.StreamEntry> entries) {
    Set<Long> hours = new HashSet<>();
    for (SpendRecord.StreamEntry e : entries) if (e.lines() != null) SpendRecord.hours(e.lines(), hours);
    List<Future<Void>> all = new ArrayList<>();
    for (long h : hours) {
      var month = java.time.YearMonth.from(java.time.Instant.ofEpochSecond(h).atZone(java.time.ZoneOffset.UTC));
      long m = month.getYear() * 12L + month.getMonthValue();
      if (ensuredMonths.add(m)) all.add(store.ensurePartition(h).onFailure(e -> ensuredMonths.remove(m)));
    }
    return Future.all(all).mapEmpty();
  }

  private Future<Void> ack(List<SpendRecord.StreamEntry> entries) {
    Map<Integer, List<String>> byPartition = new HashMap<>();
    for (SpendRecord.StreamEntry e : entries) byPartition.computeIfAbsent(e.partition(), k -> new ArrayList<>()).add(e.id());
    List<Request> acks = new ArrayList<>();
    byPartition.forEach((p, ids) -> {
      Request ack = Request.cmd(Command.XACK).arg(LiveKeys.stream(p)).arg(GROUP);
      Request del = Request.cmd(Command.XDEL).arg(LiveKeys.stream(p));
      for (String id : ids) {
        ack.arg(id);
        del.arg(id);
      }
      acks.add(ack);
      acks.add(del);
    });
    return redis.batch(acks).mapEmpty();
  }
}
