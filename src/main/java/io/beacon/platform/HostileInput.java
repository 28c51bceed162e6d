package io.beacon.platform;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.common.dsl.SchemaType;
import io.vertx.openapi.contract.Location;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Input the contract's schemas let through but Java or PostgreSQL cannot take: integers beyond 64
 * bits (a NumberFormatException in a handler), and control characters (PostgreSQL text cannot hold
 * NUL at all: SQLSTATE 22021). Both are refused here as a 400 naming the parameter or field, before
 * any handler or store sees them.
 */
final class HostileInput {
  private HostileInput() {}

  /** Query and path values: no control characters; integer-typed ones within 64 bits. */
  static void checkParameters(HttpServerRequest request, Operation op) {
    for (Map.Entry<String, String> e : request.params()) checkParameter(op, e.getKey(), e.getValue(), Location.QUERY);
    String[] template = op.getAbsoluteOpenAPIPath().split("/");
    String[] actual = request.path().split("/");
    for (int i = 0; i < template.length && i < actual.length; i++) {
      String t = template[i];
      if (t.startsWith("{") && t.endsWith("}")) {
        String name = t.substring(1, t.length() - 1);
        String value;
        try {
          value = URLDecoder.decode(actual[i].replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
          throw ApiException.invalidField(name, "is not a valid URL path segment");
        }
        checkParameter(op, name, value, Location.PATH);
      }
    }
  }

  private static void checkParameter(Operation op, String name, String value, Location in) {
    if (hasControl(value, false)) throw ApiException.invalidField(name, "must not contain control characters");
    for (Parameter p : op.getParameters()) {
      if (p.getIn() == in && p.getName().equals(name) && p.getSchemaType() == SchemaType.INTEGER && !value.isBlank()) {
        RequestParams.parse(name, value, Long.MIN_VALUE, Long.MAX_VALUE);
      }
    }
  }

  /**
   * JSON strings (values and member names): no NUL or other control characters except tab, line feed
   * and carriage return. A body that is not JSON is left to the contract's own check.
   */
  static void checkJsonStrings(Buffer body) {
    if (!mayHoldControlEscape(body)) return;
    Object tree;
    try {
      tree = Json.decodeValue(body);
    } catch (DecodeException e) {
      return;
    }
    String field = controlField(tree, "");
    if (field != null) throw ApiException.invalidField(field.isEmpty() ? "body" : field, "must not contain control characters");
  }

  /** Raw JSON can only carry a control character as an escape (\\u00XX, \\b, \\f); without one there is nothing to walk. */
  private static boolean mayHoldControlEscape(Buffer body) {
    byte[] b = body.getBytes();
    for (int i = 0; i + 1 < b.length; i++) {
      if (b[i] != '\\') continue;
      byte n = b[i + 1];
      if (n == 'b' || n == 'f' || n == 'u') return true;
      i++;
    }
    return false;
  }

  /** The dotted path of the first string holding a forbidden character, "" for the root, or null. */
  private static String controlField(Object node, String path) {
    if (node instanceof String s) return hasControl(s, true) ? path : null;
    if (node instanceof JsonObject o) {
      for (Map.Entry<String, Object> e : o) {
        String at = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
        if (hasControl(e.getKey(), true)) return at;
        String found = controlField(e.getValue(), at);
        if (found != null) return found;
      }
    }
    if (node instanceof JsonArray a) {
      for (int i = 0; i < a.size(); i++) {
        String found = controlField(a.getValue(i), path.isEmpty() ? String.valueOf(i) : path + "." + i);
        if (found != null) return found;
      }
    }
    return null;
  }

  /** C0 controls and DEL; {@code allowLineBreaks} lets tab, LF and CR through (multi-line text). */
  static boolean hasControl(String s, boolean allowLineBreaks) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ((c < 0x20 || c == 0x7f) && !(allowLineBreaks && (c == '\t' || c == '\n' || c == '\r'))) return true;
    }
    return false;
  }
}
