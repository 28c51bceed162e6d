package io.beacon;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

/**
 * A small blocking HTTP client for tests (call from the test thread, never an event loop). Every
 * response is held to /openapi.yaml ({@link ResponseContract}).
 */
public final class TestHttp {
  private static final Vertx VERTX = Vertx.vertx();
  private static final WebClient CLIENT = WebClient.create(VERTX, new WebClientOptions());

  private final String baseUrl;

  public TestHttp(String baseUrl) { this.baseUrl = baseUrl; }

  public static TestHttp shared() { return new TestHttp(TestBeacon.baseUrl()); }

  public static Vertx vertx() { return VERTX; }

  public record Response(int status, MultiMap headers, Buffer body) {
    public JsonObject json() { return body == null || body.length() == 0 ? null : body.toJsonObject(); }

    public JsonArray jsonArray() { return body.toJsonArray(); }

    public String header(String name) { return headers.get(name); }

    @Override
    public String toString() { return status + " " + (body == null ? "" : body.toString()); }
  }

  public Response get(String path, String token) { return send(HttpMethod.GET, path, token, null, null); }

  public Response post(String path, String token, Object json) { return send(HttpMethod.POST, path, token, json, null); }

  public Response put(String path, String token, Object json) { return send(HttpMethod.PUT, path, token, json, null); }

  public Response delete(String path, String token) { return send(HttpMethod.DELETE, path, token, null, null); }

  /** Sends {@code body} (JsonObject, JsonArray, String or Buffer) with optional extra headers. */
  public Response send(HttpMethod method, String path, String token, Object body, MultiMap headers) {
    HttpRequest<Buffer> req = CLIENT.requestAbs(method, baseUrl + path);
    if (token != null) req.bearerTokenAuthentication(token);
    if (headers != null) req.putHeaders(headers);
    var future = body == null ? req.send()
        : body instanceof JsonObject o ? req.sendJsonObject(o)
        : body instanceof JsonArray a ? req.sendJson(a)
        : body instanceof Buffer b ? req.sendBuffer(b)
        : req.sendBuffer(Buffer.buffer(body.toString()));
    var r = future.await();
    ResponseContract.check(method, path, r.statusCode(), r.getHeader("Content-Type"), r.body() == null ? Buffer.buffer() : r.body());
    return new Response(r.statusCode(), r.headers(), r.body());
  }
}
