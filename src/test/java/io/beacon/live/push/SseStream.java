package io.beacon.live.push;

import io.beacon.TestBeacon;
import io.beacon.ResponseContract;
import io.beacon.TestHttp;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;

/** A real SSE client of /api/v1/stream for tests; each event's {@code id:} is kept as {@code _id}. */
final class SseStream extends Received implements AutoCloseable {
  private final HttpClient client;
  final HttpClientResponse response;
  private final StringBuilder pending = new StringBuilder();

  private SseStream(HttpClient client, HttpClientResponse response) {
    this.client = client;
    this.response = response;
    response.handler(buffer -> {
      pending.append(buffer.toString());
      int end;
      while ((end = pending.indexOf("\n\n")) >= 0) {
        String event = pending.substring(0, end);
        pending.delete(0, end + 2);
        String id = null;
        String data = null;
        for (String line : event.split("\n")) {
          if (line.startsWith("id: ")) id = line.substring(4);
          else if (line.startsWith("data: ")) data = line.substring(6);
        }
        if (data != null) add(new JsonObject(data).put("_id", id));
      }
    });
  }

  static SseStream open(String token, String query, String lastEventId) {
    HttpClient client = TestHttp.vertx().createHttpClient();
    HttpClientRequest req = client.request(HttpMethod.GET, TestBeacon.shared().port(), "localhost", "/api/v1/stream" + query).await();
    req.putHeader("Authorization", "Bearer " + token);
    if (lastEventId != null) req.putHeader("Last-Event-ID", lastEventId);
    SseStream stream = req.send().map(response -> new SseStream(client, response)).await();
    ResponseContract.check(HttpMethod.GET, "/api/v1/stream", stream.response.statusCode(), stream.response.getHeader("Content-Type"), null);
    return stream;
  }

  @Override
  public void close() { client.close().await(); }
}
