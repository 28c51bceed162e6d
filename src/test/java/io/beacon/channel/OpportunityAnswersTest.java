package io.beacon.channel;

import io.beacon.TestAgency;
import io.beacon.TestHttp;
import io.beacon.auth.Role;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Reading and reassigning an opportunity, as its callers see it (TestHttp holds each answer to the contract). */
class OpportunityAnswersTest {
  private final TestHttp http = TestHttp.shared();

  @Test
  @DisplayName("a converted opportunity is read with its history by its follower and reassigned by the main account")
  void readAndReassign() {
    TestAgency a = TestAgency.create(1);
    String main = a.token(Role.MAIN);
    String employee = a.token(Role.EMPLOYEE);
    TestHttp.Response imported = http.send(HttpMethod.POST, "/api/v1/leads/import", main,
        "name,type,priority,phone,contact,industry,company\n宁波某制造,event,high,13800000009,赵先生,manufacturing,宁波某制造有限公司\n",
        MultiMap.caseInsensitiveMultiMap().add("Content-Type", "text/csv"));
    assertEquals(201, imported.status(), imported.toString());
    long lead = http.get("/api/v1/leads?scope=all&pageSize=100", main).json().getJsonArray("items").stream().map(o -> (JsonObject) o)
        .filter(l -> "宁波某制造".equals(l.getString("name"))).findFirst().orElseThrow().getLong("id");
    assertEquals(200, http.post("/api/v1/leads/" + lead + "/assign", main, new JsonObject().put("staffId", a.staffIds.get(Role.EMPLOYEE))).status());
    assertEquals(200, http.post("/api/v1/leads/" + lead + "/follow-ups", employee,
        new JsonObject().put("state", "valid").put("privateContact", true).put("note", "加了微信")).status());
    TestHttp.Response converted = http.post("/api/v1/leads/" + lead + "/convert", employee, new JsonObject().put("intentLevel", "high"));
    assertEquals(201, converted.status(), converted.toString());
    long opportunity = converted.json().getLong("id");

    TestHttp.Response read = http.get("/api/v1/opportunities/" + opportunity, employee);
    assertEquals(200, read.status(), read.toString());
    assertEquals(lead, read.json().getLong("leadId"));
    assertEquals(a.staffIds.get(Role.EMPLOYEE), read.json().getJsonObject("follower").getLong("staffId"));

    TestHttp.Response reassigned = http.post("/api/v1/opportunities/" + opportunity + "/assign", main,
        new JsonObject().put("staffId", a.staffIds.get(Role.DEDICATED)));
    assertEquals(200, reassigned.status(), reassigned.toString());
    assertEquals(a.staffIds.get(Role.DEDICATED), reassigned.json().getJsonObject("follower").getLong("staffId"));
    assertEquals(404, http.get("/api/v1/opportunities/" + opportunity, TestAgency.create(1).token(Role.MAIN)).status());
  }
}
