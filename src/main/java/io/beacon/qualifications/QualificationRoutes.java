package io.beacon.qualifications;

import io.beacon.auth.AuditLog;
import io.beacon.auth.Caller;
import io.beacon.auth.OperatorKey;
import io.beacon.platform.ApiRouter;
import io.beacon.platform.RequestIds;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.beacon.platform.ClientAddress;
import static io.beacon.platform.RequestParams.intParam;
import static io.beacon.platform.RequestParams.pathId;
import static io.beacon.platform.RequestParams.body;
import static io.beacon.platform.RequestParams.page;
import static io.beacon.platform.Replies.json;

/**
 * GET/PUT /api/v1/clients/{id}/qualification (agency staff) and the operator's review queue and
 * decisions under /api/v1/operator/qualifications (operator key). Bodies are checked by the contract first.
 */
public final class QualificationRoutes implements ApiRouter.Feature {
  private final Qualifications qualifications;
  private final OperatorKey operatorKey;

  public QualificationRoutes(Qualifications qualifications, OperatorKey operatorKey) {
    this.qualifications = qualifications;
    this.operatorKey = operatorKey;
  }

  @Override
  public void mount(Router api) {
    api.get("/clients/:id/qualification").handler(ctx -> json(ctx, qualifications.get(Caller.of(ctx), pathId(ctx, "id"))));
    api.put("/clients/:id/qualification").handler(ctx -> qualifications.submit(Caller.of(ctx), pathId(ctx, "id"), body(ctx))
        .onSuccess(view -> {
          AuditLog.after(ctx, new JsonObject().put("version", view.getJsonObject("current").getInteger("version")).put("state", "pending"));
          ctx.json(view);
        })
        .onFailure(ctx::fail));

    api.route("/operator/qualifications*").handler(operatorKey);
    api.get("/operator/qualifications").handler(ctx -> {
      json(ctx, qualifications.pending(page(ctx), intParam(ctx, "pageSize", 20)));
    });
    api.post("/operator/qualifications/:versionId/approve").handler(ctx -> review(ctx, true));
    api.post("/operator/qualifications/:versionId/reject").handler(ctx -> review(ctx, false));
  }

  private void review(RoutingContext ctx, boolean approve) {
    JsonObject b = body(ctx);
    QualificationStore.OperatorAudit audit = new QualificationStore.OperatorAudit(
        approve ? "operatorApproveQualification" : "operatorRejectQualification",
        ClientAddress.of(ctx), RequestIds.of(ctx));
    qualifications.review(pathId(ctx, "versionId"), approve, b.getString("reason"), b.getString("note"), audit)
        .onSuccess(q -> ctx.json(q.toJson().put("agencyId", q.agencyId()).put("clientName", q.clientName())))
        .onFailure(ctx::fail);
  }
}
