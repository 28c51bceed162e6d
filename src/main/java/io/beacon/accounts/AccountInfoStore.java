package io.beacon.accounts;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

import static io.beacon.accounts.AuthorizationStore.utc;

/** SQL of the agency's account information and of one's own contact details (profile). */
public final class AccountInfoStore {
  private final Pool pg;

  public AccountInfoStore(Pool pg) { this.pg = pg; }

  /** What the platform says of an agency; the certificate's bytes are read only for its download. */
  public record AccountUpdate(String alipayAccount, String approvalStatus, String certificationStatus, String merchantTag,
                              String certificateName, String certificateType, byte[] certificate, LocalDate certificateValidUntil) {}

  public record Certificate(String name, String type, Buffer content) {}

  public Future<JsonObject> account(long agencyId) {
    return pg.preparedQuery("""
            SELECT a.id, a.name, a.pid, x.alipay_account, coalesce(x.approval_status, 'pending') AS approval_status,
                   coalesce(x.certification_status, 'uncertified') AS certification_status, x.merchant_tag, x.certificate_name,
                   x.certificate_valid_until, x.updated_at
              FROM agencies a LEFT JOIN agency_accounts x ON x.agency_id = a.id WHERE a.id = $1""")
        .execute(Tuple.of(agencyId))
        .map(rows -> rows.size() == 0 ? null : json(rows.iterator().next()));
  }

  /** Writes the platform's view of an agency; null when the agency does not exist. A null certificate keeps the stored one. */
  public Future<JsonObject> update(long agencyId, AccountUpdate u, Instant at) {
    return pg.preparedQuery("""
            INSERT INTO agency_accounts (agency_id, alipay_account, approval_status, certification_status, merchant_tag,
                                         certificate_name, certificate_type, certificate, certificate_valid_until, updated_at)
            SELECT id, $2, $3, $4, $5, $6, $7, $8, $9, $10 FROM agencies WHERE id = $1
            ON CONFLICT (agency_id) DO UPDATE SET alipay_account = excluded.alipay_account, approval_status = excluded.approval_status,
              certification_status = excluded.certification_status, merchant_tag = excluded.merchant_tag,
              certificate_name = coalesce(excluded.certificate_name, agency_accounts.certificate_name),
              certificate_type = coalesce(excluded.certificate_type, agency_accounts.certificate_type),
              certificate = coalesce(excluded.certificate, agency_accounts.certificate),
              certificate_valid_until = coalesce(excluded.certificate_valid_until, agency_accounts.certificate_valid_until),
              updated_at = excluded.updated_at
            RETURNING agency_id""")
        .execute(Tuple.tuple().addLong(agencyId).addString(u.alipayAccount()).addString(u.approvalStatus())
            .addString(u.certificationStatus()).addString(u.merchantTag()).addString(u.certificateName()).addString(u.certificateType())
            .addBuffer(u.certificate() == null ? null : Buffer.buffer(u.certificate())).addLocalDate(u.certificateValidUntil())
            .addOffsetDateTime(utc(at)))
        .compose(rows -> rows.size() == 0 ? Future.succeededFuture(null) : account(agencyId));
  }

  public Future<Optional<Certificate>> certificate(long agencyId) {
    return pg.preparedQuery("SELECT certificate_name, certificate_type, certificate FROM agency_accounts WHERE agency_id = $1 AND certificate IS NOT NULL")
        .execute(Tuple.of(agencyId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next()).map(r ->
            new Certificate(r.getString(0), r.getString(1), r.getBuffer(2))));
  }

  /** The login's own contact details. */
  public Future<JsonObject> contact(long loginId) {
    return pg.preparedQuery("SELECT account, display_name, phone, email FROM logins WHERE id = $1").execute(Tuple.of(loginId))
        .map(rows -> {
          Row r = rows.iterator().next();
          return new JsonObject().put("account", r.getString("account")).put("name", r.getString("display_name"))
              .put("phone", r.getString("phone")).put("email", r.getString("email"));
        });
  }

  /** Changes the login's phone and e-mail (a null field is left as it is). */
  public Future<JsonObject> updateContact(long loginId, String phone, String email) {
    return pg.preparedQuery("UPDATE logins SET phone = coalesce($2, phone), email = coalesce($3, email) WHERE id = $1")
        .execute(Tuple.tuple().addLong(loginId).addString(phone).addString(email))
        .compose(v -> contact(loginId));
  }

  private static JsonObject json(Row r) {
    String certificate = r.getString("certificate_name");
    return new JsonObject()
        .put("agency", new JsonObject().put("id", r.getLong("id")).put("name", r.getString("name")).put("pid", r.getString("pid")))
        .put("accountName", r.getString("name")).put("alipayAccount", r.getString("alipay_account")).put("pid", r.getString("pid"))
        .put("approvalStatus", r.getString("approval_status")).put("certificationStatus", r.getString("certification_status"))
        .put("merchantTag", r.getString("merchant_tag"))
        .put("certificate", certificate == null ? null : new JsonObject().put("fileName", certificate)
            .put("validUntil", r.getLocalDate("certificate_valid_until") == null ? null : r.getLocalDate("certificate_valid_until").toString())
            .put("downloadUrl", "/api/v1/account/certificate"))
        .put("updatedAt", r.getOffsetDateTime("updated_at") == null ? null : r.getOffsetDateTime("updated_at").toInstant().toString());
  }
}
