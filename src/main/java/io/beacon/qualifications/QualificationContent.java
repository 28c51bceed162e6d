package io.beacon.qualifications;

import io.beacon.platform.DomainException.Invalid;
import io.beacon.platform.FieldError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** What an agency states about a client's qualification (one version's content). */
public record QualificationContent(String companyName, String creditCode, String licenceNumber, LocalDate licenceValidFrom,
                                   LocalDate licenceValidUntil, List<Document> documents, String contactName,
                                   String contactPhone, String contactEmail) {

  /** An industry qualification document (行业资质), e.g. a medical device licence. */
  public record Document(String name, String number, LocalDate validUntil) {
    JsonObject toJson() { return new JsonObject().put("name", name).put("number", number).put("validUntil", validUntil.toString()); }
  }

  static final int MAX_DOCUMENTS = 20;
  private static final Pattern PHONE = Pattern.compile("\\+?[0-9][0-9 -]{4,19}");
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

  /**
   * Reads and checks a request body; every problem is named by its field ({@code documents.0.validUntil}
   * for a document's), all at once, so a form can show them side by side.
   */
  public static QualificationContent parse(JsonObject b) {
    List<FieldError> errors = new ArrayList<>();
    String company = text(b, "companyName", 2, 200, errors);
    String code = CreditCode.normalize(b.getString("creditCode"));
    if (code == null || code.isEmpty()) errors.add(new FieldError("creditCode", "is required"));
    else CreditCode.problem(code).ifPresent(p -> errors.add(new FieldError("creditCode", p)));
    String licence = text(b, "licenceNumber", 1, 64, errors);
    LocalDate from = date(b.getString("licenceValidFrom"), "licenceValidFrom", true, errors);
    LocalDate until = date(b.getString("licenceValidUntil"), "licenceValidUntil", false, errors);
    if (from != null && until != null && !until.isAfter(from)) {
      errors.add(new FieldError("licenceValidUntil", "must be after the start of validity " + from));
    }
    JsonArray docs = b.getJsonArray("documents", new JsonArray());
    if (docs.size() > MAX_DOCUMENTS) errors.add(new FieldError("documents", "at most " + MAX_DOCUMENTS + " documents"));
    List<Document> documents = new ArrayList<>();
    for (int i = 0; i < docs.size() && i < MAX_DOCUMENTS; i++) {
      JsonObject d = docs.getJsonObject(i);
      String prefix = "documents." + i + ".";
      String name = text(d, "name", 1, 100, errors, prefix);
      String number = text(d, "number", 1, 64, errors, prefix);
      LocalDate validUntil = date(d.getString("validUntil"), prefix + "validUntil", true, errors);
      documents.add(new Document(name, number, validUntil));
    }
    String contact = text(b, "contactName", 1, 50, errors);
    String phone = trim(b.getString("contactPhone"));
    if (phone == null || !PHONE.matcher(phone).matches()) {
      errors.add(new FieldError("contactPhone", "must be a phone number (digits, spaces, dashes, optional leading +)"));
    }
    String email = trim(b.getString("contactEmail"));
    if (email != null && email.isEmpty()) email = null;
    if (email != null && !EMAIL.matcher(email).matches()) errors.add(new FieldError("contactEmail", "must be an e-mail address"));
    if (!errors.isEmpty()) throw new Invalid("The qualification has invalid fields", errors);
    return new QualificationContent(company, code, licence, from, until, List.copyOf(documents), contact, phone, email);
  }

  public JsonObject toJson() {
    return new JsonObject().put("companyName", companyName).put("creditCode", creditCode).put("licenceNumber", licenceNumber)
        .put("licenceValidFrom", licenceValidFrom.toString())
        .put("licenceValidUntil", licenceValidUntil == null ? null : licenceValidUntil.toString())
        .put("documents", new JsonArray(documents.stream().map(Document::toJson).toList()))
        .put("contactName", contactName).put("contactPhone", contactPhone).put("contactEmail", contactEmail);
  }

  static List<Document> documents(JsonArray stored) {
    List<Document> out = new ArrayList<>();
    for (int i = 0; i < stored.size(); i++) {
      JsonObject d = stored.getJsonObject(i);
      out.add(new Document(d.getString("name"), d.getString("number"), LocalDate.parse(d.getString("validUntil"))));
    }
    return out;
  }

  private static String text(JsonObject b, String field, int min, int max, List<FieldError> errors) {
    return text(b, field, min, max, errors, "");
  }

  private static String text(JsonObject b, String field, int min, int max, List<FieldError> errors, String prefix) {
    String v = trim(b.getString(field));
    if (v == null || v.isEmpty()) errors.add(new FieldError(prefix + field, "is required"));
    else if (v.length() < min || v.length() > max) errors.add(new FieldError(prefix + field, "must be " + min + " to " + max + " characters"));
    return v;
  }

  private static LocalDate date(String value, String field, boolean required, List<FieldError> errors) {
    if (value == null || value.isBlank()) {
      if (required) errors.add(new FieldError(field, "is required"));
      return null;
    }
    try {
      return LocalDate.parse(value.trim());
    } catch (DateTimeParseException e) {
      errors.add(new FieldError(field, "must be a date YYYY-MM-DD"));
      return null;
    }
  }

  private static String trim(String s) { return s == null ? null : s.trim(); }
}
