package io.beacon.platform;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * A failure the client caused or must know about, answered as RFC 9457 problem+json by
 * {@link FailureHandler}. {@code type} is a stable slug; {@code errors} names bad fields.
 */
public class ApiException extends RuntimeException {
  private final int status;
  private final String type;
  private final List<FieldError> errors;
  private final JsonObject extensions;

  public ApiException(int status, String type, String title, List<FieldError> errors, JsonObject extensions) {
    super(title, null, false, false);
    this.status = status;
    this.type = type;
    this.errors = errors == null ? List.of() : List.copyOf(errors);
    this.extensions = extensions == null ? new JsonObject() : extensions;
  }

  public ApiException(int status, String type, String title) {
    this(status, type, title, null, null);
  }

  public static ApiException badRequest(String title, List<FieldError> errors) {
    return new ApiException(400, "validation", title, errors, null);
  }

  public static ApiException invalidField(String field, String message) {
    return badRequest("The request has invalid fields", List.of(new FieldError(field, message)));
  }

  public static ApiException unauthorized(String title) { return new ApiException(401, "unauthorized", title); }

  public static ApiException forbidden(String title) { return new ApiException(403, "forbidden", title); }

  public static ApiException notFound(String what) { return new ApiException(404, "not-found", what + " not found"); }

  public static ApiException conflict(String type, String title) { return new ApiException(409, type, title); }

  public static ApiException conflict(String type, String title, JsonObject extensions) {
    return new ApiException(409, type, title, null, extensions);
  }

  public static ApiException tooManyRequests(long retryAfterSeconds) {
    return new ApiException(429, "rate-limited", "Too many requests; retry later", null,
        new JsonObject().put("retryAfterSeconds", retryAfterSeconds));
  }

  public int status() { return status; }

  public String type() { return type; }

  public List<FieldError> errors() { return errors; }

  public JsonObject extensions() { return extensions; }

  /** The RFC 9457 body in English (for places without a request's language). */
  public JsonObject toProblem(String instance) { return toProblem(instance, Messages.Lang.EN); }

  /**
   * The RFC 9457 body; {@code detail} and the field errors' messages in {@code lang}. Extensions never
   * overwrite the standard members (type, title, status, detail, instance, errors).
   */
  public JsonObject toProblem(String instance, Messages.Lang lang) {
    JsonObject p = new JsonObject()
        .put("type", "https://beacon.dev/problems/" + type)
        .put("title", getMessage())
        .put("status", status)
        .put("detail", ProblemText.detail(this, lang));
    if (instance != null) p.put("instance", instance);
    if (!errors.isEmpty()) {
      p.put("errors", new JsonArray(errors.stream()
          .map(e -> lang == Messages.Lang.ZH ? e.toJson().put("message", ProblemText.fieldMessage(e, lang)) : e.toJson()).toList()));
    }
    extensions.forEach(e -> {
      if (!p.containsKey(e.getKey()) && !"errors".equals(e.getKey())) p.put(e.getKey(), e.getValue());
    });
    return p;
  }
}
