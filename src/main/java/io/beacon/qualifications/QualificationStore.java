package io.beacon.qualifications;

import io.beacon.auth.ClientScope;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** SQL of qualifications. Agency-side reads and writes go through the caller's client scope. */
public final class QualificationStore {
  private static final String SELECT = """
      SELECT q.*, c.name AS client_name, s.name AS submitted_by_name
      FROM qualification_versions q JOIN clients c ON c.id = q.client_id LEFT JOIN staff s ON s.id = q.submitted_by""";

  /** Who and where an operator decision came from, for the agency's operation log. */
  public record OperatorAudit(String action, String ip, String requestId) {}

  /** A review decision taken, or refused because the version was no longer pending ({@code decided} false). */
  public record Review(boolean decided, Qualification version) {}

  /** An expiry warning newly recorded: the notice still has to be sent. */
  public record Expiring(long agencyId, long clientId, String clientName, String document, LocalDate validUntil) {}

  private final Pool pg;

  public QualificationStore(Pool pg) { this.pg = pg; }

  /** The client's name when the scope sees it, else empty (another agency's, unassigned or missing: 404). */
  public Future<Optional<String>> visibleClient(ClientScope scope, long clientId) {
    return pg.preparedQuery("SELECT c.name FROM clients c WHERE c.id = $4 AND " + ClientScope.condition("c.agency_id", "c.id", 1))
        .execute(scope.addTo(Tuple.tuple()).addLong(clientId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getString(0)));
  }

  /** Every version of the client's qualification, newest first (the caller has checked the client is visible). */
  public Future<List<Qualification>> versions(ClientScope scope, long clientId) {
    return pg.preparedQuery(SELECT + " WHERE q.client_id = $4 AND " + ClientScope.condition("q.agency_id", "q.client_id", 1)
            + " ORDER BY q.version DESC")
        .execute(scope.addTo(Tuple.tuple()).addLong(clientId))
        .map(QualificationStore::all);
  }

  /**
   * A new version pending review; a version still pending is superseded by it. The client row is locked
   * so two edits at once get consecutive versions. Empty when the scope does not see the client.
   */
  public Future<Optional<Qualification>> submit(ClientScope scope, long clientId, QualificationContent c, Long staffId, Instant at) {
    return pg.withTransaction(conn -> conn.preparedQuery("SELECT c.id FROM clients c WHERE c.id = $4 AND "
                + ClientScope.condition("c.agency_id", "c.id", 1) + " FOR UPDATE")
        .execute(scope.addTo(Tuple.tuple()).addLong(clientId))
        .compose(found -> {
          if (found.size() == 0) return Future.succeededFuture(Optional.<Qualification>empty());
          return conn.preparedQuery("UPDATE qualification_versions SET state = 'superseded' WHERE client_id = $1 AND state = 'pending'")
              .execute(Tuple.of(clientId))
              .compose(v -> conn.preparedQuery("""
                      INSERT INTO qualification_versions (agency_id, client_id, version, company_name, credit_code, licence_number,
                        licence_valid_from, licence_valid_until, documents, contact_name, contact_phone, contact_email, state,
                        submitted_by, submitted_at)
                      SELECT $1, $2, COALESCE(MAX(version), 0) + 1, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'pending', $12, $13
                      FROM qualification_versions WHERE client_id = $2
                      RETURNING id""")
                  .execute(Tuple.tuple().addLong(scope.agencyId()).addLong(clientId).addString(c.companyName())
                      .addString(c.creditCode()).addString(c.licenceNumber()).addLocalDate(c.licenceValidFrom())
                      .addLocalDate(c.licenceValidUntil()).addValue(new JsonArray(c.documents().stream()
                          .map(QualificationContent.Document::toJson).toList()))
                      .addString(c.contactName()).addString(c.contactPhone()).addString(c.contactEmail())
                      .addLong(staffId).addOffsetDateTime(utc(at))))
              .compose(rows -> byId(conn, rows.iterator().next().getLong(0)))
              .map(Optional::of);
        }));
  }

