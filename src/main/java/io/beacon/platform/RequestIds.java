package io.beacon.platform;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Gives every request an id (the caller's X-Request-Id when it is sane), returns it in the response
 * header and writes one access-log line per request carrying it.
 */
public final class RequestIds implements Handler<RoutingContext> {
  public static final String KEY = "beacon.requestId";
  private static final Logger log = LoggerFactory.getLogger("io.beacon.access");
  private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._-]{8,64}");
  /** A wall-board link's token in a path ({@code /board/<token>}, {@code /api/v1/board/<token>/…}): a secret. */
  private static final Pattern BOARD_TOKEN = Pattern.compile("(/board/)[^/]+");

  @Override
  public void handle(RoutingContext ctx) {
    String incoming = ctx.request().getHeader("X-Request-Id");
    String id = incoming != null && SANE.matcher(incoming).matches() ? incoming : UUID.randomUUID().toString();
    ctx.put(KEY, id);
    ctx.response().putHeader("X-Request-Id", id);
    long start = System.nanoTime();
    ctx.addEndHandler(done -> {
      MDC.put("requestId", id);
      try {
        log.info("{} {} {} {}ms", ctx.request().method(), loggable(ctx.request().path()), ctx.response().getStatusCode(),
            (System.nanoTime() - start) / 1_000_000);
      } finally {
        MDC.remove("requestId");
      }
    });
    ctx.next();
  }

  public static String of(RoutingContext ctx) { return ctx.get(KEY); }

  /** The path as logs may show it: secrets carried in it (wall-board link tokens) replaced. Queries are never logged. */
  public static String loggable(String path) {
    return path == null ? null : BOARD_TOKEN.matcher(path).replaceAll("$1[redacted]");
  }
}
