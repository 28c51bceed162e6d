package io.beacon.auth;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/** SQL of logins, identities, staff principals, refresh tokens and server secrets. */
public final class AuthStore {
  private final Pool pg;

  public AuthStore(Pool pg) { this.pg = pg; }

  public record Login(long id, String account, String passwordHash, String displayName, String status) {}

  /** An identity as the picker shows it, with what a token needs. */
  public record Identity(long id, long loginId, String kind, long agencyId, String agencyName, Long staffId,
                         Long clientId, String clientName, Role role, boolean leadAdmin, String status,
                         String account, String displayName, String loginStatus) {
    public String label() {
      return "client".equals(kind) ? clientName + " (" + agencyName + ")" : agencyName + " · " + role.dbValue();
    }

    public boolean active() {
      return "active".equals(status) && "active".equals(loginStatus);
    }
  }

  private static final String IDENTITY_SELECT = """
      SELECT i.id, i.login_id, i.kind, i.agency_id, a.name AS agency_name, i.staff_id, i.client_id,
             c.name AS client_name, s.role, coalesce(s.lead_admin, false) AS lead_admin,
             CASE WHEN i.kind = 'agency' THEN s.status ELSE CASE WHEN c.status = 'terminated' THEN 'disabled' ELSE 'active' END END AS status,
             l.account, l.display_name, l.status AS login_status
        FROM identities i
        JOIN logins l ON l.id = i.login_id
        JOIN agencies a ON a.id = i.agency_id
        LEFT JOIN staff s ON s.id = i.staff_id
        LEFT JOIN clients c ON c.id = i.client_id
      """;

  public Future<Optional<Login>> loginByAccount(String account) {
    return pg.preparedQuery("SELECT id, account, password_hash, display_name, status FROM logins WHERE account = $1")
        .execute(Tuple.of(account))
        .map(rows -> rows.size() == 0 ? Optional.<Login>empty() : Optional.of(login(rows.iterator().next())));
  }

  public Future<Optional<Login>> loginById(long loginId) {
    return pg.preparedQuery("SELECT id, account, password_hash, display_name, status FROM logins WHERE id = $1")
        .execute(Tuple.of(loginId))
        .map(rows -> rows.size() == 0 ? Optional.<Login>empty() : Optional.of(login(rows.iterator().next())));
  }

  public Future<Void> setPasswordHash(long loginId, String hash) {
    return pg.preparedQuery("UPDATE logins SET password_hash = $2, password_changed_at = now() WHERE id = $1")
        .execute(Tuple.of(loginId, hash)).mapEmpty();
  }

  /** Whether {@code clientId} is one of the clients {@code scope} may see (another agency's or unassigned: no). */
  public Future<Boolean> clientVisible(ClientScope scope, long clientId) {
    return pg.preparedQuery("SELECT 1 FROM clients c WHERE c.id = $4 AND " + ClientScope.condition("c.agency_id", "c.id", 1))
        .execute(scope.addTo(Tuple.tuple()).addLong(clientId))
        .map(rows -> rows.size() > 0);
  }

  public Future<List<Identity>> identitiesOf(long loginId) {
    return pg.preparedQuery(IDENTITY_SELECT + " WHERE i.login_id = $1 ORDER BY i.kind, i.id")
        .execute(Tuple.of(loginId))
        .map(rows -> {
          List<Identity> list = new java.util.ArrayList<>();
          rows.forEach(r -> list.add(identity(r)));
          return list;
        });
  }

  public Future<Optional<Identity>> identity(long identityId) {
    return pg.preparedQuery(IDENTITY_SELECT + " WHERE i.id = $1")
        .execute(Tuple.of(identityId))
        .map(rows -> rows.size() == 0 ? Optional.<Identity>empty() : Optional.of(identity(rows.iterator().next())));
  }

