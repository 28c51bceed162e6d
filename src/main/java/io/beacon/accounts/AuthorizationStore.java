package io.beacon.accounts;

import io.beacon.auth.ClientScope;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * SQL of client authorisation (授权&签约): invitations and the client's authorisation state. Every query takes
 * the caller's {@link ClientScope} ($1..$3), so another agency's or an unassigned client matches nothing.
 */
public final class AuthorizationStore {
  /** The authorisation status shown for a client, from its authorisation and contract states. */
  static final String STATUS = " (CASE WHEN c.contract_state = 'terminating' THEN 'terminating'"
      + " WHEN c.authorization_status IN ('pending', 'refused') THEN c.authorization_status"
      + " WHEN c.authorization_status = 'terminated' OR c.contract_state = 'terminated' THEN 'terminated'"
      + " ELSE 'authorized' END) ";

  private static final String CLIENT_SELECT = "SELECT c.id, c.name, c.pid, c.email, c.industry, " + STATUS + """
       AS status, i.invited_at, i.decided_at, i.decision, s.name AS invited_by_name, i.invited_by, count(*) OVER () AS total
        FROM clients c
        LEFT JOIN LATERAL (SELECT * FROM client_invitations ci WHERE ci.client_id = c.id AND ci.agency_id = c.agency_id
                            ORDER BY ci.id DESC LIMIT 1) i ON true
        LEFT JOIN staff s ON s.id = i.invited_by
       WHERE """ + ClientScope.condition("c.agency_id", "c.id", 1);

  private final Pool pg;

  public AuthorizationStore(Pool pg) { this.pg = pg; }

  public record AuthorizedClient(long id, String name, String pid, String email, String industry, String status,
                                 Instant invitedAt, Long invitedBy, String invitedByName, Instant decidedAt) {
    public JsonObject toJson() {
      return new JsonObject().put("clientId", id).put("name", name).put("pid", pid).put("email", email).put("industry", industry)
          .put("status", status).put("invitedAt", text(invitedAt))
          .put("invitedBy", invitedBy == null ? null : new JsonObject().put("id", invitedBy).put("name", invitedByName))
          .put("decidedAt", text(decidedAt));
    }
  }

  public Future<AccountsStore.Page<AuthorizedClient>> clients(ClientScope scope, String status, String q, int limit, int offset) {
    return pg.preparedQuery(CLIENT_SELECT + """
             AND ($4::text IS NULL OR (""" + STATUS + """
            ) = $4)
             AND ($5::text IS NULL OR strpos(lower(c.name), lower($5)) > 0 OR strpos(c.pid, $5) > 0
                  OR strpos(lower(c.email), lower($5)) > 0)
             ORDER BY coalesce(i.invited_at, c.created_at) DESC, c.id DESC LIMIT $6 OFFSET $7""")
        .execute(scope.addTo(Tuple.tuple()).addString(status).addString(q).addInteger(limit).addInteger(offset))
        .map(rows -> AccountsStore.page(rows, AuthorizationStore::client));
  }

  /** How many clients in scope are in each status. */
  public Future<Map<String, Long>> counts(ClientScope scope) {
    return pg.preparedQuery("SELECT " + STATUS + " AS status, count(*) FROM clients c WHERE "
            + ClientScope.condition("c.agency_id", "c.id", 1) + " GROUP BY 1")
        .execute(scope.addTo(Tuple.tuple()))
        .map(rows -> {
          Map<String, Long> out = new TreeMap<>();
          for (String s : List.of("pending", "authorized", "refused", "terminated", "terminating")) out.put(s, 0L);
          rows.forEach(r -> out.put(r.getString(0), r.getLong(1)));
          return out;
        });
  }

