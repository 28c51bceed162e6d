package io.beacon.home;

import io.beacon.auth.Caller;
import io.beacon.auth.ClientScope;
import io.beacon.readmodel.LiveFigures;
import io.beacon.readmodel.Period;
import io.beacon.readmodel.Periods;
import io.beacon.readmodel.ReadCache;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static io.beacon.readmodel.ReadCache.key;
import static io.beacon.readmodel.ReadCache.ttl;

/**
 * The barometer's read models: overview of performance and brand spend with change vs the
 * previous period and trend, top 10 performance clients, industries, and the finance card. Today's
 * figures come from the live counters when the live feature provides them (billing basis), past days
 * from the rollups; both are combined per client so that ranges including today add up.
 */
public final class HomeService {
  public static final int TOP = 10;

  private final HomeStore store;
  private final Periods periods;
  private final LiveFigures live;
  private final Function<Caller, Future<JsonObject>> financeOverview;
  private final ReadCache cache;

  /** {@code financeOverview}: the finance feature's card figures, or null to read the ledger directly. */
  public HomeService(HomeStore store, Periods periods, LiveFigures live,
                     Function<Caller, Future<JsonObject>> financeOverview, ReadCache cache) {
    this.store = store;
    this.periods = periods;
    this.live = live;
    this.financeOverview = financeOverview;
    this.cache = cache;
  }


  /** The next hour boundary: hourly rows before it are the rows before {@code at}. */
  static java.time.Instant ceilHour(java.time.Instant at) {
    java.time.Instant h = at.truncatedTo(java.time.temporal.ChronoUnit.HOURS);
    return h.equals(at) ? h : h.plus(1, java.time.temporal.ChronoUnit.HOURS);
  }

  /** Live counters are billing-time figures: they stand for today only on that basis. */
  boolean liveFor(Period p, String basis) { return live.available() && p.includesToday() && "billing".equals(basis); }

  // ------------------------------------------------------------------ overview

  public Future<JsonObject> overview(Caller c, String range, String from, String to, String basis) {
    ClientScope scope = ClientScope.of(c);
    return periods.of(c, range, from, to).compose(p -> {
      Period prev = p.previous();
      LocalDate lastWhole = p.includesToday() ? p.today().minusDays(1) : p.to();
      LocalDate prevLastWhole = p.includesToday() ? prev.to().minusDays(1) : prev.to();
      java.time.Instant hoursFrom = p.includesToday() ? p.start(prev.to()) : null;
      java.time.Instant hoursTo = p.includesToday() ? ceilHour(prev.now()) : null;
      // With live counters, today's persisted rows are only a fallback: the rest is settled history.
      java.time.Duration spendTtl = liveFor(p, basis) ? ReadCache.SETTLED : ttl(p);
      Future<List<HomeStore.ClientSpend>> spend = cache.get(
          key("spend", scope, basis, p.from(), lastWhole, prev.from(), prevLastWhole, hoursFrom, hoursTo, p.today()), spendTtl,
          () -> store.clientSpend(scope, basis, p.from(), lastWhole, prev.from(), prevLastWhole, hoursFrom, hoursTo, p.today()));
      Future<List<HomeStore.Bucket>> current = cache.get(key("trend0", scope, basis, p.from(), p.to()), ttl(p), () -> p.hourly()
          ? store.hourlyTrend(scope, basis, 0, p.start(p.from()), p.end(p.from()))
          : store.dailyTrend(scope, basis, 0, p.from(), p.to()));
      Future<List<HomeStore.Bucket>> previous = cache.get(key("trend1", scope, basis, prev.from(), prev.to()), ReadCache.SETTLED, () -> p.hourly()
          ? store.hourlyTrend(scope, basis, 1, p.start(prev.from()), p.end(prev.from()))
          : store.dailyTrend(scope, basis, 1, prev.from(), prev.to()));
      return Future.all(spend, current, previous).compose(v -> todayFigures(c, p, basis, spend.result()).map(today -> {
        List<HomeStore.Bucket> buckets = new ArrayList<>(current.result());
        buckets.addAll(previous.result());
        return overviewJson(p, prev, basis, spend.result(), today, buckets);
      }));
    });
  }

  /** Today's performance and brand spend per client: live counters where present, persisted rows otherwise. */
  private Future<Map<Long, long[]>> todayFigures(Caller c, Period p, String basis, List<HomeStore.ClientSpend> rows) {
    Map<Long, long[]> today = new HashMap<>();
    if (!p.includesToday()) return Future.succeededFuture(today);
    List<Long> ids = new ArrayList<>();
    for (HomeStore.ClientSpend r : rows) {
      if (r.part() == 3) ids.add(r.clientId());
      if (r.part() == 2) today.computeIfAbsent(r.clientId(), k -> new long[2])[r.brand() ? 1 : 0] += r.costFen();
    }
    if (!liveFor(p, basis) || ids.isEmpty()) return Future.succeededFuture(today);
    return live.clients(c.agencyId(), ids).map(counters -> {
      counters.forEach((id, k) -> today.put(id, new long[] {k.getLong("performanceFen", 0L), k.getLong("brandFen", 0L)}));
      return today;
    });
  }

