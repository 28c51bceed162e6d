package io.beacon.accounts;

import io.beacon.SseStream;
import io.beacon.TestAgency;
import io.beacon.TestHttp;
import io.beacon.auth.OperatorKey;
import io.beacon.auth.Role;
import io.beacon.tickets.DeskFixtures;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Client authorisation (invite → the client answers in its own view) and asset authorisation, with their live notices. */
class AuthorizationsApiTest {
  private final TestHttp http = TestHttp.shared();

  private static JsonObject newClient(String tag) {
    String pid = "inv-" + UUID.randomUUID().toString().substring(0, 12);
    return new JsonObject().put("name", "受邀客户 " + tag).put("pid", pid).put("email", pid + "@example.test").put("industry", "education");
  }

  private static boolean isNotice(JsonObject m, String titlePart) {
    return "notice".equals(m.getString("type")) && m.getJsonObject("notice").getString("title").contains(titlePart);
  }

  @Test
  @DisplayName("an invited client accepts in its own view: authorised, and the agency gets an authorization notice live and in its message center")
  void inviteAndAccept() {
    TestAgency a = TestAgency.create(3);
    TestHttp.Response invited = http.post("/api/v1/client-authorizations", a.token(Role.EMPLOYEE), newClient("A"));
    assertEquals(201, invited.status(), invited::toString);
    assertEquals("pending", invited.json().getString("status"));
    long clientId = invited.json().getLong("clientId");
    assertEquals(409, http.post("/api/v1/client-authorizations", a.token(Role.MAIN), newClient("B").put("pid", invited.json().getString("pid"))).status());
    TestHttp.Response unnamed = http.post("/api/v1/client-authorizations", a.token(Role.MAIN), new JsonObject().put("name", "x"));
    assertEquals(400, unnamed.status());
    assertEquals(List.of("pid", "email", "industry"), unnamed.json().getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("field")).toList());
    assertEquals(403, http.post("/api/v1/client-authorizations", a.token(Role.DEDICATED), newClient("C")).status());

    JsonObject list = http.get("/api/v1/client-authorizations", a.token(Role.MAIN)).json();
    assertEquals(4, list.getLong("total"));
    assertEquals(1, list.getJsonObject("counts").getLong("pending"));
    assertEquals(3, list.getJsonObject("counts").getLong("authorized"));
    assertEquals(clientId, list.getJsonArray("items").getJsonObject(0).getLong("clientId"), "newest invitation first");
    assertEquals(a.staffIds.get(Role.EMPLOYEE), list.getJsonArray("items").getJsonObject(0).getJsonObject("invitedBy").getLong("id"));
    assertEquals(2, http.get("/api/v1/client-authorizations", a.token(Role.DEDICATED)).json().getLong("total"), "the dedicated employee's own two");
    assertEquals(1, http.get("/api/v1/client-authorizations?q=" + invited.json().getString("pid"), a.token(Role.MAIN)).json().getLong("total"));

    String client = ClientLogin.token(a, clientId);
    JsonObject own = http.get("/api/v1/client-view/authorizations", client).json();
    assertEquals("pending", own.getString("status"));
    assertNotNull(own.getJsonObject("invitation"));
    assertEquals(a.name, own.getString("agencyName"));
    assertEquals(403, http.get("/api/v1/client-view/authorizations", a.token(Role.MAIN)).status(), "staff never answer for a client");

    try (SseStream live = SseStream.live(a.token(Role.MAIN), "?topics=notices", null)) {
      live.next("snapshot");   // subscribed: what follows is pushed to this stream
      JsonObject accepted = http.post("/api/v1/client-view/invitation/accept", client, null).json();
      assertEquals("authorized", accepted.getString("status"));
      assertNull(accepted.getJsonObject("invitation"));
      JsonObject pushed = live.next(m -> isNotice(m, "accepted"), "the acceptance notice");
      assertEquals("authorization", pushed.getJsonObject("notice").getString("kind"));
      assertEquals(clientId, pushed.getLong("clientId"));
    }
    assertEquals(409, http.post("/api/v1/client-view/invitation/accept", client, null).status());
    assertTrue(http.get("/api/v1/notices?kind=authorization", a.token(Role.ADMIN)).json().getJsonArray("items").stream()
        .anyMatch(n -> ((JsonObject) n).getString("title").contains("Client accepted the invitation")));
    assertEquals(4, http.get("/api/v1/client-authorizations?status=authorized", a.token(Role.MAIN)).json().getLong("total"));

