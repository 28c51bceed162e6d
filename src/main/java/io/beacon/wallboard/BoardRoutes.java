package io.beacon.wallboard;

import io.beacon.auth.AuditLog;
import io.beacon.auth.Caller;
import io.beacon.home.HomeService;
import io.beacon.live.Alerts;
import io.beacon.platform.ApiRouter;
import io.beacon.platform.ClientAddress;
import io.beacon.platform.DomainException.Expired;
import io.beacon.platform.DomainException.NotFound;
import io.beacon.platform.FailureHandler;
import io.vertx.core.Future;
import io.vertx.core.file.FileSystem;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.net.URI;
import java.util.function.Function;

import static io.beacon.platform.Replies.json;
import static io.beacon.platform.RequestParams.body;
import static io.beacon.platform.RequestParams.pathId;

/**
 * Wall-board links: managing them ({@code /wallboard-links}, main account and admins) and what a board page
 * reads with its token ({@code /board/{token}/…}: today's figures and open alerts of the link's scope, nothing else).
 */
public final class BoardRoutes implements ApiRouter.Feature {
  private static final int ALERTS_SHOWN = 50;

  private final BoardLinks links;
  private final HomeService home;
  private final Alerts alerts;

  public BoardRoutes(BoardLinks links, HomeService home, Alerts alerts) {
    this.links = links;
    this.home = home;
    this.alerts = alerts;
  }

  @Override
  public void mount(Router api) {
    api.post("/wallboard-links").handler(ctx -> {
      JsonObject b = body(ctx);
      links.create(Caller.of(ctx), b.getString("name"), b.getJsonObject("scope"), b.getString("expiresAt"), origin(ctx))
          .onSuccess(link -> {
            AuditLog.after(ctx, link.copy().put("token", "(shown once)").put("url", "(shown once)"));
            ctx.response().setStatusCode(201);
            ctx.json(link);
          })
          .onFailure(ctx::fail);
    });
    api.get("/wallboard-links").handler(ctx -> json(ctx, links.list(Caller.of(ctx))
        .map(items -> new JsonObject().put("items", new JsonArray(items)))));
    api.delete("/wallboard-links/:id").handler(ctx -> json(ctx, links.revoke(Caller.of(ctx), pathId(ctx, "id"))));

    api.get("/board/:token").handler(ctx -> board(ctx, links::opened));
    api.get("/board/:token/overview").handler(ctx -> board(ctx, link -> home.overview(BoardLinks.reader(link), "today", null, null, "billing")));
    api.get("/board/:token/top-clients").handler(ctx -> board(ctx, link -> home.topClients(BoardLinks.reader(link), "today", null, "billing")));
    api.get("/board/:token/alerts").handler(ctx -> board(ctx, link -> alerts.open(link.scope(), ALERTS_SHOWN)));
  }

  /** A board read: the token must open a live link; the answer is never cached by browsers or proxies. */
  private void board(RoutingContext ctx, Function<BoardLink, Future<JsonObject>> read) {
    ctx.response().putHeader("Cache-Control", "no-store").putHeader("Referrer-Policy", "no-referrer");
    json(ctx, links.open(ctx.pathParam("token"), ClientAddress.of(ctx)).compose(read));
  }

  /**
   * The page a TV opens, {@code GET /board/{token}}: the board page's HTML, answered 404 for an unknown token and
   * 410 for a revoked or expired one (the page then says which).
   */
  public static ApiRouter.Feature page(BoardLinks links, FileSystem files, String staticDir) {
    return root -> root.get("/board/:token").handler(ctx -> links.open(ctx.pathParam("token"), ClientAddress.of(ctx))
        .map(link -> 200)
        .recover(e -> e instanceof NotFound || e instanceof Expired ? Future.succeededFuture(FailureHandler.problemOf(e).status()) : Future.failedFuture(e))
        .compose(status -> files.readFile(staticDir + "/board.html").map(html -> ctx.response().setStatusCode(status)
            .putHeader("Content-Type", "text/html; charset=utf-8").putHeader("Cache-Control", "no-store")
            .putHeader("Referrer-Policy", "no-referrer").putHeader("X-Robots-Tag", "noindex")
            .end(html)))
        .onFailure(ctx::fail));
  }

  private static String origin(RoutingContext ctx) {
    URI uri = URI.create(ctx.request().absoluteURI());
    return uri.getScheme() + "://" + uri.getRawAuthority();
  }
}
