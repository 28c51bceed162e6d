package io.beacon.accounts;

import io.beacon.auth.ClientScope;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static io.beacon.accounts.AuthorizationStore.instant;
import static io.beacon.accounts.AuthorizationStore.text;
import static io.beacon.accounts.AuthorizationStore.utc;

/**
 * SQL of asset authorisations (资产授权) and of the lead forms (留资数据) of clients that granted lead-data
 * access. Scoped by {@link ClientScope} ($1..$3) like every client query.
 */
public final class AssetStore {
  private static final String SELECT = """
      SELECT a.id, a.client_id, c.name AS client_name, a.asset, a.status, a.note, a.requested_by, s.name AS requested_by_name,
             a.requested_at, a.decided_at, a.refuse_reason, count(*) OVER () AS total
        FROM asset_authorizations a JOIN clients c ON c.id = a.client_id AND c.agency_id = a.agency_id
        LEFT JOIN staff s ON s.id = a.requested_by
       WHERE """ + ClientScope.condition("a.agency_id", "a.client_id", 1);

  private final Pool pg;

  public AssetStore(Pool pg) { this.pg = pg; }

  public record AssetAuthorization(long id, long clientId, String clientName, String asset, String status, String note,
                                   Long requestedBy, String requestedByName, Instant requestedAt, Instant decidedAt,
                                   String refuseReason) {
    public JsonObject toJson() {
      return new JsonObject().put("id", id).put("clientId", clientId).put("clientName", clientName).put("asset", asset)
          .put("status", status).put("note", note)
          .put("requestedBy", requestedBy == null ? null : new JsonObject().put("id", requestedBy).put("name", requestedByName))
          .put("requestedAt", text(requestedAt)).put("decidedAt", text(decidedAt)).put("refuseReason", refuseReason);
    }
  }

  public record ClientLead(long id, long clientId, String clientName, String contactName, String phone, String form, String message,
                           Instant submittedAt) {
    public JsonObject toJson() {
      return new JsonObject().put("id", id).put("clientId", clientId).put("clientName", clientName).put("contactName", contactName)
          .put("phone", phone).put("form", form).put("message", message).put("submittedAt", submittedAt.toString());
    }
  }

  public Future<AccountsStore.Page<AssetAuthorization>> list(ClientScope scope, String status, String asset, Long clientId,
                                                                  int limit, int offset) {
    return pg.preparedQuery(SELECT + """
             AND ($4::text IS NULL OR a.status = $4) AND ($5::text IS NULL OR a.asset = $5) AND ($6::bigint IS NULL OR a.client_id = $6)
             ORDER BY a.requested_at DESC, a.id DESC LIMIT $7 OFFSET $8""")
        .execute(scope.addTo(Tuple.tuple()).addString(status).addString(asset).addLong(clientId).addInteger(limit).addInteger(offset))
        .map(rows -> AccountsStore.page(rows, AssetStore::authorization));
  }

  public Future<Map<String, Long>> counts(ClientScope scope) {
    return pg.preparedQuery("SELECT a.status, count(*) FROM asset_authorizations a WHERE "
            + ClientScope.condition("a.agency_id", "a.client_id", 1) + " GROUP BY 1")
        .execute(scope.addTo(Tuple.tuple()))
        .map(rows -> {
          Map<String, Long> out = new TreeMap<>(Map.of("pending", 0L, "accepted", 0L, "refused", 0L));
          rows.forEach(r -> out.put(r.getString(0), r.getLong(1)));
          return out;
        });
  }

