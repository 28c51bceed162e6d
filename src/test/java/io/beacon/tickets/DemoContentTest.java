package io.beacon.tickets;

import io.beacon.TestAgency;
import io.beacon.TestBeacon;
import io.beacon.TestHttp;
import io.beacon.auth.Role;
import io.beacon.channel.LeadsDemo;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DemoContentTest {
  private final TestHttp http = TestHttp.shared();

  @Test
  @DisplayName("demo content: tickets in every state and worked leads with opportunities, through the real services")
  void demoContent() {
    TestAgency a = TestAgency.create(4);
    Map<String, Long> staff = new HashMap<>();
    a.accounts.forEach((role, account) -> staff.put(account, a.staffIds.get(role)));
    staff.put("someone-else", TestAgency.create(1).staffIds.get(Role.MAIN));   // not of this agency: ignored
    var platform = TestBeacon.shared().platform();
    TicketsDemo.load(platform, a.id, staff, a.clients, 16, 7).await();
    JsonObject tickets = http.get("/api/v1/tickets?scope=all&pageSize=100", a.token(Role.MAIN)).json();
    assertTrue(tickets.getLong("total") >= 12, "tickets of the agency's own staff (four of five submitters): " + tickets.getLong("total"));
    Set<String> states = tickets.getJsonArray("items").stream().map(t -> ((JsonObject) t).getString("status")).collect(Collectors.toSet());
    assertEquals(Set.of("processing", "returned", "completed", "cancelled"), states);

    LeadsDemo.load(platform, a.id, staff, 40, 7).await();
    assertEquals(40, http.get("/api/v1/leads?scope=all", a.token(Role.MAIN)).json().getLong("total"));
    assertTrue(http.get("/api/v1/opportunities?scope=all", a.token(Role.MAIN)).json().getLong("total") > 0);
  }
}
