package io.beacon.notices;

import io.beacon.auth.OperatorKey;
import io.beacon.platform.ApiRouter;
import io.vertx.ext.web.Router;
import static io.beacon.platform.RequestParams.intParam;
import static io.beacon.platform.RequestParams.pathId;
import static io.beacon.platform.RequestParams.page;
import static io.beacon.platform.RequestParams.body;
import static io.beacon.platform.Replies.json;
import static io.beacon.platform.Replies.noContent;


/** GET /api/v1/announcements (any signed-in user) and the operator's publish / withdraw under /api/v1/operator/announcements. */
public final class AnnouncementRoutes implements ApiRouter.Feature {
  private final Announcements announcements;
  private final OperatorKey operatorKey;

  public AnnouncementRoutes(Announcements announcements, OperatorKey operatorKey) {
    this.announcements = announcements;
    this.operatorKey = operatorKey;
  }

  @Override
  public void mount(Router api) {
    api.get("/announcements").handler(ctx -> json(ctx, announcements.list(page(ctx), intParam(ctx, "pageSize", 10))));
    api.route("/operator/announcements*").handler(operatorKey);
    api.post("/operator/announcements").handler(ctx -> announcements.publish(body(ctx))
        .onSuccess(a -> ctx.response().setStatusCode(201).putHeader("Content-Type", "application/json").end(a.toJson().encode()))
        .onFailure(ctx::fail));
    api.delete("/operator/announcements/:announcementId").handler(ctx -> noContent(ctx, announcements.withdraw(pathId(ctx, "announcementId"))));
  }
}