  /**
   * The operator's decision on a version (any agency): pending → approved / rejected, written to the
   * agency's operation log in the same transaction. Empty when there is no such version.
   */
  public Future<Optional<Review>> review(long versionId, boolean approve, String reason, String note, Instant at, OperatorAudit audit) {
    return pg.withTransaction(conn -> conn.preparedQuery("SELECT state FROM qualification_versions WHERE id = $1 FOR UPDATE")
        .execute(Tuple.of(versionId))
        .compose(rows -> {
          if (rows.size() == 0) return Future.succeededFuture(Optional.<Review>empty());
          String before = rows.iterator().next().getString(0);
          if (!"pending".equals(before)) return byId(conn, versionId).map(q -> Optional.of(new Review(false, q)));
          String after = approve ? "approved" : "rejected";
          return conn.preparedQuery("""
                  UPDATE qualification_versions SET state = $2, reject_reason = $3, review_note = $4, reviewed_at = $5
                  WHERE id = $1""")
              .execute(Tuple.tuple().addLong(versionId).addString(after).addString(approve ? null : reason).addString(note)
                  .addOffsetDateTime(utc(at)))
              .compose(v -> conn.preparedQuery("""
                      INSERT INTO operation_log (agency_id, action, target_type, target_id, before, after, ip, request_id, at)
                      SELECT agency_id, $2, 'clients', client_id::text, $3, $4, $5, $6, $7
                      FROM qualification_versions WHERE id = $1""")
                  .execute(Tuple.tuple().addLong(versionId).addString(audit.action())
                      .addValue(new JsonObject().put("version", versionId).put("state", before))
                      .addValue(new JsonObject().put("version", versionId).put("state", after).put("reason", approve ? null : reason))
                      .addString(audit.ip()).addString(audit.requestId()).addOffsetDateTime(utc(at))))
              .compose(v -> byId(conn, versionId))
              .map(q -> Optional.of(new Review(true, q)));
        }));
  }

  /** Versions awaiting review across agencies, oldest first (the operator's queue). */
  public Future<List<Qualification>> pending(int page, int pageSize) {
    return pg.preparedQuery(SELECT + " WHERE q.state = 'pending' ORDER BY q.submitted_at, q.id LIMIT $1 OFFSET $2")
        .execute(Tuple.of(pageSize, (page - 1) * pageSize))
        .map(QualificationStore::all);
  }

  public Future<Long> pendingCount() {
    return pg.query("SELECT count(*) FROM qualification_versions WHERE state = 'pending'").execute()
        .map(rows -> rows.iterator().next().getLong(0));
  }

  /**
   * Records a warning for each document of an approved qualification (the latest approved version per
   * client; the business licence counts as one) valid until no later than {@code days} after today in
   * its agency's zone, and returns those not warned of before.
   */
  public Future<List<Expiring>> recordExpiring(Instant now, int days) {
    return pg.preparedQuery("""
            WITH latest AS (
              SELECT DISTINCT ON (q.client_id) q.* FROM qualification_versions q WHERE q.state = 'approved'
              ORDER BY q.client_id, q.version DESC
            ), docs AS (
              SELECT l.agency_id, l.client_id, '营业执照 Business licence ' || l.licence_number AS document,
                     l.licence_valid_until AS valid_until
              FROM latest l WHERE l.licence_valid_until IS NOT NULL
              UNION ALL
              SELECT l.agency_id, l.client_id, (d->>'name') || ' ' || (d->>'number'), (d->>'validUntil')::date
              FROM latest l CROSS JOIN LATERAL jsonb_array_elements(l.documents) d
            ), inserted AS (
              INSERT INTO qualification_expiry_warnings (agency_id, client_id, document, valid_until, warned_at)
              SELECT d.agency_id, d.client_id, d.document, d.valid_until, $1
              FROM docs d JOIN agencies a ON a.id = d.agency_id
              WHERE d.valid_until <= ($1 AT TIME ZONE a.time_zone)::date + $2::int
              ON CONFLICT DO NOTHING
              RETURNING agency_id, client_id, document, valid_until
            )
            SELECT i.*, c.name AS client_name FROM inserted i JOIN clients c ON c.id = i.client_id
            ORDER BY i.agency_id, i.client_id, i.valid_until""")
        .execute(Tuple.tuple().addOffsetDateTime(utc(now)).addInteger(days))
        .map(rows -> {
          List<Expiring> out = new ArrayList<>();
          rows.forEach(r -> out.add(new Expiring(r.getLong("agency_id"), r.getLong("client_id"), r.getString("client_name"),
              r.getString("document"), r.getLocalDate("valid_until"))));
          return out;
        });
  }

