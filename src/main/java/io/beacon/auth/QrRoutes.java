package io.beacon.auth;

import io.beacon.platform.ApiRouter;
import io.beacon.platform.FailureHandler;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import static io.beacon.platform.Replies.created;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import io.beacon.platform.ClientAddress;
import static io.beacon.platform.RequestParams.body;
import static io.beacon.platform.Replies.json;

/**
 * QR login over HTTP: the desktop creates a ticket and waits on its server-sent events; the phone
 * reads and confirms it. The events stream sends {@code waiting}, then {@code tokens} (the login
 * result, as from /auth/login) or {@code expired} (a problem whose status is "expired"), and ends.
 */
public final class QrRoutes implements ApiRouter.Feature {
  /** The web app's mobile page, where a signed-in phone confirms a ticket. */
  static final String CONFIRM_PAGE = "/#/mobile?qr=";
  private static final long KEEP_ALIVE_MILLIS = 15_000;

  private final QrLogin qr;

  public QrRoutes(QrLogin qr) { this.qr = qr; }

  @Override
  public void mount(Router api) {
    api.post("/auth/qr-tickets").handler(this::create);
    api.get("/auth/qr-tickets/:ticketId").handler(ctx -> json(ctx, qr.status(ctx.pathParam("ticketId"))));
    api.post("/auth/qr-tickets/:ticketId/confirm").handler(ctx -> json(ctx,
        qr.confirm(Caller.of(ctx), ctx.pathParam("ticketId"), body(ctx).getLong("identityId"))));
    api.get("/auth/qr-tickets/:ticketId/events").handler(this::events);
  }

  private void create(RoutingContext ctx) {
    String ip = ClientAddress.of(ctx);
    qr.create(ip).onSuccess(t -> {
      String link = origin(ctx) + CONFIRM_PAGE + t.id();
      created(ctx, new JsonObject()
          .put("id", t.id())
          .put("secret", t.secret())
          .put("link", link)
          .put("qrSvg", QrLogin.svg(link))
          .put("expiresAt", t.expiresAt().toString())
          .put("eventsUrl", "/api/v1/auth/qr-tickets/" + t.id() + "/events?secret=" + t.secret()));
    }).onFailure(ctx::fail);
  }

  private void events(RoutingContext ctx) {
    String id = ctx.pathParam("ticketId");
    qr.openWait(id, ctx.request().getParam("secret")).onSuccess(expires -> {
      HttpServerResponse res = ctx.response();
      res.setChunked(true)
          .putHeader("Content-Type", "text/event-stream")
          .putHeader("Cache-Control", "no-store")
          .putHeader("X-Accel-Buffering", "no");
      res.write(event("waiting", new JsonObject().put("status", "waiting").put("id", id).put("expiresAt", expires.toString())));
      AtomicBoolean done = new AtomicBoolean();
      var vertx = ctx.vertx();
      long ping = vertx.setPeriodic(KEEP_ALIVE_MILLIS, t -> { if (!done.get()) res.write(": keep-alive\n\n"); });
      long[] expiry = new long[1];
      Runnable[] cancel = new Runnable[1];
      Runnable finish = () -> {
        if (done.compareAndSet(false, true)) {
          vertx.cancelTimer(ping);
          vertx.cancelTimer(expiry[0]);
          cancel[0].run();
        }
      };
      cancel[0] = qr.await(id, tokens -> {
        if (done.get()) return;
        finish.run();
        res.end(event("tokens", tokens));
      });
      long wait = Math.max(1, Duration.between(Instant.now(), expires).toMillis());
      expiry[0] = vertx.setTimer(wait, t -> {
        if (done.get()) return;
        finish.run();
        res.end(event("expired", FailureHandler.problemJson(QrLogin.expired()).put("status", "expired").put("id", id)));
      });
      res.closeHandler(v -> finish.run());
    }).onFailure(ctx::fail);
  }

  private static String event(String name, JsonObject data) {
    return "event: " + name + "\ndata: " + data.encode() + "\n\n";
  }

  private static String origin(RoutingContext ctx) {
    URI uri = URI.create(ctx.request().absoluteURI());
    return uri.getScheme() + "://" + uri.getRawAuthority();
  }
}
