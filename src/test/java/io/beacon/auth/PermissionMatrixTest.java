package io.beacon.auth;

import io.beacon.ResponseContract;
import io.beacon.TestAgency;
import io.beacon.TestBeacon;
import io.beacon.TestHttp;
import io.beacon.platform.ApiContract;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The role matrix (README "Identity and access") for every operation of /openapi.yaml, read from the contract itself, so an
 * operation added later is checked without anyone editing this test:
 * <ul>
 *   <li>no token → 401 (operations declared {@code PUBLIC} are listed and skipped);</li>
 *   <li>each agency role (main, admin, employee, dedicated) → 403 when {@link Role} does not grant the
 *       operation's {@code x-beacon-capability}, otherwise neither 401 nor 403 nor a 5xx;</li>
 *   <li>a path parameter marked {@code x-beacon-object: client} (or {@code staff}) holding this agency's
 *       object, asked by another agency's main account → 404;</li>
 *   <li>a client parameter holding a client not assigned to the dedicated employee, when their role has
 *       the capability → 404.</li>
 * </ul>
 * Requests carry a body generated from the operation's schema (its examples first), so object checks
 * are reached past validation. Side effects stay inside the test's own agencies.
 */
class PermissionMatrixTest {
  private static final List<Role> ROLES = List.of(Role.MAIN, Role.ADMIN, Role.EMPLOYEE, Role.DEDICATED);
  /** Disallowed and outsider checks run before allowed roles act, and the main account acts last. */
  private static final List<Role> ALLOWED_ORDER = List.of(Role.DEDICATED, Role.EMPLOYEE, Role.ADMIN, Role.MAIN);
  private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");
  private static final String MISSING_ID = "999999999";
  /** A fresh connection per request: no exchange lands on a pooled connection that is closing. */
  private static final HttpClient CLIENT = TestHttp.vertx().createHttpClient(new HttpClientOptions().setKeepAlive(false));

  private final JsonObject doc = ApiContract.document();
  private TestAgency agency;
  private TestAgency rival;
  private long targetStaffId;
  private final Map<Role, String> tokens = new EnumMap<>(Role.class);
  private String rivalToken;

  record Result(int status, String body) {
    @Override
    public String toString() { return status + " " + (body.length() > 300 ? body.substring(0, 300) + "…" : body); }
  }

  /** One operation of the contract. */
  record Op(String method, String path, JsonObject model, List<JsonObject> parameters) {
    String name() { return method.toUpperCase() + " " + path; }

    String rule() { return model.getString(Authenticate.RULE); }

    boolean has(String object) {
      return parameters.stream().anyMatch(p -> "path".equals(p.getString("in")) && object.equals(p.getString("x-beacon-object")));
    }
  }

