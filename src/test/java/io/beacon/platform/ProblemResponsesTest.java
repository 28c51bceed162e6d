package io.beacon.platform;

import io.beacon.TestHttp;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every kind of bad request gets the right status as application/problem+json, never a stack trace. */
class ProblemResponsesTest {
  private final TestHttp http = TestHttp.shared();

  private static void assertProblem(int status, TestHttp.Response r) {
    assertEquals(status, r.status(), r.toString());
    assertTrue(r.header("Content-Type").startsWith("application/problem+json"), r.header("Content-Type"));
    JsonObject problem = r.json();
    assertEquals(status, problem.getInteger("status"));
    assertNotNull(problem.getString("title"));
    assertNotNull(r.header("X-Request-Id"));
    assertFalse(r.body().toString().contains("at io.beacon"), "no stack trace in " + r.body());
  }

  private static MultiMap contentType(String type) { return MultiMap.caseInsensitiveMultiMap().add("Content-Type", type); }

  @Test
  @DisplayName("malformed JSON answers 400")
  void malformedJson() {
    assertProblem(400, http.send(HttpMethod.POST, "/api/v1/auth/login", null, Buffer.buffer("{\"account\": "), contentType("application/json")));
  }

  @Test
  @DisplayName("a body missing a required field answers 400 naming the field")
  void missingField() {
    TestHttp.Response r = http.post("/api/v1/auth/login", null, new JsonObject().put("account", "someone"));
    assertProblem(400, r);
    assertTrue(r.json().getJsonArray("errors").encode().contains("password"), r.toString());
  }

  @Test
  @DisplayName("a wrong content type answers 415")
  void wrongContentType() {
    assertProblem(415, http.send(HttpMethod.POST, "/api/v1/auth/login", null, Buffer.buffer("account=a&password=b"),
        contentType("application/x-www-form-urlencoded")));
  }

  @Test
  @DisplayName("a body over the limit answers 413")
  void oversizeBody() {
    Buffer big = Buffer.buffer(new byte[5 * 1024 * 1024]);
    assertProblem(413, http.send(HttpMethod.POST, "/api/v1/auth/login", null, big, contentType("application/json")));
  }

  @Test
  @DisplayName("an unknown route answers 404 and a wrong method 405")
  void unknownRouteAndWrongMethod() {
    assertProblem(404, http.get("/api/v1/no-such-thing", null));
    assertProblem(405, http.delete("/api/v1/auth/login", null));
  }
}
