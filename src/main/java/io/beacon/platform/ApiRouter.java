package io.beacon.platform;

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
  /** A feature's routes, added to the /api/v1 sub-router. */
  public interface Feature {
    void mount(Router api);
  }

  private ApiRouter() {}

  public static Router create(Platform platform, List<Handler<RoutingContext>> apiFilters, List<Feature> features,
                              List<Feature> rootFeatures) {
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
    apiFilters.forEach(f -> api.route().handler(f));
    api.route().handler(validation);
    features.forEach(f -> f.mount(api));
    // The contract knows the operation but no feature serves it: say so plainly rather than fall through.
    api.route().handler(ctx -> ctx.fail(new ApiException(501, "not-implemented", "This operation is not available on this server")));
    root.route("/api/v1/*").subRouter(api);
    rootFeatures.forEach(f -> f.mount(root));

    root.route("/webjars/*").handler(StaticHandler.create("META-INF/resources/webjars").setCachingEnabled(true));
    root.route().handler(StaticHandler.create(platform.config().http().staticDir()).setIndexPage("index.html"));

    FailureHandler failures = new FailureHandler();
    api.route().failureHandler(failures);
    root.route().failureHandler(failures);
    return root;
  }
}
