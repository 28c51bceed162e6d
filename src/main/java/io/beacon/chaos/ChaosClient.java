package io.beacon.chaos;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.net.URI;

/** The chaos run's side of one Beacon with the demo data: HTTP and WebSocket clients and the main account's token. */
final class ChaosClient implements AutoCloseable {
  static final String MAIN = "main@demo";
  static final String PASSWORD = "beacon-demo";
  static final String INGEST_KEY = "demo-ingest-key";

  final Vertx vertx = Vertx.vertx();
  final WebClient http;
  final WebSocketClient ws;
  final String host;
  final int port;
  final String token;

  ChaosClient(String baseUrl) {
    URI uri = URI.create(baseUrl);
    host = uri.getHost();
    port = uri.getPort();
    http = WebClient.create(vertx, new WebClientOptions().setDefaultHost(host).setDefaultPort(port));
    ws = vertx.createWebSocketClient(new WebSocketClientOptions().setDefaultHost(host).setDefaultPort(port)
        .setMaxMessageSize(16 << 20));
    token = post("/api/v1/auth/login", null, new JsonObject().put("account", MAIN).put("password", PASSWORD)).getString("accessToken");
  }

  /** Today's drift between live counters and PostgreSQL, measured (no repair). */
  long driftFen() {
    return post("/api/v1/live/reconcile", token, new JsonObject()).getLong("driftFen");
  }

  JsonObject get(String path) {
    var r = http.get(path).bearerTokenAuthentication(token).send().await();
    if (r.statusCode() != 200) throw new IllegalStateException("GET " + path + ": " + r.statusCode() + " " + r.bodyAsString());
    return r.bodyAsJsonObject();
  }

  JsonObject post(String path, String bearer, JsonObject body) {
    var req = http.post(path);
    if (bearer != null) req.bearerTokenAuthentication(bearer);
    var r = req.sendJsonObject(body).await();
    if (r.statusCode() != 200) throw new IllegalStateException("POST " + path + ": " + r.statusCode() + " " + r.bodyAsString());
    return r.bodyAsJsonObject();
  }

  @Override
  public void close() {
    vertx.close().await();
  }
}
