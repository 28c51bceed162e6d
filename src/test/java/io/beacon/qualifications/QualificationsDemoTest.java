package io.beacon.qualifications;

import io.beacon.TestAgency;
import io.beacon.TestBeacon;
import io.beacon.TestHttp;
import io.beacon.auth.Role;
import io.beacon.live.LiveBus;
import io.beacon.notices.Notices;
import io.beacon.notices.WorkNoticeDelivery;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QualificationsDemoTest {
  private final TestHttp http = TestHttp.shared();

  @Test
  @DisplayName("demo qualifications: approved, pending and rejected ones with review notices; expiring documents warned by the check")
  void demo() {
    TestAgency a = TestAgency.create(8);
    var platform = TestBeacon.shared().platform();
    QualificationsDemo.load(platform, a.id, Map.of("staff@demo", a.staffIds.get(Role.EMPLOYEE)), a.clients, 8, 7).await();
    Set<String> states = new HashSet<>();
    for (long client : a.clients) {
      JsonObject q = http.get("/api/v1/clients/" + client + "/qualification", a.token(Role.MAIN)).json();
      states.add(q.getString("state"));
      q.getJsonArray("history").forEach(v -> assertTrue(CreditCode.problem(((JsonObject) v).getString("creditCode")).isEmpty()));
    }
    assertEquals(Set.of("approved", "pending", "rejected"), states);
    assertTrue(http.get("/api/v1/notices?kind=review", a.token(Role.MAIN)).json().getJsonArray("items").size() >= 2);

    new Qualifications(platform, new Notices(platform, new LiveBus(platform.redis()), WorkNoticeDelivery.NONE)).warnExpiring().await();
    var system = http.get("/api/v1/notices?kind=system", a.token(Role.MAIN)).json().getJsonArray("items");
    assertTrue(system.size() >= 1, system.encode());
    assertEquals(a.clients.get(3), system.getJsonObject(0).getLong("clientId"));
  }
}
