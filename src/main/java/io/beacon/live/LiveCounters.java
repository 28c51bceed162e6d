package io.beacon.live;

import io.beacon.auth.ClientScope;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live counters other features read (README "Live model"): per client and per agency,
 * read from Redis, loaded lazily from PostgreSQL truth (budget, ledger balances, today's persisted
 * spend) the first time a client is needed, and moved by finance ({@link #adjustBalance}) and budget
 * edits ({@link #settingsChanged}). Every change is handed to the alert rules and the dashboards.
 */
public final class LiveCounters {
  /** What happens after figures moved outside an ingest batch (alert rules, dashboards). */
  interface Changes {
    Future<Void> changed(long agencyId, List<ClientSnapshot> snapshots);
  }

  private final LiveKeys keys;
  private final LiveScripts scripts;
  private final LiveStore store;
  private final ClientDirectory directory;
  private final Clock clock;
  private final Set<Long> loadedAgencies = ConcurrentHashMap.newKeySet();
  private Changes changes = (a, s) -> Future.succeededFuture();

  LiveCounters(LiveKeys keys, LiveScripts scripts, LiveStore store, ClientDirectory directory, Clock clock) {
    this.keys = keys;
    this.scripts = scripts;
    this.store = store;
    this.directory = directory;
    this.clock = clock;
  }

  void onChange(Changes changes) { this.changes = changes; }

  /** The client's counters (contract field names); 404 when it is not a client of the agency. */
  public Future<JsonObject> client(long agencyId, long clientId) {
    return directory.inAgency(agencyId, clientId)
        .compose(info -> snapshots(List.of(info)))
        .map(list -> list.get(0).toJson());
  }

  /** Counters of those of {@code clientIds} that belong to the agency (others are left out). */
  public Future<Map<Long, JsonObject>> clients(long agencyId, List<Long> clientIds) {
    return directory.lookup(clientIds).compose(found -> {
      List<LiveStore.ClientInfo> mine = found.values().stream().filter(i -> i.agencyId() == agencyId).toList();
      return snapshots(mine);
    }).map(list -> {
      Map<Long, JsonObject> out = new LinkedHashMap<>();
      for (ClientSnapshot s : list) out.put(s.clientId(), s.toJson());
      return out;
    });
  }

  /**
   * Agency-wide live totals: today's spend (performance, brand, by mode), impressions, clicks,
   * conversions, clients with spend, ARPU, balance sums and spend in the last 1/5/15/60 minutes.
   */
  public Future<JsonObject> agencyTotals(long agencyId) {
    return ensureAgencyLoaded(agencyId).compose(zone -> {
      long today = today(zone);
      long now = nowMinute();
      List<Request> reads = new ArrayList<>();
      for (int p = 0; p < keys.partitions(); p++) {
        reads.add(scripts.request(LiveScripts.Script.READ_AGENCY, 2)
            .arg(LiveKeys.agency(p, agencyId)).arg(LiveKeys.agencyRing(p, agencyId)).arg(now));
      }
      return scripts.batch(reads).map(parts -> {
        long[] t = new long[21];
        for (Response r : parts) {
          boolean current = r.get(0).toLong() >= today;
          for (int j = 1; j < 21; j++) {
            boolean todayFigure = j <= 11;
            if (!todayFigure || current) t[j] += r.get(j).toLong();
          }
        }
        long clientsWithSpend = t[11];
        return new JsonObject()
            .put("agencyId", agencyId)
            .put("day", LocalDate.ofEpochDay(today).toString())
            .put("spendFen", t[1]).put("performanceFen", t[2]).put("brandFen", t[3])
            .put("spendByMode", new JsonObject().put("smart", t[4]).put("search", t[5]).put("display", t[6]).put("external", t[7]))
            .put("impressions", t[8]).put("clicks", t[9]).put("conversions", t[10])
            .put("clientsWithSpend", clientsWithSpend)
            .put("arpuFen", clientsWithSpend == 0 ? 0 : t[1] / clientsWithSpend)
            .put("balanceFen", t[12] + t[13] + t[14]).put("cashFen", t[12]).put("couponFen", t[13]).put("creditFen", t[14])
            .put("arrearsFen", t[15])
            .put("spend1mFen", t[16]).put("spend5mFen", t[17]).put("spend15mFen", t[18]).put("spend60mFen", t[20]);
      });
    });
  }

  /**
   * Finance calls this after its ledger transaction committed. A client not loaded yet is loaded from
   * the ledger (which already holds the movement) and no delta is applied. Cash paid in settles
   * arrears first. Balance alerts are re-evaluated before the future completes.
   */
  public Future<Void> adjustBalance(long agencyId, long clientId, long cashDeltaFen, long couponDeltaFen, long creditDeltaFen) {
    return directory.inAgency(agencyId, clientId)
        .compose(info -> adjust(info, cashDeltaFen, couponDeltaFen, creditDeltaFen, -1))
        .compose(s -> changes.changed(agencyId, List.of(s)));
  }

  /** The client's budget or status changed in PostgreSQL: reload it and re-evaluate its alerts. */
  public Future<Void> settingsChanged(long agencyId, long clientId) {
    return directory.inAgency(agencyId, clientId)
        .compose(info -> store.state(agencyId, clientId, LocalDate.ofEpochDay(today(info.zone())))
            .compose(state -> adjust(info, 0, 0, 0, state.dailyBudgetFen())))
        .compose(s -> changes.changed(agencyId, List.of(s)));
  }

  /** Snapshots as of today, loading clients that are not in Redis yet. */
  Future<List<ClientSnapshot>> snapshots(List<LiveStore.ClientInfo> infos) {
    if (infos.isEmpty()) return Future.succeededFuture(List.of());
    return read(infos).compose(first -> {
      if (first.size() == infos.size()) return Future.succeededFuture(first);
      Set<Long> have = new HashSet<>();
      first.forEach(s -> have.add(s.clientId()));
      List<LiveStore.ClientInfo> missing = infos.stream().filter(i -> !have.contains(i.clientId())).toList();
      return load(missing).compose(v -> read(missing)).map(second -> {
        List<ClientSnapshot> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
      });
    });
  }

  /** The snapshots of every client of the agency (background rules). */
  Future<List<ClientSnapshot>> agencySnapshots(long agencyId) {
    return store.clientIds(ClientScope.agency(agencyId))
        .compose(directory::lookup)
        .compose(found -> snapshots(new ArrayList<>(found.values())));
  }

  private Future<List<ClientSnapshot>> read(List<LiveStore.ClientInfo> infos) {
    Map<Integer, List<LiveStore.ClientInfo>> byPartition = byPartition(infos);
    List<Request> reads = new ArrayList<>();
    List<List<LiveStore.ClientInfo>> order = new ArrayList<>();
    long now = nowMinute();
    byPartition.forEach((p, list) -> {
      Request r = scripts.request(LiveScripts.Script.READ_CLIENTS, list.size() * 2);
      for (LiveStore.ClientInfo i : list) r.arg(LiveKeys.client(p, i.clientId()));
      for (LiveStore.ClientInfo i : list) r.arg(LiveKeys.clientRing(p, i.clientId()));
      reads.add(r.arg(now));
      order.add(list);
    });
    return scripts.batch(reads).map(replies -> {
      List<ClientSnapshot> out = new ArrayList<>();
      for (int k = 0; k < replies.size(); k++) {
        List<LiveStore.ClientInfo> list = order.get(k);
        for (Response s : replies.get(k)) {
          LiveStore.ClientInfo info = list.get(ClientSnapshot.index(s) - 1);
          out.add(ClientSnapshot.of(info.clientId(), info.agencyId(), s).asOf(today(info.zone())));
        }
      }
      return out;
    });
  }

  /** Loads clients into Redis from PostgreSQL unless they are there already. */
  Future<Void> load(List<LiveStore.ClientInfo> infos) {
    List<Future<Request>> inits = new ArrayList<>();
    for (LiveStore.ClientInfo i : infos) {
      long today = today(i.zone());
      int p = keys.partition(i.clientId());
      inits.add(store.state(i.agencyId(), i.clientId(), LocalDate.ofEpochDay(today)).map(st -> {
        Request r = scripts.request(LiveScripts.Script.INIT_CLIENT, 2)
            .arg(LiveKeys.client(p, i.clientId())).arg(LiveKeys.agency(p, i.agencyId()))
            .arg(i.agencyId()).arg(today).arg(st.dailyBudgetFen()).arg(st.cashFen()).arg(st.couponFen()).arg(st.creditFen());
        for (long v : st.today()) r.arg(v);
        return r;
      }));
    }
    return Future.all(inits).compose(all -> scripts.batch(inits.stream().map(Future::result).toList())).mapEmpty();
  }

  private Future<ClientSnapshot> adjust(LiveStore.ClientInfo info, long cash, long coupon, long credit, long budget) {
    int p = keys.partition(info.clientId());
    Request r = scripts.request(LiveScripts.Script.ADJUST_CLIENT, 3)
        .arg(LiveKeys.client(p, info.clientId())).arg(LiveKeys.clientRing(p, info.clientId())).arg(LiveKeys.agency(p, info.agencyId()))
        .arg(nowMinute()).arg(cash).arg(coupon).arg(credit).arg(budget).arg(today(info.zone()));
    return scripts.run(r).compose(reply -> {
      if (reply.get(0).toInteger() == 1) {
        return Future.succeededFuture(ClientSnapshot.of(info.clientId(), info.agencyId(), reply.get(1)).asOf(today(info.zone())));
      }
      // Not loaded yet: PostgreSQL (ledger, budget) already holds the change; load it and apply nothing.
      return load(List.of(info)).compose(v -> snapshots(List.of(info))).map(list -> list.get(0));
    });
  }

  private Future<ZoneId> ensureAgencyLoaded(long agencyId) {
    if (loadedAgencies.contains(agencyId)) return zoneOf(agencyId);
    return store.clientIds(ClientScope.agency(agencyId))
        .compose(directory::lookup)
        .compose(found -> snapshots(new ArrayList<>(found.values())))
        .compose(v -> {
          loadedAgencies.add(agencyId);
          return zoneOf(agencyId);
        });
  }

  private final Map<Long, ZoneId> zones = new ConcurrentHashMap<>();

  Future<ZoneId> zoneOf(long agencyId) {
    ZoneId z = zones.get(agencyId);
    if (z != null) return Future.succeededFuture(z);
    return store.agencyZone(agencyId).map(zone -> {
      zones.put(agencyId, zone);
      return zone;
    });
  }

  long today(ZoneId zone) { return LocalDate.ofInstant(clock.instant(), zone).toEpochDay(); }

  long nowMinute() { return clock.millis() / 60_000; }

  Clock clock() { return clock; }

  private Map<Integer, List<LiveStore.ClientInfo>> byPartition(List<LiveStore.ClientInfo> infos) {
    Map<Integer, List<LiveStore.ClientInfo>> m = new HashMap<>();
    for (LiveStore.ClientInfo i : infos) m.computeIfAbsent(keys.partition(i.clientId()), k -> new ArrayList<>()).add(i);
    return m;
  }
}
