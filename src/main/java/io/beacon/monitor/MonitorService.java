package io.beacon.monitor;

import io.beacon.auth.Caller;
import io.beacon.auth.ClientScope;
import io.beacon.live.Pacing;
import io.beacon.notices.NoticeKind;
import io.beacon.notices.NoticeText;
import io.beacon.notices.Notices;
import io.beacon.platform.DomainException.Conflict;
import io.beacon.platform.DomainException.Invalid;
import io.beacon.platform.DomainException.NotFound;
import io.beacon.platform.DomainException;
import io.beacon.readmodel.LiveFigures;
import io.beacon.readmodel.Period;
import io.beacon.readmodel.Periods;
import io.beacon.readmodel.ReadCache;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The monitoring table: filters, totals with trend, one row per client with sparkline,
 * sort by any column, paging. Today's figures come from the live counters (billing basis, all modes:
 * the counters do not split impressions by mode), past days and hours from the rollups; balance and
 * budget are always the live ones when live provides them.
 */
public final class MonitorService {
  /** Sortable columns and how each row is compared (null values last). */
  static final Map<String, Function<JsonObject, Comparable<?>>> SORTS = Map.ofEntries(
      Map.entry("name", j -> j.getString("name")),
      Map.entry("impressions", j -> j.getLong("impressions")),
      Map.entry("clicks", j -> j.getLong("clicks")),
      Map.entry("spend", j -> j.getLong("spendFen")),
      Map.entry("conversions", j -> j.getLong("conversions")),
      Map.entry("cost", j -> j.getLong("costPerConversionFen")),
      Map.entry("ctr", j -> j.getDouble("ctr")),
      Map.entry("cvr", j -> j.getDouble("cvr")),
      Map.entry("balance", j -> j.getLong("balanceFen")),
      Map.entry("budget", j -> j.getLong("dailyBudgetFen")),
      Map.entry("budgetUsed", j -> j.getDouble("budgetUsedPct")));

  private final MonitorStore store;
  private final Periods periods;
  private final LiveFigures live;
  private final ReadCache cache;
  private final Notices notices;

  public MonitorService(MonitorStore store, Periods periods, LiveFigures live, ReadCache cache, Notices notices) {
    this.store = store;
    this.periods = periods;
    this.live = live;
    this.cache = cache;
    this.notices = notices;
  }

  public record Filters(String range, String from, String to, String mode, String basis, String industry, String search,
                        String sort, int page, int pageSize) {}

  /**
   * Requests the end of a client's contract (解约): signed → terminating, for the platform to carry
   * out, and tells the agency with an authorisation notice about the client. Another agency's or an
   * unassigned client is 404; a contract already ending is 409 naming its state.
   */
  public Future<MonitorStore.Termination> terminate(Caller c, long clientId) {
    return store.terminate(ClientScope.of(c), clientId).compose(found -> {
      if (found.isEmpty()) return Future.failedFuture(new NotFound("client"));
      MonitorStore.Termination t = found.get();
      if (!t.changed()) {
        return Future.failedFuture(new Conflict("contract-state", "The contract is already " + t.before(),
            new JsonObject().put("contractState", t.before())));
      }
      return notices.create(c.agencyId(), clientId, NoticeKind.AUTHORIZATION,
              NoticeText.of("terminate", new JsonObject().put("client", t.clientName()).put("by", c.name())),
              Notices.monitorLink(clientId, t.clientName()))
          .map(n -> t)
          .otherwise(t);   // the contract state changed; a lost notice must not turn that into an error
    });
  }

  public Future<JsonObject> clients(Caller c, Filters f) {
    Comparator<JsonObject> order;
    try {
      order = comparator(f.sort());
    } catch (DomainException e) {
      return Future.failedFuture(e);
    }
    return periods.of(c, f.range(), f.from(), f.to()).compose(p -> {
      MonitorStore.Query q = new MonitorStore.Query(ClientScope.of(c), f.industry(), f.search(), f.basis(), f.mode(), p.today());
      String key = ReadCache.key("monitor", q.scope(), f.industry(), f.search(), f.basis(), f.mode(), p.from(), p.to(), p.today());
      // Days before today are settled; today's figures, balance and budget come from the live counters when
      // they cover the view (billing, all modes), so only a one-day or filtered view needs fresh persisted rows.
      boolean liveDays = liveToday(p, f) && !p.hourly();
      Future<List<MonitorStore.ClientRow>> rows = cache.get(key, liveDays ? ReadCache.SETTLED : ReadCache.ttl(p), () -> p.hourly()
          ? store.hourly(q, p.start(p.from()), p.end(p.from()))
          : store.daily(q, p.from(), p.to()));
      return rows.compose(list -> (live.available() && !list.isEmpty()
          ? live.clients(c.agencyId(), list.stream().map(MonitorStore.ClientRow::clientId).toList())
          : Future.succeededFuture(Map.<Long, JsonObject>of()))
          .map(counters -> table(p, f, list, counters, order)));
    });
  }

