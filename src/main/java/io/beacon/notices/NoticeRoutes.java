package io.beacon.notices;

import io.beacon.platform.Messages;
import static io.beacon.platform.Replies.noContent;

import io.beacon.auth.Caller;
import io.beacon.platform.ApiException;
import io.beacon.platform.ApiRouter;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import static io.beacon.platform.RequestParams.intParam;
import static io.beacon.platform.RequestParams.pathId;
import static io.beacon.platform.RequestParams.body;
import static io.beacon.platform.RequestParams.param;
import static io.beacon.platform.RequestParams.longParam;

/** /api/v1/notices: the message center and the caller's work-notice subscription. */
public final class NoticeRoutes implements ApiRouter.Feature {
  private final Notices notices;

  public NoticeRoutes(Notices notices) { this.notices = notices; }

  @Override
  public void mount(Router api) {
    api.get("/notices").handler(this::list);
    api.get("/notices/unread-count").handler(ctx -> notices.unread(Caller.of(ctx))
        .onSuccess(counts -> ctx.json(unread(counts))).onFailure(ctx::fail));
    api.post("/notices/read-all").handler(this::readAll);
    api.post("/notices/:noticeId/read").handler(ctx -> noContent(ctx, notices.markRead(Caller.of(ctx), pathId(ctx, "noticeId"))));
    api.get("/notices/subscription").handler(ctx -> notices.subscription(Caller.of(ctx))
        .onSuccess(s -> ctx.json(s.toJson())).onFailure(ctx::fail));
    api.put("/notices/subscription").handler(this::subscribe);
    api.delete("/notices/subscription").handler(ctx -> noContent(ctx, notices.unsubscribe(Caller.of(ctx))));
  }

  private void list(RoutingContext ctx) {
    NoticeKind kind = kind(param(ctx, "kind"), "kind");
    String unread = param(ctx, "unread");
    notices.list(Caller.of(ctx), kind, unread == null ? null : Boolean.valueOf(unread),
            longParam(ctx, "clientId"), decodeCursor(param(ctx, "cursor")), intParam(ctx, "limit", 20))
        .onSuccess(page -> ctx.json(unread(page.unreadByKind())
            .put("items", new JsonArray(page.items().stream().map(n -> n.toJson(Messages.fromAcceptLanguage(ctx.request().getHeader("Accept-Language")))).toList()))
            .put("nextCursor", page.nextBeforeId() == null ? null : encodeCursor(page.nextBeforeId()))))
        .onFailure(ctx::fail);
  }

  private void readAll(RoutingContext ctx) {
    JsonObject body = body(ctx);
    notices.markAllRead(Caller.of(ctx), kind(body.getString("kind"), "kind"))
        .onSuccess(n -> ctx.json(new JsonObject().put("marked", n))).onFailure(ctx::fail);
  }

  private void subscribe(RoutingContext ctx) {
    JsonObject b = body(ctx);
    List<NoticeKind> kinds = b.getJsonArray("kinds").stream().map(k -> kind((String) k, "kinds")).toList();
    List<Long> clientIds = b.getJsonArray("clientIds", new JsonArray()).stream().map(c -> ((Number) c).longValue()).distinct().toList();
    notices.subscribe(Caller.of(ctx), kinds, clientIds, b.getString("webhookUrl"), b.getString("secret"), b.getBoolean("enabled", true))
        .onSuccess(s -> ctx.json(s.toJson())).onFailure(ctx::fail);
  }

  private static JsonObject unread(Map<NoticeKind, Long> counts) {
    JsonObject byKind = new JsonObject();
    counts.forEach((k, v) -> byKind.put(k.dbValue(), v));
    return new JsonObject().put("unread", counts.values().stream().mapToLong(Long::longValue).sum()).put("unreadByKind", byKind);
  }

  private static NoticeKind kind(String value, String field) {
    if (value == null) return null;
    return NoticeKind.parse(value).orElseThrow(() -> ApiException.invalidField(field, "unknown kind " + value));
  }

  static String encodeCursor(long beforeId) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(("n" + beforeId).getBytes(StandardCharsets.UTF_8));
  }

  static Long decodeCursor(String cursor) {
    if (cursor == null || cursor.isEmpty()) return null;
    try {
      String s = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      if (!s.startsWith("n")) throw new IllegalArgumentException();
      return Long.parseLong(s.substring(1));
    } catch (IllegalArgumentException e) {
      throw ApiException.invalidField("cursor", "not a cursor of this list");
    }
  }
}
