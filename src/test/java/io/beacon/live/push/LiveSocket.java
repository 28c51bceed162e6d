package io.beacon.live.push;

import io.beacon.TestBeacon;
import io.beacon.TestHttp;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.fail;

/** A real WebSocket client of /ws for tests: what a dashboard receives, in order, read from the test thread. */
final class LiveSocket implements AutoCloseable {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private final WebSocketClient client;
  final WebSocket ws;
  private final BlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();
  private final CompletableFuture<Short> closed = new CompletableFuture<>();

  private LiveSocket(WebSocketClient client, WebSocket ws) {
    this.client = client;
    this.ws = ws;
    ws.textMessageHandler(text -> received.add(new JsonObject(text)));
    ws.closeHandler(v -> closed.complete(ws.closeStatusCode() == null ? -1 : ws.closeStatusCode()));
  }

  static LiveSocket open(String token) { return open(TestBeacon.shared().port(), token); }

  static LiveSocket open(int port, String token) {
    WebSocketClient client = TestHttp.vertx().createWebSocketClient();
    String uri = token == null ? "/ws" : "/ws?access_token=" + token;
    WebSocket ws = client.connect(new WebSocketConnectOptions().setHost("localhost").setPort(port).setURI(uri)).await();
    return new LiveSocket(client, ws);
  }

  LiveSocket send(JsonObject op) {
    ws.writeTextMessage(op.encode()).await();
    return this;
  }

  LiveSocket subscribe(Object since, String... topics) {
    return send(new JsonObject().put("op", "subscribe").put("topics", new JsonArray(List.of((Object[]) topics))).put("since", since));
  }

  /** The next message of {@code type}, skipping others; fails after 10 s. */
  JsonObject next(String type) { return next(m -> type.equals(m.getString("type")), "a " + type + " message"); }

  JsonObject next(Predicate<JsonObject> wanted, String what) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    try {
      while (System.nanoTime() < deadline) {
        JsonObject m = received.poll(50, TimeUnit.MILLISECONDS);
        if (m != null && wanted.test(m)) return m;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return fail("no " + what + " within " + WAIT.toSeconds() + " s");
  }

  /** Everything that arrives within {@code window}. */
  List<JsonObject> collect(Duration window) {
    List<JsonObject> all = new ArrayList<>();
    long deadline = System.nanoTime() + window.toNanos();
    try {
      while (System.nanoTime() < deadline) {
        JsonObject m = received.poll(20, TimeUnit.MILLISECONDS);
        if (m != null) all.add(m);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return all;
  }

  /** The close code the server sent, waiting up to 10 s; null if still open. */
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