  @TestFactory
  @DisplayName("permission matrix: every operation of the contract × every role, outsiders and unassigned clients")
  Stream<DynamicTest> matrix() {
    agency = TestAgency.create(3);
    rival = TestAgency.create(1);
    TestHttp.Response target = TestHttp.shared().post("/api/v1/staff", agency.token(Role.MAIN), new JsonObject()
        .put("account", "matrix-target-" + UUID.randomUUID().toString().substring(0, 8) + "@test").put("name", "Matrix target")
        .put("role", "employee").put("password", "matrix-target-password"));
    assertEquals(201, target.status(), target.toString());
    targetStaffId = target.json().getLong("id");

    List<DynamicTest> cases = new ArrayList<>();
    List<String> publicOps = new ArrayList<>();
    for (Op op : operations()) {
      String rule = op.rule();
      if (rule == null) {
        cases.add(DynamicTest.dynamicTest(op.name() + " declares x-beacon-capability", () -> fail("no " + Authenticate.RULE)));
        continue;
      }
      if (Authenticate.PUBLIC.equals(rule)) {
        publicOps.add(op.name());
        continue;
      }
      Capability needed = Capability.valueOf(rule);
      long assigned = agency.clients.get(0);
      cases.add(DynamicTest.dynamicTest(op.name() + " · no token → 401", () ->
          expect(op, null, assigned, 401)));
      if (op.has("client") || op.has("staff")) {
        cases.add(DynamicTest.dynamicTest(op.name() + " · another agency's main account → 404", () ->
            expect(op, RIVAL, assigned, 404)));
      }
      if (op.has("client") && Role.DEDICATED.capabilities(false).contains(needed)) {
        cases.add(DynamicTest.dynamicTest(op.name() + " · dedicated employee, unassigned client → 404", () ->
            expect(op, Role.DEDICATED, agency.unassignedClient(), 404)));
      }
      for (Role role : ROLES) {
        if (!role.capabilities(false).contains(needed)) {
          cases.add(DynamicTest.dynamicTest(op.name() + " · " + role.dbValue() + " without " + rule + " → 403", () ->
              expect(op, role, assigned, 403)));
        }
      }
      for (Role role : ALLOWED_ORDER) {
        if (role.capabilities(false).contains(needed)) {
          cases.add(DynamicTest.dynamicTest(op.name() + " · " + role.dbValue() + " with " + rule + " → allowed", () -> {
            Result r = send(op, role, assigned);
            assertTrue(r.status() != 401 && r.status() != 403 && r.status() < 500, role + " got " + r);
          }));
        }
      }
    }
    long checks = cases.size();
    System.out.printf("permission matrix: %d operations (%d public, skipped), %d cases%n",
        operations().size(), publicOps.size(), checks);
    return cases.stream();
  }

  /** A marker for "the other agency's main account" among the callers. */
  private static final Role RIVAL = Role.CLIENT;

  private void expect(Op op, Role role, long clientId, int status) {
    Result r = send(op, role, clientId);
    assertEquals(status, r.status(), op.name() + " as " + (role == null ? "anonymous" : role == RIVAL ? "rival main" : role.dbValue()) + ": " + r);
  }

  /** Sends the operation as {@code role} (null: no token); a token revoked by an earlier operation (logout) is renewed once. */
  private Result send(Op op, Role role, long clientId) {
    Result r = request(op, role == null ? null : token(role), clientId);
    if (r.status() == 401 && role != null) {
      forget(role);
      r = request(op, token(role), clientId);
    }
    return r;
  }

  private synchronized String token(Role role) {
    if (role == RIVAL) {
      if (rivalToken == null) rivalToken = rival.login(rival.accounts.get(Role.MAIN)).getString("accessToken");
      return rivalToken;
    }
    return tokens.computeIfAbsent(role, r -> agency.login(agency.accounts.get(r)).getString("accessToken"));
  }

  private synchronized void forget(Role role) {
    if (role == RIVAL) rivalToken = null; else tokens.remove(role);
  }

