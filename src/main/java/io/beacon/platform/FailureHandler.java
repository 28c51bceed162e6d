package io.beacon.platform;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.openapi.validation.ValidatorException;
import io.vertx.pgclient.PgException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Set;

/**
 * The one failure handler: maps every failure to application/problem+json. Stack traces are logged
 * for 500s only and never sent to clients.
 */
public final class FailureHandler implements Handler<RoutingContext> {
  private static final Logger log = LoggerFactory.getLogger(FailureHandler.class);

  @Override
  public void handle(RoutingContext ctx) {
    if (ctx.response().ended() || ctx.response().closed()) return;
    ApiException problem = toProblem(ctx.failure(), ctx.statusCode());
    if (problem.status() >= 500) {
      log.error("request {} {} failed", ctx.request().method(), RequestIds.loggable(ctx.request().path()), ctx.failure());
    }
    if (problem.status() == 429) {
      ctx.response().putHeader("Retry-After", String.valueOf(problem.extensions().getLong("retryAfterSeconds", 1L)));
    }
    if (problem.status() == 401) ctx.response().putHeader("WWW-Authenticate", "Bearer");
    if (problem.status() == 503) ctx.response().putHeader("Retry-After", "1");
    ctx.response()
        .setStatusCode(problem.status())
        .putHeader("Content-Type", "application/problem+json")
        .end(problem.toProblem(ctx.request().path(), Messages.fromAcceptLanguage(ctx.request().getHeader("Accept-Language"))).encode());
  }

  /**
   * PostgreSQL data exceptions caused by input: character not in repertoire (NUL), invalid text
   * representation, numeric value out of range, untranslatable character, string too long,
   * invalid or overflowing date/time.
   */
  private static final Set<String> UNSTORABLE = Set.of("22021", "22P02", "22003", "22P05", "22001", "22007", "22008");

  static ApiException toProblem(Throwable failure, int statusCode) {
    if (failure instanceof ApiException api) return api;
    if (failure instanceof DomainException refusal) return problem(refusal);
    if (failure instanceof ValidatorException v) return OpenApiValidation.toProblem(v);
    if (failure instanceof DecodeException) {
      return ApiException.badRequest("The body is not valid JSON", List.of(new FieldError("body", "malformed JSON")));
    }
    if (failure instanceof PgException pg && "23505".equals(pg.getSqlState())) {
      return ApiException.conflict("duplicate", "The object already exists");
    }
    if (failure instanceof PgException pg && UNSTORABLE.contains(pg.getSqlState())) {
      // A value the request parsers should have refused; still the client's input, so never a 500.
      log.warn("PostgreSQL refused a request value (SQLSTATE {}): {}", pg.getSqlState(), pg.getErrorMessage());
      return ApiException.badRequest("A value of the request cannot be stored",
          List.of(new FieldError("request", "a value is out of range or contains characters that cannot be stored")));
    }
    if (storageUnreachable(failure)) {
      return new ApiException(503, "storage-unavailable", "PostgreSQL or Redis cannot be reached right now; retry shortly");
    }
    if (failure instanceof HttpException http) statusCode = http.getStatusCode();
    return switch (statusCode) {
      case 400 -> ApiException.badRequest("Bad request", List.of());
      case 401 -> ApiException.unauthorized("Authentication required");
      case 403 -> ApiException.forbidden("Not allowed");
      case 404 -> ApiException.notFound("Resource");
      case 405 -> new ApiException(405, "method-not-allowed", "Method not allowed");
      case 413 -> new ApiException(413, "payload-too-large", "The request body is too large");
      case 415 -> new ApiException(415, "unsupported-media-type", "Unsupported content type; send application/json");
      case 429 -> ApiException.tooManyRequests(1);
      case 503 -> new ApiException(503, "unavailable", "Service unavailable");
      default -> statusCode >= 400 && statusCode < 500
          ? new ApiException(statusCode, "client-error", "Request failed")
          : new ApiException(500, "internal", "Internal error; the request id is in the X-Request-Id header");
    };
  }

  /** How each kind of refusal of the domain is answered. */
  static ApiException problem(DomainException d) {
    JsonObject details = d.details();
    if (d instanceof DomainException.NotFound) return new ApiException(404, "not-found", d.getMessage());
    if (d instanceof DomainException.Invalid i) return new ApiException(400, "validation", i.getMessage(), i.errors(), details);
    if (d instanceof DomainException.Conflict c) return new ApiException(409, c.rule(), c.getMessage(), c.errors(), details);
    if (d instanceof DomainException.InsufficientFunds) return new ApiException(409, "insufficient-funds", d.getMessage(), null, details);
    if (d instanceof DomainException.Forbidden) return new ApiException(403, "forbidden", d.getMessage());
    if (d instanceof DomainException.Unauthenticated) return new ApiException(401, "unauthorized", d.getMessage());
    if (d instanceof DomainException.RateLimited r) return ApiException.tooManyRequests(r.retryAfterSeconds());
    if (d instanceof DomainException.Expired e) return new ApiException(410, e.rule(), d.getMessage());
    if (d instanceof DomainException.KeyReused) return new ApiException(422, "idempotency-key-reused", d.getMessage());
    if (d instanceof DomainException.TooLarge) return new ApiException(413, "payload-too-large", d.getMessage(), null, details);
    throw new IllegalStateException("no answer for " + d.getClass().getName());
  }

  /**
   * A storage engine that is down, restarting or still loading its data: the request itself is fine and
   * the same request will succeed once it is back (a 503 with Retry-After, not a 500). PostgreSQL says so
   * with connection-exception (08…) and operator-intervention (57P…) states; Redis with LOADING or a
   * refused or closed connection.
   */
  static boolean storageUnreachable(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof java.net.ConnectException || t instanceof java.nio.channels.ClosedChannelException) return true;
      if (t instanceof PgException pg && pg.getSqlState() != null
          && (pg.getSqlState().startsWith("08") || pg.getSqlState().startsWith("57P"))) return true;
      String m = t.getMessage();
      if (m != null && (m.startsWith("LOADING") || m.contains("] LOADING") || m.contains("Connection refused")
          || m.contains("Connection is closed") || m.contains("Connection was closed") || m.contains("Pool closed"))) return true;
    }
    return false;
  }

  /**
   * Requests the HTTP decoder refused before any route ran (header fields or request line over the
   * limit, malformed HTTP): answered as problem+json too, then the connection is closed.
   */
  public static void invalidRequest(HttpServerRequest request) {
    Throwable cause = request.decoderResult() == null ? null : request.decoderResult().cause();
    ApiException problem = cause instanceof TooLongHttpHeaderException
        ? new ApiException(431, "header-fields-too-large", "The request's header fields are too large")
        : cause instanceof TooLongHttpLineException
        ? new ApiException(414, "uri-too-long", "The request line is too long")
        : ApiException.badRequest("The request is not valid HTTP", List.of());
    request.response().setStatusCode(problem.status())
        .putHeader("Content-Type", "application/problem+json")
        .putHeader("Connection", "close")
        .end(problem.toProblem(null).encode());
  }

  /** The answer a failure gets, for places that pass it on in another shape (an export's filters). */
  public static ApiException problemOf(Throwable failure) { return toProblem(failure, 500); }

  /** For places that write a problem without a RoutingContext failure (e.g. SSE, WebSocket upgrade). */
  public static JsonObject problemJson(Throwable failure) {
    return toProblem(failure, 500).toProblem(null);
  }
}
