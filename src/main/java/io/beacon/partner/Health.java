package io.beacon.partner;

import io.beacon.auth.Caller;
import io.beacon.notices.NoticeKind;
import io.beacon.notices.NoticeText;
import io.beacon.notices.Notices;
import io.beacon.platform.DomainException.Invalid;
import io.beacon.platform.DomainException.NotFound;
import io.beacon.platform.Platform;
import io.beacon.readmodel.AgencyZoneStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The agency's health score (代理商健康度): business (商务), promotion (推广) and credit (资信) behaviour each
 * start a month at 100 and lose the points of that month's deductions (never below 0); the history shows the
 * last {@link #HISTORY_MONTHS} months. Deductions and inspection tasks come from the platform's operator.
 */
public final class Health {
  public static final List<String> BEHAVIOURS = List.of("business", "promotion", "credit");
  static final int HISTORY_MONTHS = 6;
  private static final int INSPECTIONS_SHOWN = 50;

  private final Platform platform;
  private final HealthStore store;
  private final AgencyZoneStore zones;
  private final Notices notices;

  public Health(Platform platform, AgencyZoneStore zones, Notices notices) {
    this.platform = platform;
    this.store = new HealthStore(platform.pg());
    this.zones = zones;
    this.notices = notices;
  }

  public Future<JsonObject> health(Caller caller, String monthParam) {
    long agencyId = caller.agencyId();
    return zones.zone(agencyId).compose(zone -> {
      YearMonth month;
      try {
        month = monthParam == null ? YearMonth.now(platform.clock().withZone(zone)) : YearMonth.parse(monthParam);
      } catch (DateTimeParseException e) {
        return Future.failedFuture(new Invalid("month", "must be a month like 2026-11"));
      }
      YearMonth first = month.minusMonths(HISTORY_MONTHS - 1);
      return Future.all(store.deductions(agencyId, first.atDay(1), month.atEndOfMonth()), store.inspections(agencyId, INSPECTIONS_SHOWN))
          .map(all -> {
            List<HealthStore.Deduction> deductions = all.resultAt(0);
            List<HealthStore.Inspection> inspections = all.resultAt(1);
            Map<YearMonth, JsonObject> byMonth = new TreeMap<>();
            for (YearMonth m = first; !m.isAfter(month); m = m.plusMonths(1)) byMonth.put(m, scores(deductions, m));
            JsonArray history = new JsonArray();
            byMonth.forEach((m, s) -> history.add(s.copy().put("month", m.toString())));
            JsonObject current = byMonth.get(month);
            return new JsonObject().put("month", month.toString()).put("scores", current)
                .put("deductions", new JsonArray(deductions.stream().filter(d -> YearMonth.from(d.occurredOn()).equals(month))
                    .map(HealthStore.Deduction::toJson).toList()))
                .put("inspections", new JsonArray(inspections.stream().map(HealthStore.Inspection::toJson).toList()))
                .put("history", history);
          });
    });
  }

  /** Each behaviour's score in {@code month}, and their average as the overall score. */
  static JsonObject scores(List<HealthStore.Deduction> deductions, YearMonth month) {
    JsonObject s = new JsonObject();
    long sum = 0;
    for (String b : BEHAVIOURS) {
      int lost = deductions.stream().filter(d -> d.behaviour().equals(b) && YearMonth.from(d.occurredOn()).equals(month))
          .mapToInt(HealthStore.Deduction::points).sum();
      int score = Math.max(0, 100 - lost);
      s.put(b, score);
      sum += score;
    }
    return s.put("overall", Math.round(sum * 10.0 / BEHAVIOURS.size()) / 10.0);
  }

  /** The operator records a deduction; the agency gets a system notice naming rule and points. */
  public Future<HealthStore.Deduction> deduct(long agencyId, JsonObject b) {
    LocalDate day = date(b.getString("occurredOn"), "occurredOn");
    return store.insertDeduction(agencyId, b.getString("behaviour"), day, b.getString("rule").trim(), b.getInteger("points"),
            b.getString("evidence"), platform.clock().instant())
        .compose(found -> found.isEmpty() ? Future.failedFuture(new NotFound("Agency"))
            : notices.create(agencyId, null, NoticeKind.SYSTEM, NoticeText.plain("健康度扣分 Health deduction · -" + found.get().points(), found.get().rule()), "#/partner?tab=health").map(n -> found.get()));
  }

  public Future<HealthStore.Inspection> inspect(long agencyId, JsonObject b) {
    LocalDate from = date(b.getString("periodFrom"), "periodFrom");
    LocalDate to = date(b.getString("periodTo"), "periodTo");
    if (to.isBefore(from)) return Future.failedFuture(new Invalid("periodTo", "must not be before periodFrom"));
    return store.insertInspection(agencyId, b.getString("name").trim(), from, to, b.getString("status"), b.getString("result"),
            platform.clock().instant())
        .compose(found -> found.isEmpty() ? Future.failedFuture(new NotFound("Agency")) : Future.succeededFuture(found.get()));
  }

  /** The operator moves an inspection on; a finished one (passed / failed) tells the agency with a system notice. */
  public Future<JsonObject> updateInspection(long id, JsonObject b) {
    String status = b.getString("status");
    return store.updateInspection(id, status, b.getString("result"), platform.clock().instant()).compose(found -> {
      if (found.isEmpty()) return Future.failedFuture(new NotFound("Inspection"));
      HealthStore.Inspection i = found.get().inspection();
      JsonObject json = i.toJson().put("agencyId", found.get().agencyId());
      if (!"passed".equals(status) && !"failed".equals(status)) return Future.succeededFuture(json);
      return notices.create(found.get().agencyId(), null, NoticeKind.SYSTEM,
          NoticeText.plain(("passed".equals(status) ? "巡检通过 Inspection passed · " : "巡检未通过 Inspection failed · ") + i.name(), i.result() == null ? "" : i.result()), "#/partner?tab=health").map(n -> json);
    });
  }

  static LocalDate date(String value, String field) {
    try {
      return LocalDate.parse(value);
    } catch (RuntimeException e) {
      throw new Invalid(field, "must be a date like 2026-11-30");
    }
  }
}