  private Result request(Op op, String token, long clientId) {
    StringBuilder uri = new StringBuilder(path(op, clientId));
    String sep = "?";
    for (JsonObject p : op.parameters()) {
      if ("query".equals(p.getString("in")) && p.getBoolean("required", false)) {
        uri.append(sep).append(p.getString("name")).append('=')
            .append(URLEncoder.encode(String.valueOf(sample(schemaOf(p))), StandardCharsets.UTF_8));
        sep = "&";
      }
    }
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.valueOf(op.method().toUpperCase()))
        .setHost("localhost").setPort(TestBeacon.shared().port()).setURI(uri.toString())
        .putHeader("Idempotency-Key", UUID.randomUUID().toString());
    if (token != null) options.putHeader("Authorization", "Bearer " + token);
    for (JsonObject p : op.parameters()) {
      if ("header".equals(p.getString("in")) && p.getBoolean("required", false) && !"Idempotency-Key".equalsIgnoreCase(p.getString("name"))) {
        options.putHeader(p.getString("name"), String.valueOf(sample(schemaOf(p))));
      }
    }
    Buffer body = null;
    JsonObject content = resolve(op.model().getJsonObject("requestBody", new JsonObject())).getJsonObject("content");
    if (content != null && !content.isEmpty()) {
      String type = content.containsKey("application/json") ? "application/json" : content.fieldNames().iterator().next();
      options.putHeader("Content-Type", type);
      Object sample = "application/json".equals(type) ? sample(content.getJsonObject(type).getJsonObject("schema", new JsonObject())) : "";
      body = "application/json".equals(type) ? Buffer.buffer(io.vertx.core.json.Json.encode(sample)) : Buffer.buffer();
    }
    Buffer payload = body;
    try {
      return exchange(options, payload);
    } catch (Exception stalled) {   // a stalled exchange on a pooled connection: once more on a fresh one
      return exchange(options, payload);
    }
  }

  /** What came back; {@code body} is null for an event stream, whose status is the answer. */
  private record Answer(int status, String type, Buffer body) {}

  /** Sends the request and holds the answer to the contract (on this thread, not the event loop). */
  private static Result exchange(RequestOptions options, Buffer payload) {
    Answer a = CLIENT.request(new RequestOptions(options).setIdleTimeout(10_000))
        .compose(req -> payload == null ? req.send() : req.send(payload))
        .compose(res -> {
          String type = res.getHeader("Content-Type");
          if (type != null && type.startsWith("text/event-stream")) {
            res.request().connection().close();
            return Future.succeededFuture(new Answer(res.statusCode(), type, null));
          }
          return res.body().map(b -> new Answer(res.statusCode(), type, b));
        })
        .timeout(5, TimeUnit.SECONDS)
        .await();
    ResponseContract.check(options.getMethod(), options.getURI(), a.status(), a.type(), a.body());
    return new Result(a.status(), a.body() == null ? "(event stream)" : a.body().toString());
  }

  private String path(Op op, long clientId) {
    String path = op.path();
    for (JsonObject p : op.parameters()) {
      if (!"path".equals(p.getString("in"))) continue;
      String object = p.getString("x-beacon-object");
      String value = "client".equals(object) ? String.valueOf(clientId)
          : "staff".equals(object) ? String.valueOf(targetStaffId)
          : String.valueOf(sampleId(schemaOf(p)));
      path = path.replace("{" + p.getString("name") + "}", URLEncoder.encode(value, StandardCharsets.UTF_8));
    }
    return path;
  }

  private List<Op> operations() {
    List<Op> ops = new ArrayList<>();
    JsonObject paths = doc.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      List<JsonObject> shared = parameters(item.getJsonArray("parameters"));
      for (String method : item.fieldNames()) {
        if (!METHODS.contains(method)) continue;
        JsonObject model = item.getJsonObject(method);
        List<JsonObject> params = new ArrayList<>(shared);
        params.addAll(parameters(model.getJsonArray("parameters")));
        ops.add(new Op(method, path, model, params));
      }
    }
    return ops;
  }

  private List<JsonObject> parameters(JsonArray list) {
    List<JsonObject> out = new ArrayList<>();
    if (list != null) list.forEach(p -> out.add(resolve((JsonObject) p)));
    return out;
  }

  private JsonObject resolve(JsonObject node) {
    while (node != null && node.containsKey("$ref")) {
      JsonObject target = doc;
      for (String part : node.getString("$ref").replaceFirst("^#/", "").split("/")) target = target.getJsonObject(part);
      node = target;
    }
    return node;
  }

  private JsonObject schemaOf(JsonObject parameter) {
    return resolve(parameter.getJsonObject("schema", new JsonObject()));
  }

  private Object sampleId(JsonObject schema) {
    Object example = example(schema);
    if (example != null) return example;
    return "integer".equals(type(schema)) || "number".equals(type(schema)) ? MISSING_ID
        : "uuid".equals(schema.getString("format")) ? "00000000-0000-7000-8000-000000000000" : MISSING_ID;
  }

  /** A value the schema accepts, preferring the contract's own examples. */
  private Object sample(JsonObject schema) {
    return sample(schema, "");
  }

  /** As above; a string property named like a time ("…At", "…Time", "…Date") gets one when the schema says no format. */
  private Object sample(JsonObject schema, String name) {
    schema = resolve(schema);
    Object example = example(schema);
    if (example != null) return example;
    if (schema.containsKey("const")) return schema.getValue("const");
    if (schema.getJsonArray("enum") != null) return schema.getJsonArray("enum").getValue(0);
    for (String choice : List.of("oneOf", "anyOf")) {
      if (schema.getJsonArray(choice) != null) return sample(schema.getJsonArray(choice).getJsonObject(0));
    }
    if (schema.getJsonArray("allOf") != null) {
      JsonObject merged = new JsonObject();
      schema.getJsonArray("allOf").forEach(s -> {
        Object sample = sample((JsonObject) s);
        if (sample instanceof JsonObject o) merged.mergeIn(o);
      });
      return merged;
    }
    if (schema.containsKey("default")) return schema.getValue("default");
    String type = type(schema);
    switch (type == null ? (schema.containsKey("properties") ? "object" : "string") : type) {
      case "object": {
        JsonObject o = new JsonObject();
        JsonObject props = schema.getJsonObject("properties", new JsonObject());
        JsonArray required = schema.getJsonArray("required", new JsonArray());
        required.forEach(n -> o.put((String) n, sample(props.getJsonObject((String) n, new JsonObject()), (String) n)));
        return o;
      }
      case "array": {
        JsonArray a = new JsonArray();
        for (int i = 0; i < Math.max(1, schema.getInteger("minItems", 1)); i++) a.add(sample(schema.getJsonObject("items", new JsonObject())));
        return a;
      }
      case "integer":
      case "number": {
        long min = schema.getValue("minimum") instanceof Number n ? (long) Math.ceil(n.doubleValue()) : 1;
        if (schema.getValue("exclusiveMinimum") instanceof Number n) min = (long) Math.floor(n.doubleValue()) + 1;
        long value = Math.max(min, 1);
        if (schema.getValue("maximum") instanceof Number n) value = Math.min(value, n.longValue());
        return value;
      }
      case "boolean":
        return true;
      default: {
        String format = schema.getString("format", name.endsWith("At") || name.endsWith("Time") ? "date-time"
            : name.endsWith("Date") || name.equals("day") ? "date" : "");
        switch (format) {
          case "date": return LocalDate.now().plusDays(1).toString();
          case "date-time": return java.time.OffsetDateTime.now(java.time.ZoneOffset.ofHours(8)).plusDays(1).withNano(0).toString();
          case "email": return "matrix@example.test";
          case "uuid": return UUID.randomUUID().toString();
          case "uri": return "https://example.test/hook";
          default: {
            int len = Math.max(3, schema.getInteger("minLength", 1));
            if (schema.containsKey("maxLength")) len = Math.min(len, schema.getInteger("maxLength"));
            return "m".repeat(Math.max(1, len));
          }
        }
      }
    }
  }

  private static Object example(JsonObject schema) {
    if (schema.containsKey("example")) return schema.getValue("example");
    JsonArray examples = schema.getJsonArray("examples");
    return examples == null || examples.isEmpty() ? null : examples.getValue(0);
  }

  private static String type(JsonObject schema) {
    Object t = schema.getValue("type");
    if (t instanceof String s) return s;
    if (t instanceof JsonArray a) {
      for (Object o : a) if (!"null".equals(o)) return (String) o;
    }
    return null;
  }

  @TestFactory
  @DisplayName("every operation declares a capability the role table knows")
  Stream<DynamicTest> declared() {
    return operations().stream().map(op -> DynamicTest.dynamicTest(op.name(), () -> {
      assertNotNull(op.rule(), op.name() + " has no " + Authenticate.RULE);
      if (!Authenticate.PUBLIC.equals(op.rule())) Capability.valueOf(op.rule());
    }));
  }
}
