package io.beacon.partner;

import io.beacon.auth.AuditLog;
import io.beacon.auth.Caller;
import io.beacon.platform.ApiRouter;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import static io.beacon.platform.RequestParams.intParam;
import static io.beacon.platform.RequestParams.param;
import static io.beacon.platform.RequestParams.page;
import static io.beacon.platform.RequestParams.pathId;
import static io.beacon.platform.Replies.json;

/** /api/v1/channel/performance, /health and /tasks: channel cooperation as the agency sees it. Roles come from the contract. */
public final class PartnerRoutes implements ApiRouter.Feature {
  private final Partner partner;

  public PartnerRoutes(Partner partner) { this.partner = partner; }

  @Override
  public void mount(Router api) {
    api.get("/channel/performance").handler(ctx -> json(ctx, partner.performance().indicators(Caller.of(ctx), param(ctx, "period"))));
    api.get("/channel/performance/clients").handler(ctx -> json(ctx, partner.performance().clients(Caller.of(ctx), param(ctx, "period"),
        page(ctx), intParam(ctx, "pageSize", 20))));
    api.get("/channel/health").handler(ctx -> json(ctx, partner.health().health(Caller.of(ctx), param(ctx, "month"))));
    api.get("/channel/tasks").handler(ctx -> json(ctx, partner.tasks().list(Caller.of(ctx), param(ctx, "state"))));
    api.post("/channel/tasks/:taskId/read").handler(ctx -> changed(ctx, partner.tasks().markRead(Caller.of(ctx), taskId(ctx))));
    api.post("/channel/tasks/:taskId/complete").handler(ctx -> changed(ctx, partner.tasks().complete(Caller.of(ctx), taskId(ctx))));
  }

  private static void changed(RoutingContext ctx, Future<JsonObject> task) {
    task.onSuccess(t -> {
      AuditLog.after(ctx, new JsonObject().put("state", t.getString("state")));
      ctx.json(t);
    }).onFailure(ctx::fail);
  }

  private static long taskId(RoutingContext ctx) { return pathId(ctx, "taskId"); }
}
