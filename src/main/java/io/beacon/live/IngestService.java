package io.beacon.live;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Applies ingest batches (M1, M2): validate, resolve clients (another agency's client is rejected like
 * an unknown one), split by partition, and run one {@code apply_events} script per partition, all
 * pipelined. The result is known — and the events durable in Redis — before the caller answers.
 */
final class IngestService {
  /** Dedupe sets outlive the ingest window. */
  private static final long DEDUPE_TTL_SECONDS = EventBatch.WINDOW_SECONDS + 2 * 3600;
  private static final int EVENT_ARGS = 11;

  /** The outcome of one batch, and the figures it moved. */
  record Result(int accepted, int duplicates, List<JsonObject> rejected, List<ClientSnapshot> touched) {
    JsonObject toJson() {
      return new JsonObject().put("accepted", accepted).put("duplicates", duplicates).put("rejected", new JsonArray(rejected));
    }
  }

  private final LiveKeys keys;
  private final LiveScripts scripts;
  private final ClientDirectory directory;
  private final LiveCounters counters;
  private final Clock clock;
  private final Counter acceptedCount;
  private final Counter duplicateCount;
  private final Counter rejectedCount;
  private final Timer batchTimer;

  IngestService(LiveKeys keys, LiveScripts scripts, ClientDirectory directory, LiveCounters counters, Clock clock, MeterRegistry metrics) {
    this.keys = keys;
    this.scripts = scripts;
    this.directory = directory;
    this.counters = counters;
    this.clock = clock;
    this.acceptedCount = metrics.counter("beacon_ingest_events_total", "result", "accepted");
    this.duplicateCount = metrics.counter("beacon_ingest_events_total", "result", "duplicate");
    this.rejectedCount = metrics.counter("beacon_ingest_events_total", "result", "rejected");
    this.batchTimer = Timer.builder("beacon_ingest_batch_seconds").description("ingest batch: parse to durable in Redis")
        .publishPercentiles(0.5, 0.99).register(metrics);
  }

