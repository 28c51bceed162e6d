package io.beacon.reports;

import io.beacon.auth.Caller;
import io.beacon.auth.ClientScope;
import io.beacon.platform.DomainException.Invalid;
import io.beacon.platform.DomainException.NotFound;
import io.beacon.platform.DomainException;
import io.beacon.readmodel.AgencyZoneStore;
import io.beacon.readmodel.Period;
import io.beacon.readmodel.ReadCache;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The data overview: metrics with trend and the previous period, top 5 breakdowns with
 * drill-down, the detail table and its saved column sets. All figures come from the persisted
 * aggregates (today's hours lag the live counters by the persistence interval): the live counters
 * have neither the goal / event / campaign / unit split nor conversion-time attribution.
 */
public final class ReportsService {
  public static final int TOP = 5;
  /** Longest custom range at hour granularity, in days. */
  public static final int MAX_HOURLY_DAYS = 7;
  /** Metric columns of the detail table and their field names in rows. */
  public static final Map<String, String> METRICS = metrics();
  public static final List<String> DEFAULT_COLUMNS = List.of("impressions", "clicks", "spend", "conversions", "cost");

  private final ReportsStore store;
  private final AgencyZoneStore zones;
  private final ReadCache cache;
  private final Clock clock;

  public ReportsService(ReportsStore store, AgencyZoneStore zones, ReadCache cache, Clock clock) {
    this.store = store;
    this.zones = zones;
    this.cache = cache;
    this.clock = clock;
  }

  private static Map<String, String> metrics() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("impressions", "impressions");
    m.put("clicks", "clicks");
    m.put("spend", "spendFen");
    m.put("conversions", "conversions");
    m.put("cost", "cpaFen");
    m.put("cpm", "cpmFen");
    m.put("ctr", "ctr");
    m.put("cpc", "cpcFen");
    m.put("cvr", "cvr");
    return java.util.Collections.unmodifiableMap(m);
  }

  /** The filters as asked: range and granularity, attribution basis, optional client, goal and promotion mode. */
  public record Filters(String range, String from, String to, boolean hourly, String basis, Long clientId, String goal, String mode) {}

  /** A validated request: the period in the agency's zone and the filters. */
  public record Scoped(Caller caller, Period period, Filters filters) {
    ClientScope scope() { return ClientScope.of(caller); }
  }

  /** Parses the period (400 naming range / from / to) and checks the client filter is visible (404). */
  public Future<Scoped> scoped(Caller c, Filters f) {
    return zones.zone(c.agencyId()).compose(zone -> {
      Period p = period(f, zone, clock.instant());
      return visible(c, f.clientId()).map(v -> new Scoped(c, p, f));
    });
  }

  private Future<Void> visible(Caller c, Long clientId) {
    if (clientId == null) return Future.succeededFuture();
    return store.clientVisible(ClientScope.of(c), clientId)
        .compose(ok -> ok ? Future.succeededFuture() : Future.failedFuture(new NotFound("client")));
  }

  static Period period(Filters f, java.time.ZoneId zone, Instant now) {
    String range = f.range() == null ? "today" : f.range();
    if (f.hourly() && !List.of("today", "yesterday", "7d", "custom").contains(range)) {
      throw new Invalid("range", "at hour granularity one of today, yesterday, 7d, custom");
    }
    LocalDate today = now.atZone(zone).toLocalDate();
    Period p = switch (range) {
      case "90d" -> new Period(today.minusDays(89), today, today, zone, now);
      case "180d" -> new Period(today.minusDays(179), today, today, zone, now);
      default -> Period.parse(range, f.from(), f.to(), zone, now);
    };
    if (f.hourly() && p.days() > MAX_HOURLY_DAYS) {
      throw new Invalid("from", "at hour granularity a range spans at most " + MAX_HOURLY_DAYS + " days");
    }
    return p;
  }

  // ------------------------------------------------------------------ facts of a period

  /** Where the period's figures are read: its rolled days and the hour windows of the rest. */
  private Future<ReportsStore.Query> query(Scoped s, Period p, Instant end, String industry, Long clientId, String goal, String event) {
    Filters f = s.filters();
    Instant start = p.start(p.from());
    Future<List<LocalDate>> rolled;
    LocalDate lastWhole = p.to().isBefore(p.today()) ? p.to() : p.today().minusDays(1);
    if (f.hourly() || lastWhole.isBefore(p.from())) {
      rolled = Future.succeededFuture(List.of());
    } else {
      rolled = cache.get(ReadCache.key("data-rolled", ClientScope.agency(s.caller().agencyId()), f.basis(), p.from(), lastWhole),
          ReadCache.SETTLED, () -> store.rolledDays(s.caller().agencyId(), f.basis(), p.from(), lastWhole));
    }
    return rolled.map(days -> {
      Set<LocalDate> usable = new HashSet<>();
      for (LocalDate d : days) if (!p.end(d).isAfter(end)) usable.add(d);
      List<ReportsStore.Window> windows = new ArrayList<>();
      Instant open = null;
      for (LocalDate d = p.from(); !d.isAfter(p.to()); d = d.plusDays(1)) {
        if (usable.contains(d)) {
          if (open != null) windows.add(new ReportsStore.Window(open, p.start(d)));
          open = null;
        } else if (open == null) {
          open = p.start(d);
        }
      }
      if (open != null && open.isBefore(end)) windows.add(new ReportsStore.Window(open, end));
      return new ReportsStore.Query(s.scope(), f.basis(), clientId, industry, goal, event, f.mode(), f.hourly(), p.zone(), start,
          List.copyOf(usable).stream().sorted().toList(), List.copyOf(windows));
    });
  }

  /** The end of a period: its last day's end, or for a previous period cut at an instant, that instant's hour end. */
  private static Instant end(Period p) {
    Instant dayEnd = p.end(p.to());
    if (p.now() == null || !p.to().isBefore(p.today())) return dayEnd;
    Instant h = p.now().truncatedTo(ChronoUnit.HOURS);
    Instant cut = h.equals(p.now()) ? h : h.plus(1, ChronoUnit.HOURS);
    return cut.isBefore(dayEnd) ? cut : dayEnd;
  }

  private static Duration ttl(Period p) { return ReadCache.ttl(p); }

  private static String cacheKey(String what, ReportsStore.Query q, Object... more) {
    Object[] base = {q.basis(), q.clientId(), q.industry(), q.goal(), q.event(), q.mode(), q.hourly(), q.origin(), q.rolledDays(), q.windows()};
    Object[] params = new Object[base.length + more.length];
    System.arraycopy(base, 0, params, 0, base.length);
    System.arraycopy(more, 0, params, base.length, more.length);
    return ReadCache.key(what, q.scope(), params);
  }

  // ------------------------------------------------------------------ overview

  public Future<JsonObject> overview(Scoped s, boolean compare) {
    Period p = s.period();
    Filters f = s.filters();
    Future<JsonObject> current = trend(s, p, end(p));
    Period prev = p.previous();
    Future<JsonObject> previous = compare ? trend(s, prev, end(prev)) : Future.succeededFuture(null);
    return Future.all(current, previous).map(v -> {
      JsonObject cur = current.result();
      JsonObject out = new JsonObject().put("range", range(p, f)).put("attribution", f.basis()).put("clientId", f.clientId())
          .put("goal", f.goal()).put("mode", f.mode()).put("asOf", p.now().toString()).put("live", false)
          .put("metrics", cur.getJsonObject("metrics")).put("trend", cur.getJsonArray("trend"));
      if (compare) {
        JsonObject before = previous.result();
        out.put("previous", new JsonObject().put("range", range(prev, f)
                .put("cutAt", prev.now() == null || !prev.to().isBefore(prev.today()) ? null : end(prev).toString()))
                .put("metrics", before.getJsonObject("metrics")).put("trend", before.getJsonArray("trend")))
            .put("change", change(cur.getJsonObject("metrics"), before.getJsonObject("metrics")));
      }
      return out;
    });
  }

  private Future<JsonObject> trend(Scoped s, Period p, Instant end) {
    Filters f = s.filters();
    return query(s, p, end, null, f.clientId(), f.goal(), null).compose(q ->
        cache.get(cacheKey("data-trend", q, end), ttl(p), () -> store.trend(q)).map(buckets -> {
          int n = f.hourly() ? p.days() * 24 : p.days();
          int soFar = soFar(p, f.hourly(), end);
          Sums[] points = new Sums[n];
          Sums total = Sums.ZERO;
          for (ReportsStore.Bucket b : buckets) {
            if (b.bucket() < 0 || b.bucket() >= n) continue;
            points[b.bucket()] = points[b.bucket()] == null ? b.sums() : points[b.bucket()].plus(b.sums());
            total = total.plus(b.sums());
          }
          JsonArray trend = new JsonArray();
          for (int i = 0; i < soFar; i++) {
            trend.add((points[i] == null ? Sums.ZERO : points[i]).toJson().put("time", label(p, f.hourly(), i)));
          }
          return new JsonObject().put("metrics", total.toJson()).put("trend", trend);
        }));
  }

  /** Buckets up to the end instant (today's later hours are not shown). */
  private static int soFar(Period p, boolean hourly, Instant end) {
    if (!hourly) return p.days();
    long hours = ChronoUnit.HOURS.between(p.start(p.from()), end);
    return (int) Math.min(p.days() * 24L, Math.max(0, hours));
  }

  /** A bucket's time: the day "2026-11-25", or the hour "2026-11-25T14:00" in the agency's zone. */
  static String label(Period p, boolean hourly, int bucket) {
    if (!hourly) return p.from().plusDays(bucket).toString();
    LocalDateTime t = LocalDateTime.ofInstant(p.start(p.from()).plus(bucket, ChronoUnit.HOURS), p.zone());
    return t.toLocalDate() + "T" + String.format("%02d:00", t.getHour());
  }

  private static JsonObject range(Period p, Filters f) {
    return new JsonObject().put("from", p.from().toString()).put("to", p.to().toString()).put("days", p.days())
        .put("granularity", f.hourly() ? "hour" : "day");
  }

  /** Relative change of each metric (0.25 = +25 %), null where the previous value is null or 0. */
  private static JsonObject change(JsonObject now, JsonObject before) {
    JsonObject out = new JsonObject();
    for (String k : now.fieldNames()) {
      Number a = (Number) now.getValue(k);
      Number b = (Number) before.getValue(k);
      out.put(k, a == null || b == null || b.doubleValue() == 0 ? null
          : Math.round((a.doubleValue() - b.doubleValue()) * 10000.0 / b.doubleValue()) / 10000.0);
    }
    return out;
  }

  // ------------------------------------------------------------------ top 5 with drill-down

  /** The chosen parents of a drill-down: industry → client → goal (each may be null). */
  public record Path(String industry, Long clientId, String goal) {}

  /**
   * Checks the path is a chain of parents ending just above {@code d} (industry → client → goal → event,
   * starting anywhere): a parent at or below {@code d}, or a gap, is a 400 naming the parameter.
   */
  static void checkPath(Dimension d, Path path) {
    Object[] values = {path.industry(), path.clientId(), path.goal()};
    String[] fields = {"pathIndustry", "pathClientId", "pathGoal"};
    int at = Dimension.DRILL.indexOf(d);
    boolean below = false;
    for (int i = at - 1; i >= 0; i--) {
      if (values[i] == null) below = true;
      else if (below) throw new Invalid(fields[i], "a drill-down goes industry → client → goal → event without skipping a level; choose "
          + Dimension.DRILL.get(i + 1).id() + " first or leave " + fields[i] + " out");
    }
    for (int i = Math.max(at, 0); i < values.length; i++) {
      if (values[i] != null) throw new Invalid(fields[i], "is not a parent of " + d.id());
    }
  }

  public Future<JsonObject> top(Scoped s, Dimension d, Path path) {
    try {
      checkPath(d, path);
    } catch (DomainException e) {
      return Future.failedFuture(e);
    }
    Filters f = s.filters();
    Period p = s.period();
    // A drill-down parent narrows the page's own client / goal filter; two different values match nothing.
    boolean disjoint = conflicts(f.clientId(), path.clientId()) || conflicts(f.goal(), path.goal());
    Long client = path.clientId() != null ? path.clientId() : f.clientId();
    String goal = path.goal() != null ? path.goal() : f.goal();
    return visible(s.caller(), path.clientId())
        .compose(v -> query(s, p, end(p), path.industry(), client, goal, null))
        .compose(q -> disjoint ? Future.succeededFuture(new ReportsStore.Top(List.of(), 0))
            : cache.get(cacheKey("data-top", q, d, end(p)), ttl(p), () -> store.top(q, d, TOP)))
        .map(top -> {
          JsonArray rows = new JsonArray();
          for (ReportsStore.Share r : top.rows()) {
            JsonObject row = new JsonObject().put("key", r.key()).put("label", r.label()).put("spendFen", r.spendFen())
                .put("share", top.totalSpendFen() == 0 ? null : Math.round(r.spendFen() * 10000.0 / top.totalSpendFen()) / 10000.0);
            if (d == Dimension.CLIENT) row.put("clientId", Long.parseLong(r.key()));
            rows.add(row);
          }
          return new JsonObject().put("dimension", d.id()).put("range", range(p, f)).put("attribution", f.basis())
              .put("path", new JsonObject().put("industry", path.industry()).put("clientId", path.clientId()).put("goal", path.goal()))
              .put("totalSpendFen", top.totalSpendFen()).put("rows", rows);
        });
  }

  private static boolean conflicts(Object filter, Object parent) { return filter != null && parent != null && !filter.equals(parent); }

  // ------------------------------------------------------------------ detail table

  /** A validated detail request: dimensions in column order, metric columns and the sort (null: the default order). */
  public record DetailQuery(Scoped scoped, List<Dimension> dimensions, List<String> columns, ReportsStore.Sort sort) {
    /** Column ids in table order: time first, then the other dimensions, then the metrics. */
    public List<String> header() {
      List<String> out = new ArrayList<>(Dimension.ids(dimensions));
      out.addAll(columns);
      return out;
    }
  }

  /**
   * Checks a detail request: dimensions among time, client, goal, event, campaign, unit (campaign and unit
   * only with a client filter), metric columns among {@link #METRICS}, sort a metric id with "-" for
   * descending; a 400 naming {@code dimensions}, {@code columns} or {@code sort} otherwise.
   */
  public static DetailQuery detailQuery(Scoped s, String dimensions, String columns, String sort) {
    List<Dimension> dims = Dimension.parseDetail(dimensions == null ? "client" : dimensions, "dimensions");
    if (s.filters().clientId() == null && (dims.contains(Dimension.CAMPAIGN) || dims.contains(Dimension.UNIT))) {
      throw new Invalid("dimensions", "campaign and unit need a client: set clientId");
    }
    return new DetailQuery(s, dims, metricColumns(columns, "columns"), sort(sort));
  }

  static ReportsStore.Sort sort(String sort) {
    if (sort == null || sort.isBlank()) return null;
    String s = sort.trim();
    boolean descending = s.startsWith("-");
    String metric = descending ? s.substring(1) : s;
    if (!METRICS.containsKey(metric)) {
      throw new Invalid("sort", "unknown metric '" + metric + "'; one of " + String.join(", ", METRICS.keySet()) + ", \"-\" for descending");
    }
    return new ReportsStore.Sort(metric, descending);
  }

  static List<String> metricColumns(String columns, String field) {
    if (columns == null) return DEFAULT_COLUMNS;
    List<String> out = new ArrayList<>();
    for (String part : columns.split(",")) {
      String c = part.trim();
      if (c.isEmpty()) continue;
      if (!METRICS.containsKey(c)) throw new Invalid(field, "unknown column '" + c + "'; one of " + String.join(", ", METRICS.keySet()));
      if (!out.contains(c)) out.add(c);
    }
    if (out.isEmpty()) throw new Invalid(field, "choose at least one of " + String.join(", ", METRICS.keySet()));
    return List.copyOf(out);
  }

  public Future<JsonObject> detail(DetailQuery d, int page, int pageSize) {
    Scoped s = d.scoped();
    Period p = s.period();
    Filters f = s.filters();
    return query(s, p, end(p), null, f.clientId(), f.goal(), null).compose(q ->
        cache.get(cacheKey("data-detail", q, d.dimensions(), d.sort(), page, pageSize, end(p)), ttl(p),
            () -> store.detail(q, d.dimensions(), d.sort(), pageSize, (page - 1) * pageSize)).map(result -> {
          JsonArray rows = new JsonArray();
          for (ReportsStore.DetailRow r : result.rows()) rows.add(rowJson(d, r));
          return new JsonObject().put("range", range(p, f)).put("attribution", f.basis()).put("clientId", f.clientId())
              .put("goal", f.goal()).put("mode", f.mode()).put("sort", sortParam(d.sort()))
              .put("dimensions", new JsonArray(Dimension.ids(d.dimensions())))
              .put("columns", new JsonArray(d.columns())).put("total", result.total()).put("page", page).put("pageSize", pageSize)
              .put("rows", rows);
        }));
  }

  /**
   * Streams every row of a detail request in table order (for downloads): {@code batchSize} rows at a
   * time as JSON objects shaped like the detail endpoint's rows; the next batch is read from the database
   * only after {@code sink}'s future completes, so memory stays bounded. Completes with the row count.
   */
  public Future<Long> streamDetail(DetailQuery d, int batchSize, Function<List<JsonObject>, Future<Void>> sink) {
    Scoped s = d.scoped();
    Period p = s.period();
    Filters f = s.filters();
    return query(s, p, end(p), null, f.clientId(), f.goal(), null).compose(q ->
        store.streamDetail(q, d.dimensions(), d.sort(), batchSize, rows -> sink.apply(rows.stream().map(r -> rowJson(d, r)).toList())));
  }

  private static String sortParam(ReportsStore.Sort sort) {
    return sort == null ? null : (sort.descending() ? "-" : "") + sort.metric();
  }

  private static JsonObject rowJson(DetailQuery d, ReportsStore.DetailRow r) {
    Scoped s = d.scoped();
    JsonObject row = new JsonObject();
    for (Dimension dim : d.dimensions()) {
      switch (dim) {
        case TIME -> row.put("time", label(s.period(), s.filters().hourly(), r.bucket()));
        case CLIENT -> row.put("clientId", r.clientId()).put("clientName", r.clientName());
        case GOAL -> row.put("goal", r.goal());
        case EVENT -> row.put("event", r.event());
        case CAMPAIGN -> row.put("campaignId", r.campaignId());
        case UNIT -> row.put("unitId", r.unitId());
        default -> throw new IllegalStateException("not a detail dimension: " + dim);
      }
    }
    for (String c : d.columns()) row.put(METRICS.get(c), r.sums().metric(c));
    return row;
  }

  // ------------------------------------------------------------------ templates

  public Future<JsonObject> templates(Caller c) {
    return store.templates(c.agencyId(), c.identityId())
        .map(list -> new JsonObject().put("templates", new JsonArray(list.stream().map(ReportsStore.Template::toJson).toList())));
  }

  /** Checks a template body: name 1–60 characters, known dimensions and columns (400 naming the field). */
  public record TemplateBody(String name, List<String> dimensions, List<String> columns) {
    public static TemplateBody of(JsonObject body) {
      String name = body.getString("name", "").trim();
      if (name.isEmpty()) throw new Invalid("name", "must not be blank");
      List<Dimension> dims = Dimension.parseDetail(String.join(",", strings(body.getJsonArray("dimensions"))), "dimensions");
      List<String> cols = metricColumns(String.join(",", strings(body.getJsonArray("columns"))), "columns");
      return new TemplateBody(name, Dimension.ids(dims), cols);
    }

    private static List<String> strings(JsonArray a) {
      List<String> out = new ArrayList<>();
      if (a != null) a.forEach(v -> out.add(String.valueOf(v)));
      return out;
    }
  }

  public Future<ReportsStore.Template> createTemplate(Caller c, TemplateBody t) {
    return store.createTemplate(c.agencyId(), c.identityId(), t.name(), t.dimensions(), t.columns());
  }

  public Future<ReportsStore.Template> updateTemplate(Caller c, long id, TemplateBody t) {
    return store.updateTemplate(c.agencyId(), c.identityId(), id, t.name(), t.dimensions(), t.columns())
        .compose(found -> found.map(Future::succeededFuture).orElseGet(() -> Future.failedFuture(new NotFound("template"))));
  }

  public Future<Void> deleteTemplate(Caller c, long id) {
    return store.deleteTemplate(c.agencyId(), c.identityId(), id)
        .compose(gone -> gone ? Future.succeededFuture() : Future.failedFuture(new NotFound("template")));
  }
}
