package io.beacon.live.push;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.ServerWebSocket;

/** Where a connection's messages go: a WebSocket or an SSE response. Methods may be called from any thread. */
interface Sink {
  boolean writeQueueFull();

  void write(Outbound message);

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
      public void write(Outbound m) { if (!ws.isClosed()) ws.writeTextMessage(m.json); }

      public void ping() { if (!ws.isClosed()) ws.writePing(io.vertx.core.buffer.Buffer.buffer()); }

      public void close(short code, String reason) { ws.close(code, reason); }

      public String kind() { return "ws"; }
    };
  }

  static Sink of(HttpServerResponse response) {
    return new Sink() {
      public boolean writeQueueFull() { return response.writeQueueFull(); }

      public void write(Outbound m) { if (!response.ended()) response.write(m.sse()); }

      public void ping() { if (!response.ended()) response.write(": ping\n\n"); }

      public void close(short code, String reason) { if (!response.ended()) response.end(); }

      public String kind() { return "sse"; }
    };
  }
}