  private JsonObject overviewJson(Period p, Period prev, String basis, List<HomeStore.ClientSpend> rows,
                                  Map<Long, long[]> today, List<HomeStore.Bucket> buckets) {
    // per client: [current perf, current brand, previous perf, previous brand]
    Map<Long, long[]> perClient = new HashMap<>();
    for (HomeStore.ClientSpend r : rows) {
      if (r.part() > 1) continue;
      perClient.computeIfAbsent(r.clientId(), k -> new long[4])[r.part() * 2 + (r.brand() ? 1 : 0)] += r.costFen();
    }
    today.forEach((id, t) -> {
      long[] a = perClient.computeIfAbsent(id, k -> new long[4]);
      a[0] += t[0];
      a[1] += t[1];
    });
    JsonObject out = new JsonObject()
        .put("range", rangeJson(p))
        .put("previous", rangeJson(prev).put("cutAt", prev.now() == null ? null : prev.now().toString()))
        .put("attribution", basis)
        .put("live", liveFor(p, basis))
        .put("asOf", p.now().toString())
        .put("performance", group(perClient, 0))
        .put("brand", group(perClient, 1));
    long todayPerf = today.values().stream().mapToLong(t -> t[0]).sum();
    long todayBrand = today.values().stream().mapToLong(t -> t[1]).sum();
    out.put("trend", trendJson(p, buckets, liveFor(p, basis), todayPerf, todayBrand));
    return out;
  }

  private static JsonObject group(Map<Long, long[]> perClient, int brand) {
    long spend = 0, prevSpend = 0;
    int clients = 0, prevClients = 0;
    for (long[] a : perClient.values()) {
      spend += a[brand];
      prevSpend += a[2 + brand];
      if (a[brand] > 0) clients++;
      if (a[2 + brand] > 0) prevClients++;
    }
    long arpu = divide(spend, clients);
    long prevArpu = divide(prevSpend, prevClients);
    return new JsonObject()
        .put("spendFen", spend).put("clientsWithSpend", clients).put("arpuFen", arpu)
        .put("previous", new JsonObject().put("spendFen", prevSpend).put("clientsWithSpend", prevClients).put("arpuFen", prevArpu))
        .put("change", new JsonObject().put("spendFen", change(spend, prevSpend)).put("clientsWithSpend", change(clients, prevClients))
            .put("arpuFen", change(arpu, prevArpu)));
  }

  private static JsonObject trendJson(Period p, List<HomeStore.Bucket> buckets, boolean liveToday, long todayPerf, long todayBrand) {
    int n = p.buckets();
    long[][] cur = new long[n][2];
    long[][] prev = new long[n][2];
    for (HomeStore.Bucket b : buckets) {
      if (b.bucket() < 0 || b.bucket() >= n) continue;
      (b.part() == 0 ? cur : prev)[b.bucket()][b.brand() ? 1 : 0] += b.costFen();
    }
    int soFar = p.bucketsSoFar();
    if (liveToday && p.hourly()) {
      // the current hour: what the live counters have for today beyond the hours already persisted
      int hour = soFar - 1;
      long[] before = new long[2];
      for (int i = 0; i < hour; i++) {
        before[0] += cur[i][0];
        before[1] += cur[i][1];
      }
      cur[hour][0] = Math.max(cur[hour][0], todayPerf - before[0]);
      cur[hour][1] = Math.max(cur[hour][1], todayBrand - before[1]);
    } else if (liveToday) {
      cur[n - 1] = new long[] {todayPerf, todayBrand};
    }
    JsonArray points = new JsonArray();
    JsonArray previous = new JsonArray();
    for (int i = 0; i < n; i++) {
      boolean future = i >= soFar;
      points.add(new JsonObject().put("label", p.label(i)).put("performanceFen", future ? null : cur[i][0]).put("brandFen", future ? null : cur[i][1]));
      previous.add(new JsonObject().put("label", p.label(i)).put("performanceFen", prev[i][0]).put("brandFen", prev[i][1]));
    }
    return new JsonObject().put("granularity", p.hourly() ? "hour" : "day").put("points", points).put("previousPoints", previous);
  }

  static JsonObject rangeJson(Period p) {
    return new JsonObject().put("from", p.from().toString()).put("to", p.to().toString()).put("days", p.days());
  }

  /** Relative change, or null when there is nothing to compare with. */
  static Double change(long now, long before) {
    if (before == 0) return null;
    return Math.round((now - before) * 10000.0 / before) / 10000.0;
  }