  public Future<Optional<AuthorizedClient>> client(ClientScope scope, long clientId) {
    return pg.preparedQuery(CLIENT_SELECT + " AND c.id = $4").execute(scope.addTo(Tuple.tuple()).addLong(clientId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(client(rows.iterator().next())));
  }

  /**
   * Re-invites a refused or terminated client in scope: pending again (a terminated one is paused until it
   * accepts, so its users can sign in to answer). False when its status allows no invitation.
   */
  public Future<Boolean> reinvite(ClientScope scope, long clientId, Long staffId, Instant at) {
    return pg.withTransaction(conn -> conn.preparedQuery("""
            UPDATE clients c SET authorization_status = 'pending',
                   status = CASE WHEN c.status = 'terminated' THEN 'paused' ELSE c.status END
             WHERE c.id = $4 AND (""" + STATUS + ") IN ('refused', 'terminated') AND " + ClientScope.condition("c.agency_id", "c.id", 1)
            + " RETURNING c.agency_id")
        .execute(scope.addTo(Tuple.tuple()).addLong(clientId))
        .compose(rows -> rows.size() == 0 ? Future.succeededFuture(false)
            : invitation(conn, rows.iterator().next().getLong(0), clientId, staffId, at).map(true)));
  }

  /** A new client pending authorisation; empty when the pid is taken. */
  public Future<Optional<Long>> invite(long agencyId, String name, String pid, String email, String industry, Long staffId, Instant at) {
    return pg.withTransaction(conn -> conn.preparedQuery("""
            INSERT INTO clients (agency_id, name, pid, email, industry, authorization_status, created_at)
            VALUES ($1, $2, $3, $4, $5, 'pending', $6) ON CONFLICT (pid) DO NOTHING RETURNING id""")
        .execute(Tuple.tuple().addLong(agencyId).addString(name).addString(pid).addString(email).addString(industry)
            .addOffsetDateTime(utc(at)))
        .compose(rows -> {
          if (rows.size() == 0) return Future.succeededFuture(Optional.<Long>empty());
          long clientId = rows.iterator().next().getLong(0);
          return invitation(conn, agencyId, clientId, staffId, at).map(Optional.of(clientId));
        }));
  }

  private static Future<Void> invitation(SqlConnection conn, long agencyId, long clientId, Long staffId, Instant at) {
    return conn.preparedQuery("INSERT INTO client_invitations (agency_id, client_id, invited_by, invited_at) VALUES ($1, $2, $3, $4)")
        .execute(Tuple.tuple().addLong(agencyId).addLong(clientId).addLong(staffId).addOffsetDateTime(utc(at))).mapEmpty();
  }

  /** The client's answer to its pending invitation (accepted: authorised, active, signed); empty when none is pending. */
  public Future<Optional<String>> decide(long agencyId, long clientId, boolean accept, Long loginId, Instant at) {
    return pg.withTransaction(conn -> conn.preparedQuery("""
            UPDATE client_invitations SET decision = $3, decided_at = $4, decided_by_login = $5
             WHERE agency_id = $1 AND client_id = $2 AND decision = 'pending' RETURNING id""")
        .execute(Tuple.tuple().addLong(agencyId).addLong(clientId).addString(accept ? "accepted" : "refused")
            .addOffsetDateTime(utc(at)).addLong(loginId))
        .compose(rows -> rows.size() == 0 ? Future.succeededFuture(Optional.<String>empty()) : conn.preparedQuery(accept
                ? "UPDATE clients SET authorization_status = 'authorized', status = 'active', contract_state = 'signed' WHERE agency_id = $1 AND id = $2 RETURNING name"
                : "UPDATE clients SET authorization_status = 'refused' WHERE agency_id = $1 AND id = $2 RETURNING name")
            .execute(Tuple.of(agencyId, clientId))
            .map(r -> Optional.of(r.iterator().next().getString(0)))));
  }

  /** The agency's name and the pending invitation of a client, for its own view. */
  public Future<JsonObject> ownView(long agencyId, long clientId) {
    return pg.preparedQuery("SELECT c.id, c.name, c.pid, a.name AS agency_name, " + STATUS + """
             AS status, (SELECT ci.invited_at FROM client_invitations ci
                          WHERE ci.client_id = c.id AND ci.decision = 'pending') AS pending_since
              FROM clients c JOIN agencies a ON a.id = c.agency_id WHERE c.agency_id = $1 AND c.id = $2""")
        .execute(Tuple.of(agencyId, clientId))
        .map(rows -> {
          Row r = rows.iterator().next();
          OffsetDateTime pending = r.getOffsetDateTime("pending_since");
          return new JsonObject().put("clientId", r.getLong("id")).put("name", r.getString("name")).put("pid", r.getString("pid"))
              .put("agencyName", r.getString("agency_name")).put("status", r.getString("status"))
              .put("invitation", pending == null ? null : new JsonObject().put("invitedAt", pending.toInstant().toString()));
        });
  }

  /** Demo history: an invitation already answered (or still pending) at the given times. */
  public Future<Void> insertDemoInvitation(long agencyId, long clientId, Long staffId, Instant invitedAt, String decision, Instant decidedAt) {
    return pg.preparedQuery("""
            INSERT INTO client_invitations (agency_id, client_id, invited_by, invited_at, decision, decided_at)
            VALUES ($1, $2, $3, $4, $5, $6)""")
        .execute(Tuple.tuple().addLong(agencyId).addLong(clientId).addLong(staffId).addOffsetDateTime(utc(invitedAt)).addString(decision)
            .addOffsetDateTime(decidedAt == null ? null : utc(decidedAt)))
        .mapEmpty();
  }

  /** Demo states: a client's authorisation and contract state set directly. */
  public Future<Void> setDemoState(long agencyId, long clientId, String authorization, String contract) {
    return pg.preparedQuery("UPDATE clients SET authorization_status = $3, contract_state = $4 WHERE agency_id = $1 AND id = $2")
        .execute(Tuple.of(agencyId, clientId, authorization, contract)).mapEmpty();
  }

  /** The agency's clients with their shown status and whether a client login exists for them, in id order. */
  public Future<List<JsonObject>> demoClients(long agencyId) {
    return pg.preparedQuery("SELECT c.id, c.name, " + STATUS + """
             AS status, EXISTS (SELECT 1 FROM identities i WHERE i.client_id = c.id) AS own_users
              FROM clients c WHERE c.agency_id = $1 ORDER BY c.id""")
        .execute(Tuple.of(agencyId))
        .map(rows -> {
          List<JsonObject> out = new ArrayList<>();
          rows.forEach(r -> out.add(new JsonObject().put("id", r.getLong("id")).put("name", r.getString("name"))
              .put("status", r.getString("status")).put("ownUsers", r.getBoolean("own_users"))));
          return out;
        });
  }

  private static AuthorizedClient client(Row r) {
    return new AuthorizedClient(r.getLong("id"), r.getString("name"), r.getString("pid"), r.getString("email"), r.getString("industry"),
        r.getString("status"), instant(r, "invited_at"), r.getLong("invited_by"), r.getString("invited_by_name"), instant(r, "decided_at"));
  }

  static Instant instant(Row r, String column) {
    OffsetDateTime t = r.getOffsetDateTime(column);
    return t == null ? null : t.toInstant();
  }

  static String text(Instant at) { return at == null ? null : at.toString(); }

  static OffsetDateTime utc(Instant at) { return OffsetDateTime.ofInstant(at, ZoneOffset.UTC); }
}
