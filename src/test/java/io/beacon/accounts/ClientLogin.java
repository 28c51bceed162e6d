package io.beacon.accounts;

import io.beacon.TestAgency;
import io.beacon.TestBeacon;
import io.beacon.TestHttp;
import io.beacon.auth.PasswordHasher;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

import java.util.UUID;

/** A client's own user (an advertiser login holding one client identity), signed in through the real API. */
public final class ClientLogin {
  private static final String HASH = PasswordHasher.hash(TestAgency.PASSWORD);

  private ClientLogin() {}

  /** Creates the login and identity, signs in (through the identity picker when offered) and returns the access token. */
  public static String token(TestAgency agency, long clientId) { return tokens(agency, clientId).getString("accessToken"); }

  /** As {@link #token}, the whole token pair. */
  public static JsonObject tokens(TestAgency agency, long clientId) {
    Pool pg = TestBeacon.shared().platform().pg();
    String account = "client-" + UUID.randomUUID().toString().substring(0, 8) + "@test";
    long loginId = TestAgency.one(pg, "INSERT INTO logins (account, password_hash, display_name) VALUES ($1, $2, $3) RETURNING id",
        Tuple.of(account, HASH, "广告主 " + clientId)).getLong(0);
    long identityId = TestAgency.one(pg, "INSERT INTO identities (login_id, kind, agency_id, client_id) VALUES ($1, 'client', $2, $3) RETURNING id",
        Tuple.of(loginId, agency.id, clientId)).getLong(0);
    JsonObject login = agency.login(account);
    if (login.containsKey("accessToken")) return login;
    TestHttp.Response picked = TestHttp.shared().post("/api/v1/auth/identity", null,
        new JsonObject().put("selectionToken", login.getString("selectionToken")).put("identityId", identityId));
    if (picked.status() != 200) throw new AssertionError("identity selection failed: " + picked);
    return picked.json();
  }
}
