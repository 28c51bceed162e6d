package io.beacon.platform;

import io.beacon.auth.Authenticate;
import io.beacon.auth.Capability;
import io.beacon.auth.Role;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every operation of /openapi.yaml describes all of its answers: a typed success body (or 204), and the
 * error statuses that follow from its shape — 400 when it takes parameters or a body, 401 unless public,
 * 403 when some role lacks its capability, 404 when it names an object in the path, 415 when it takes a
 * body — each as problem+json. ResponseContract then holds the server's real answers to these declarations.
 */
class ContractCompletenessTest {
  private static final JsonObject DOCUMENT = ApiContract.document();

  @Test
  @DisplayName("every operation declares a typed success answer and the error statuses its shape implies")
  void everyOperationIsComplete() {
    List<String> gaps = new ArrayList<>();
    JsonObject paths = DOCUMENT.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        if (!(item.getValue(method) instanceof JsonObject op) || "parameters".equals(method)) continue;
        String id = op.getString("operationId");
        JsonObject responses = op.getJsonObject("responses", new JsonObject());
        checkSuccess(id, responses, gaps);
        boolean takesInput = !op.getJsonArray("parameters", new JsonArray()).isEmpty()
            || !item.getJsonArray("parameters", new JsonArray()).isEmpty() || op.containsKey("requestBody");
        boolean namesObject = path.contains("{");
        String rule = op.getString(Authenticate.RULE);
        require(id, responses, 400, takesInput, gaps);
        require(id, responses, 401, !Authenticate.PUBLIC.equals(rule), gaps);
        require(id, responses, 403, !Authenticate.PUBLIC.equals(rule) && someRoleLacks(Capability.valueOf(rule)), gaps);
        require(id, responses, 404, namesObject, gaps);
        require(id, responses, 415, op.containsKey("requestBody"), gaps);
        for (String code : responses.fieldNames()) {
          if (code.startsWith("4") && !isProblem(responses.getJsonObject(code))) gaps.add(id + " " + code + ": not application/problem+json");
        }
      }
    }
    assertEquals(List.of(), gaps, "operations of openapi.yaml that do not describe all their answers");
  }

  private static void checkSuccess(String id, JsonObject responses, List<String> gaps) {
    List<String> success = responses.fieldNames().stream().filter(c -> c.startsWith("2")).toList();
    if (success.isEmpty()) gaps.add(id + ": no success response");
    for (String code : success) {
      if ("204".equals(code)) continue;
      JsonObject content = responses.getJsonObject(code).getJsonObject("content");
      if (content == null || content.isEmpty()) {
        gaps.add(id + " " + code + ": no body declared");
        continue;
      }
      content.forEach(media -> {
        if (!(media.getValue() instanceof JsonObject m) || m.getJsonObject("schema") == null) gaps.add(id + " " + code + " " + media.getKey() + ": no schema");
      });
    }
  }

  private static void require(String id, JsonObject responses, int status, boolean applies, List<String> gaps) {
    if (applies && !responses.containsKey(String.valueOf(status))) gaps.add(id + ": " + status + " not declared");
  }

  private static boolean someRoleLacks(Capability capability) {
    return Arrays.stream(Role.values()).anyMatch(r -> !r.capabilities(false).contains(capability));
  }

  private static boolean isProblem(JsonObject response) {
    String ref = response.getString("$ref");
    if (ref != null) response = DOCUMENT.getJsonObject("components").getJsonObject("responses").getJsonObject(ref.substring(ref.lastIndexOf('/') + 1));
    JsonObject content = response.getJsonObject("content");
    return content != null && content.containsKey("application/problem+json");
  }
}
