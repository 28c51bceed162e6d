package io.beacon.platform;

import io.beacon.TestAgency;
import io.beacon.TestBeacon;
import io.beacon.TestHttp;
import io.beacon.auth.Role;
import io.beacon.tickets.DeskFixtures;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Walks every operation of openapi.yaml with input an outside tester would try (integers beyond 64
 * bits, NUL bytes, overlong and wrong-type values, deep nesting, malformed JSON, wrong content types,
 * odd but legal header values), signed in as the main account of a fresh agency. No answer may be a
 * 5xx, and every 4xx must be problem+json.
 */
class HostileInputTest {
  private static final String HUGE = "99999999999999999999";
  private static final String NUL = "a\u0000b";
  private static final String LONG = "x".repeat(5000);
  private static HttpClient client;
  private static JsonObject doc;
  private static TestAgency agency;
  private static String ingestKey;

  @BeforeAll
  static void setUp() {
    client = TestHttp.vertx().createHttpClient(new HttpClientOptions());
    doc = ApiContract.document();
    agency = TestAgency.create(2);
    ingestKey = TestHttp.shared().post("/api/v1/ingest-keys", agency.token(Role.MAIN), new JsonObject().put("name", "hostile"))
        .json().getString("key");
  }

  @AfterAll
  static void tearDown() {
    client.close().await();
  }

  /** One request and what came back; streams are cut after their head (their body never ends). */
  record Answer(String what, int status, String contentType, String body) {}

  private static Answer send(String what, HttpMethod method, String uri, MultiMap headers, Buffer body) {
    RequestOptions o = new RequestOptions().setMethod(method).setHost("localhost").setPort(TestBeacon.shared().port())
        .setURI(uri).setHeaders(headers).setIdleTimeout(20_000);
    return client.request(o).compose(req -> (body == null ? req.send() : req.send(body)).compose(resp -> {
      String type = resp.getHeader("Content-Type");
      if (type != null && type.startsWith("text/event-stream")) {
        req.reset();
        return Future.succeededFuture(new Answer(what, resp.statusCode(), type, ""));
      }
      return resp.body().map(b -> new Answer(what, resp.statusCode(), type, b.toString()));
    })).await();
  }

  private static JsonObject resolve(JsonObject node) {
    while (node != null && node.containsKey("$ref")) {
      JsonObject at = doc;
      for (String part : node.getString("$ref").substring(2).split("/")) at = at.getJsonObject(part);
      node = at;
    }
    return node;
  }

  /** A plausible value for a schema, so that one bad field at a time gets past the others. */
  private static Object sample(JsonObject schema, int depth) {
    schema = resolve(schema);
    if (schema == null || depth > 6) return "x";
    if (schema.containsKey("enum")) return schema.getJsonArray("enum").getValue(0);
    if (schema.containsKey("const")) return schema.getValue("const");
    for (String combo : new String[] {"oneOf", "anyOf", "allOf"}) {
      if (schema.containsKey(combo)) return sample(schema.getJsonArray(combo).getJsonObject(0), depth + 1);
    }
    Object type = schema.getValue("type");
    String t = type instanceof JsonArray a ? a.getString(0) : (String) type;
    if (t == null) t = schema.containsKey("properties") ? "object" : "string";
    switch (t) {
      case "integer", "number" -> {
        long min = schema.getLong("minimum", 1L);
        return Math.max(min, 1L);
      }
      case "boolean" -> { return true; }
      case "array" -> {
        JsonArray a = new JsonArray();
        int n = schema.getInteger("minItems", 1);
        for (int i = 0; i < n; i++) a.add(sample(schema.getJsonObject("items", new JsonObject()), depth + 1));
        return a;
      }
      case "object" -> {
        JsonObject o = new JsonObject();
        JsonObject props = schema.getJsonObject("properties", new JsonObject());
        for (String p : props.fieldNames()) o.put(p, sample(props.getJsonObject(p), depth + 1));
        return o;
      }
      default -> {
        String format = schema.getString("format", "");
        String s = switch (format) {
          case "date" -> "2026-11-26";
          case "date-time" -> "2026-11-26T00:00:00Z";
          case "uri" -> "https://example.com/hook";
          case "email" -> "a@example.com";
          default -> "x".repeat(Math.max(1, schema.getInteger("minLength", 1)));
        };
        return s;
      }
    }
  }

  private static String typeOf(JsonObject schema) {
    schema = resolve(schema);
    if (schema == null) return "string";
    Object type = schema.getValue("type");
    return type instanceof JsonArray a ? a.getString(0) : type == null ? "string" : (String) type;
  }