  private JsonObject table(Period p, Filters f, List<MonitorStore.ClientRow> list, Map<Long, JsonObject> counters,
                           Comparator<JsonObject> order) {
    boolean liveToday = liveToday(p, f);
    int n = p.buckets();
    int todayBucket = p.hourly() ? -1 : (int) ChronoUnit.DAYS.between(p.from(), p.today());
    int soFar = p.bucketsSoFar();
    Figures[] trend = new Figures[n];
    Arrays.fill(trend, Figures.ZERO);
    Figures total = Figures.ZERO;
    List<JsonObject> rows = new ArrayList<>(list.size());
    for (MonitorStore.ClientRow r : list) {
      JsonObject k = counters.get(r.clientId());
      Figures sums = Figures.ZERO;
      long[] spark = new long[n];
      for (int i = 0; i < r.buckets().length; i++) {
        int b = r.buckets()[i];
        if (b < 0 || b >= n) continue;
        if (liveToday && k != null && b == todayBucket) continue;   // today's bucket comes from the counters
        Figures v = new Figures(r.impressions()[i], r.clicks()[i], r.costFen()[i], r.conversions()[i]);
        sums = sums.plus(v);
        trend[b] = trend[b].plus(v);
        spark[b] = v.spendFen();
      }
      if (liveToday && k != null) {
        Figures today = Figures.ofCounters(k);
        if (p.hourly()) {
          sums = today;   // the hours are persisted figures for the sparkline; the day's totals are live
        } else {
          sums = sums.plus(today);
          trend[todayBucket] = trend[todayBucket].plus(today);
          spark[todayBucket] = today.spendFen();
        }
      }
      total = total.plus(sums);
      long budget = k != null ? k.getLong("dailyBudgetFen", r.dailyBudgetFen()) : r.dailyBudgetFen();
      Double used = k != null && k.getValue("budgetUsedPct") != null ? k.getDouble("budgetUsedPct")
          : budget == 0 ? null : Math.round(r.todaySpendFen() * 1000.0 / budget) / 10.0;
      JsonArray sparkline = new JsonArray();
      for (int i = 0; i < Math.min(n, soFar); i++) sparkline.add(spark[i]);
      rows.add(new JsonObject().put("clientId", r.clientId()).put("name", r.name()).put("email", r.email()).put("pid", r.pid())
          .put("industry", r.industry()).put("status", r.status())
          .mergeIn(sums.toJson())
          .put("costPerConversionFen", sums.costPerConversionFen())
          .put("ctr", sums.ctr()).put("cvr", sums.cvr())
          .put("balanceFen", k != null ? k.getLong("balanceFen", r.ledgerBalanceFen()) : r.ledgerBalanceFen())
          .put("dailyBudgetFen", budget).put("budgetUsedPct", used).put("sparkline", sparkline)
          .put("pacing", liveToday && k != null ? Pacing.of(k, p.now().atZone(p.zone())).toJson() : null));
    }
    rows.sort(order);
    int fromIndex = Math.min(rows.size(), (f.page() - 1) * f.pageSize());
    List<JsonObject> page = rows.subList(fromIndex, Math.min(rows.size(), fromIndex + f.pageSize()));
    JsonArray trendJson = new JsonArray();
    for (int i = 0; i < Math.min(n, soFar); i++) trendJson.add(new JsonObject().put("label", p.label(i)).mergeIn(trend[i].toJson()));
    return new JsonObject()
        .put("range", new JsonObject().put("from", p.from().toString()).put("to", p.to().toString()).put("granularity", p.hourly() ? "hour" : "day"))
        .put("attribution", f.basis()).put("mode", f.mode()).put("live", liveToday).put("asOf", p.now().toString())
        .put("total", rows.size()).put("page", f.page()).put("pageSize", f.pageSize()).put("sort", f.sort())
        .put("totals", total.toJson()
            .put("cpmFen", total.impressions() == 0 ? null : Math.round(total.spendFen() * 1000.0 / total.impressions()))
            .put("ctr", total.ctr()).put("cvr", total.cvr())
            .put("costPerConversionFen", total.costPerConversionFen())
            .put("trend", trendJson))
        .put("rows", new JsonArray(new ArrayList<>(page)));
  }

  private boolean liveToday(Period p, Filters f) {
    return live.available() && p.includesToday() && "billing".equals(f.basis()) && f.mode() == null;
  }

  static Double ratio(long a, long b) { return b == 0 ? null : Math.round(a * 1_000_000.0 / b) / 1_000_000.0; }

  /** "sort=field,-field": unknown fields are a 400 naming {@code sort}; ties break by client id. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static Comparator<JsonObject> comparator(String sort) {
    Comparator<JsonObject> out = null;
    for (String part : sort.split(",")) {
      String key = part.trim();
      boolean desc = key.startsWith("-");
      if (desc) key = key.substring(1);
      Function<JsonObject, Comparable<?>> f = SORTS.get(key);
      if (f == null) throw new Invalid("sort", "unknown column '" + key + "'; one of " + String.join(", ", SORTS.keySet().stream().sorted().toList()));
      Comparator<Comparable> natural = desc ? Comparator.<Comparable>naturalOrder().reversed() : Comparator.naturalOrder();
      Comparator<JsonObject> c = Comparator.comparing(j -> (Comparable) f.apply(j), Comparator.nullsLast(natural));
      out = out == null ? c : out.thenComparing(c);
    }
    return out.thenComparingLong(j -> j.getLong("clientId"));
  }
}