  public Future<Optional<AssetAuthorization>> get(ClientScope scope, long id) {
    return pg.preparedQuery(SELECT + " AND a.id = $4").execute(scope.addTo(Tuple.tuple()).addLong(id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(authorization(rows.iterator().next())));
  }

  /** A new pending request; empty when one for this client and asset is already pending or accepted. */
  public Future<Optional<Long>> request(long agencyId, long clientId, String asset, String note, Long staffId, Instant at) {
    return pg.preparedQuery("""
            INSERT INTO asset_authorizations (agency_id, client_id, asset, note, requested_by, requested_at)
            VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (client_id, asset) WHERE status IN ('pending', 'accepted') DO NOTHING
            RETURNING id""")
        .execute(Tuple.tuple().addLong(agencyId).addLong(clientId).addString(asset).addString(note).addLong(staffId)
            .addOffsetDateTime(utc(at)))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getLong(0)));
  }

  /** The client's answer to a pending request of its own; false when the request is not pending. */
  public Future<Boolean> decide(long agencyId, long clientId, long id, boolean accept, String reason, Long loginId, Instant at) {
    return pg.preparedQuery("""
            UPDATE asset_authorizations SET status = $4, decided_at = $5, decided_by_login = $6, refuse_reason = $7
             WHERE agency_id = $1 AND client_id = $2 AND id = $3 AND status = 'pending'""")
        .execute(Tuple.tuple().addLong(agencyId).addLong(clientId).addLong(id).addString(accept ? "accepted" : "refused")
            .addOffsetDateTime(utc(at)).addLong(loginId).addString(accept ? null : reason))
        .map(rows -> rows.rowCount() > 0);
  }

  /** Lead forms of clients in scope whose lead-data access is accepted, newest first. */
  public Future<AccountsStore.Page<ClientLead>> leads(ClientScope scope, Long clientId, int limit, int offset) {
    return pg.preparedQuery("""
            SELECT l.id, l.client_id, c.name AS client_name, l.contact_name, l.phone, l.form, l.message, l.submitted_at,
                   count(*) OVER () AS total
              FROM client_lead_submissions l JOIN clients c ON c.id = l.client_id AND c.agency_id = l.agency_id
             WHERE""" + ClientScope.condition("l.agency_id", "l.client_id", 1) + """
               AND EXISTS (SELECT 1 FROM asset_authorizations a WHERE a.agency_id = l.agency_id AND a.client_id = l.client_id
                              AND a.asset = 'lead_data' AND a.status = 'accepted')
               AND ($4::bigint IS NULL OR l.client_id = $4)
             ORDER BY l.submitted_at DESC, l.id DESC LIMIT $5 OFFSET $6""")
        .execute(scope.addTo(Tuple.tuple()).addLong(clientId).addInteger(limit).addInteger(offset))
        .map(rows -> AccountsStore.page(rows, r -> new ClientLead(r.getLong("id"), r.getLong("client_id"), r.getString("client_name"),
            r.getString("contact_name"), r.getString("phone"), r.getString("form"), r.getString("message"),
            r.getOffsetDateTime("submitted_at").toInstant())));
  }

  /** Records a lead form submitted to a client's ads; the client's agency and name, empty for an unknown client. */
  public Future<Optional<ClientLead>> insertLead(long clientId, String contactName, String phone, String form, String message,
                                                 Instant submittedAt) {
    return pg.preparedQuery("""
            INSERT INTO client_lead_submissions (agency_id, client_id, contact_name, phone, form, message, submitted_at)
            SELECT c.agency_id, c.id, $2, $3, $4, $5, $6 FROM clients c WHERE c.id = $1
            RETURNING id, client_id, contact_name, phone, form, message, submitted_at,
                      (SELECT name FROM clients WHERE id = $1) AS client_name""")
        .execute(Tuple.tuple().addLong(clientId).addString(contactName).addString(phone).addString(form).addString(message)
            .addOffsetDateTime(utc(submittedAt)))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next()).map(r -> new ClientLead(
            r.getLong("id"), r.getLong("client_id"), r.getString("client_name"), r.getString("contact_name"), r.getString("phone"),
            r.getString("form"), r.getString("message"), r.getOffsetDateTime("submitted_at").toInstant())));
  }

  private static AssetAuthorization authorization(Row r) {
    return new AssetAuthorization(r.getLong("id"), r.getLong("client_id"), r.getString("client_name"), r.getString("asset"),
        r.getString("status"), r.getString("note"), r.getLong("requested_by"), r.getString("requested_by_name"),
        instant(r, "requested_at"), instant(r, "decided_at"), r.getString("refuse_reason"));
  }
}
