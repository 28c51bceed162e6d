package io.beacon;

import io.beacon.platform.ApiRouter;
import io.beacon.platform.Platform;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds every feature from the platform and says what each contributes: /api/v1 filters (run on
 * every API request after validation), /api/v1 routes, root routes (WebSocket, pages), background work.
 */
record Features(List<Handler<RoutingContext>> apiFilters, List<ApiRouter.Feature> apiRoutes,
                List<ApiRouter.Feature> rootRoutes, List<Background> background, List<AutoCloseable> closeables) {

  /** Timers and workers owned by a feature, started after the HTTP server is up. */
  interface Background {
    Future<?> start();
  }

  static Features create(Platform platform) {
    List<Handler<RoutingContext>> filters = new ArrayList<>();
    List<ApiRouter.Feature> api = new ArrayList<>();
    List<ApiRouter.Feature> root = new ArrayList<>();
    List<Background> background = new ArrayList<>();
    List<AutoCloseable> closeables = new ArrayList<>();
    return new Features(filters, api, root, background, closeables);
  }

  Future<?> startBackground() {
    return Future.all(background.stream().map(Background::start).toList());
  }
}