  /** Integer division rounded half up; 0 when dividing by 0. */
  static long divide(long a, long b) { return b == 0 ? 0 : Math.round((double) a / b); }

  // ------------------------------------------------------------------ top 10

  public Future<JsonObject> topClients(Caller c, String periodName, String industry, String basis) {
    ClientScope scope = ClientScope.of(c);
    return periods.of(c, periodName, null, null).compose(p -> {
      LocalDate lastWhole = p.includesToday() ? p.today().minusDays(1) : p.to();
      return cache.get(key("top", scope, industry, basis, p.from(), lastWhole, p.today()), liveFor(p, basis) ? ReadCache.SETTLED : ttl(p),
          () -> store.performanceByClient(scope, industry, basis, p.from(), lastWhole, p.today())).compose(rows -> {
        boolean rankLive = liveFor(p, basis);
        Future<Map<Long, io.vertx.core.json.JsonObject>> counters = rankLive
            ? live.clients(c.agencyId(), rows.stream().map(HomeStore.TopRow::clientId).toList())
            : Future.succeededFuture(Map.of());
        return counters.compose(all -> {
          List<JsonObject> ranked = new ArrayList<>(rows.size());
          for (HomeStore.TopRow r : rows) {
            JsonObject k = all.get(r.clientId());
            long spend = r.spendFen(), conv = r.conversions();
            if (p.includesToday()) {
              spend += k != null ? k.getLong("performanceFen", 0L) : r.todaySpendFen();
              conv += k != null ? k.getLong("conversions", 0L) : r.todayConversions();
            }
            ranked.add(new JsonObject().put("clientId", r.clientId()).put("name", r.name()).put("industry", r.industry())
                .put("spendFen", spend).put("conversions", conv).put("costPerConversionFen", conv == 0 ? null : divide(spend, conv))
                .put("balanceFen", k != null ? k.getLong("balanceFen", r.ledgerBalanceFen()) : r.ledgerBalanceFen())
                .put("dailyBudgetFen", k != null ? k.getLong("dailyBudgetFen", r.dailyBudgetFen()) : r.dailyBudgetFen()));
          }
          ranked.sort(Comparator.<JsonObject>comparingLong(j -> j.getLong("spendFen")).reversed()
              .thenComparingLong(j -> j.getLong("clientId")));
          List<JsonObject> top = ranked.stream().filter(j -> j.getLong("spendFen") > 0).limit(TOP).toList();
          return withCurrentBalances(c, rankLive, top).map(list -> new JsonObject()
              .put("period", periodName).put("range", rangeJson(p)).put("attribution", basis).put("industry", industry)
              .put("live", rankLive).put("asOf", p.now().toString()).put("rows", new JsonArray(list)));
        });
      });
    });
  }

  /** Balance and budget are "now" whatever the period: ask live for the ten rows when it was not asked already. */
  private Future<List<JsonObject>> withCurrentBalances(Caller c, boolean alreadyLive, List<JsonObject> top) {
    if (alreadyLive || !live.available() || top.isEmpty()) return Future.succeededFuture(top);
    return live.clients(c.agencyId(), top.stream().map(j -> j.getLong("clientId")).toList()).map(counters -> {
      for (JsonObject j : top) {
        JsonObject k = counters.get(j.getLong("clientId"));
        if (k == null) continue;
        j.put("balanceFen", k.getLong("balanceFen", j.getLong("balanceFen")));
        j.put("dailyBudgetFen", k.getLong("dailyBudgetFen", j.getLong("dailyBudgetFen")));
      }
      return top;
    });
  }

  // ------------------------------------------------------------------ industries, finance card

  public Future<JsonObject> industries(Caller c) {
    ClientScope scope = ClientScope.of(c);
    return cache.get(key("industries", scope), ReadCache.RECENT, () -> store.industries(scope)).map(list -> new JsonObject().put("industries", new JsonArray(list.stream()
        .map(i -> new JsonObject().put("industry", i.industry()).put("clients", i.clients())).toList())));
  }

  public Future<JsonObject> financeCard(Caller c) {
    if (financeOverview != null) {
      return financeOverview.apply(c).map(f -> new JsonObject()
          .put("agencyBalanceFen", f.getLong("balanceFen")).put("availableFen", f.getLong("availableFen"))
          .put("frozenFen", f.getLong("frozenFen")).put("source", "finance"));
    }
    return store.agencyFunds(c.agencyId()).map(f -> {
      long available = f.generalFen() + f.externalFen();
      long frozen = f.frozenFen() + f.depositFen();
      return new JsonObject().put("agencyBalanceFen", available + frozen).put("availableFen", available)
          .put("frozenFen", frozen).put("source", "ledger");
    });
  }
}