    // another agency can neither see nor re-invite it
    TestAgency rival = TestAgency.create(1);
    assertEquals(404, http.post("/api/v1/client-authorizations", rival.token(Role.MAIN), new JsonObject().put("clientId", clientId)).status());
    assertEquals(0, http.get("/api/v1/client-authorizations?q=" + invited.json().getString("pid"), rival.token(Role.MAIN)).json().getLong("total"));
  }

  @Test
  @DisplayName("a refused invitation can be sent again; terminating and terminated clients show their status; an authorised one cannot be re-invited")
  void refuseAndReinvite() {
    TestAgency a = TestAgency.create(2);
    long clientId = http.post("/api/v1/client-authorizations", a.token(Role.ADMIN), newClient("R")).json().getLong("clientId");
    String client = ClientLogin.token(a, clientId);
    assertEquals("refused", http.post("/api/v1/client-view/invitation/refuse", client, null).json().getString("status"));
    assertEquals(1, http.get("/api/v1/client-authorizations?status=refused", a.token(Role.MAIN)).json().getLong("total"));
    assertEquals("pending", http.post("/api/v1/client-authorizations", a.token(Role.MAIN), new JsonObject().put("clientId", clientId))
        .json().getString("status"));
    TestHttp.Response again = http.post("/api/v1/client-authorizations", a.token(Role.MAIN), new JsonObject().put("clientId", a.clients.get(0)));
    assertEquals(409, again.status());
    assertEquals("authorized", again.json().getString("authorizationStatus"));
    assertEquals(200, http.post("/api/v1/clients/" + a.clients.get(1) + "/terminate", a.token(Role.MAIN), null).status());
    JsonObject counts = http.get("/api/v1/client-authorizations", a.token(Role.MAIN)).json().getJsonObject("counts");
    assertEquals(new JsonObject().put("authorized", 1L).put("pending", 1L).put("refused", 0L).put("terminated", 0L).put("terminating", 1L), counts);
    assertEquals(a.clients.get(1), http.get("/api/v1/client-authorizations?status=terminating", a.token(Role.MAIN)).json()
        .getJsonArray("items").getJsonObject(0).getLong("clientId"));
  }

  @Test
  @DisplayName("asset requests: the client refuses one (live notice to the agency) and grants lead data, whose forms then show in the agency's leads")
  void assets() {
    TestAgency a = TestAgency.create(3);
    long c0 = a.clients.get(0), c2 = a.clients.get(2);
    TestHttp.Response lead = http.post("/api/v1/asset-authorizations", a.token(Role.MAIN), new JsonObject().put("clientId", c0).put("asset", "lead_data"));
    assertEquals(201, lead.status(), lead::toString);
    assertEquals("pending", lead.json().getString("status"));
    assertEquals(409, http.post("/api/v1/asset-authorizations", a.token(Role.ADMIN), new JsonObject().put("clientId", c0).put("asset", "lead_data")).status());
    long audience = http.post("/api/v1/asset-authorizations", a.token(Role.EMPLOYEE), new JsonObject().put("clientId", c0)
        .put("asset", "audience_upload").put("note", "人群包")).json().getLong("id");
    long other = http.post("/api/v1/asset-authorizations", a.token(Role.MAIN), new JsonObject().put("clientId", c2).put("asset", "lead_data"))
        .json().getLong("id");
    assertEquals(403, http.post("/api/v1/asset-authorizations", a.token(Role.DEDICATED), new JsonObject().put("clientId", c0).put("asset", "lead_data")).status());
    TestAgency rival = TestAgency.create(1);
    assertEquals(404, http.post("/api/v1/asset-authorizations", rival.token(Role.MAIN), new JsonObject().put("clientId", c0).put("asset", "conversion_callback")).status());
    assertEquals(0, http.get("/api/v1/asset-authorizations", rival.token(Role.MAIN)).json().getLong("total"));

    String client = ClientLogin.token(a, c0);
    assertEquals(2, http.get("/api/v1/client-view/authorizations", client).json().getJsonArray("assetRequests").size(), "only its own requests");
    assertEquals(404, http.post("/api/v1/client-view/asset-authorizations/" + other + "/accept", client, null).status(), "another client's request");
    String rivalClient = ClientLogin.token(rival, rival.clients.get(0));
    assertEquals(404, http.post("/api/v1/client-view/asset-authorizations/" + audience + "/refuse", rivalClient, new JsonObject()).status());

    try (SseStream live = SseStream.live(a.token(Role.ADMIN), "?topics=notices", null)) {
      live.next("snapshot");   // subscribed: what follows is pushed to this stream
      JsonObject refused = http.post("/api/v1/client-view/asset-authorizations/" + audience + "/refuse", client,
          new JsonObject().put("reason", "暂不开放")).json();
      assertEquals("refused", refused.getString("status"));
      assertEquals("暂不开放", refused.getString("refuseReason"));
      JsonObject pushed = live.next(m -> isNotice(m, "Asset request refused"), "the refusal notice");
      assertEquals("authorization", pushed.getJsonObject("notice").getString("kind"));
      assertTrue(pushed.getJsonObject("notice").getString("body").contains("暂不开放"));
    }
    assertEquals(409, http.post("/api/v1/client-view/asset-authorizations/" + audience + "/accept", client, null).status());
    assertTrue(http.get("/api/v1/notices?kind=authorization", a.token(Role.MAIN)).json().getJsonArray("items").stream()
        .anyMatch(n -> ((JsonObject) n).getString("title").contains("Asset request refused")));
    JsonObject counts = http.get("/api/v1/asset-authorizations", a.token(Role.MAIN)).json().getJsonObject("counts");
    assertEquals(new JsonObject().put("accepted", 0L).put("pending", 2L).put("refused", 1L), counts);

    // lead forms: shown only for clients that granted lead data
    for (long clientId : List.of(c0, c0, c2)) {
      TestHttp.Response r = http.send(HttpMethod.POST, "/api/v1/operator/client-leads", null, new JsonObject().put("clientId", clientId)
              .put("contactName", "刘先生").put("phone", "13800000000").put("form", "预约试听"),
          MultiMap.caseInsensitiveMultiMap().add(OperatorKey.HEADER, DeskFixtures.operatorKey()));
      assertEquals(201, r.status(), r::toString);
    }
    assertEquals(0, http.get("/api/v1/client-leads", a.token(Role.EMPLOYEE)).json().getLong("total"), "nothing granted yet");
    assertEquals("accepted", http.post("/api/v1/client-view/asset-authorizations/" + lead.json().getLong("id") + "/accept", client, null)
        .json().getString("status"));
    JsonObject leads = http.get("/api/v1/client-leads", a.token(Role.EMPLOYEE)).json();
    assertEquals(2, leads.getLong("total"), "c0's two forms, not c2's");
    assertEquals(c0, leads.getJsonArray("items").getJsonObject(0).getLong("clientId"));
    assertEquals(2, http.get("/api/v1/client-leads", a.token(Role.DEDICATED)).json().getLong("total"), "c0 is assigned to the dedicated employee");
    assertEquals(0, http.get("/api/v1/client-leads", rival.token(Role.MAIN)).json().getLong("total"));
    assertEquals(1, http.get("/api/v1/asset-authorizations?status=accepted", a.token(Role.MAIN)).json().getLong("total"));
    assertEquals(409, http.post("/api/v1/asset-authorizations", a.token(Role.MAIN), new JsonObject().put("clientId", c0).put("asset", "lead_data")).status(),
        "accepted already");
  }
}