  /** Demo data: a version as it stood after its review, written as is (no supersede, no log). */
  public Future<Void> insertDemo(long agencyId, long clientId, int version, QualificationContent c, String state,
                                 String rejectReason, Long staffId, Instant submittedAt, Instant reviewedAt) {
    return pg.preparedQuery("""
            INSERT INTO qualification_versions (agency_id, client_id, version, company_name, credit_code, licence_number,
              licence_valid_from, licence_valid_until, documents, contact_name, contact_phone, contact_email, state,
              reject_reason, submitted_by, submitted_at, reviewed_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)""")
        .execute(Tuple.tuple().addLong(agencyId).addLong(clientId).addInteger(version).addString(c.companyName())
            .addString(c.creditCode()).addString(c.licenceNumber()).addLocalDate(c.licenceValidFrom())
            .addLocalDate(c.licenceValidUntil()).addValue(new JsonArray(c.documents().stream()
                .map(QualificationContent.Document::toJson).toList()))
            .addString(c.contactName()).addString(c.contactPhone()).addString(c.contactEmail()).addString(state)
            .addString(rejectReason).addLong(staffId).addOffsetDateTime(utc(submittedAt))
            .addOffsetDateTime(reviewedAt == null ? null : utc(reviewedAt)))
        .mapEmpty();
  }

  /** Names of the agency's clients among {@code ids}. */
  public Future<java.util.Map<Long, String>> clientNames(long agencyId, List<Long> ids) {
    return pg.preparedQuery("SELECT id, name FROM clients WHERE agency_id = $1 AND id = ANY($2)")
        .execute(Tuple.tuple().addLong(agencyId).addArrayOfLong(ids.toArray(Long[]::new)))
        .map(rows -> {
          java.util.Map<Long, String> out = new java.util.HashMap<>();
          rows.forEach(r -> out.put(r.getLong(0), r.getString(1)));
          return out;
        });
  }

  private static Future<Qualification> byId(SqlConnection conn, long id) {
    return conn.preparedQuery(SELECT + " WHERE q.id = $1").execute(Tuple.of(id)).map(rows -> version(rows.iterator().next()));
  }

  private static List<Qualification> all(Iterable<Row> rows) {
    List<Qualification> out = new ArrayList<>();
    rows.forEach(r -> out.add(version(r)));
    return out;
  }

  private static Qualification version(Row r) {
    Object docs = r.getValue("documents");
    JsonArray documents = docs instanceof JsonArray a ? a : new JsonArray(String.valueOf(docs));
    QualificationContent content = new QualificationContent(r.getString("company_name"), r.getString("credit_code"),
        r.getString("licence_number"), r.getLocalDate("licence_valid_from"), r.getLocalDate("licence_valid_until"),
        QualificationContent.documents(documents), r.getString("contact_name"), r.getString("contact_phone"),
        r.getString("contact_email"));
    OffsetDateTime reviewed = r.getOffsetDateTime("reviewed_at");
    return new Qualification(r.getLong("id"), r.getLong("agency_id"), r.getLong("client_id"), r.getString("client_name"),
        r.getInteger("version"), content, r.getString("state"), r.getString("reject_reason"), r.getString("review_note"),
        r.getString("submitted_by_name"), r.getOffsetDateTime("submitted_at").toInstant(), reviewed == null ? null : reviewed.toInstant());
  }

  private static OffsetDateTime utc(Instant at) { return OffsetDateTime.ofInstant(at, ZoneOffset.UTC); }
}
