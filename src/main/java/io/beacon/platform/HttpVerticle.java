package io.beacon.platform;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;

import java.util.function.Supplier;

/** Serves the router on the configured port; undeploying stops accepting and lets requests finish. */
public final class HttpVerticle extends VerticleBase {
  private final Supplier<Router> router;
  private final int port;
  private HttpServer server;

  public HttpVerticle(Supplier<Router> router, int port) {
    this.router = router;
    this.port = port;
  }

  @Override
  public Future<?> start() {
    HttpServerOptions options = new HttpServerOptions()
        .setPort(port)
        .setCompressionSupported(true)
        .setMaxWebSocketFrameSize(65536)
        .setMaxWebSocketMessageSize(4 * 65536)
        .setRegisterWebSocketWriteHandlers(false)
        // Push encodes each message once for every socket; per-socket deflate would redo the work per
        // socket and hold a compressor per connection (memory per idle socket), so it is off.
        .setPerMessageWebSocketCompressionSupported(false)
        .setPerFrameWebSocketCompressionSupported(false);
    return vertx.createHttpServer(options).requestHandler(router.get()).invalidRequestHandler(FailureHandler::invalidRequest).listen().onSuccess(s -> server = s);
  }

  public int actualPort() { return server.actualPort(); }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.shutdown();
  }
}
