package io.beacon.live.push;

import io.beacon.TestBeacon;
import io.beacon.TestHttp;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.http.WebSocketFrame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** What a client sending frames the live socket does not take sees: a close frame with a code and a reason. */
class WebSocketLimitsTest {
  private WebSocketClient client;
  private WebSocket ws;
  private final CompletableFuture<String> closed = new CompletableFuture<>();

  @BeforeEach
  void open() {
    // The client itself may send frames and messages far larger than the server takes.
    client = TestHttp.vertx().createWebSocketClient(new WebSocketClientOptions().setMaxFrameSize(1 << 20).setMaxMessageSize(1 << 22));
    ws = client.connect(new WebSocketConnectOptions().setHost("localhost").setPort(TestBeacon.shared().port()).setURI("/ws"))
        .map(s -> {
          s.closeHandler(v -> closed.complete(s.closeStatusCode() + " " + s.closeReason()));
          return s;
        }).await();
  }

  @AfterEach
  void close() {
    client.close().await();
  }

  private String closeStatus() throws Exception {
    return closed.get(10, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("a text frame over 64 KiB is answered with close 1009 and a reason")
  void frameTooBig() throws Exception {
    ws.writeFrame(WebSocketFrame.textFrame("x".repeat(70 * 1024), true));
    String status = closeStatus();
    assertEquals("1009", status.split(" ")[0], status);
    assertFalse(status.substring(4).isBlank(), "a reason is given: " + status);
  }

  @Test
  @DisplayName("a binary frame is answered with close 1003 (only JSON text is spoken)")
  void binaryFrame() throws Exception {
    ws.writeFrame(WebSocketFrame.binaryFrame(Buffer.buffer(new byte[] {1, 2, 3}), true));
    String status = closeStatus();
    assertEquals("1003", status.split(" ")[0], status);
    assertFalse(status.substring(4).isBlank(), "a reason is given: " + status);
  }

  @Test
  @DisplayName("a fragmented text message over the message limit is answered with close 1009, each fragment being small")
  void fragmentedMessageTooBig() throws Exception {
    String part = "y".repeat(60 * 1024);
    ws.writeFrame(WebSocketFrame.textFrame(part, false));
    for (int i = 0; i < 6; i++) ws.writeFrame(WebSocketFrame.continuationFrame(Buffer.buffer(part), false));
    ws.writeFrame(WebSocketFrame.continuationFrame(Buffer.buffer(part), true));
    String status = closeStatus();
    assertEquals("1009", status.split(" ")[0], status);
    assertFalse(status.substring(4).isBlank(), "a reason is given: " + status);
  }
}
