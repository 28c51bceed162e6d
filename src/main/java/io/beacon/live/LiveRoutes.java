package io.beacon.live;

import io.beacon.auth.AuditLog;
import io.beacon.auth.Caller;
import io.beacon.auth.ClientScope;
import io.beacon.platform.ApiException;
import io.beacon.platform.ApiRouter;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import static io.beacon.platform.Replies.created;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import static io.beacon.platform.RequestParams.intParam;
import static io.beacon.platform.RequestParams.pathId;
import static io.beacon.platform.RequestParams.body;
import static io.beacon.platform.RequestParams.longParam;
import static io.beacon.platform.Replies.json;

/**
 * HTTP of the live feature: ingest (key-authenticated), ingest keys, a client's live figures,
 * daily budget edits, alerts and their thresholds. Authorisation by capability happens before these
 * handlers (openapi.yaml); object scope here: a client or alert the caller may not see answers 404.
 */
final class LiveRoutes implements ApiRouter.Feature {
  static final String KEY_HEADER = "X-Beacon-Ingest-Key";
  private static final java.util.List<String> STATES = java.util.List.of("open", "acknowledged", "snoozed", "cleared");

  private final Live live;
  private final LiveStore store;

  LiveRoutes(Live live, LiveStore store) {
    this.live = live;
    this.store = store;
  }

  @Override
  public void mount(Router api) {
    api.post("/ingest/events").handler(this::ingest);
    api.get("/ingest/clients").handler(ctx -> json(ctx, live.ingestKeys().agencyOf(ctx.request().getHeader(KEY_HEADER))
        .compose(agencyId -> Future.all(store.ingestClients(agencyId, live.platform().clock().instant()), store.agencyZone(agencyId)))
        .map(r -> new JsonObject().put("items", r.resultAt(0)).put("timeZone", r.<java.time.ZoneId>resultAt(1).getId()))));
    api.post("/ingest-keys").handler(ctx -> {
      Caller c = Caller.of(ctx);
      live.ingestKeys().create(c.agencyId(), body(ctx).getString("name"), c.staffId())
          .onSuccess(k -> {
            AuditLog.after(ctx, k.copy().put("key", "(shown once)"));
            created(ctx, k);
          })
          .onFailure(ctx::fail);
    });
    api.get("/ingest-keys").handler(ctx -> json(ctx, live.ingestKeys().list(Caller.of(ctx).agencyId())
        .map(items -> new JsonObject().put("items", new JsonArray(items)))));
    api.delete("/ingest-keys/:id").handler(ctx -> json(ctx, live.ingestKeys().revoke(Caller.of(ctx).agencyId(), pathId(ctx, "id"))));
    api.get("/clients/:id/live").handler(this::clientLive);
    api.put("/clients/:id/daily-budget").handler(this::dailyBudget);
    api.get("/live/totals").handler(this::totals);
    api.get("/alerts").handler(this::alerts);
    api.get("/alerts/:id").handler(ctx -> {
      ClientScope scope = ClientScope.of(Caller.of(ctx));
      json(ctx, live.alerts().detail(scope, pathId(ctx, "id")).compose(d -> live.fixes()
          .proposal(scope.agencyId(), d.getLong("clientId"), d.getString("kind"))
          .map(p -> d.put("proposal", "cleared".equals(d.getString("state")) ? null : p))));
    });
    api.post("/alerts/:id/ack").handler(ctx -> {
      Caller c = Caller.of(ctx);
      json(ctx, live.alerts().ack(ClientScope.of(c), pathId(ctx, "id"), c.staffId(), body(ctx)));
    });
    api.post("/alerts/:id/snooze").handler(ctx -> {
      Caller c = Caller.of(ctx);
      json(ctx, live.alerts().snooze(ClientScope.of(c), pathId(ctx, "id"), c.staffId(), body(ctx)));
    });
    api.get("/me/alert-preferences").handler(ctx -> {
      Caller c = Caller.of(ctx);
      json(ctx, live.alerts().preferences(c.agencyId(), c.staffId()));
    });
    api.put("/me/alert-preferences").handler(ctx -> {
      Caller c = Caller.of(ctx);
      json(ctx, live.alerts().putPreferences(c.agencyId(), c.staffId(), body(ctx)));
    });
    api.post("/live/reconcile").handler(ctx -> json(ctx, live.reconcile(Caller.of(ctx).agencyId(),
        "true".equals(ctx.queryParams().get("repair")))));
    api.get("/live/alert-settings").handler(ctx -> json(ctx, live.alerts().settings(Caller.of(ctx).agencyId()).map(AlertSettings::toJson)));
    api.put("/live/alert-settings").handler(ctx -> {
      long agencyId = Caller.of(ctx).agencyId();
      json(ctx, live.alerts().settings(agencyId).compose(before -> {
        AuditLog.before(ctx, before.toJson());
        return live.alerts().putSettings(agencyId, body(ctx));
      }).map(after -> {
        AuditLog.after(ctx, after.toJson());
        return after.toJson();
      }));
    });
  }

