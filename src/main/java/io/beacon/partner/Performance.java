package io.beacon.partner;

import io.beacon.auth.Caller;
import io.beacon.platform.DomainException.Invalid;
import io.beacon.platform.DomainException.NotFound;
import io.beacon.platform.DomainException;
import io.beacon.platform.Platform;
import io.beacon.readmodel.AgencyZoneStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/**
 * Performance (业绩管理): the platform publishes the assessment indicators of a period with their targets;
 * for spend, clients with spend and new clients Beacon computes the actual figure from its own spend, for the
 * rest the platform publishes it too. Status: met once actual reaches target, missed when the period ended
 * short of it, otherwise being assessed.
 */
public final class Performance {
  /** Indicator codes whose actual figure Beacon computes. */
  public static final Set<String> COMPUTED = Set.of("spend", "active_clients", "new_clients");

  private final Platform platform;
  private final PerformanceStore store;
  private final AgencyZoneStore zones;

  public Performance(Platform platform, AgencyZoneStore zones) {
    this.platform = platform;
    this.store = new PerformanceStore(platform.pg());
    this.zones = zones;
  }

  public Future<JsonObject> indicators(Caller caller, String periodParam) {
    long agencyId = caller.agencyId();
    return today(agencyId).compose(today -> {
      AssessmentPeriod period = AssessmentPeriod.parse(periodParam, today, "period");
      return Future.all(store.indicators(agencyId, period.label()), store.figures(agencyId, period.from(), period.to())).map(all -> {
        List<PerformanceStore.Indicator> published = all.resultAt(0);
        PerformanceStore.Figures figures = all.resultAt(1);
        JsonArray items = new JsonArray();
        for (PerformanceStore.Indicator i : published) items.add(indicatorJson(i, figures, period, today));
        return new JsonObject().put("period", periodJson(period))
            .put("periods", new JsonArray(AssessmentPeriod.lastQuarters(today, 4).stream().map(AssessmentPeriod::label).toList()))
            .put("figures", new JsonObject().put("spendFen", figures.spendFen()).put("activeClients", figures.activeClients())
                .put("newClients", figures.newClients()))
            .put("indicators", items);
      });
    });
  }

  public Future<JsonObject> clients(Caller caller, String periodParam, int page, int pageSize) {
    long agencyId = caller.agencyId();
    return today(agencyId).compose(today -> {
      AssessmentPeriod period = AssessmentPeriod.parse(periodParam, today, "period");
      return store.clients(agencyId, period.from(), period.to(), pageSize, (page - 1) * pageSize).map(p -> new JsonObject()
          .put("period", periodJson(period))
          .put("items", new JsonArray(p.items().stream().map(c -> new JsonObject().put("clientId", c.clientId()).put("name", c.name())
              .put("pid", c.pid()).put("industry", c.industry()).put("spendFen", c.spendFen())).toList()))
          .put("total", p.total()).put("totalSpendFen", p.totalSpendFen()).put("page", page).put("pageSize", pageSize));
    });
  }

  /** Publishes an indicator for the operator; an actual figure for a computed indicator is refused. */
  public Future<JsonObject> publish(long agencyId, JsonObject b) {
    String code = b.getString("code");
    Long actual = b.getLong("actual");
    if (actual != null && COMPUTED.contains(code)) {
      return Future.failedFuture(new Invalid("actual", "Beacon computes " + code + " from spend; publish only its target"));
    }
    AssessmentPeriod period;
    try {
      period = AssessmentPeriod.parse(b.getString("period"), LocalDate.now(platform.clock()), "period");
    } catch (DomainException e) {
      return Future.failedFuture(e);
    }
    var indicator = new PerformanceStore.Indicator(period.label(), code, b.getString("name"), b.getString("unit"),
        b.getLong("target"), actual, platform.clock().instant());
    return store.upsert(agencyId, indicator).compose(saved -> saved.isEmpty() ? Future.failedFuture(new NotFound("Agency"))
        : today(agencyId).compose(today -> store.figures(agencyId, period.from(), period.to())
            .map(f -> indicatorJson(saved.get(), f, period, today).put("agencyId", agencyId))));
  }

  private Future<LocalDate> today(long agencyId) {
    return zones.zone(agencyId).map(zone -> LocalDate.now(platform.clock().withZone(zone)));
  }

  static JsonObject indicatorJson(PerformanceStore.Indicator i, PerformanceStore.Figures f, AssessmentPeriod period, LocalDate today) {
    boolean computed = COMPUTED.contains(i.code());
    Long actual = !computed ? i.actual() : switch (i.code()) {
      case "spend" -> f.spendFen();
      case "active_clients" -> f.activeClients();
      default -> f.newClients();
    };
    String status = actual != null && actual >= i.target() ? "met" : period.over(today) ? "missed" : "assessing";
    return new JsonObject().put("code", i.code()).put("name", i.name()).put("unit", i.unit()).put("period", i.period())
        .put("target", i.target()).put("actual", actual).put("source", computed ? "beacon" : "platform").put("status", status)
        .put("progressPct", actual == null || i.target() == 0 ? null : Math.round(actual * 1000.0 / i.target()) / 10.0)
        .put("publishedAt", i.publishedAt().toString());
  }

  private static JsonObject periodJson(AssessmentPeriod p) {
    return new JsonObject().put("label", p.label()).put("from", p.from().toString()).put("to", p.to().toString());
  }
}
