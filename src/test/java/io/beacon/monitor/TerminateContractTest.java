package io.beacon.monitor;

import io.beacon.TestAgency;
import io.beacon.TestBeacon;
import io.beacon.TestHttp;
import io.beacon.auth.Role;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The monitoring table's "terminate contract" row action. */
class TerminateContractTest {
  private final TestHttp http = TestHttp.shared();

  private static String contractState(long clientId) {
    return TestAgency.one(TestBeacon.shared().platform().pg(), "SELECT contract_state FROM clients WHERE id = $1", Tuple.of(clientId))
        .getString(0);
  }

  @Test
  @DisplayName("terminating a signed contract moves it to terminating once; again answers 409 naming the state; it is logged")
  void terminateOnce() {
    TestAgency agency = TestAgency.create(2);
    long client = agency.clients.get(0);
    TestHttp.Response r = http.post("/api/v1/clients/" + client + "/terminate", agency.token(Role.ADMIN), new JsonObject());
    assertEquals(200, r.status(), r.toString());
    assertEquals("terminating", r.json().getString("contractState"));
    assertEquals("terminating", contractState(client));

    TestHttp.Response again = http.post("/api/v1/clients/" + client + "/terminate", agency.token(Role.MAIN), new JsonObject());
    assertEquals(409, again.status(), again.toString());
    assertEquals("terminating", again.json().getString("contractState"));

    var log = TestAgency.one(TestBeacon.shared().platform().pg(),
        "SELECT count(*) FROM operation_log WHERE agency_id = $1 AND target_id = $2 AND before->>'contractState' = 'signed'",
        Tuple.of(agency.id, String.valueOf(client)));
    assertEquals(1L, log.getLong(0));

    // the agency hears of it once, as an authorisation notice about the client
    var notices = http.get("/api/v1/notices?kind=authorization", agency.token(Role.EMPLOYEE)).json().getJsonArray("items");
    assertEquals(1, notices.size(), notices.encode());
    assertEquals(client, notices.getJsonObject(0).getLong("clientId"));
    assertEquals(true, notices.getJsonObject(0).getString("title").contains("Contract termination requested"));
  }

  @Test
  @DisplayName("another agency's client answers 404, a dedicated employee (no client management) 403; nothing changes")
  void scoped() {
    TestAgency agency = TestAgency.create(3);
    TestAgency rival = TestAgency.create(1);
    long rivalClient = rival.clients.get(0);
    assertEquals(404, http.post("/api/v1/clients/" + rivalClient + "/terminate", agency.token(Role.MAIN), new JsonObject()).status());
    assertEquals("signed", contractState(rivalClient));

    long unassigned = agency.unassignedClient();
    assertEquals(403, http.post("/api/v1/clients/" + unassigned + "/terminate", agency.token(Role.DEDICATED), new JsonObject()).status());
    assertEquals("signed", contractState(unassigned));
    assertEquals(400, http.post("/api/v1/clients/abc/terminate", agency.token(Role.MAIN), new JsonObject()).status());
  }
}
