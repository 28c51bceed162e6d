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
  @DisplayName("detail and field messages follow Accept-Language: Chinese for zh, English for en and for no header")
  void detailInTheReadersLanguage() {
    JsonObject body = new JsonObject().put("account", "");
    JsonObject zh = http.send(HttpMethod.POST, "/api/v1/auth/login", null, body, language("zh-CN,zh;q=0.9,en;q=0.8")).json();
    assertTrue(zh.getString("detail").startsWith("请求包含无效内容"), zh.encode());
    assertTrue(zh.getString("detail").contains("密码：必填"), zh.encode());
    assertFalse(zh.getString("detail").matches(".*[A-Za-z]{4,}.*"), "no English words in a zh detail: " + zh.encode());
    assertTrue(zh.getJsonArray("errors").getJsonObject(0).getString("message").matches("[^A-Za-z]+"), zh.encode());
    JsonObject en = http.send(HttpMethod.POST, "/api/v1/auth/login", null, body, language("en-GB,en;q=0.9")).json();
    assertTrue(en.getString("detail").startsWith("The request has invalid fields"), en.encode());
    JsonObject none = http.post("/api/v1/auth/login", null, body).json();
    assertEquals(en.getString("detail"), none.getString("detail"));
  }

  @Test
  @DisplayName("a money error in zh names the account and the amounts in yuan, not fen")
  void moneyErrorInChinese() {
    io.beacon.TestAgency a = io.beacon.TestAgency.create(1);
    JsonObject transfer = new JsonObject().put("direction", "out").put("amountFen", 123_456_789L);
    MultiMap headers = language("zh-CN").add("Idempotency-Key", java.util.UUID.randomUUID().toString())
        .add("Authorization", "Bearer " + a.token(io.beacon.auth.Role.MAIN));
    TestHttp.Response r = http.send(HttpMethod.POST, "/api/v1/clients/" + a.clients.get(0) + "/transfers", null, transfer, headers);
    assertEquals(409, r.status(), r.toString());
    String detail = r.json().getString("detail");
    assertTrue(detail.startsWith("委托人现金余额不足：可用 ¥"), detail);
    assertTrue(detail.contains("¥1,234,567.89"), detail);
    assertFalse(detail.contains("fen") || detail.contains("client_cash"), detail);
  }

  private static MultiMap language(String tags) { return MultiMap.caseInsensitiveMultiMap().add("Accept-Language", tags); }

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
