package io.beacon.partner;

import io.beacon.auth.OperatorKey;
import io.beacon.platform.ApiRouter;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import static io.beacon.platform.Replies.created;

import static io.beacon.platform.RequestParams.body;
import static io.beacon.platform.RequestParams.pathId;
import static io.beacon.platform.Replies.json;

/**
 * The platform side of channel cooperation under /api/v1/operator/partner (operator key): publish indicators,
 * record health deductions and inspection tasks, push tasks to agencies.
 */
public final class PartnerOperatorRoutes implements ApiRouter.Feature {
  private final Partner partner;
  private final OperatorKey operatorKey;

  public PartnerOperatorRoutes(Partner partner, OperatorKey operatorKey) {
    this.partner = partner;
    this.operatorKey = operatorKey;
  }

  @Override
  public void mount(Router api) {
    api.route("/operator/partner/*").handler(operatorKey);
    api.put("/operator/partner/indicators").handler(ctx -> {
      JsonObject b = body(ctx);
      json(ctx, partner.performance().publish(b.getLong("agencyId"), b));
    });
    api.post("/operator/partner/deductions").handler(ctx -> {
      JsonObject b = body(ctx);
      partner.health().deduct(b.getLong("agencyId"), b).onSuccess(d -> created(ctx, d.toJson().put("agencyId", b.getLong("agencyId"))))
          .onFailure(ctx::fail);
    });
    api.post("/operator/partner/inspections").handler(ctx -> {
      JsonObject b = body(ctx);
      partner.health().inspect(b.getLong("agencyId"), b).onSuccess(i -> created(ctx, i.toJson().put("agencyId", b.getLong("agencyId"))))
          .onFailure(ctx::fail);
    });
    api.put("/operator/partner/inspections/:inspectionId").handler(ctx -> json(ctx,
        partner.health().updateInspection(pathId(ctx, "inspectionId"), body(ctx))));
    api.post("/operator/partner/tasks").handler(ctx -> partner.tasks().publish(body(ctx))
        .onSuccess(t -> created(ctx, t)).onFailure(ctx::fail));
  }
}
