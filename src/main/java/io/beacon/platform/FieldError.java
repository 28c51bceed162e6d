package io.beacon.platform;

import io.vertx.core.json.JsonObject;

/** One bad value of a request: the field it came in (a JSON path, a parameter name) and what is wrong with it. */
public record FieldError(String field, String message) {
  public JsonObject toJson() { return new JsonObject().put("field", field).put("message", message); }
}