  Future<Result> ingest(long agencyId, Buffer body, boolean ndjson) {
    long t0 = System.nanoTime();
    EventBatch b;
    try {
      b = EventBatch.parse(body, ndjson, clock.millis() / 1000);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    Set<Long> ids = new HashSet<>();
    for (int s = 0; s < b.size; s++) ids.add(b.clientId[s]);
    return directory.lookup(ids).compose(found -> apply(agencyId, b, found)).onSuccess(r -> {
      acceptedCount.increment(r.accepted());
      duplicateCount.increment(r.duplicates());
      rejectedCount.increment(r.rejected().size());
      batchTimer.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
    });
  }

  private Future<Result> apply(long agencyId, EventBatch b, Map<Long, LiveStore.ClientInfo> found) {
    int partitions = keys.partitions();
    int[] counts = new int[partitions];
    int[] partOf = new int[b.size];
    for (int s = 0; s < b.size; s++) {
      LiveStore.ClientInfo info = found.get(b.clientId[s]);
      if (info == null || info.agencyId() != agencyId) {
        b.rejectSlot(s, "clientId", "is not a client of this agency");
        partOf[s] = -1;
      } else {
        partOf[s] = keys.partition(b.clientId[s]);
        counts[partOf[s]]++;
      }
    }
    int[][] slots = new int[partitions][];
    for (int p = 0; p < partitions; p++) if (counts[p] > 0) slots[p] = new int[counts[p]];
    int[] fill = new int[partitions];
    for (int s = 0; s < b.size; s++) if (partOf[s] >= 0) slots[partOf[s]][fill[partOf[s]]++] = s;

    List<Integer> todo = new ArrayList<>();
    for (int p = 0; p < partitions; p++) if (slots[p] != null) todo.add(p);
    b.rejected.sort((x, y) -> Integer.compare(x.getInteger("index"), y.getInteger("index")));
    Tally tally = new Tally();
    return run(agencyId, b, slots, todo, found, tally, 0)
        .map(v -> new Result(tally.accepted, tally.duplicates, b.rejected, tally.touched));
  }

  private static final class Tally {
    int accepted;
    int duplicates;
    final List<ClientSnapshot> touched = new ArrayList<>();
  }

  private Future<Void> run(long agencyId, EventBatch b, int[][] slots, List<Integer> todo, Map<Long, LiveStore.ClientInfo> found,
                           Tally tally, int attempt) {
    if (todo.isEmpty()) return Future.succeededFuture();
    List<Request> requests = new ArrayList<>(todo.size());
    List<List<Long>> clientsOf = new ArrayList<>(todo.size());
    for (int p : todo) {
      List<Long> clients = new ArrayList<>();
      requests.add(request(p, agencyId, b, slots[p], found, clients));
      clientsOf.add(clients);
    }
    return scripts.batch(requests).compose(replies -> {
      List<Integer> again = new ArrayList<>();
      List<LiveStore.ClientInfo> missing = new ArrayList<>();
      for (int k = 0; k < replies.size(); k++) {
        Response reply = replies.get(k);
        List<Long> clients = clientsOf.get(k);
        if (reply.get(0).toInteger() == 0) {
          again.add(todo.get(k));
          for (int j = 1; j < reply.size(); j++) missing.add(found.get(clients.get(reply.get(j).toInteger() - 1)));
          continue;
        }
        tally.accepted += reply.get(1).toInteger();
        tally.duplicates += reply.get(2).toInteger();
        for (Response snap : reply.get(3)) {
          long clientId = clients.get(snap.get(0).toInteger() - 1);
          LiveStore.ClientInfo info = found.get(clientId);
          tally.touched.add(ClientSnapshot.of(clientId, agencyId, snap).asOf(counters.today(info.zone())));
        }
      }
      if (again.isEmpty()) return Future.succeededFuture();
      if (attempt >= 2) return Future.failedFuture(new IllegalStateException("clients could not be loaded into Redis: " + missing));
      return counters.load(missing).compose(v -> run(agencyId, b, slots, again, found, tally, attempt + 1));
    });
  }

  /**
   * One partition's EVALSHA: keys, per-client agency index, events per dedupe set, then {@value EVENT_ARGS}
   * arguments per event grouped by dedupe set (billing hour). Clients and hours per partition are few,
   * so they are found by linear search over primitive arrays.
   */
  private Request request(int p, long agencyId, EventBatch b, int[] slots, Map<Long, LiveStore.ClientInfo> found, List<Long> clients) {
    int n = slots.length;
    long[] clientIds = new long[Math.min(n, 64)];
    long[] hours = new long[4];
    int nc = 0, nd = 0;
    int[] ci = new int[n];
    int[] di = new int[n];
    for (int j = 0; j < n; j++) {
      int s = slots[j];
      long c = b.clientId[s];
      int k = 0;
      while (k < nc && clientIds[k] != c) k++;
      if (k == nc) {
        if (nc == clientIds.length) clientIds = java.util.Arrays.copyOf(clientIds, nc * 2);
        clientIds[nc++] = c;
      }
      ci[j] = k;
      long h = b.billedAt[s] / 3600;
      int d = 0;
      while (d < nd && hours[d] != h) d++;
      if (d == nd) {
        if (nd == hours.length) hours = java.util.Arrays.copyOf(hours, nd * 2);
        hours[nd++] = h;
      }
      di[j] = d;
    }
    int[] perHour = new int[nd];
    for (int j = 0; j < n; j++) perHour[di[j]]++;
    ZoneId[] zones = new ZoneId[nc];
    for (int k = 0; k < nc; k++) {
      clients.add(clientIds[k]);
      zones[k] = found.get(clientIds[k]).zone();
    }
    Request r = scripts.request(LiveScripts.Script.APPLY_EVENTS, 1 + 2 * nc + 2 + nd).arg(LiveKeys.stream(p));
    for (int k = 0; k < nc; k++) r.arg(LiveKeys.client(p, clientIds[k]));
    for (int k = 0; k < nc; k++) r.arg(LiveKeys.clientRing(p, clientIds[k]));
    r.arg(LiveKeys.agency(p, agencyId)).arg(LiveKeys.agencyRing(p, agencyId));
    for (int d = 0; d < nd; d++) r.arg(LiveKeys.dedupe(p, agencyId, hours[d]));
    r.arg(nc).arg(1).arg(nd).arg(counters.nowMinute()).arg(n).arg(DEDUPE_TTL_SECONDS);
    for (int k = 0; k < nc; k++) r.arg(1);
    for (int d = 0; d < nd; d++) r.arg(perHour[d]);
    StringBuilder rec = new StringBuilder(160);
    LocalDays days = new LocalDays();
    for (int d = 0; d < nd; d++) {
      for (int j = 0; j < n; j++) {
        if (di[j] != d) continue;
        int s = slots[j];
        ZoneId zone = zones[ci[j]];
        long billed = b.billedAt[s];
        long converted = b.convertedAt[s] == Long.MIN_VALUE ? billed : b.convertedAt[s];
        long day = days.of(zone, billed);
        r.arg(b.eventId[s]).arg(ci[j] + 1).arg(b.costFen[s]).arg(b.impressions[s]).arg(b.clicks[s]).arg(b.conversions[s])
            .arg(b.mode[s]).arg(b.brand[s] ? 1 : 0).arg(billed / 60).arg(day);
        rec.setLength(0);
        rec.append(agencyId).append('|').append(b.clientId[s]).append('|')
            .append(billed - Math.floorMod(billed, 3600)).append('|').append(day).append('|')
            .append(converted - Math.floorMod(converted, 3600)).append('|').append(days.of(zone, converted)).append('|')
            .append(b.mode[s]).append('|').append(b.brand[s] ? 1 : 0).append('|')
            .append(b.goal[s]).append('|').append(b.conversionEvent[s]).append('|')
            .append(b.campaignId[s]).append('|').append(b.unitId[s]).append('|')
            .append(b.impressions[s]).append('|').append(b.clicks[s]).append('|')
            .append(b.costFen[s]).append('|').append(b.conversions[s]);
        r.arg(rec.toString());
      }
    }
    return r;
  }

  /** Local business days, remembering the last zone and hour (events of a batch share a few hours). */
  private static final class LocalDays {
    private ZoneId zone;
    private long hour = Long.MIN_VALUE;
    private int offset;

    long of(ZoneId z, long epochSecond) {
      long h = Math.floorDiv(epochSecond, 3600L);
      if (z != zone || h != hour) {
        zone = z;
        hour = h;
        offset = z.getRules().getOffset(Instant.ofEpochSecond(epochSecond)).getTotalSeconds();
      }
      return Math.floorDiv(epochSecond + offset, 86_400L);
    }
  }


}
