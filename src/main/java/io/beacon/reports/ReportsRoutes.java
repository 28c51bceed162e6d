package io.beacon.reports;

import io.beacon.auth.AuditLog;
import io.beacon.auth.Caller;
import io.beacon.platform.ApiRouter;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import static io.beacon.platform.Replies.json;
import static io.beacon.platform.RequestParams.param;
import static io.beacon.platform.RequestParams.intParam;
import static io.beacon.platform.RequestParams.pathId;
import static io.beacon.platform.RequestParams.longParam;
import static io.beacon.platform.RequestParams.page;
import static io.beacon.platform.RequestParams.body;


/** /api/v1/data/*: the data overview's read models and detail templates. Parameters are validated by the contract first. */
public final class ReportsRoutes implements ApiRouter.Feature {
  private final ReportsService reports;

  public ReportsRoutes(ReportsService reports) { this.reports = reports; }

  @Override
  public void mount(Router api) {
    api.get("/data/overview").handler(ctx -> json(ctx, scoped(ctx)
        .compose(s -> reports.overview(s, Boolean.parseBoolean(param(ctx, "compare", "false"))))));
    api.get("/data/top").handler(ctx -> json(ctx, scoped(ctx).compose(s -> reports.top(s,
        Dimension.parse(param(ctx, "dimension", "client"), Dimension.DRILL, "dimension"),
        new ReportsService.Path(param(ctx, "pathIndustry", null), longParam(ctx, "pathClientId"), param(ctx, "pathGoal", null))))));
    api.get("/data/detail").handler(ctx -> json(ctx, scoped(ctx).compose(s -> reports.detail(
        ReportsService.detailQuery(s, param(ctx, "dimensions", null), param(ctx, "columns", null), param(ctx, "sort", null)),
        page(ctx), intParam(ctx, "pageSize", 50)))));
    api.get("/data/templates").handler(ctx -> json(ctx, reports.templates(Caller.of(ctx))));
    api.post("/data/templates").handler(ctx -> reports.createTemplate(Caller.of(ctx), ReportsService.TemplateBody.of(body(ctx)))
        .onSuccess(t -> {
          AuditLog.after(ctx, t.toJson());
          ctx.response().setStatusCode(201);
          ctx.json(t.toJson());
        }).onFailure(ctx::fail));
    api.put("/data/templates/:id").handler(ctx -> json(ctx, reports.updateTemplate(Caller.of(ctx), pathId(ctx, "id"),
        ReportsService.TemplateBody.of(body(ctx))).map(t -> {
          AuditLog.after(ctx, t.toJson());
          return t.toJson();
        })));
    api.delete("/data/templates/:id").handler(ctx -> reports.deleteTemplate(Caller.of(ctx), pathId(ctx, "id"))
        .onSuccess(v -> ctx.response().setStatusCode(204).end()).onFailure(ctx::fail));
  }

  private Future<ReportsService.Scoped> scoped(RoutingContext ctx) {
    return reports.scoped(Caller.of(ctx), new ReportsService.Filters(param(ctx, "range", "today"), param(ctx, "from", null),
        param(ctx, "to", null), "hour".equals(param(ctx, "granularity", "day")), param(ctx, "attribution", "billing"),
        longParam(ctx, "clientId"), param(ctx, "goal", null), param(ctx, "mode", null)));
  }
}
