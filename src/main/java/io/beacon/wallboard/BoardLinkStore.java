package io.beacon.wallboard;

import io.beacon.auth.ClientScope;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The SQL of wall-board links. Every query names the agency, except the lookup by token hash. */
final class BoardLinkStore {
  private static final String SELECT = """
      SELECT l.id, l.agency_id, l.name, l.scope_staff_id, ss.name AS staff_name, l.scope_client_id, c.name AS client_name,
             l.created_by, cb.name AS created_by_name, (cb.status = 'active' AND cb.role IN ('main', 'admin')) AS creator_active,
             l.created_at, l.expires_at, l.revoked_at, l.last_opened_at
        FROM wallboard_links l
        JOIN staff cb ON cb.id = l.created_by
        LEFT JOIN staff ss ON ss.id = l.scope_staff_id
        LEFT JOIN clients c ON c.id = l.scope_client_id
      """;

  private final Pool pg;

  BoardLinkStore(Pool pg) { this.pg = pg; }

  Future<BoardLink> insert(long agencyId, String name, String tokenHash, Long staffId, Long clientId, long createdBy,
                           Instant now, Instant expiresAt) {
    return pg.preparedQuery("""
            INSERT INTO wallboard_links (agency_id, name, token_hash, scope_staff_id, scope_client_id, created_by, created_at, expires_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id""")
        .execute(Tuple.of(agencyId, name, tokenHash, staffId, clientId, createdBy).addValue(utc(now)).addValue(utc(expiresAt)))
        .compose(rows -> byId(agencyId, rows.iterator().next().getLong(0)))
        .map(Optional::orElseThrow);
  }

  Future<List<BoardLink>> list(long agencyId) {
    return pg.preparedQuery(SELECT + " WHERE l.agency_id = $1 ORDER BY l.id DESC LIMIT 500").execute(Tuple.of(agencyId))
        .map(BoardLinkStore::links);
  }

  Future<Optional<BoardLink>> byId(long agencyId, long id) {
    return pg.preparedQuery(SELECT + " WHERE l.agency_id = $1 AND l.id = $2").execute(Tuple.of(agencyId, id))
        .map(rows -> links(rows).stream().findFirst());
  }

  /** The link a token opens (looked up by its hash, so no comparison of secrets happens in Java). */
  Future<Optional<BoardLink>> byTokenHash(String tokenHash) {
    return pg.preparedQuery(SELECT + " WHERE l.token_hash = $1").execute(Tuple.of(tokenHash))
        .map(rows -> links(rows).stream().findFirst());
  }

  /** Revokes once (a second revocation keeps the first time); empty when the agency has no such link. */
  Future<Optional<BoardLink>> revoke(long agencyId, long id, long by, Instant now) {
    return pg.preparedQuery("""
            UPDATE wallboard_links SET revoked_at = coalesce(revoked_at, $3), revoked_by = coalesce(revoked_by, $4)
             WHERE agency_id = $1 AND id = $2""")
        .execute(Tuple.of(agencyId, id, utc(now), by))
        .compose(rows -> byId(agencyId, id));
  }

  Future<Void> opened(long id, Instant now) {
    return pg.preparedQuery("UPDATE wallboard_links SET last_opened_at = $2 WHERE id = $1").execute(Tuple.of(id, utc(now))).mapEmpty();
  }

  /** Whether {@code staffId} is an active dedicated employee of the agency. */
  Future<Boolean> isDedicated(long agencyId, long staffId) {
    return pg.preparedQuery("SELECT 1 FROM staff WHERE agency_id = $1 AND id = $2 AND role = 'dedicated' AND status = 'active'")
        .execute(Tuple.of(agencyId, staffId)).map(rows -> rows.size() > 0);
  }

  /** Whether {@code scope} sees the client (and it is not terminated). */
  Future<Boolean> sees(ClientScope scope, long clientId) {
    return pg.preparedQuery("SELECT 1 FROM clients c WHERE c.id = $4 AND c.status <> 'terminated' AND "
            + ClientScope.condition("c.agency_id", "c.id", 1))
        .execute(scope.addTo(Tuple.tuple()).addLong(clientId)).map(rows -> rows.size() > 0);
  }

  private static List<BoardLink> links(RowSet<Row> rows) {
    List<BoardLink> out = new ArrayList<>(rows.size());
    for (Row r : rows) {
      out.add(new BoardLink(r.getLong("id"), r.getLong("agency_id"), r.getString("name"), r.getLong("scope_staff_id"),
          r.getString("staff_name"), r.getLong("scope_client_id"), r.getString("client_name"), r.getLong("created_by"),
          r.getString("created_by_name"), r.getBoolean("creator_active"), instant(r, "created_at"), instant(r, "expires_at"),
          instant(r, "revoked_at"), instant(r, "last_opened_at")));
    }
    return out;
  }

  private static Instant instant(Row r, String column) {
    OffsetDateTime t = r.getOffsetDateTime(column);
    return t == null ? null : t.toInstant();
  }

  private static OffsetDateTime utc(Instant t) { return t.atOffset(ZoneOffset.UTC); }
}
