package io.beacon.live;

import io.beacon.auth.ClientScope;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** SQL of alerts; reads are scoped by agency and the caller's client scope. */
final class AlertStore {
  record Alert(long id, long agencyId, long clientId, String clientName, String kind, Integer level, String status,
               JsonObject figures, OffsetDateTime openedAt, OffsetDateTime clearedAt, JsonObject clearedFigures,
               OffsetDateTime ackedAt, Long ackedBy, String cause) {
    JsonObject toJson() {
      return new JsonObject().put("id", id).put("clientId", clientId).put("clientName", clientName).put("kind", kind)
          .put("cause", cause.isEmpty() ? null : cause).put("level", level).put("status", status).put("figures", figures)
          .put("openedAt", openedAt.toInstant().toString())
          .put("clearedAt", clearedAt == null ? null : clearedAt.toInstant().toString())
          .put("clearedFigures", clearedFigures)
          .put("ackedAt", ackedAt == null ? null : ackedAt.toInstant().toString())
          .put("ackedBy", ackedBy);
    }
  }

  /** Filters of GET /alerts. */
  record Query(String status, String kind, Long clientId, OffsetDateTime from, OffsetDateTime to, Long beforeId, int limit) {}

  private static final String SELECT = """
      SELECT a.id, a.agency_id, a.client_id, c.name, a.kind, a.level, a.status, a.figures, a.opened_at, a.cleared_at,
             a.cleared_figures, a.acked_at, a.acked_by, a.cause
      FROM alerts a JOIN clients c ON c.id = a.client_id""";

  /** Reads back the rows a data-modifying CTE named {@code a} returned, with the client's name. */
  private static final String FROM_CHANGED = """
      SELECT a.id, a.agency_id, a.client_id, c.name, a.kind, a.level, a.status, a.figures, a.opened_at, a.cleared_at,
             a.cleared_figures, a.acked_at, a.acked_by, a.cause FROM a JOIN clients c ON c.id = a.client_id""";

  private final Pool pg;

  AlertStore(Pool pg) { this.pg = pg; }

  /** Opens an alert; empty when one of this kind and cause is already open for the client. */
  Future<Optional<Alert>> open(long agencyId, long clientId, String kind, String cause, Integer level, JsonObject figures,
                               OffsetDateTime at) {
    return pg.preparedQuery("""
            WITH a AS (INSERT INTO alerts (agency_id, client_id, kind, cause, level, figures, opened_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
                       ON CONFLICT (agency_id, client_id, kind, cause) WHERE status = 'open' DO NOTHING RETURNING *)
            """ + FROM_CHANGED)
        .execute(Tuple.of(agencyId, clientId, kind, cause, level, figures, at))
        .map(AlertStore::first);
  }

  Future<Optional<Alert>> openOne(long agencyId, long clientId, String kind, String cause) {
    return pg.preparedQuery(SELECT + " WHERE a.agency_id = $1 AND a.client_id = $2 AND a.kind = $3 AND a.cause = $4 AND a.status = 'open'")
        .execute(Tuple.of(agencyId, clientId, kind, cause)).map(AlertStore::first);
  }

  /** A budget alert crossed a higher threshold: same alert, new level and figures. */
  Future<Optional<Alert>> escalate(long agencyId, long id, int level, JsonObject figures) {
    return pg.preparedQuery("""
            WITH a AS (UPDATE alerts SET level = $3, figures = $4, acked_at = NULL, acked_by = NULL
                       WHERE agency_id = $1 AND id = $2 AND status = 'open' RETURNING *)
            """ + FROM_CHANGED)
        .execute(Tuple.of(agencyId, id, level, figures)).map(AlertStore::first);
  }

  Future<Optional<Alert>> clear(long agencyId, long id, JsonObject figures, OffsetDateTime at) {
    return pg.preparedQuery("""
            WITH a AS (UPDATE alerts SET status = 'cleared', cleared_at = $4, cleared_figures = $3
                       WHERE agency_id = $1 AND id = $2 AND status = 'open' RETURNING *)
            """ + FROM_CHANGED)
        .execute(Tuple.of(agencyId, id, figures, at)).map(AlertStore::first);
  }

  /** Clears the client's open alert of this kind and cause, if any. */
  Future<Optional<Alert>> clear(long agencyId, long clientId, String kind, String cause, JsonObject figures, OffsetDateTime at) {
    return pg.preparedQuery("""
            WITH a AS (UPDATE alerts SET status = 'cleared', cleared_at = $6, cleared_figures = $5
                       WHERE agency_id = $1 AND client_id = $2 AND kind = $3 AND cause = $4 AND status = 'open' RETURNING *)
            """ + FROM_CHANGED)
        .execute(Tuple.of(agencyId, clientId, kind, cause, figures, at)).map(AlertStore::first);
  }

  /** Newest first, keyset-paged by id. */
  Future<List<Alert>> list(ClientScope scope, Query q) {
    Tuple t = scope.addTo(Tuple.tuple()).addString(q.status()).addString(q.kind()).addLong(q.clientId())
        .addOffsetDateTime(q.from()).addOffsetDateTime(q.to()).addLong(q.beforeId()).addInteger(q.limit());
    return pg.preparedQuery(SELECT + " WHERE " + ClientScope.condition("a.agency_id", "a.client_id", 1) + """
            \sAND ($4::text IS NULL OR a.status = $4) AND ($5::text IS NULL OR a.kind = $5)
             AND ($6::bigint IS NULL OR a.client_id = $6)
             AND ($7::timestamptz IS NULL OR a.opened_at >= $7) AND ($8::timestamptz IS NULL OR a.opened_at < $8)
             AND ($9::bigint IS NULL OR a.id < $9)
            ORDER BY a.id DESC LIMIT $10""")
        .execute(t).map(AlertStore::all);
  }

  Future<List<Alert>> openForClient(ClientScope scope, long clientId) {
    return pg.preparedQuery(SELECT + " WHERE " + ClientScope.condition("a.agency_id", "a.client_id", 1)
            + " AND a.client_id = $4 AND a.status = 'open' ORDER BY a.id")
        .execute(scope.addTo(Tuple.tuple()).addLong(clientId)).map(AlertStore::all);
  }

  Future<Optional<Alert>> ack(ClientScope scope, long id, Long staffId) {
    return pg.preparedQuery("""
            WITH a AS (UPDATE alerts a SET acked_at = coalesce(acked_at, now()), acked_by = coalesce(acked_by, $5)
                       WHERE a.id = $4 AND\s""" + ClientScope.condition("a.agency_id", "a.client_id", 1) + """
             RETURNING *)
            """ + FROM_CHANGED)
        .execute(scope.addTo(Tuple.tuple()).addLong(id).addLong(staffId)).map(AlertStore::first);
  }

  private static Optional<Alert> first(io.vertx.sqlclient.RowSet<Row> rows) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(alert(rows.iterator().next()));
  }

  private static List<Alert> all(io.vertx.sqlclient.RowSet<Row> rows) {
    List<Alert> out = new ArrayList<>();
    for (Row r : rows) out.add(alert(r));
    return out;
  }

  private static Alert alert(Row r) {
    return new Alert(r.getLong(0), r.getLong(1), r.getLong(2), r.getString(3), r.getString(4), r.getInteger(5), r.getString(6),
        (JsonObject) r.getValue(7), r.getOffsetDateTime(8), r.getOffsetDateTime(9), (JsonObject) r.getValue(10),
        r.getOffsetDateTime(11), r.getLong(12), r.getString(13));
  }
}
