package io.beacon.auth;

import io.beacon.Beacon;
import io.beacon.SseStream;
import io.beacon.TestAgency;
import io.beacon.TestBeacon;
import io.beacon.TestHttp;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QrLoginTest {
  private final TestHttp http = TestHttp.shared();
  /** A second instance on the same engines whose tickets expire after 2 seconds. */
  private static Beacon other;

  @BeforeAll
  static void startOther() {
    other = TestBeacon.another(Map.of("auth.qrTicketTtlSeconds", "2"));
  }

  @AfterAll
  static void stopOther() {
    if (other != null) other.close();
  }

  /** The desktop's event stream of a ticket, past its first "waiting" event. */
  private static SseStream waiting(int port, JsonObject ticket) throws InterruptedException {
    SseStream desktop = SseStream.open(port, ticket.getString("eventsUrl"), MultiMap.caseInsensitiveMultiMap());
    assertEquals(200, desktop.status());
    assertEquals("waiting", desktop.next(Duration.ofSeconds(2)).getString("_event"));
    return desktop;
  }

  private JsonObject ticket(TestHttp on) {
    TestHttp.Response r = on.post("/api/v1/auth/qr-tickets", null, null);
    assertEquals(201, r.status(), r.toString());
    return r.json();
  }

  @Test
  @DisplayName("QR login: the phone confirms and the waiting desktop gets its tokens within a second, once")
  void endToEnd() throws Exception {
    TestAgency agency = TestAgency.create(2);
    JsonObject t = ticket(http);
    assertTrue(t.getString("qrSvg").startsWith("<svg"), "QR code is an SVG");
    assertTrue(t.getString("link").contains(t.getString("id")));
    assertTrue(!t.getString("link").contains(t.getString("secret")), "the secret is never in the QR code");
    String phone = agency.token(Role.EMPLOYEE);

    TestHttp.Response seen = http.get("/api/v1/auth/qr-tickets/" + t.getString("id"), phone);
    assertEquals("pending", seen.json().getString("status"));

    try (SseStream desktop = waiting(TestBeacon.shared().port(), t)) {
      TestHttp.Response confirm = http.post("/api/v1/auth/qr-tickets/" + t.getString("id") + "/confirm", phone, new JsonObject());
      assertEquals(200, confirm.status(), confirm.toString());
      JsonObject tokens = desktop.next(Duration.ofSeconds(1));
      assertNotNull(tokens, "tokens pushed within a second of the confirmation");
      assertEquals("tokens", tokens.getString("_event"));
      TestHttp.Response me = http.get("/api/v1/me", tokens.getString("accessToken"));
      assertEquals(200, me.status());
      assertEquals(agency.accounts.get(Role.EMPLOYEE), me.json().getJsonObject("user").getString("account"));
    }

    TestHttp.Response again = http.post("/api/v1/auth/qr-tickets/" + t.getString("id") + "/confirm", phone, new JsonObject());
    assertEquals(409, again.status(), "single use");
    assertTrue(again.json().getString("type").endsWith("/qr-ticket-used"));
    assertEquals(409, http.get(t.getString("eventsUrl"), null).status(), "tokens are delivered once");
  }

  @Test
  @DisplayName("QR login across instances: ticket and desktop on one instance, confirmation on another")
  void acrossInstances() throws Exception {
    TestAgency agency = TestAgency.create(1);
    String phone = agency.token(Role.ADMIN);   // signed in before the 2-second ticket starts running
    TestHttp otherHttp = new TestHttp("http://localhost:" + other.port());
    JsonObject t = ticket(otherHttp);
    try (SseStream desktop = waiting(other.port(), t)) {
      assertEquals(200, http.post("/api/v1/auth/qr-tickets/" + t.getString("id") + "/confirm", phone, null).status());
      JsonObject tokens = desktop.next(Duration.ofSeconds(1));
      assertNotNull(tokens, "pushed from the other instance within a second");
      assertEquals("tokens", tokens.getString("_event"));
    }
  }

  @Test
  @DisplayName("an expired QR ticket answers 410 to the phone and tells the waiting desktop")
  void expiry() throws Exception {
    TestAgency agency = TestAgency.create(1);
    TestHttp otherHttp = new TestHttp("http://localhost:" + other.port());
    JsonObject t = ticket(otherHttp);
    try (SseStream desktop = waiting(other.port(), t)) {
      JsonObject expired = desktop.next(Duration.ofSeconds(4));
      assertNotNull(expired);
      assertEquals("expired", expired.getString("_event"));
    }
    TestHttp.Response late = http.post("/api/v1/auth/qr-tickets/" + t.getString("id") + "/confirm", agency.token(Role.MAIN), null);
    assertEquals(410, late.status(), late.toString());
    assertTrue(late.json().getString("type").endsWith("/qr-ticket-expired"));
    assertEquals("expired", http.get("/api/v1/auth/qr-tickets/" + t.getString("id"), agency.token(Role.MAIN)).json().getString("status"));
    assertEquals(410, otherHttp.get(t.getString("eventsUrl"), null).status());
  }

  @Test
  @DisplayName("QR tickets: a wrong secret or unknown ticket is 404, confirming needs a login, and foreign identities are refused")
  void hostile() {
    TestAgency agency = TestAgency.create(1);
    TestAgency rival = TestAgency.create(1);
    JsonObject t = ticket(http);
    String id = t.getString("id");
    assertEquals(404, http.get("/api/v1/auth/qr-tickets/" + id + "/events?secret=wrong", null).status());
    assertEquals(400, http.get("/api/v1/auth/qr-tickets/" + id + "/events", null).status(), "secret is required");
    assertEquals(401, http.post("/api/v1/auth/qr-tickets/" + id + "/confirm", null, null).status());
    assertEquals(404, http.post("/api/v1/auth/qr-tickets/nope/confirm", agency.token(Role.MAIN), null).status());
    long rivalIdentity = http.get("/api/v1/me", rival.token(Role.MAIN)).json().getJsonObject("identity").getLong("id");
    TestHttp.Response foreign = http.post("/api/v1/auth/qr-tickets/" + id + "/confirm", agency.token(Role.MAIN),
        new JsonObject().put("identityId", rivalIdentity));
    assertEquals(404, foreign.status(), "someone else's identity");
    assertEquals(400, http.post("/api/v1/auth/qr-tickets/" + id + "/confirm", agency.token(Role.MAIN),
        new JsonObject().put("identityId", "seven")).status());
    assertEquals("pending", http.get("/api/v1/auth/qr-tickets/" + id, agency.token(Role.MAIN)).json().getString("status"),
        "refused attempts do not spend the ticket");
    assertNull(http.get("/api/v1/auth/qr-tickets/" + id, agency.token(Role.MAIN)).json().getString("secret"));
  }
}
