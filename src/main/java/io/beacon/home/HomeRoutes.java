package io.beacon.home;

import io.beacon.auth.Caller;
import io.beacon.platform.ApiRouter;
import io.vertx.ext.web.Router;
import static io.beacon.platform.Replies.json;
import static io.beacon.platform.RequestParams.param;

/** /api/v1/home/*: the barometer's read models. Parameters are validated by the contract first. */
public final class HomeRoutes implements ApiRouter.Feature {
  private final HomeService home;

  public HomeRoutes(HomeService home) { this.home = home; }

  @Override
  public void mount(Router api) {
    api.get("/home/overview").handler(ctx -> json(ctx, home.overview(Caller.of(ctx), param(ctx, "range", "today"),
        param(ctx, "from", null), param(ctx, "to", null), param(ctx, "attribution", "billing"))));
    api.get("/home/top-clients").handler(ctx -> json(ctx, home.topClients(Caller.of(ctx), param(ctx, "period", "today"),
        param(ctx, "industry", null), param(ctx, "attribution", "billing"))));
    api.get("/home/industries").handler(ctx -> json(ctx, home.industries(Caller.of(ctx))));
    api.get("/home/finance").handler(ctx -> json(ctx, home.financeCard(Caller.of(ctx))));
  }
}