  private static String enc(String s) { return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20"); }

  /** Every request one operation gets. */
  private static List<Answer> attack(String path, String method, JsonObject op, JsonObject pathItem) {
    List<JsonObject> params = new ArrayList<>();
    for (JsonObject holder : new JsonObject[] {pathItem, op}) {
      JsonArray ps = holder.getJsonArray("parameters");
      if (ps != null) for (Object p : ps) params.add(resolve((JsonObject) p));
    }
    MultiMap base = MultiMap.caseInsensitiveMultiMap()
        .add("Authorization", "Bearer " + agency.token(Role.MAIN))
        .add("X-Beacon-Ingest-Key", ingestKey)
        .add(io.beacon.auth.OperatorKey.HEADER, DeskFixtures.operatorKey())
        .add("Idempotency-Key", "50%off")
        .add("Accept-Language", "%zz");
    HttpMethod m = HttpMethod.valueOf(method.toUpperCase());
    JsonObject content = op.getJsonObject("requestBody", new JsonObject()).getJsonObject("content", new JsonObject());
    boolean json = content.containsKey("application/json");
    Object sampleBody = json ? sample(content.getJsonObject("application/json").getJsonObject("schema", new JsonObject()), 0) : null;
    Buffer body = json ? Buffer.buffer(io.vertx.core.json.Json.encode(sampleBody)) : null;
    if (json) base.add("Content-Type", "application/json");
    else if (!content.isEmpty()) base.add("Content-Type", content.fieldNames().iterator().next());

    List<Answer> out = new ArrayList<>();
    // Path parameters: each hostile value in each position, the others a plausible id.
    List<String> pathValues = List.of(HUGE, "-1", "abc", enc(NUL), LONG, "1.5");
    for (JsonObject p : params) {
      if (!"path".equals(p.getString("in"))) continue;
      for (String v : pathValues) {
        out.add(send(method + " " + path + " path " + p.getString("name") + "=" + abbreviate(v), m, uri(path, params, p.getString("name"), v, null),
            base, body));
      }
    }
    String plain = uri(path, params, null, null, null);
    // Query parameters: the classes that reached Java or PostgreSQL one parameter at a time, the rest all at once.
    List<JsonObject> query = params.stream().filter(p -> "query".equals(p.getString("in"))).toList();
    for (JsonObject p : query) {
      for (String v : List.of(HUGE, NUL, "\u0001", "2026-02-30", "0000-00-00")) {
        out.add(send(method + " " + path + " ?" + p.getString("name") + "=" + abbreviate(v), m, plain + sep(plain) + p.getString("name") + "=" + enc(v), base, body));
      }
    }
    for (String v : List.of(LONG, "abc", "-99999999999999999999", "1e400", "[]", "%zz")) {
      StringBuilder q = new StringBuilder(plain);
      for (JsonObject p : query) q.append(sep(q.toString())).append(p.getString("name")).append('=').append(enc(v));
      if (!query.isEmpty()) out.add(send(method + " " + path + " all query=" + abbreviate(v), m, q.toString(), base, body));
    }
    // Header values that are legal HTTP and must be taken as they are.
    MultiMap odd = MultiMap.caseInsensitiveMultiMap().addAll(base).set("Idempotency-Key", "abc\"def").set("Last-Event-ID", "%zz");
    out.add(send(method + " " + path + " odd headers", m, plain, odd, body));
    if (content.isEmpty()) {
      out.add(send(method + " " + path + " unexpected body", m, plain, MultiMap.caseInsensitiveMultiMap().addAll(base).set("Content-Type", "text/plain"),
          Buffer.buffer("{\"x\":1}")));
      return out;
    }
    // Whole bodies.
    MultiMap wrongType = MultiMap.caseInsensitiveMultiMap().addAll(base).set("Content-Type", "text/plain");
    out.add(send(method + " " + path + " wrong content type", m, plain, wrongType, Buffer.buffer("{}")));
    MultiMap asJson = MultiMap.caseInsensitiveMultiMap().addAll(base).set("Content-Type", "application/json");
    out.add(send(method + " " + path + " deep nesting", m, plain, asJson, Buffer.buffer("[".repeat(1001) + "]".repeat(1001))));
    out.add(send(method + " " + path + " deep object", m, plain, asJson, Buffer.buffer("{\"a\":".repeat(1001) + "1" + "}".repeat(1001))));
    out.add(send(method + " " + path + " malformed", m, plain, asJson, Buffer.buffer("{\"a\": ")));
    out.add(send(method + " " + path + " trailing junk", m, plain, base, json ? Buffer.buffer(body.toString() + " junk {") : Buffer.buffer("\u0000\u0001junk")));
    out.add(send(method + " " + path + " NUL key", m, plain, asJson, Buffer.buffer("{\"a\\u0000\": 1}")));
    if (sampleBody instanceof JsonObject sample) {
      JsonObject props = resolve(content.getJsonObject("application/json").getJsonObject("schema")).getJsonObject("properties", new JsonObject());
      for (String f : props.fieldNames()) {
        String type = typeOf(props.getJsonObject(f));
        List<Object> bad = new ArrayList<>(List.of(NUL, LONG, new JsonObject().put("x", 1), new JsonArray().add(NUL)));
        bad.add("integer".equals(type) || "number".equals(type) ? "abc" : 12345);
        if ("integer".equals(type) || "number".equals(type)) {
          bad.add(new java.math.BigInteger(HUGE));
          bad.add(-1);
          bad.add(1.5);
        }
        if ("array".equals(type)) bad.add(new JsonArray().add(new java.math.BigInteger(HUGE)));
        for (Object v : bad) {
          JsonObject b = sample.copy().put(f, v);
          out.add(send(method + " " + path + " body." + f + "=" + abbreviate(String.valueOf(v)), m, plain, base, Buffer.buffer(b.encode())));
        }
      }
    }
    return out;
  }

  private static String abbreviate(String v) { return v.length() > 24 ? v.substring(0, 24) + "…(" + v.length() + ")" : v.replace("\u0000", "\\0"); }

  private static String sep(String uri) { return uri.contains("?") ? "&" : "?"; }

  /** The path with every path parameter filled (the named one with {@code value}, the others with a plausible id) and required query parameters. */
  private static String uri(String path, List<JsonObject> params, String name, String value, String ignored) {
    String u = path;
    for (JsonObject p : params) {
      if (!"path".equals(p.getString("in"))) continue;
      String v = p.getString("name").equals(name) ? value : String.valueOf(sample(p.getJsonObject("schema"), 0));
      u = u.replace("{" + p.getString("name") + "}", v);
    }
    StringBuilder q = new StringBuilder(u);
    for (JsonObject p : params) {
      if ("query".equals(p.getString("in")) && p.getBoolean("required", false)) {
        q.append(sep(q.toString())).append(p.getString("name")).append('=').append(enc(String.valueOf(sample(p.getJsonObject("schema"), 0))));
      }
    }
    return q.toString();
  }

  @Test
  @DisplayName("every operation of openapi.yaml, given hostile input, answers below 500 and every 4xx is problem+json")
  void everyOperation() throws Exception {
    JsonObject paths = doc.getJsonObject("paths");
    List<String[]> operations = new ArrayList<>();
    for (String path : paths.fieldNames()) {
      for (String method : paths.getJsonObject(path).fieldNames()) {
        if (paths.getJsonObject(path).getValue(method) instanceof JsonObject op && op.containsKey("operationId")) {
          operations.add(new String[] {path, method});
        }
      }
    }
    assertTrue(operations.size() > 100, "the contract lists the API's operations: " + operations.size());
    // Session-ending operations go last so the token stays good for the others.
    operations.sort((x, y) -> Boolean.compare(x[0].startsWith("/api/v1/auth/"), y[0].startsWith("/api/v1/auth/")));
    ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<Integer> counted = new ConcurrentLinkedQueue<>();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    long t0 = System.nanoTime();
    try {
      List<CompletableFuture<Void>> all = new ArrayList<>();
      List<String[]> session = operations.stream().filter(o -> o[0].startsWith("/api/v1/auth/")).toList();
      for (String[] o : operations) {
        if (session.contains(o)) continue;
        all.add(CompletableFuture.runAsync(() -> check(paths, o, problems, counted), pool));
      }
      CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(300, TimeUnit.SECONDS);
      for (String[] o : session) check(paths, o, problems, counted);
    } finally {
      pool.shutdownNow();
    }
    Map<Integer, Long> byStatus = new java.util.TreeMap<>(counted.stream().collect(java.util.stream.Collectors.groupingBy(s -> s,
        java.util.stream.Collectors.counting())));
    System.out.printf("hostile input: %d requests over %d operations in %d ms; statuses %s%n", counted.size(), operations.size(),
        (System.nanoTime() - t0) / 1_000_000, byStatus);
    assertTrue(byStatus.keySet().stream().anyMatch(s -> s < 300), "some requests get through to their handlers: " + byStatus);
    assertEquals(List.of(), List.copyOf(problems));
  }

  private static void check(JsonObject paths, String[] o, ConcurrentLinkedQueue<String> problems, ConcurrentLinkedQueue<Integer> counted) {
    JsonObject item = paths.getJsonObject(o[0]);
    for (Answer a : attack(o[0], o[1], item.getJsonObject(o[1]), item)) {
      counted.add(a.status());
      if (a.status() >= 500) problems.add(a.what() + " -> " + a.status() + " " + abbreviate2(a.body()));
      else if (a.status() >= 400 && (a.contentType() == null || !a.contentType().startsWith("application/problem+json"))) {
        problems.add(a.what() + " -> " + a.status() + " without problem+json (" + a.contentType() + ")");
      }
    }
  }

  private static String abbreviate2(String s) { return s == null ? "" : s.length() > 300 ? s.substring(0, 300) : s; }

  @Test
  @DisplayName("openapi.yaml parses strictly: no flow mapping split by an unquoted comma (a prose key with no value)")
  void contractParsesStrictly() {
    List<String> suspicious = new ArrayList<>();
    walk(ApiContract.document(), "", suspicious);
    assertEquals(List.of(), suspicious);
  }

  private static void walk(Object node, String at, List<String> out) {
    if (node instanceof JsonObject o) {
      for (Map.Entry<String, Object> e : o) {
        if (e.getValue() == null && e.getKey().contains(" ")) out.add(at + "/" + e.getKey());
        walk(e.getValue(), at + "/" + e.getKey(), out);
      }
    } else if (node instanceof JsonArray a) {
      for (int i = 0; i < a.size(); i++) walk(a.getValue(i), at + "/" + i, out);
    }
  }
}
