package io.beacon.platform;

import io.beacon.TestAgency;
import io.beacon.TestHttp;
import io.beacon.auth.Role;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The inputs an outside tester reported, one class at a time: each a 4xx problem naming what is wrong. */
class EdgeCasesTest {
  private static final TestHttp http = TestHttp.shared();
  private static TestAgency agency;
  private static String main;

  @BeforeAll
  static void agency() {
    agency = TestAgency.create(2);
    main = agency.token(Role.MAIN);
  }

  private static void assertNames(TestHttp.Response r, int status, String field) {
    assertEquals(status, r.status(), r.toString());
    assertEquals("application/problem+json", r.header("Content-Type"));
    List<String> fields = new ArrayList<>();
    for (Object e : r.json().getJsonArray("errors", new JsonArray())) fields.add(((JsonObject) e).getString("field"));
    assertTrue(fields.contains(field), "names " + field + ": " + r);
  }

  @Test
  @DisplayName("numbers too large for Java integers are a 400 naming the parameter (query, path, on every kind of list)")
  void outOfRangeNumbers() {
    assertNames(http.get("/api/v1/leads?page=355687428096001", main), 400, "page");
    assertNames(http.get("/api/v1/tickets/images/99999999999999999999", main), 400, "imageId");
    assertNames(http.post("/api/v1/tickets/99999999999999999999/cancel", main, null), 400, "ticketId");
    assertNames(http.get("/api/v1/finance/client-funds?clientId=99999999999999999999", main), 400, "clientId");
    assertNames(http.get("/api/v1/alerts?clientId=-99999999999999999999", main), 400, "clientId");
    assertNames(http.get("/api/v1/staff?page=2147483648", main), 400, "page");
  }

  @Test
  @DisplayName("a NUL byte never reaches PostgreSQL: 400 naming the query parameter or body field, nothing created")
  void nulBytes() {
    assertNames(http.get("/api/v1/monitor/clients?industry=%00", main), 400, "industry");
    JsonObject staff = new JsonObject().put("account", "nul\u0000@x").put("name", "Nul").put("role", "employee").put("password", "long-enough-1");
    assertNames(http.post("/api/v1/staff", main, staff), 400, "account");
    assertNames(http.post("/api/v1/staff", main, staff.copy().put("account", "ok@" + agency.name.replace(' ', '-')).put("name", "a\u0000b")), 400, "name");
    assertEquals(0, http.get("/api/v1/staff?name=Nul", main).json().getInteger("total"));
    assertNames(http.post("/api/v1/tickets", main, new JsonObject().put("category", "delivery_effect")
        .put("extra", new JsonObject().put("k\u0001", "v"))), 400, "extra.k\u0001");
  }

  @Test
  @DisplayName("PostgreSQL's data exceptions (bad characters, bad text, out of range) are a 400, never a 500")
  void databaseDataExceptions() {
    for (String state : List.of("22021", "22P02", "22003")) {
      ApiException p = FailureHandler.toProblem(new PgException("refused", "ERROR", state, null), 500);
      assertEquals(400, p.status(), state);
    }
    assertEquals(500, FailureHandler.toProblem(new PgException("bug", "ERROR", "42P01", null), 500).status());
  }

  @Test
  @DisplayName("every operation answers 405 with an Allow header listing the methods its path does take")
  void allowOn405() {
    JsonObject paths = ApiContract.document().getJsonObject("paths");
    int checked = 0;
    for (String path : paths.fieldNames()) {
      Set<String> declared = new TreeSet<>();
      for (String m : paths.getJsonObject(path).fieldNames()) if (!"parameters".equals(m)) declared.add(m.toUpperCase());
      HttpMethod other = declared.contains("PATCH") ? HttpMethod.TRACE : HttpMethod.PATCH;
      String uri = path.replaceAll("\\{[^}]+}", "1");
      TestHttp.Response r = http.send(other, uri, main, null, null);
      assertEquals(405, r.status(), uri + " " + r);
      assertEquals("application/problem+json", r.header("Content-Type"));
      assertNotNull(r.header("Allow"), uri);
      assertEquals(declared, new TreeSet<>(List.of(r.header("Allow").split(",\\s*"))), uri);
      checked++;
    }
    assertTrue(checked > 80, "every path was tried: " + checked);
  }

  @Test
  @DisplayName("legal header values are taken as they are: Idempotency-Key 50%off and abc\"def, Accept-Language %zz")
  void headerValuesAsTheyAre() {
    for (String key : List.of("50%off", "abc\"def")) {
      JsonObject body = new JsonObject().put("amountFen", 100).put("paymentReference", "pay-" + key.hashCode());
      MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Idempotency-Key", key);
      TestHttp.Response r = http.send(HttpMethod.POST, "/api/v1/finance/recharges", main, body, headers);
      assertEquals(201, r.status(), key + ": " + r);
      TestHttp.Response again = http.send(HttpMethod.POST, "/api/v1/finance/recharges", main, body, headers);
      assertEquals(201, again.status(), "the same key replays: " + again);
      assertEquals("true", again.header("Idempotent-Replayed"), key);
    }
    TestHttp.Response urge = http.send(HttpMethod.POST, "/api/v1/tickets/1/urge", main, null,
        MultiMap.caseInsensitiveMultiMap().add("Accept-Language", "%zz"));
    assertEquals(404, urge.status(), "the header is no reason for a 400: " + urge);
  }

  @Test
  @DisplayName("a request whose header fields are over the limit gets 431 with a problem+json body")
  void headerFieldsTooLarge() {
    TestHttp.Response r = http.send(HttpMethod.GET, "/api/v1/me", main, null,
        MultiMap.caseInsensitiveMultiMap().add("X-Padding", "p".repeat(20_000)));
    assertEquals(431, r.status());
    assertEquals("application/problem+json", r.header("Content-Type"));
    assertEquals(431, r.json().getInteger("status"));
  }
}
