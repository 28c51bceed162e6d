package io.beacon.monitor;

import io.beacon.auth.AuditLog;
import io.beacon.auth.Caller;
import io.vertx.core.json.JsonObject;
import io.beacon.platform.ApiRouter;
import io.vertx.ext.web.Router;
import static io.beacon.platform.Replies.json;
import static io.beacon.platform.RequestParams.param;
import static io.beacon.platform.RequestParams.intParam;
import static io.beacon.platform.RequestParams.pathId;
import static io.beacon.platform.RequestParams.page;


/**
 * GET /api/v1/monitor/clients: the monitoring table; POST /api/v1/clients/{id}/terminate: its
 * "terminate contract" row action. Parameters are validated by the contract first.
 */
public final class MonitorRoutes implements ApiRouter.Feature {
  private final MonitorService monitor;

  public MonitorRoutes(MonitorService monitor) { this.monitor = monitor; }

  @Override
  public void mount(Router api) {
    api.get("/monitor/clients").handler(ctx -> {
      MonitorService.Filters f = new MonitorService.Filters(param(ctx, "range", "today"), param(ctx, "from", null),
          param(ctx, "to", null), param(ctx, "mode", null), param(ctx, "attribution", "billing"), param(ctx, "industry", null),
          param(ctx, "q", null), param(ctx, "sort", "-spend"), page(ctx), intParam(ctx, "pageSize", 20));
      json(ctx, monitor.clients(Caller.of(ctx), f));
    });
    api.post("/clients/:id/terminate").handler(ctx -> {
      long clientId = pathId(ctx, "id");
      json(ctx, monitor.terminate(Caller.of(ctx), clientId).map(t -> {
        AuditLog.before(ctx, new JsonObject().put("contractState", t.before()));
        AuditLog.after(ctx, new JsonObject().put("contractState", "terminating"));
        return new JsonObject().put("clientId", clientId).put("contractState", "terminating");
      }));
    });
  }
}
