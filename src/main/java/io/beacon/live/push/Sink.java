package io.beacon.live.push;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;

/** Where a connection's messages go: a WebSocket or an SSE response. Methods may be called from any thread. */
interface Sink {
  boolean writeQueueFull();

  /** Writes one message; the future completes when it was handed to the socket (null if not written). */
  Future<Void> write(Outbound message);

  void ping();

  /** Closes with a WebSocket close code (4000–4499: reconnect; 4500–4999: do not). */
  void close(short code, String reason);

  String kind();

  static Sink of(ServerWebSocket ws) {
    return new Sink() {
      // A socket can close before the hub hears of it: then it counts as full (nothing more is written).
      public boolean writeQueueFull() {
        try {
          return ws.isClosed() || ws.writeQueueFull();
        } catch (IllegalStateException closed) {
          return true;
        }
      }

      // A socket can close between the hub's decision and the write; writing then would throw.
      // The frame wraps the message's shared UTF-8 bytes (writeTextMessage would encode the text again per
      // socket); a message too large for one frame goes through writeTextMessage, which splits it.
      public Future<Void> write(Outbound m) {
        if (ws.isClosed()) return null;
        if (m.utf8().length > Outbound.MAX_FRAME_BYTES) return ws.writeTextMessage(m.json);
        return ws.writeFrame(new WebSocketFrameImpl(WebSocketFrameType.TEXT, m.utf8(), true));
      }

      public void ping() { if (!ws.isClosed()) ws.writePing(io.vertx.core.buffer.Buffer.buffer()); }

      public void close(short code, String reason) { ws.close(code, reason); }

      public String kind() { return "ws"; }
    };
  }

  static Sink of(HttpServerResponse response) {
    return new Sink() {
      public boolean writeQueueFull() { return response.writeQueueFull(); }

      public Future<Void> write(Outbound m) { return response.ended() ? null : response.write(m.sse()); }

      public void ping() { if (!response.ended()) response.write(": ping\n\n"); }

      public void close(short code, String reason) { if (!response.ended()) response.end(); }

      public String kind() { return "sse"; }
    };
  }
}
