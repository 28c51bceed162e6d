package io.beacon.auth;

import io.beacon.ResponseContract;
import io.beacon.TestHttp;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A server-sent events reader for tests: opens the stream and hands out parsed events. */
final class SseStream implements AutoCloseable {
  private static final HttpClient CLIENT = TestHttp.vertx().createHttpClient();

  record Event(String name, JsonObject data) {}

  final int status;
  private final HttpClientResponse response;
  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final StringBuilder pending = new StringBuilder();

  private SseStream(HttpClientResponse response) {
    this.response = response;
    this.status = response.statusCode();
    response.handler(chunk -> parse(chunk.toString()));
  }

  static SseStream open(int port, String path) {
    // The handler is set on the event loop as the response arrives, so no early chunk is missed.
    SseStream stream = CLIENT.request(new RequestOptions().setMethod(HttpMethod.GET).setHost("localhost")
            .setPort(port).setURI(path).putHeader("Accept", "text/event-stream"))
        .compose(req -> req.send()).map(SseStream::new).await();
    ResponseContract.check(HttpMethod.GET, path, stream.status, stream.response.getHeader("Content-Type"), null);
    return stream;
  }

  private synchronized void parse(String text) {
    pending.append(text);
    int end;
    while ((end = pending.indexOf("\n\n")) >= 0) {
      String block = pending.substring(0, end);
      pending.delete(0, end + 2);
      String name = null;
      String data = null;
      for (String line : block.split("\n")) {
        if (line.startsWith("event: ")) name = line.substring(7);
        else if (line.startsWith("data: ")) data = line.substring(6);
      }
      if (name != null) events.add(new Event(name, data == null ? null : new JsonObject(data)));
    }
  }

  /** The next event within {@code millis}, or null. */
  Event next(long millis) throws InterruptedException {
    return events.poll(millis, TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    response.request().connection().close();
  }
}
