package io.beacon.channel;

import io.beacon.auth.AuditLog;
import io.beacon.auth.Caller;
import io.beacon.platform.ApiException;
import io.beacon.platform.ApiRouter;
import io.beacon.platform.RequestParams;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import static io.beacon.platform.Replies.created;
import static io.beacon.platform.Replies.json;
import static io.beacon.platform.RequestParams.body;
import static io.beacon.platform.RequestParams.date;
import static io.beacon.platform.RequestParams.idempotencyKey;
import static io.beacon.platform.RequestParams.intParam;
import static io.beacon.platform.RequestParams.longParam;
import static io.beacon.platform.RequestParams.param;
import static io.beacon.platform.RequestParams.pathId;

/** /api/v1/leads and /api/v1/opportunities. */
public final class LeadRoutes implements ApiRouter.Feature {
  private final Leads leads;

  public LeadRoutes(Leads leads) { this.leads = leads; }

  @Override
  public void mount(Router api) {
    api.get("/leads").handler(ctx -> {
      LeadStore.Query q = query(ctx);
      leads.leads(Caller.of(ctx), scope(ctx), q).onSuccess(p -> ctx.json(page(p.items().stream().map(Lead::toJson).toList(), p.total(), q)))
          .onFailure(ctx::fail);
    });
    api.post("/leads/import").handler(this::importCsv);
    api.get("/leads/:leadId").handler(ctx -> json(ctx, leads.lead(Caller.of(ctx), pathId(ctx, "leadId"))));
    api.post("/leads/:leadId/assign").handler(ctx ->
        done(ctx, leads.assignLead(Caller.of(ctx), pathId(ctx, "leadId"), body(ctx).getLong("staffId")), () -> leads.lead(Caller.of(ctx), pathId(ctx, "leadId"))));
    api.post("/leads/:leadId/follow-ups").handler(ctx -> {
      JsonObject b = body(ctx);
      done(ctx, leads.followUpLead(Caller.of(ctx), pathId(ctx, "leadId"), LeadState.of(b.getString("state")), b.getBoolean("privateContact"),
          b.getString("note")), () -> leads.lead(Caller.of(ctx), pathId(ctx, "leadId")));
    });
    api.post("/leads/:leadId/calls").handler(ctx -> call(ctx, LeadStore.Pipeline.LEADS, "leadId"));
    api.post("/leads/:leadId/company").handler(ctx -> {
      JsonObject b = body(ctx);
      done(ctx, leads.linkCompany(Caller.of(ctx), pathId(ctx, "leadId"), b.getString("companyName"), b.getString("creditCode")),
          () -> leads.lead(Caller.of(ctx), pathId(ctx, "leadId")));
    });
    api.post("/leads/:leadId/convert").handler(ctx -> leads.convert(Caller.of(ctx), pathId(ctx, "leadId"), body(ctx))
        .onSuccess(o -> {
          AuditLog.after(ctx, new JsonObject().put("opportunityId", o.id()));
          ctx.response().putHeader("Location", "/api/v1/opportunities/" + o.id());
          created(ctx, o.toJson());
        }).onFailure(ctx::fail));

    api.get("/opportunities").handler(ctx -> {
      LeadStore.Query q = query(ctx);
      leads.opportunities(Caller.of(ctx), scope(ctx), q)
          .onSuccess(p -> ctx.json(page(p.items().stream().map(Opportunity::toJson).toList(), p.total(), q))).onFailure(ctx::fail);
    });
    api.get("/opportunities/:opportunityId").handler(ctx -> json(ctx, leads.opportunity(Caller.of(ctx), pathId(ctx, "opportunityId"))));
    api.post("/opportunities/:opportunityId/assign").handler(ctx -> done(ctx,
        leads.assignOpportunity(Caller.of(ctx), pathId(ctx, "opportunityId"), body(ctx).getLong("staffId")),
        () -> leads.opportunity(Caller.of(ctx), pathId(ctx, "opportunityId"))));
    api.post("/opportunities/:opportunityId/follow-ups").handler(ctx -> {
      JsonObject b = body(ctx);
      JsonObject details = new JsonObject();
      for (String f : new String[] {"intentLevel", "concerns", "expectedOpenDate", "expectedBudgetFen"}) {
        if (b.getValue(f) != null) details.put(f, b.getValue(f));
      }
      if (details.containsKey("expectedOpenDate")) date(details.getString("expectedOpenDate"), "expectedOpenDate");
      done(ctx, leads.followUpOpportunity(Caller.of(ctx), pathId(ctx, "opportunityId"), LeadState.of(b.getString("state")), details,
          b.getString("note")), () -> leads.opportunity(Caller.of(ctx), pathId(ctx, "opportunityId")));
    });
    api.post("/opportunities/:opportunityId/calls").handler(ctx -> call(ctx, LeadStore.Pipeline.OPPORTUNITIES, "opportunityId"));
  }

  private void importCsv(RoutingContext ctx) {
    if (ctx.body().buffer() == null || ctx.body().length() == 0) {
      ctx.fail(ApiException.invalidField("body", "send the CSV file as the body"));
      return;
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(ctx.body().buffer().getBytes())).toString();
    } catch (CharacterCodingException e) {
      ctx.fail(ApiException.invalidField("body", "the file must be UTF-8 CSV"));
      return;
    }
    if (text.indexOf('\0') >= 0) {
      ctx.fail(ApiException.invalidField("body", "the file must not contain NUL characters"));
      return;
    }
    leads.importCsv(Caller.of(ctx), text, idempotencyKey(ctx))
        .onSuccess(i -> {
          AuditLog.after(ctx, new JsonObject().put("batchId", i.batchId()).put("rows", i.rows()));
          created(ctx, new JsonObject().put("batchId", i.batchId()).put("imported", i.rows()));
        })
        .onFailure(ctx::fail);
  }

  private void call(RoutingContext ctx, LeadStore.Pipeline p, String param) {
    JsonObject b = body(ctx);
    long id = pathId(ctx, param);
    Caller c = Caller.of(ctx);
    done(ctx, leads.call(c, p, id, b.getString("outcome"), b.getInteger("durationSeconds", 0), b.getString("note")),
        () -> p == LeadStore.Pipeline.LEADS ? leads.lead(c, id) : leads.opportunity(c, id));
  }

  /** Answers with the record as it is after the change (read after the write succeeded). */
  private static void done(RoutingContext ctx, Future<Void> change, java.util.function.Supplier<Future<JsonObject>> after) {
    json(ctx, change.compose(v -> after.get()));
  }

  private static JsonObject page(java.util.List<JsonObject> items, long total, LeadStore.Query q) {
    return new JsonObject().put("items", new JsonArray(items)).put("total", total).put("page", q.page()).put("pageSize", q.pageSize());
  }

  private static LeadStore.Query query(RoutingContext ctx) {
    String state = param(ctx, "state");
    return new LeadStore.Query(0, longParam(ctx, "followerId"), state == null ? null : LeadState.of(state), param(ctx, "type"),
        param(ctx, "priority"), param(ctx, "intentLevel"), date(ctx, "importedFrom"), date(ctx, "importedTo"), param(ctx, "q"),
        RequestParams.page(ctx), intParam(ctx, "pageSize", 20));
  }

  private static String scope(RoutingContext ctx) { return param(ctx, "scope", "mine"); }
}
