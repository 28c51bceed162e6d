package io.beacon.accounts;

import io.beacon.auth.Caller;
import io.beacon.platform.DomainException.Invalid;
import io.beacon.platform.DomainException.NotFound;
import io.beacon.platform.FieldError;
import io.beacon.platform.Platform;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Account information (账户信息) as the platform keeps it (approval, certification, certificate, merchant tag;
 * written by the operator API) and one's own profile: every role changes only its own phone and e-mail here.
 */
public final class AccountInfo {
  private static final Pattern PHONE = Pattern.compile("\\+?[0-9][0-9 -]{4,19}");
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
  /** Certificates are small scans or PDFs. */
  static final int CERTIFICATE_MAX_BYTES = 2 * 1024 * 1024;

  private final Platform platform;
  private final AccountInfoStore store;

  public AccountInfo(Platform platform) {
    this.platform = platform;
    this.store = new AccountInfoStore(platform.pg());
  }

  public AccountInfoStore store() { return store; }

  public Future<JsonObject> account(Caller caller) { return store.account(caller.agencyId()); }

  public Future<AccountInfoStore.Certificate> certificate(Caller caller) {
    return store.certificate(caller.agencyId()).compose(c -> c.isPresent() ? Future.succeededFuture(c.get())
        : Future.failedFuture(new NotFound("Certificate")));
  }

  /** The operator's update of an agency's account information; 404 for an unknown agency. */
  public Future<JsonObject> update(long agencyId, JsonObject b) {
    JsonObject cert = b.getJsonObject("certificate");
    byte[] content = null;
    LocalDate validUntil = null;
    List<FieldError> errors = new ArrayList<>();
    if (cert != null) {
      try {
        content = Base64.getDecoder().decode(cert.getString("contentBase64"));
        if (content.length == 0 || content.length > CERTIFICATE_MAX_BYTES) {
          errors.add(new FieldError("certificate.contentBase64", "must hold 1 byte to 2 MiB"));
        }
      } catch (IllegalArgumentException e) {
        errors.add(new FieldError("certificate.contentBase64", "must be base64"));
      }
      try {
        validUntil = cert.getString("validUntil") == null ? null : LocalDate.parse(cert.getString("validUntil"));
      } catch (RuntimeException e) {
        errors.add(new FieldError("certificate.validUntil", "must be a date like 2027-12-31"));
      }
    }
    if (!errors.isEmpty()) return Future.failedFuture(new Invalid("The account information has invalid fields", errors));
    var update = new AccountInfoStore.AccountUpdate(b.getString("alipayAccount"), b.getString("approvalStatus"),
        b.getString("certificationStatus"), b.getString("merchantTag"), cert == null ? null : cert.getString("fileName"),
        cert == null ? null : cert.getString("contentType"), content, validUntil);
    return store.update(agencyId, update, platform.clock().instant())
        .compose(a -> a == null ? Future.failedFuture(new NotFound("Agency")) : Future.succeededFuture(a));
  }

  public Future<JsonObject> contact(Caller caller) { return store.contact(caller.loginId()); }

  /** Changes the caller's own phone and/or e-mail; malformed values are 400 naming the field. */
  public Future<JsonObject> updateContact(Caller caller, JsonObject b) {
    String phone = b.getString("phone") == null ? null : b.getString("phone").trim();
    String email = b.getString("email") == null ? null : b.getString("email").trim();
    List<FieldError> errors = new ArrayList<>();
    if (phone != null && !PHONE.matcher(phone).matches()) errors.add(new FieldError("phone", "must be a phone number"));
    if (email != null && !EMAIL.matcher(email).matches()) errors.add(new FieldError("email", "must be an e-mail address"));
    if (phone == null && email == null) errors.add(new FieldError("phone", "give a phone or an e-mail to change"));
    if (!errors.isEmpty()) return Future.failedFuture(new Invalid("The profile has invalid fields", errors));
    return store.updateContact(caller.loginId(), phone, email);
  }
}
