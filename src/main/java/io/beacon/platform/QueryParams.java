package io.beacon.platform;

import io.vertx.ext.web.RoutingContext;

/** Query parameters as the routes read them, after the API contract has checked their types and ranges. */
public final class QueryParams {
  private QueryParams() {}

  /** The parameter, or null when absent or blank. */
  public static String param(RoutingContext ctx, String name) {
    String v = ctx.request().getParam(name);
    return v == null || v.isBlank() ? null : v;
  }

  /** An integer parameter, or {@code fallback} when absent (the contract has checked it is an integer in range). */
  public static int intParam(RoutingContext ctx, String name, int fallback) {
    String v = param(ctx, name);
    return v == null ? fallback : Integer.parseInt(v);
  }
}
