package io.beacon.tickets;

import io.beacon.TestAgency;
import io.beacon.TestHttp;
import io.beacon.auth.Role;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static io.beacon.tickets.DeskFixtures.ticket;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A pasted image follows its ticket: whoever may read the ticket may read the image, nobody else. */
class TicketImageVisibilityTest {
  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
  private final TestHttp http = TestHttp.shared();

  private String upload(TestAgency a, Role role) {
    TestHttp.Response r = http.send(HttpMethod.POST, "/api/v1/tickets/images", a.token(role), Buffer.buffer(PNG),
        MultiMap.caseInsensitiveMultiMap().add("Content-Type", "image/png"));
    assertEquals(201, r.status(), r.toString());
    return r.json().getString("url");
  }

  private void submitWith(TestAgency a, Role role, String url) {
    long imageId = Long.parseLong(url.substring(url.lastIndexOf('/') + 1));
    TestHttp.Response r = http.post("/api/v1/tickets", a.token(role), ticket("with image").put("imageIds", new JsonArray().add(imageId)));
    assertEquals(201, r.status(), r.toString());
  }

  private int status(String url, TestAgency a, Role role) {
    return http.get(url, a.token(role)).status();
  }

  @Test
  @DisplayName("an employee's ticket image: the employee, admins and the main account read it; the dedicated employee and another agency get 404")
  void employeesTicket() {
    TestAgency a = TestAgency.create(2);
    TestAgency rival = TestAgency.create(1);
    String url = upload(a, Role.EMPLOYEE);

    // Before it is attached only its uploader sees it.
    assertEquals(200, status(url, a, Role.EMPLOYEE));
    for (Role other : new Role[] {Role.MAIN, Role.ADMIN, Role.DEDICATED}) assertEquals(404, status(url, a, other), other.name());
    assertEquals(404, status(url, rival, Role.MAIN));

    submitWith(a, Role.EMPLOYEE, url);
    assertEquals(200, status(url, a, Role.EMPLOYEE));
    assertEquals(200, status(url, a, Role.ADMIN));
    assertEquals(200, status(url, a, Role.MAIN));
    assertEquals(404, status(url, a, Role.DEDICATED));
    assertEquals(404, status(url, rival, Role.MAIN));
  }

  @Test
  @DisplayName("a dedicated employee's ticket image: not readable by an ordinary employee of the same agency")
  void dedicatedsTicket() {
    TestAgency a = TestAgency.create(2);
    String url = upload(a, Role.DEDICATED);
    assertEquals(404, status(url, a, Role.EMPLOYEE));
    submitWith(a, Role.DEDICATED, url);
    assertEquals(200, status(url, a, Role.DEDICATED));
    assertEquals(200, status(url, a, Role.MAIN));
    assertEquals(200, status(url, a, Role.ADMIN));
    assertEquals(404, status(url, a, Role.EMPLOYEE));
  }
}
