package io.beacon.accounts;

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

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Account information written by the operator and one's own profile (GET/PUT /api/v1/me). */
class AccountInfoApiTest {
  private final TestHttp http = TestHttp.shared();

  private TestHttp.Response operator(String path, JsonObject body) {
    return http.send(HttpMethod.PUT, path, null, body, MultiMap.caseInsensitiveMultiMap().add(OperatorKey.HEADER, DeskFixtures.operatorKey()));
  }

  @Test
  @DisplayName("account information: pending until the platform approves; the certificate downloads; each agency sees its own; a client's user may not")
  void account() {
    TestAgency a = TestAgency.create(1);
    JsonObject before = http.get("/api/v1/account", a.token(Role.DEDICATED)).json();
    assertEquals("pending", before.getString("approvalStatus"));
    assertEquals("uncertified", before.getString("certificationStatus"));
    assertNull(before.getJsonObject("certificate"));
    assertEquals(404, http.get("/api/v1/account/certificate", a.token(Role.MAIN)).status());

    byte[] pdf = "%PDF-1.4 certificate".getBytes(StandardCharsets.UTF_8);
    JsonObject update = new JsonObject().put("alipayAccount", "agency@alipay.test").put("approvalStatus", "approved")
        .put("certificationStatus", "certified").put("merchantTag", "金牌服务商")
        .put("certificate", new JsonObject().put("fileName", "cert.pdf").put("contentType", "application/pdf")
            .put("contentBase64", Base64.getEncoder().encodeToString(pdf)).put("validUntil", "2027-12-31"));
    assertEquals(200, operator("/api/v1/operator/agencies/" + a.id + "/account", update).status());
    assertEquals(404, operator("/api/v1/operator/agencies/999999999/account", update).status());
    assertEquals(400, operator("/api/v1/operator/agencies/" + a.id + "/account", update.copy().put("certificate",
        update.getJsonObject("certificate").copy().put("contentBase64", "@@@@"))).status());
    assertEquals(401, http.put("/api/v1/operator/agencies/" + a.id + "/account", null, update).status());

    JsonObject after = http.get("/api/v1/account", a.token(Role.EMPLOYEE)).json();
    assertEquals("approved", after.getString("approvalStatus"));
    assertEquals("agency@alipay.test", after.getString("alipayAccount"));
    assertEquals(a.name, after.getString("accountName"));
    assertEquals("2027-12-31", after.getJsonObject("certificate").getString("validUntil"));
    TestHttp.Response file = http.get("/api/v1/account/certificate", a.token(Role.MAIN));
    assertEquals(200, file.status());
    assertEquals("application/pdf", file.header("Content-Type"));
    assertEquals("%PDF-1.4 certificate", file.body().toString());
    // updating without a certificate keeps it
    operator("/api/v1/operator/agencies/" + a.id + "/account", update.copy().put("certificate", (Object) null).put("approvalStatus", "approved"));

    TestAgency rival = TestAgency.create(1);
    assertEquals("pending", http.get("/api/v1/account", rival.token(Role.MAIN)).json().getString("approvalStatus"));
    assertEquals(404, http.get("/api/v1/account/certificate", rival.token(Role.MAIN)).status());
    assertEquals(403, http.get("/api/v1/account", ClientLogin.token(a, a.clients.get(0))).status());
  }

  @Test
  @DisplayName("own profile: every role changes its own phone and e-mail and nobody else's; bad values are 400 naming the field")
  void profile() {
    TestAgency a = TestAgency.create(1);
    for (Role role : java.util.List.of(Role.MAIN, Role.ADMIN, Role.EMPLOYEE, Role.DEDICATED)) {
      TestHttp.Response r = http.put("/api/v1/me", a.token(role), new JsonObject().put("phone", "1380000000" + role.ordinal())
          .put("email", role.dbValue() + "@example.test"));
      assertEquals(200, r.status(), r::toString);
      assertEquals("1380000000" + role.ordinal(), r.json().getJsonObject("user").getString("phone"));
    }
    JsonObject me = http.get("/api/v1/me", a.token(Role.DEDICATED)).json();
    assertEquals("dedicated@example.test", me.getJsonObject("user").getString("email"));
    assertEquals("13800000003", me.getJsonObject("user").getString("phone"));
    assertEquals("dedicated", me.getString("role"));
    assertEquals("employee@example.test", http.put("/api/v1/me", a.token(Role.EMPLOYEE), new JsonObject().put("phone", "+86 139 0000 0000"))
        .json().getJsonObject("user").getString("email"), "the e-mail stays when only the phone changes");
    assertEquals("main@example.test", http.get("/api/v1/me", a.token(Role.MAIN)).json().getJsonObject("user").getString("email"));
    TestHttp.Response bad = http.put("/api/v1/me", a.token(Role.MAIN), new JsonObject().put("phone", "call me maybe"));
    assertEquals(400, bad.status());
    assertEquals("phone", bad.json().getJsonArray("errors").getJsonObject(0).getString("field"));
    assertEquals(400, http.put("/api/v1/me", a.token(Role.MAIN), new JsonObject()).status());
    assertEquals(400, http.put("/api/v1/me", a.token(Role.MAIN), new JsonObject().put("userId", 1)).status());
  }
}
