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
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Applies ingest batches: validate, resolve clients (another agency's client is rejected like
 * an unknown one), split by partition, and run one {@code apply_events} script per partition, all
 * pipelined. The result is known — and the events durable in Redis — before the caller answers.
 */
final class IngestService {
  /** Dedupe sets outlive the ingest window. */
  private static final long DEDUPE_TTL_SECONDS = EventBatch.WINDOW_SECONDS + 2 * 3600;

  /** The outcome of one batch, and the figures it moved. */
  record Result(int accepted, int duplicates, List<JsonObject> rejected, List<ClientSnapshot> touched) {
    JsonObject toJson() {
      return new JsonObject().put("accepted", accepted).put("duplicates", duplicates).put("rejected", new JsonArray(rejected));
    }
  }

  private final LiveKeys keys;
  private final LiveScripts scripts;
  private final ClientDirectory directory;
  private final LiveStore store;
  private final LiveCounters counters;
  private final Clock clock;
  private final Counter acceptedCount;
  private final Counter duplicateCount;
  private final Counter rejectedCount;
  private final Timer batchTimer;
  /** The terminated status last read per client: what ingest goes by while PostgreSQL cannot answer. */
  private final Map<Long, Boolean> lastKnownTerminated = new java.util.concurrent.ConcurrentHashMap<>();

  IngestService(LiveKeys keys, LiveScripts scripts, ClientDirectory directory, LiveStore store, LiveCounters counters, Clock clock,
                MeterRegistry metrics) {
    this.keys = keys;
    this.scripts = scripts;
    this.directory = directory;
    this.store = store;
    this.counters = counters;
    this.clock = clock;
    this.acceptedCount = metrics.counter("beacon.ingest.events", "result", "accepted");
    this.duplicateCount = metrics.counter("beacon.ingest.events", "result", "duplicate");
    this.rejectedCount = metrics.counter("beacon.ingest.events", "result", "rejected");
    this.batchTimer = Timer.builder("beacon.ingest.batch").description("ingest batch: parse to durable in Redis")
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
    return Future.all(directory.lookup(ids), terminated(agencyId, ids))
        .compose(found -> apply(agencyId, b, found.resultAt(0), found.resultAt(1))).onSuccess(r -> {
      acceptedCount.increment(r.accepted());
      duplicateCount.increment(r.duplicates());
      rejectedCount.increment(r.rejected().size());
      batchTimer.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
    });
  }

  /**
   * Which of these clients are terminated, read from PostgreSQL per batch so a termination stops billing at
   * once; while PostgreSQL is down, the last status read (ingest must keep answering without PostgreSQL).
   */
  private Future<Set<Long>> terminated(long agencyId, Set<Long> ids) {
    return store.terminated(agencyId, ids)
        .onSuccess(found -> ids.forEach(id -> lastKnownTerminated.put(id, found.contains(id))))
        .recover(e -> {
          Set<Long> known = new HashSet<>();
          for (long id : ids) if (lastKnownTerminated.getOrDefault(id, false)) known.add(id);
          return Future.succeededFuture(known);
        });
  }

