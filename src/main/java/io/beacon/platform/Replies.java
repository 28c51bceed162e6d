package io.beacon.platform;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** How handlers answer: what a future yields, or its failure through the failure handler. */
public final class Replies {
  private Replies() {}

  /** 200 with the JSON the future yields (a JsonObject, a JsonArray or a record Jackson can write). */
  public static void json(RoutingContext ctx, Future<?> result) {
    result.onSuccess(ctx::json).onFailure(ctx::fail);
  }

  /** 201 with the JSON body. */
  public static void created(RoutingContext ctx, Object body) {
    ctx.response().setStatusCode(201);
    ctx.json(body);
  }

  /** The answer of a request under an idempotency key: marked Idempotent-Replayed when it repeats the first answer. */
  public static void idempotent(RoutingContext ctx, int status, JsonObject body, boolean replayed) {
    if (replayed) ctx.response().putHeader("Idempotent-Replayed", "true");
    ctx.response().setStatusCode(status);
    ctx.json(body);
  }

  /** 204 once the future succeeds. */
  public static void noContent(RoutingContext ctx, Future<?> result) {
    result.onSuccess(v -> ctx.response().setStatusCode(204).end()).onFailure(ctx::fail);
  }
}
