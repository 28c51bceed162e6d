package io.beacon.platform;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * The one place a handler reads path ids, query values and its JSON body. The contract has usually
 * checked them already; whatever slips past it (a number too large for Java, a malformed date) is a
 * 400 naming the parameter here, never a NumberFormatException turned into a 500.
 */
public final class RequestParams {
  /** The largest page number any list accepts; keeps {@code (page - 1) * pageSize} far from overflowing. */
  public static final int MAX_PAGE = 100_000;

  private RequestParams() {}

  /** The query (or path) parameter, or null when absent or blank. */
  public static String param(RoutingContext ctx, String name) {
    String v = ctx.request().getParam(name);
    return v == null || v.isBlank() ? null : v;
  }

  /** The parameter, or {@code fallback} when absent or blank. */
  public static String param(RoutingContext ctx, String name, String fallback) {
    String v = param(ctx, name);
    return v == null ? fallback : v;
  }

  /** An integer parameter within Java's int range, or {@code fallback} when absent. */
  public static int intParam(RoutingContext ctx, String name, int fallback) {
    String v = param(ctx, name);
    return v == null ? fallback : (int) parse(name, v, Integer.MIN_VALUE, Integer.MAX_VALUE);
  }

  /** A 64-bit integer parameter, or null when absent. */
  public static Long longParam(RoutingContext ctx, String name) {
    String v = param(ctx, name);
    return v == null ? null : parse(name, v, Long.MIN_VALUE, Long.MAX_VALUE);
  }

  /** The {@code page} parameter: 1 when absent, at most {@value #MAX_PAGE}. */
  public static int page(RoutingContext ctx) {
    String v = param(ctx, "page");
    return v == null ? 1 : (int) parse("page", v, 1, MAX_PAGE);
  }

  /** A positive id in the path (or query). */
  public static long pathId(RoutingContext ctx, String name) {
    String v = ctx.pathParam(name);
    if (v == null) v = param(ctx, name);
    if (v == null) throw ApiException.invalidField(name, "is required");
    return parse(name, v, 1, Long.MAX_VALUE);
  }

  /** The Idempotency-Key header of a request that creates records or moves money, or null when it sends none. */
  public static String idempotencyKey(RoutingContext ctx) { return ctx.request().getHeader("Idempotency-Key"); }

  /** A date parameter (yyyy-MM-dd), or null when absent. */
  public static LocalDate date(RoutingContext ctx, String name) {
    return date(param(ctx, name), name);
  }

  /** A date value (yyyy-MM-dd) of the named field, or null when {@code value} is null. */
  public static LocalDate date(String value, String field) {
    if (value == null) return null;
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw ApiException.invalidField(field, "must be a date like 2026-11-26");
    }
  }

  /** The JSON object body, or an empty object when there is none. */
  public static JsonObject body(RoutingContext ctx) {
    if (ctx.body() == null || ctx.body().length() == 0) return new JsonObject();
    try {
      JsonObject b = ctx.body().asJsonObject();
      return b == null ? new JsonObject() : b;
    } catch (DecodeException | ClassCastException e) {
      throw ApiException.invalidField("body", "must be a JSON object");
    }
  }

  /** {@code value} as an integer from {@code min} to {@code max}, or a 400 naming {@code name}. */
  public static long parse(String name, String value, long min, long max) {
    long v;
    try {
      v = Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw ApiException.invalidField(name, value.trim().matches("[+-]?\\d+") ? "is out of range (" + min + " to " + max + ")"
          : "must be an integer");
    }
    if (v < min || v > max) throw ApiException.invalidField(name, "is out of range (" + min + " to " + max + ")");
    return v;
  }
}
