package io.beacon.platform;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.internal.http.HttpServerRequestInternal;
import io.vertx.core.internal.http.HttpServerRequestWrapper;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.common.dsl.SchemaType;
import io.vertx.openapi.contract.Location;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.validation.RequestUtils;
import io.vertx.openapi.validation.RequestValidator;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatableRequest;
import io.vertx.openapi.validation.ValidatorException;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Every /api/v1 request is matched against /openapi.yaml before any feature sees it: an unknown path
 * is a 404, a known path with another method a 405, a body of the wrong type a 415, and anything the
 * schema refuses a 400 naming the fields. The matched operation id is left in the context.
 * Operations marked {@code x-beacon-raw-body: true} (NDJSON, uploads, CSV) validate their own body;
 * here they are only refused a missing body the contract requires.
 */
public final class OpenApiValidation implements Handler<RoutingContext> {
  public static final String OPERATION_ID = "beacon.operationId";

  private final OpenAPIContract contract;
  private final RequestValidator validator;

  public OpenApiValidation(Platform platform) {
    this.contract = platform.contract();
    this.validator = RequestValidator.create(platform.vertx(), contract);
  }

  /**
   * First step: find the operation (404 / 405 otherwise) and leave its id in the context, so
   * authentication can run before the body is judged (401/403 before 400).
   */
  public Handler<RoutingContext> matcher() {
    return ctx -> {
      String path = ctx.request().path();
      Operation op = contract.findOperation(path, ctx.request().method());
      if (op == null) {
        io.vertx.openapi.contract.Path known = contract.findPath(path);
        if (known == null) {
          ctx.fail(ApiException.notFound("Resource"));
          return;
        }
        // RFC 9110: a 405 says which methods the resource does allow.
        ctx.response().putHeader("Allow", String.join(", ", known.getOperations().stream().map(o -> o.getHttpMethod().name()).toList()));
        ctx.fail(new ApiException(405, "method-not-allowed", "Method " + ctx.request().method() + " is not allowed here"));
        return;
      }
      ctx.put(OPERATION_ID, op.getOperationId());
      ctx.next();
    };
  }

  /** Second step: content type and schema validation of the matched operation. */
  @Override
  public void handle(RoutingContext ctx) {
    Operation op = contract.operation(ctx.get(OPERATION_ID));
    try {
      HostileInput.checkParameters(ctx.request(), op);
    } catch (ApiException e) {
      ctx.fail(e);
      return;
    }
    JsonObject raw = op.getOpenAPIModel();
    JsonArray declared = raw.getJsonArray(ApiContract.CONTENT_TYPES);
    if (declared != null && hasBody(ctx)) {
      String type = ctx.request().getHeader("Content-Type");
      String base = type == null ? "" : type.split(";")[0].trim().toLowerCase(java.util.Locale.ROOT);
      if (!declared.contains(base)) {
        ctx.fail(new ApiException(415, "unsupported-media-type",
            "Unsupported content type " + type + "; expected one of " + declared.encode()));
        return;
      }
    }
    if (raw.getBoolean("x-beacon-raw-body", false)) {
      if (raw.getBoolean(ApiContract.BODY_REQUIRED, false) && !hasBody(ctx)) {
        ctx.fail(ApiException.invalidField("body", "a request body is required"));
        return;
      }
      ctx.next();
      return;
    }
    if (hasBody(ctx)) {
      try {
        HostileInput.checkJsonStrings(ctx.body().buffer());
      } catch (ApiException e) {
        ctx.fail(e);
        return;
      }
    }
    extract(ctx, op)
        .compose(request -> validator.validate(request, op.getOperationId()))
        .onSuccess(validated -> ctx.next())
        .onFailure(ctx::fail);
  }

