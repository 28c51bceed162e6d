package io.beacon;

import io.beacon.platform.ApiContract;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Response;

import java.util.Locale;
import java.util.Set;

/**
 * Holds every /api/v1 response the tests see to /openapi.yaml, so the contract cannot drift from the
 * server: the status must be declared for the operation, the content type declared under it, and a
 * JSON body must match the declared schema. A response that does not fails the test that got it.
 * Requests the contract matches to no operation (unknown path, 405) are not an operation's answer.
 */
public final class ResponseContract {
  private static final String PROBLEM = "application/problem+json";
  private static final String JSON = "application/json";
  /** Answered before any operation is matched (body, URI or header size limits): the contract's info says so once. */
  private static final Set<Integer> BEFORE_MATCHING = Set.of(413, 414, 431);

  /** The document as written, for statuses and media types. */
  private static final JsonObject DOCUMENT = ApiContract.document();
  /** A copy for schema validation, where problem+json is read as JSON (vertx-openapi validates JSON only). */
  private static final OpenAPIContract CONTRACT = ApiContract.load(TestHttp.vertx(), problemsAsJson(ApiContract.document())).await();

  private ResponseContract() {}

  /**
   * Checks one response; {@code body} null means it was not read (an event stream). Throws an
   * AssertionError naming the operation, the status and what does not match.
   */
  public static void check(HttpMethod method, String uri, int status, String contentType, Buffer body) {
    String path = uri.replaceFirst("^https?://[^/]+", "").replaceFirst("[?#].*$", "");
    if (!path.startsWith("/api/v1/")) return;
    Operation op = CONTRACT.findOperation(path, method);
    if (op == null || BEFORE_MATCHING.contains(status)) return;
    if (status == 503) {   // storage unreachable: any operation, said once in the contract's info
      if (contentType == null || !contentType.startsWith(PROBLEM)) throw outside(op.getOperationId() + " answered 503 as " + contentType + ", not problem+json", body);
      return;
    }
    String where = op.getOperationId() + " (" + method + " " + op.getOpenAPIPath() + ") answered " + status;
    JsonObject responses = DOCUMENT.getJsonObject("paths").getJsonObject(op.getOpenAPIPath())
        .getJsonObject(method.name().toLowerCase(Locale.ROOT)).getJsonObject("responses", new JsonObject());
    JsonObject declared = responses.getJsonObject(String.valueOf(status), responses.getJsonObject("default"));
    if (declared == null) throw outside(where + ", which openapi.yaml does not declare (declared: " + responses.fieldNames() + ")", body);
    declared = resolve(declared);
    JsonObject content = declared.getJsonObject("content");
    boolean empty = body != null && body.length() == 0;
    if (content == null || content.isEmpty()) {
      if (body != null && !empty) throw outside(where + " with a " + contentType + " body, but openapi.yaml declares none", body);
      return;
    }
    String type = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
    if (!content.containsKey(type)) throw outside(where + " as '" + contentType + "', but openapi.yaml declares " + content.fieldNames(), body);
    if (body == null || !(type.equals(JSON) || type.equals(PROBLEM))) return;
    if (empty) throw outside(where + " with an empty body, but openapi.yaml declares " + type, body);
    Response response = op.getResponse(status) != null ? op.getResponse(status) : op.getDefaultResponse();
    MediaType schema = response.getContent().get(JSON);
    if (schema == null || schema.getSchema() == null) return;
    Object json;
    try {
      json = Json.decodeValue(body);
    } catch (DecodeException e) {
      throw outside(where + " with a body that is not JSON", body);
    }
    OutputUnit result = CONTRACT.getSchemaRepository().validator(schema.getSchema()).validate(json);
    if (!Boolean.TRUE.equals(result.getValid())) {
      throw outside(where + " with a body that does not match its schema: " + errors(result), body);
    }
  }

  private static JsonObject resolve(JsonObject response) {
    String ref = response.getString("$ref");
    if (ref == null) return response;
    JsonObject node = DOCUMENT;
    for (String part : ref.substring(2).split("/")) node = node.getJsonObject(part.replace("~1", "/").replace("~0", "~"));
    return node;
  }

  private static String errors(OutputUnit unit) {
    StringBuilder out = new StringBuilder();
    collect(unit, out);
    return out.toString();
  }

  private static void collect(OutputUnit unit, StringBuilder out) {
    if (unit.getErrors() != null && !unit.getErrors().isEmpty()) {
      unit.getErrors().forEach(e -> collect(e, out));
    } else if (unit.getError() != null) {
      if (!out.isEmpty()) out.append("; ");
      out.append(unit.getInstanceLocation()).append(": ").append(unit.getError());
    }
  }

  private static AssertionError outside(String message, Buffer body) {
    String text = body == null ? "" : body.toString();
    return new AssertionError("Response outside the contract: " + message
        + (text.isEmpty() ? "" : "\n  body: " + (text.length() > 600 ? text.substring(0, 600) + "…" : text)));
  }

  /** Renames each response's application/problem+json to application/json so its schema is validated. */
  private static JsonObject problemsAsJson(JsonObject document) {
    document.getJsonObject("components", new JsonObject()).getJsonObject("responses", new JsonObject())
        .forEach(e -> renameProblem((JsonObject) e.getValue()));
    document.getJsonObject("paths").forEach(path -> ((JsonObject) path.getValue()).forEach(method -> {
      if (method.getValue() instanceof JsonObject op && op.getJsonObject("responses") != null) {
        op.getJsonObject("responses").forEach(r -> renameProblem((JsonObject) r.getValue()));
      }
    }));
    return document;
  }

  private static void renameProblem(JsonObject response) {
    JsonObject content = response.getJsonObject("content");
    if (content != null && content.containsKey(PROBLEM) && !content.containsKey(JSON)) {
      content.put(JSON, content.remove(PROBLEM));
    }
  }
}