  public Future<Void> insertRefreshToken(String hash, String familyId, long loginId, long identityId,
                                         Long actingClientId, Instant expiresAt) {
    return pg.preparedQuery("""
            INSERT INTO refresh_tokens (token_hash, family_id, login_id, identity_id, acting_client_id, expires_at)
            VALUES ($1, $2, $3, $4, $5, $6)""")
        .execute(Tuple.of(hash, familyId, loginId, identityId, actingClientId, OffsetDateTime.ofInstant(expiresAt, ZoneOffset.UTC)))
        .mapEmpty();
  }

  public record RefreshToken(long id, String familyId, long loginId, long identityId, Long actingClientId,
                             Instant expiresAt, boolean used, boolean revoked) {}

  /**
   * Marks the token used and returns it as it was before; concurrent uses of one token see it used
   * at most once (the row lock orders them), so a replay is always detected.
   */
  public Future<Optional<RefreshToken>> spendRefreshToken(String hash) {
    return pg.withTransaction(conn -> conn.preparedQuery("""
            SELECT id, family_id, login_id, identity_id, acting_client_id, expires_at, used_at IS NOT NULL AS used,
                   revoked_at IS NOT NULL AS revoked
              FROM refresh_tokens WHERE token_hash = $1 FOR UPDATE""")
        .execute(Tuple.of(hash))
        .compose(rows -> {
          if (rows.size() == 0) return Future.succeededFuture(Optional.<RefreshToken>empty());
          Row r = rows.iterator().next();
          RefreshToken t = new RefreshToken(r.getLong("id"), r.getString("family_id"), r.getLong("login_id"),
              r.getLong("identity_id"), r.getLong("acting_client_id"), r.getOffsetDateTime("expires_at").toInstant(),
              r.getBoolean("used"), r.getBoolean("revoked"));
          return conn.preparedQuery("UPDATE refresh_tokens SET used_at = coalesce(used_at, now()) WHERE id = $1")
              .execute(Tuple.of(t.id())).map(Optional.of(t));
        }));
  }

  public Future<Void> revokeFamily(String familyId) {
    return pg.preparedQuery("UPDATE refresh_tokens SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL")
        .execute(Tuple.of(familyId)).mapEmpty();
  }

  public Future<Void> revokeLogin(long loginId) {
    return pg.preparedQuery("UPDATE refresh_tokens SET revoked_at = now() WHERE login_id = $1 AND revoked_at IS NULL")
        .execute(Tuple.of(loginId)).mapEmpty();
  }

  /** Revokes the refresh tokens of every identity of one staff member (disablement). */
  public Future<Void> revokeStaff(long staffId) {
    return pg.preparedQuery("""
            UPDATE refresh_tokens SET revoked_at = now()
             WHERE identity_id IN (SELECT id FROM identities WHERE staff_id = $1) AND revoked_at IS NULL""")
        .execute(Tuple.of(staffId)).mapEmpty();
  }

  /** Returns the named secret, creating it with {@code candidate} on first use (race-safe). */
  public Future<String> secret(String name, String candidate) {
    return pg.preparedQuery("INSERT INTO app_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING")
        .execute(Tuple.of(name, candidate))
        .compose(v -> pg.preparedQuery("SELECT value FROM app_secrets WHERE name = $1").execute(Tuple.of(name)))
        .map(rows -> rows.iterator().next().getString("value"));
  }

  private static Login login(Row r) {
    return new Login(r.getLong("id"), r.getString("account"), r.getString("password_hash"),
        r.getString("display_name"), r.getString("status"));
  }

  private static Identity identity(Row r) {
    String kind = r.getString("kind");
    Role role = "client".equals(kind) ? Role.CLIENT : Role.of(r.getString("role"));
    return new Identity(r.getLong("id"), r.getLong("login_id"), kind, r.getLong("agency_id"), r.getString("agency_name"),
        r.getLong("staff_id"), r.getLong("client_id"), r.getString("client_name"), role, r.getBoolean("lead_admin"),
        r.getString("status"), r.getString("account"), r.getString("display_name"), r.getString("login_status"));
  }
}