  /**
   * vertx-openapi URL-decodes query and header values (query values the HTTP server has already
   * decoded, so "q=100%25" failed with "Can't decode URL value"; header values are never URL-encoded,
   * so "Idempotency-Key: 50%off" failed), and reads a string value as JSON when it can (so "q=1.5"
   * became a number and "q=\"x" or "Idempotency-Key: abc\"def" failed). The extractor is shown the
   * request with those values encoded again, string ones as JSON string literals, so it validates
   * exactly what handlers read.
   */
  private static Future<ValidatableRequest> extract(RoutingContext ctx, Operation op) {
    HttpServerRequest request = ctx.request();
    Set<String> strings = new HashSet<>();
    Set<String> stringHeaders = new HashSet<>();
    op.getParameters().stream().filter(p -> p.getIn() == Location.QUERY && p.getSchemaType() == SchemaType.STRING)
        .forEach(p -> strings.add(p.getName()));
    op.getParameters().stream().filter(p -> p.getIn() == Location.HEADER && p.getSchemaType() == SchemaType.STRING)
        .forEach(p -> stringHeaders.add(p.getName().toLowerCase(java.util.Locale.ROOT)));
    HttpServerRequest reencoded = new HttpServerRequestWrapper((HttpServerRequestInternal) request) {
      @Override
      public MultiMap params() { return encode(request.params(), strings); }

      @Override
      public MultiMap params(boolean semicolonIsNormalChar) { return encode(request.params(semicolonIsNormalChar), strings); }

      @Override
      public String getHeader(String name) {
        String v = request.getHeader(name);
        return v == null || !stringHeaders.contains(name.toLowerCase(java.util.Locale.ROOT)) ? v
            : URLEncoder.encode(Json.encode(v), StandardCharsets.UTF_8);
      }
    };
    return RequestUtils.extract(reencoded, op, () -> Future.succeededFuture(ctx.body().buffer()));
  }

  private static MultiMap encode(MultiMap params, Set<String> strings) {
    MultiMap encoded = MultiMap.caseInsensitiveMultiMap();
    params.forEach(e -> encoded.add(e.getKey(),
        URLEncoder.encode(strings.contains(e.getKey()) ? Json.encode(e.getValue()) : e.getValue(), StandardCharsets.UTF_8)));
    return encoded;
  }

  private static boolean hasBody(RoutingContext ctx) {
    return ctx.body() != null && ctx.body().length() > 0;
  }

  static ApiException toProblem(ValidatorException e) {
    List<FieldError> errors = new ArrayList<>();
    if (e instanceof SchemaValidationException schema && schema.getOutputUnit() != null) {
      collect(schema.getOutputUnit(), errors);
    }
    if (errors.isEmpty()) errors.add(new FieldError(fieldOf(e.getMessage()), e.getMessage()));
    String parameter = parameterOf(e.getMessage());
    if (parameter != null) {
      // A parameter's schema error is located at the root of the parameter's value: name the parameter.
      errors.replaceAll(f -> "body".equals(f.field()) || "request".equals(f.field()) ? new FieldError(parameter, f.message()) : f);
    }
    return ApiException.badRequest("The request does not match the API contract", errors);
  }

  private static void collect(OutputUnit unit, List<FieldError> out) {
    if (unit.getErrors() != null && !unit.getErrors().isEmpty()) {
      unit.getErrors().forEach(u -> collect(u, out));
    } else if (unit.getError() != null && !WRAPPER.matcher(unit.getError()).find()) {
      String location = unit.getInstanceLocation() == null ? "" : unit.getInstanceLocation().replaceFirst("^#?/?", "").replace('/', '.');
      var required = REQUIRED.matcher(unit.getError());
      if (required.find()) location = location.isEmpty() ? required.group(1) : location + "." + required.group(1);
      out.add(new FieldError(location.isEmpty() ? "body" : location, unit.getError()));
    }
  }

  private static final java.util.regex.Pattern REQUIRED = java.util.regex.Pattern.compile("required property \"([^\"]+)\"");
  /** Messages that only say a sub-schema failed; the leaf errors say why. */
  private static final java.util.regex.Pattern WRAPPER = java.util.regex.Pattern.compile("does not match (additional properties |unevaluated properties )?schema|subschema had errors");

  /** The parameter named by "Invalid value of query parameter range: ..." style messages, or null. */
  private static String parameterOf(String message) {
    if (message == null) return null;
    var m = java.util.regex.Pattern.compile("(?:query|path|header|cookie) parameter ([A-Za-z0-9_.-]+)").matcher(message);
    return m.find() ? m.group(1) : null;
  }

  private static String fieldOf(String message) {
    if (message == null) return "request";
    var m = java.util.regex.Pattern.compile("parameter (\\S+)").matcher(message);
    return m.find() ? m.group(1) : "body";
  }
}
