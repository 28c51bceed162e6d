package io.beacon.tickets;

import io.beacon.TestAgency;
import io.beacon.TestBeacon;
import io.beacon.TestHttp;
import io.beacon.auth.Role;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static io.beacon.tickets.DeskFixtures.operatorKey;
import static io.beacon.tickets.DeskFixtures.ticket;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The answers of the operator desk and of urging, as their callers see them (TestHttp holds each to the contract). */
class DeskAnswersTest {
  private final TestHttp http = TestHttp.shared();

  private static MultiMap operator() { return MultiMap.caseInsensitiveMultiMap().add(OperatorRoutes.HEADER, operatorKey()); }

  private long submit(TestAgency a) {
    TestHttp.Response r = http.post("/api/v1/tickets", a.token(Role.EMPLOYEE), ticket("投放异常").put("clientId", a.clients.get(0)));
    assertEquals(201, r.status(), r.toString());
    return r.json().getLong("id");
  }

  @Test
  @DisplayName("the operator lists tickets of every agency, reads one with its timeline and adds a note the agency then sees")
  void operatorListsReadsAndNotes() {
    TestAgency a = TestAgency.create(1);
    long id = submit(a);
    TestHttp.Response list = http.send(HttpMethod.GET, "/api/v1/operator/tickets?status=processing&pageSize=100", null, null, operator());
    assertEquals(200, list.status(), list.toString());
    assertTrue(list.json().getJsonArray("items").stream().map(o -> (JsonObject) o).anyMatch(t -> t.getLong("id") == id
        && t.getLong("agencyId") == a.id));

    TestHttp.Response one = http.send(HttpMethod.GET, "/api/v1/operator/tickets/" + id, null, null, operator());
    assertEquals(200, one.status(), one.toString());
    assertEquals(a.id, one.json().getLong("agencyId"));
    assertEquals("submitted", one.json().getJsonArray("timeline").getJsonObject(0).getString("kind"));

    TestHttp.Response noted = http.send(HttpMethod.POST, "/api/v1/operator/tickets/" + id + "/notes", null,
        new JsonObject().put("note", "正在排查 / looking into it"), operator());
    assertEquals(200, noted.status(), noted.toString());
    assertEquals("processing", noted.json().getString("status"));
    JsonObject seen = http.get("/api/v1/tickets/" + id, a.token(Role.EMPLOYEE)).json();
    assertTrue(seen.getJsonArray("timeline").stream().map(o -> (JsonObject) o)
        .anyMatch(e -> "正在排查 / looking into it".equals(e.getString("note"))), seen.encode());
  }

  @Test
  @DisplayName("a ticket submitted more than 12 hours ago can be urged once; the next urge is possible a day later")
  void urgeAfterTwelveHours() {
    TestAgency a = TestAgency.create(1);
    long id = submit(a);
    TestAgency.one(TestBeacon.shared().platform().pg(),
        "UPDATE tickets SET submitted_at = submitted_at - interval '13 hours' WHERE id = $1 RETURNING id", Tuple.of(id));
    TestHttp.Response urged = http.post("/api/v1/tickets/" + id + "/urge", a.token(Role.EMPLOYEE), null);
    assertEquals(200, urged.status(), urged.toString());
    assertEquals(1, urged.json().getInteger("urgeCount"));
    assertNotNull(urged.json().getString("lastUrgedAt"));
    assertEquals(409, http.post("/api/v1/tickets/" + id + "/urge", a.token(Role.EMPLOYEE), null).status());
  }
}
