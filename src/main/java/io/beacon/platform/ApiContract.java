package io.beacon.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.OpenAPIContract;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * Loads /openapi.yaml for request validation. The served document stays as written; the validation
 * copy drops media types vertx-openapi cannot validate (problem+json responses, NDJSON or CSV request
 * bodies) and records each operation's declared request types in {@code x-beacon-content-types}.
 */
public final class ApiContract {
  public static final String CONTENT_TYPES = "x-beacon-content-types";
  /** Set on each operation: whether its request body is required (kept when the body's media type is not validated). */
  public static final String BODY_REQUIRED = "x-beacon-body-required";
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private ApiContract() {}

  public static JsonObject document() {
    try (InputStream in = ApiContract.class.getResourceAsStream("/openapi.yaml")) {
      @SuppressWarnings("unchecked")
      Map<String, Object> tree = YAML.readValue(in, Map.class);
      return new JsonObject(tree);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read openapi.yaml", e);
    }
  }

  public static Future<OpenAPIContract> load(Vertx vertx) {
    return load(vertx, document());
  }

  /** The validation copy of {@code doc} (a copy of {@link #document()}, perhaps adjusted by its caller). */
  public static Future<OpenAPIContract> load(Vertx vertx, JsonObject doc) {
    JsonObject paths = doc.getJsonObject("paths", new JsonObject());
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        if (!(item.getValue(method) instanceof JsonObject op)) continue;
        JsonObject body = op.getJsonObject("requestBody");
        if (body != null && body.getJsonObject("content") != null) {
          JsonObject content = body.getJsonObject("content");
          op.put(CONTENT_TYPES, new JsonArray(content.fieldNames().stream().toList()));
          op.put(BODY_REQUIRED, body.getBoolean("required", false));
          content.fieldNames().removeIf(type -> !MediaType.isMediaTypeSupported(type));
          if (content.isEmpty()) op.remove("requestBody");
        }
        JsonObject responses = op.getJsonObject("responses", new JsonObject());
        for (String code : responses.fieldNames()) {
          JsonObject response = responses.getJsonObject(code);
          if (response != null && !response.containsKey("$ref") && response.getJsonObject("content") != null) {
            response.getJsonObject("content").fieldNames().removeIf(type -> !MediaType.isMediaTypeSupported(type));
          }
        }
      }
    }
    JsonObject responses = doc.getJsonObject("components", new JsonObject()).getJsonObject("responses", new JsonObject());
    for (String name : responses.fieldNames()) {
      JsonObject content = responses.getJsonObject(name).getJsonObject("content");
      if (content != null) content.fieldNames().removeIf(type -> !MediaType.isMediaTypeSupported(type));
    }
    return OpenAPIContract.from(vertx, doc);
  }
}
