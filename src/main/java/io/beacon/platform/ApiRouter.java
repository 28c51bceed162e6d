package io.beacon.platform;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;

import java.util.List;

/**
 * The root router: request ids, health and metrics, the contract documents, static files, and the
 * /api/v1 sub-router where every feature mounts its routes behind body limits and contract validation.
 */
public final class ApiRouter {
  /**
   * A feature as the server sees it: the filters every API request passes, its /api/v1 routes, its
   * routes outside /api/v1, and background work started once the HTTP server is up and stopped on close.
   * A feature without background work is just its routes (a lambda will do).
   */
  public interface Feature extends AutoCloseable {
    /** Adds its routes to the /api/v1 sub-router. */
    void mount(Router api);

    /** Handlers every /api/v1 request passes once the contract has matched its operation (authentication, the operation log). */
    default List<Handler<RoutingContext>> apiFilters() { return List.of(); }

    /** Adds its routes outside /api/v1 (the WebSocket, the web app's shell). */
    default void mountRoot(Router root) {}

    /** Starts its timers and workers. */
    default Future<?> start() { return Future.succeededFuture(); }

    /** Stops its timers and workers. */
    @Override
    default void close() {}
  }

  private ApiRouter() {}

  public static Router create(Platform platform, List<Feature> features) {
    Router root = Router.router(platform.vertx());
    root.route().handler(new RequestIds());
    root.route().handler(new ClientAddress(platform.config().http().trustedProxies()));
    new HealthRoutes(platform).mount(root);
    root.get("/openapi.yaml").handler(ctx -> ctx.response().putHeader("Content-Type", "application/yaml").sendFile("openapi.yaml"));
    root.get("/asyncapi.yaml").handler(ctx -> ctx.response().putHeader("Content-Type", "application/yaml").sendFile("asyncapi.yaml"));

    Router api = Router.router(platform.vertx());
    api.route().handler(BodyHandler.create(false).setBodyLimit(platform.config().http().bodyLimitBytes()));
    OpenApiValidation validation = new OpenApiValidation(platform);
    api.route().handler(validation.matcher());
    features.forEach(f -> f.apiFilters().forEach(filter -> api.route().handler(filter)));
    api.route().handler(validation);
    features.forEach(f -> f.mount(api));
    // The contract knows the operation but no feature serves it: say so plainly rather than fall through.
    api.route().handler(ctx -> ctx.fail(new ApiException(501, "not-implemented", "This operation is not available on this server")));
    root.route("/api/v1/*").subRouter(api);
    features.forEach(f -> f.mountRoot(root));

    root.route("/webjars/*").handler(StaticHandler.create("META-INF/resources/webjars").setCachingEnabled(true));
    root.route().handler(StaticHandler.create(platform.config().http().staticDir()).setIndexPage("index.html"));

    FailureHandler failures = new FailureHandler();
    api.route().failureHandler(failures);
    root.route().failureHandler(failures);
    return root;
  }
}