  private void ingest(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    boolean ndjson = type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-ndjson");
    if (ctx.body() == null || ctx.body().buffer() == null) {
      ctx.fail(ApiException.invalidField("body", "no events"));
      return;
    }
    json(ctx, live.ingestKeys().agencyOf(ctx.request().getHeader(KEY_HEADER))
        .compose(agencyId -> live.ingest(agencyId, ctx.body().buffer(), ndjson))
        .map(IngestService.Result::toJson));
  }

  private void clientLive(RoutingContext ctx) {
    Caller c = Caller.of(ctx);
    ClientScope scope = ClientScope.of(c);
    long clientId = pathId(ctx, "id");
    json(ctx, visible(scope, clientId)
        .compose(v -> Future.all(live.counters().client(c.agencyId(), clientId), live.alerts().zone(c.agencyId())))
        .map(all -> all.<JsonObject>resultAt(0).put("pacing",
            Pacing.of(all.resultAt(0), live.platform().clock().instant().atZone(all.<java.time.ZoneId>resultAt(1))).toJson()))
        .compose(counters -> live.alerts().openFor(scope, clientId).map(open -> counters.put("alerts", open))));
  }

  private void dailyBudget(RoutingContext ctx) {
    Caller c = Caller.of(ctx);
    long clientId = pathId(ctx, "id");
    long budget = body(ctx).getLong("dailyBudgetFen");
    json(ctx, store.setDailyBudget(ClientScope.of(c), clientId, budget).compose(old -> {
      if (old.isEmpty()) return Future.failedFuture(ApiException.notFound("Client"));
      AuditLog.before(ctx, new JsonObject().put("dailyBudgetFen", old.get()));
      AuditLog.after(ctx, new JsonObject().put("dailyBudgetFen", budget));
      return live.counters().settingsChanged(c.agencyId(), clientId)
          .compose(v -> live.counters().client(c.agencyId(), clientId));
    }));
  }

  /** Agency totals for callers who see the whole agency; the sum of their clients for the others. */
  private void totals(RoutingContext ctx) {
    Caller c = Caller.of(ctx);
    ClientScope scope = ClientScope.of(c);
    if (scope.wholeAgency()) {
      json(ctx, live.counters().agencyTotals(c.agencyId()));
      return;
    }
    json(ctx, store.clientIds(scope).compose(ids -> live.counters().clients(c.agencyId(), ids)).map(LiveRoutes::sum));
  }

  private static JsonObject sum(java.util.Map<Long, JsonObject> clients) {
    long[] t = new long[9];
    long withSpend = 0;
    String[] fields = {"spendFen", "performanceFen", "brandFen", "impressions", "clicks", "conversions", "balanceFen", "arrearsFen", "spend60mFen"};
    for (JsonObject o : clients.values()) {
      for (int j = 0; j < fields.length; j++) t[j] += o.getLong(fields[j]);
      if (o.getLong("spendFen") > 0) withSpend++;
    }
    JsonObject out = new JsonObject();
    for (int j = 0; j < fields.length; j++) out.put(fields[j], t[j]);
    return out.put("clientsWithSpend", withSpend).put("arpuFen", withSpend == 0 ? 0 : t[0] / withSpend)
        .put("clients", clients.size());
  }

  private void alerts(RoutingContext ctx) {
    Caller c = Caller.of(ctx);
    var q = ctx.queryParams();
    int limit = intParam(ctx, "limit", 50);
    if (q.get("kind") != null && !AlertRules.KINDS.contains(q.get("kind"))) {
      throw ApiException.invalidField("kind", "must be one of " + String.join(", ", AlertRules.KINDS));
    }
    if (q.get("status") != null && !q.get("status").equals("open") && !q.get("status").equals("cleared")) {
      throw ApiException.invalidField("status", "must be open or cleared");
    }
    if (q.get("state") != null && !STATES.contains(q.get("state"))) {
      throw ApiException.invalidField("state", "must be one of " + String.join(", ", STATES));
    }
    AlertStore.Query query = new AlertStore.Query(q.get("status"), q.get("state"), q.get("kind"),
        longParam(ctx, "clientId"), longParam(ctx, "assignee"),
        time(q.get("from"), "from"), time(q.get("to"), "to"), Alerts.fromCursor(q.get("cursor")), limit);
    json(ctx, live.alerts().list(ClientScope.of(c), query));
  }

  private Future<Void> visible(ClientScope scope, long clientId) {
    return store.visible(scope, clientId).compose(ok -> ok ? Future.succeededFuture() : Future.failedFuture(ApiException.notFound("Client")));
  }

  private static OffsetDateTime time(String value, String field) {
    if (value == null) return null;
    try {
      return OffsetDateTime.parse(value);
    } catch (DateTimeParseException e) {
      throw ApiException.invalidField(field, "must be an ISO-8601 date-time with offset");
    }
  }
}
