package io.beacon.platform;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** How handlers answer: the JSON a future yields, or its failure through the failure handler. */
public final class Replies {
  private Replies() {}

  public static void json(RoutingContext ctx, Future<JsonObject> result) {
    result.onSuccess(ctx::json).onFailure(ctx::fail);
  }
}
