package io.beacon.live.push;

import io.beacon.auth.Caller;
import io.beacon.platform.ApiException;
import io.beacon.platform.ApiRouter;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** WebSocket {@code /ws} (root router: it authenticates itself) and SSE {@code GET /api/v1/stream} (contract route). */
public final class PushRoutes {
  private PushRoutes() {}

  public static ApiRouter.Feature webSocket(PushHub hub) {
    return root -> root.get("/ws").handler(ctx -> {
      if (!"websocket".equalsIgnoreCase(ctx.request().getHeader("Upgrade"))) {
        ctx.fail(new ApiException(400, "websocket-expected", "GET /ws is a WebSocket endpoint; send an Upgrade request"));
        return;
      }
      // Vert.x keeps the upgrade request and its response reachable for the socket's whole life, so nothing
      // per socket may hang off them: the token is read through the routing context (request.getParam
      // would cache every parameter on the request), and once upgraded the response drops the routing
      // context's end handlers (they never run for a WebSocket and would keep the whole RoutingContext).
      List<String> tokens = ctx.queryParam("access_token");
      String token = tokens.isEmpty() ? null : tokens.get(0);
      ctx.request().toWebSocket().onSuccess(ws -> {
        ctx.response().endHandler(null).exceptionHandler(null).closeHandler(null);
        hub.accept(ws, token);
      }).onFailure(ctx::fail);
    });
  }

  public static ApiRouter.Feature stream(PushHub hub) {
    return api -> api.get("/stream").handler(ctx -> {
      Caller caller = Caller.of(ctx);
      Set<Topic> topics = topics(ctx, caller);
      String since = ctx.request().getParam("since");
      if (since == null) since = ctx.request().getHeader("Last-Event-ID");
      if (since != null && !Seq.valid(since)) throw ApiException.invalidField("since", "must be a stream seq such as 1732000000000-0");
      HttpServerResponse response = ctx.response()
          .setChunked(true)
          .putHeader("Content-Type", "text/event-stream; charset=utf-8")
          .putHeader("Cache-Control", "no-cache")
          .putHeader("Content-Encoding", "identity")   // never compress: each event must leave at once
          .putHeader("X-Accel-Buffering", "no");
      response.write("retry: 3000\n\n");
      hub.stream(response, caller, topics, since);
    });
  }

  /** {@code topics=a,b}: every named topic must exist (400) and be allowed (403); none named = all allowed. */
  private static Set<Topic> topics(RoutingContext ctx, Caller caller) {
    String param = ctx.request().getParam("topics");
    Set<Topic> topics = EnumSet.noneOf(Topic.class);
    if (param == null || param.isBlank()) {
      for (Topic t : Topic.values()) if (t.allowedFor(caller)) topics.add(t);
      return topics;
    }
    for (String name : param.split(",")) {
      Topic t = Topic.of(name.trim());
      if (t == null) throw ApiException.invalidField("topics", "unknown topic " + name.trim());
      if (!t.allowedFor(caller)) throw ApiException.forbidden("Your role may not subscribe to " + t.wire());
      topics.add(t);
    }
    return topics;
  }
}
