package io.beacon;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

/**
 * A real server-sent events client for tests: each event's JSON data is received with its {@code id:}
 * as {@code _id} and its {@code event:} name as {@code _event}. The handler is set on the event loop as
 * the response arrives, so no early event is missed.
 */
public final class SseStream extends Received implements AutoCloseable {
  private final HttpClient client;
  private final HttpClientResponse response;
  private final StringBuilder pending = new StringBuilder();

  private SseStream(HttpClient client, HttpClientResponse response) {
    this.client = client;
    this.response = response;
    response.handler(chunk -> parse(chunk.toString()));
  }

  /** Opens {@code path} on the server at {@code port}; the answer's status and type are checked against the contract. */
  public static SseStream open(int port, String path, MultiMap headers) {
    HttpClient client = TestHttp.vertx().createHttpClient();
    SseStream stream = client.request(new RequestOptions().setMethod(HttpMethod.GET).setHost("localhost").setPort(port)
            .setURI(path).setHeaders(headers).putHeader("Accept", "text/event-stream"))
        .compose(req -> req.send()).map(response -> new SseStream(client, response)).await();
    ResponseContract.check(HttpMethod.GET, path.replaceFirst("\\?.*", ""), stream.status(), stream.contentType(), null);
    return stream;
  }

  /** The live stream (/api/v1/stream) of the shared server, resumed after {@code lastEventId} when given. */
  public static SseStream live(String token, String query, String lastEventId) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Authorization", "Bearer " + token);
    if (lastEventId != null) headers.add("Last-Event-ID", lastEventId);
    return open(TestBeacon.shared().port(), "/api/v1/stream" + query, headers);
  }

  public int status() { return response.statusCode(); }

  public String contentType() { return response.getHeader("Content-Type"); }

  private synchronized void parse(String text) {
    pending.append(text);
    int end;
    while ((end = pending.indexOf("\n\n")) >= 0) {
      String block = pending.substring(0, end);
      pending.delete(0, end + 2);
      String name = null;
      String id = null;
      String data = null;
      for (String line : block.split("\n")) {
        if (line.startsWith("event: ")) name = line.substring(7);
        else if (line.startsWith("id: ")) id = line.substring(4);
        else if (line.startsWith("data: ")) data = line.substring(6);
      }
      if (name != null || data != null) add((data == null ? new JsonObject() : new JsonObject(data)).put("_id", id).put("_event", name));
    }
  }

  @Override
  public void close() { client.close().await(); }
}
