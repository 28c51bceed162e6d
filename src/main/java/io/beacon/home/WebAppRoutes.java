package io.beacon.home;

import io.beacon.platform.ApiRouter;
import io.beacon.platform.Platform;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.Router;

import java.nio.file.Path;

/**
 * Root routes of the web app shell. {@code GET /app/pages.json} lists the page modules in
 * {@code web-static/pages/} (on disk, or inside the jar) so that every owner's page is loaded by the
 * shell without editing a shared list: dropping {@code pages/<name>.js} that calls
 * {@code registerPage} is enough.
 */
public final class WebAppRoutes implements ApiRouter.Feature {
  private final Platform platform;

  public WebAppRoutes(Platform platform) { this.platform = platform; }

  @Override
  public void mount(Router root) {
    root.get("/app/pages.json").handler(ctx -> pageModules()
        .onSuccess(list -> ctx.response().putHeader("Cache-Control", "no-cache")
            .putHeader("Content-Type", "application/json").end(list.encode()))
        .onFailure(ctx::fail));
  }

  /** File names of the page modules, sorted (an empty list when the folder is missing). */
  Future<JsonArray> pageModules() {
    String dir = platform.config().http().staticDir() + "/pages";
    var fs = platform.vertx().fileSystem();
    return fs.exists(dir).compose(exists -> !exists ? Future.succeededFuture(new JsonArray())
        : fs.readDir(dir, "[a-z][a-z0-9-]*\\.js").map(paths -> new JsonArray(paths.stream()
            .map(p -> Path.of(p).getFileName().toString()).sorted().map(Object.class::cast).toList())));
  }
}
