package io.beacon.live.push;

import io.beacon.Received;
import io.beacon.TestBeacon;
import io.beacon.TestHttp;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A real WebSocket client of /ws for tests: what a dashboard receives. */
final class LiveSocket extends Received implements AutoCloseable {
  private final WebSocketClient client;
  final WebSocket ws;
  private final CompletableFuture<Short> closed = new CompletableFuture<>();

  private LiveSocket(WebSocketClient client, WebSocket ws) {
    this.client = client;
    this.ws = ws;
    ws.textMessageHandler(text -> add(new JsonObject(text)));
    ws.closeHandler(v -> closed.complete(ws.closeStatusCode() == null ? -1 : ws.closeStatusCode()));
  }

  static LiveSocket open(String token) { return open(TestBeacon.shared().port(), token); }

  static LiveSocket open(int port, String token) { return open(port, token, new WebSocketClientOptions()); }

  static LiveSocket open(int port, String token, WebSocketClientOptions options) {
    WebSocketClient client = TestHttp.vertx().createWebSocketClient(options);
    String uri = token == null ? "/ws" : "/ws?access_token=" + token;
    // Handlers are attached on the event loop as the connection completes: a server that answers and
    // closes at once (a bad token) would otherwise close the socket before the test thread attaches them.
    return client.connect(new WebSocketConnectOptions().setHost("localhost").setPort(port).setURI(uri))
        .map(ws -> new LiveSocket(client, ws)).await();
  }

  LiveSocket send(JsonObject op) {
    ws.writeTextMessage(op.encode()).await();
    return this;
  }

  LiveSocket subscribe(Object since, String... topics) {
    return send(new JsonObject().put("op", "subscribe").put("topics", new JsonArray(List.of((Object[]) topics))).put("since", since));
  }

  /** The close code the server sent, waiting up to the wait; null if still open. */
  Short closeCode() {
    try {
      return closed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return null;
    } catch (InterruptedException | ExecutionException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    if (!closed.isDone()) ws.close().await();
    client.close().await();
  }
}
