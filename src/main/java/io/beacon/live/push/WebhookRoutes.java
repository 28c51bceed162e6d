package io.beacon.live.push;

import io.beacon.auth.AuditLog;
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
import static io.beacon.platform.RequestParams.intParam;
import static io.beacon.platform.RequestParams.pathId;
import static io.beacon.platform.RequestParams.param;
import static io.beacon.platform.RequestParams.body;

/** Webhook subscriptions of the caller's agency (INTEGRATIONS_MANAGE: main account and admins), their test and delivery log. */
public final class WebhookRoutes implements ApiRouter.Feature {
  private final WebhookDispatcher webhooks;

  public WebhookRoutes(WebhookDispatcher webhooks) { this.webhooks = webhooks; }

  @Override
  public void mount(Router api) {
    api.get("/webhooks").handler(ctx -> webhooks.list(Caller.of(ctx))
        .onSuccess(list -> ctx.json(new JsonObject().put("items", new JsonArray(list.stream().map(Webhook::toJson).toList()))))
        .onFailure(ctx::fail));
    api.post("/webhooks").handler(ctx -> {
      JsonObject body = body(ctx);
      String secret = body.getString("secret") != null ? body.getString("secret") : WebhookDispatcher.newSecret();
      webhooks.create(Caller.of(ctx), spec(body, secret)).onSuccess(w -> {
        AuditLog.after(ctx, w.toJson());
        ctx.response().setStatusCode(201);
        ctx.json(w.toJson().put("secret", w.secret()));
      }).onFailure(ctx::fail);
    });
    api.get("/webhooks/:webhookId").handler(ctx -> webhooks.get(Caller.of(ctx), pathId(ctx, "webhookId"))
        .onSuccess(w -> ctx.json(w.toJson())).onFailure(ctx::fail));
    api.put("/webhooks/:webhookId").handler(ctx -> {
      JsonObject body = body(ctx);
      webhooks.update(Caller.of(ctx), pathId(ctx, "webhookId"), spec(body, body.getString("secret"))).onSuccess(w -> {
        AuditLog.after(ctx, w.toJson());
        ctx.json(w.toJson());
      }).onFailure(ctx::fail);
    });
    api.delete("/webhooks/:webhookId").handler(ctx -> webhooks.delete(Caller.of(ctx), pathId(ctx, "webhookId"))
        .onSuccess(v -> ctx.response().setStatusCode(204).end()).onFailure(ctx::fail));
    api.post("/webhooks/:webhookId/test").handler(ctx -> webhooks.test(Caller.of(ctx), pathId(ctx, "webhookId"))
        .onSuccess(deliveryId -> {
          ctx.response().setStatusCode(202);
          ctx.json(new JsonObject().put("deliveryId", deliveryId));
        }).onFailure(ctx::fail));
    api.get("/webhooks/:webhookId/deliveries").handler(this::deliveries);
  }

  private void deliveries(RoutingContext ctx) {
    int limit = intParam(ctx, "limit", 50);
    String cursor = param(ctx, "cursor");
    Long before = cursor == null ? null : cursor(cursor);
    webhooks.deliveries(Caller.of(ctx), pathId(ctx, "webhookId"), before, limit).onSuccess(items -> {
      JsonObject page = new JsonObject().put("items", new JsonArray(items));
      if (items.size() == limit) {
        String last = String.valueOf(items.get(items.size() - 1).getLong("id"));
        page.put("nextCursor", Base64.getUrlEncoder().withoutPadding().encodeToString(last.getBytes(StandardCharsets.UTF_8)));
      }
      ctx.json(page);
    }).onFailure(ctx::fail);
  }

  private static Long cursor(String cursor) {
    try {
      return Long.parseLong(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      throw ApiException.invalidField("cursor", "is not a cursor this list returned");
    }
  }

  /** The request body (already validated against the contract) as a subscription spec. */
  private static Webhook.Spec spec(JsonObject b, String secret) {
    return new Webhook.Spec(b.getString("name"), b.getString("url"), secret, b.getString("format", "json"),
        strings(b.getJsonArray("topics")), strings(b.getJsonArray("kinds", new JsonArray())),
        b.getJsonArray("clientIds", new JsonArray()).stream().map(o -> ((Number) o).longValue()).distinct().toList(),
        b.getInteger("minLevel"), b.getBoolean("enabled", true));
  }

  private static List<String> strings(JsonArray a) {
    return a.stream().map(String::valueOf).distinct().toList();
  }
}