  private Future<Result> apply(long agencyId, EventBatch b, Map<Long, LiveStore.ClientInfo> found, Set<Long> terminated) {
    int partitions = keys.partitions();
    int[] counts = new int[partitions];
    int[] partOf = new int[b.size];
    for (int s = 0; s < b.size; s++) {
      LiveStore.ClientInfo info = found.get(b.clientId[s]);
      if (info == null || info.agencyId() != agencyId) {
        b.rejectSlot(s, "clientId", "is not a client of this agency", null);
        partOf[s] = -1;
      } else if (terminated.contains(b.clientId[s])) {
        // A terminated contract bills nothing more; a paused client still takes late billing for earlier delivery.
        b.rejectSlot(s, "clientId", "the client's contract is terminated", "client-terminated");
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

    b.rejected.sort((x, y) -> Integer.compare(x.getInteger("index"), y.getInteger("index")));
    Tally tally = new Tally();
    List<Part> todo = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      if (slots[p] == null) continue;
      Part part = new Part(p, b, slots[p]);
      tally.duplicates += slots[p].length - part.n;
      todo.add(part);
    }
    return run(agencyId, b, todo, found, tally, 0)
        .map(v -> new Result(tally.accepted, tally.duplicates, b.rejected, tally.touched));
  }

  private static final class Tally {
    int accepted;
    int duplicates;
    final List<ClientSnapshot> touched = new ArrayList<>();
  }

  /**
   * One partition's events (slots of the batch), grouped by dedupe set (billing hour): {@code order}
   * lists them hour by hour, which is the order of the event ids in the script call. A repeated id
   * within a dedupe set is dropped here, the first one counts.
   */
  private static final class Part {
    final int p;
    int n;
    int[] order;
    final Distinct hours = new Distinct();
    int[] perHour;

    Part(int p, EventBatch b, int[] slots) {
      this.p = p;
      int[] di = new int[slots.length];
      for (int j = 0; j < slots.length; j++) {
        di[j] = hours.indexOf(b.billedAt[slots[j]] / 3600);
      }
      int nd = hours.size;
      perHour = new int[nd];
      order = new int[slots.length];
      for (int d = 0; d < nd; d++) {
        Set<String> ids = new HashSet<>();
        for (int j = 0; j < slots.length; j++) {
          if (di[j] == d && ids.add(b.eventId[slots[j]])) {
            order[n++] = slots[j];
            perHour[d]++;
          }
        }
      }
    }

    /** Drops the events at these 1-based positions of {@link #order} (ids Redis had already seen). */
    void drop(Response positions) {
      boolean[] gone = new boolean[n];
      for (int j = 1; j < positions.size(); j++) gone[positions.get(j).toInteger() - 1] = true;
      int kept = 0;
      for (int d = 0, at = 0; d < hours.size; d++) {
        int was = perHour[d];
        for (int e = 0; e < was; e++, at++) {
          if (gone[at]) perHour[d]--; else order[kept++] = order[at];
        }
      }
      n = kept;
    }
  }

  private Future<Void> run(long agencyId, EventBatch b, List<Part> todo, Map<Long, LiveStore.ClientInfo> found, Tally tally, int attempt) {
    List<Request> requests = new ArrayList<>(todo.size());
    List<ApplyEventsCall> calls = new ArrayList<>(todo.size());
    List<Part> sent = new ArrayList<>(todo.size());
    for (Part part : todo) {
      if (part.n == 0) continue;
      ApplyEventsCall call = call(part, agencyId, b, found);
      requests.add(call.request(scripts, counters.nowMinute(), DEDUPE_TTL_SECONDS));
      calls.add(call);
      sent.add(part);
    }
    if (sent.isEmpty()) return Future.succeededFuture();
    return scripts.batch(requests).compose(replies -> {
      List<Part> again = new ArrayList<>();
      List<Part> reload = new ArrayList<>();
      List<LiveStore.ClientInfo> missing = new ArrayList<>();
      for (int k = 0; k < replies.size(); k++) {
        Response reply = replies.get(k);
        Part part = sent.get(k);
        ApplyEventsCall call = calls.get(k);
        switch (reply.get(0).toInteger()) {
          case 0 -> {
            reload.add(part);
            for (int j = 1; j < reply.size(); j++) missing.add(found.get(call.clientId(reply.get(j).toInteger())));
          }
          case 2 -> {
            // Another request (a retry, another instance) applied some of these ids first: drop them, send the rest.
            int before = part.n;
            part.drop(reply);
            tally.duplicates += before - part.n;
            again.add(part);
          }
          default -> {
            tally.accepted += part.n;
            for (int j = 1; j < reply.size(); j++) {
              Response snap = reply.get(j);
              long clientId = call.clientId(ClientSnapshot.index(snap));
              tally.touched.add(ClientSnapshot.of(clientId, agencyId, snap).asOf(counters.today(found.get(clientId).zone())));
            }
          }
        }
      }
      Future<Void> next = again.isEmpty() ? Future.succeededFuture() : run(agencyId, b, again, found, tally, attempt);
      if (reload.isEmpty()) return next;
      if (attempt >= 2) return Future.failedFuture(new IllegalStateException("clients could not be loaded into Redis: " + missing));
      return next.compose(v -> counters.load(missing)).compose(v -> run(agencyId, b, reload, found, tally, attempt + 1));
    });
  }

  /** One partition's events as one script call: event ids per dedupe set, and each event in its client's sums and record line. */
  private ApplyEventsCall call(Part part, long agencyId, EventBatch b, Map<Long, LiveStore.ClientInfo> found) {
    int n = part.n;
    Distinct clientIds = new Distinct();
    int[] ci = new int[n];
    for (int j = 0; j < n; j++) ci[j] = clientIds.indexOf(b.clientId[part.order[j]]);
    ApplyEventsCall call = new ApplyEventsCall(part.p, agencyId, clientIds.toArray());
    ZoneId[] zones = new ZoneId[clientIds.size];
    for (int k = 0; k < clientIds.size; k++) zones[k] = found.get(clientIds.values[k]).zone();
    for (int d = 0, at = 0; d < part.hours.size; d++) {
      List<String> ids = new ArrayList<>(part.perHour[d]);
      for (int e = 0; e < part.perHour[d]; e++) ids.add(b.eventId[part.order[at++]]);
      call.dedupeSet(part.hours.values[d], ids);
    }
    LocalDays days = new LocalDays();
    for (int j = 0; j < n; j++) {
      int s = part.order[j];
      ZoneId zone = zones[ci[j]];
      long billed = b.billedAt[s];
      long converted = b.convertedAt[s] == Long.MIN_VALUE ? billed : b.convertedAt[s];
      long day = days.of(zone, billed);
      SpendRecord record = new SpendRecord(agencyId, b.clientId[s], billed - Math.floorMod(billed, 3600), day,
          converted - Math.floorMod(converted, 3600), days.of(zone, converted), b.mode[s], b.brand[s],
          b.goal[s], b.conversionEvent[s], b.campaignId[s], b.unitId[s]);
      call.event(ci[j], day, billed / 60, b.mode[s], b.brand[s], b.costFen[s], b.impressions[s], b.clicks[s], b.conversions[s], record);
    }
    return call;
  }

  /** Distinct values in first-seen order, found by linear search (a partition's clients and billing hours are few). */
  private static final class Distinct {
    long[] values = new long[8];
    int size;

    /** The value's index, adding it when new. */
    int indexOf(long v) {
      for (int i = 0; i < size; i++) if (values[i] == v) return i;
      if (size == values.length) values = Arrays.copyOf(values, size * 2);
      values[size] = v;
      return size++;
    }

    long[] toArray() { return Arrays.copyOf(values, size); }
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
