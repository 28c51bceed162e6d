package io.beacon.platform;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.PrometheusScrapingHandler;

import java.util.concurrent.TimeUnit;

/** Liveness, readiness (real round trips to PostgreSQL and Redis) and Prometheus metrics. */
public final class HealthRoutes {
  private static final long CHECK_TIMEOUT_MS = 1500;
  private final Platform platform;

  public HealthRoutes(Platform platform) { this.platform = platform; }

  public void mount(Router root) {
    root.get("/health/live").handler(ctx -> json(ctx, 200, new JsonObject().put("status", "up")));
    root.get("/health/ready").handler(this::ready);
    root.get("/metrics").handler(PrometheusScrapingHandler.create(platform.metrics()));
  }

  private void ready(RoutingContext ctx) {
    Future<String> pg = platform.pg().query("SELECT 1").execute().map(r -> "up")
        .timeout(CHECK_TIMEOUT_MS, TimeUnit.MILLISECONDS).otherwise("down");
    Future<String> redis = platform.redis().ping(java.util.List.of()).map(r -> "up")
        .timeout(CHECK_TIMEOUT_MS, TimeUnit.MILLISECONDS).otherwise("down");
    Future.join(pg, redis).onComplete(done -> {
      boolean up = "up".equals(pg.result()) && "up".equals(redis.result());
      JsonObject body = new JsonObject().put("status", up ? "up" : "down")
          .put("postgres", pg.result()).put("redis", redis.result());
      if (up) {
        json(ctx, 200, body);
      } else {
        ctx.response().setStatusCode(503).putHeader("Content-Type", "application/problem+json")
            .end(new ApiException(503, "not-ready", "A backing service is unavailable", null, body)
                .toProblem(ctx.request().path()).encode());
      }
    });
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
  }
}
