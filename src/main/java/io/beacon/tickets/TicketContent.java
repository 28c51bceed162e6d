package io.beacon.tickets;

import io.beacon.platform.DomainException.Invalid;
import io.vertx.core.json.JsonObject;

import java.time.Instant;

/** What the submitter writes; a category change clears everything but the title. */
public record TicketContent(Long clientId, String category, String title, String unitId, Instant occurredFrom,
                            Instant occurredTo, Long spendImpactFen, String selfCheckResult, String description) {

  public static final java.util.List<String> CATEGORIES = java.util.List.of("delivery_effect", "delivery_product", "product_consultation");

  /** The content left after changing the category: the title alone. */
  public TicketContent cleared(String newCategory) {
    return new TicketContent(null, newCategory, title, null, null, null, null, null, null);
  }

  /** This content with the fields present in {@code b} replaced. */
  public TicketContent merge(JsonObject b) {
    return new TicketContent(
        b.containsKey("clientId") ? b.getLong("clientId") : clientId,
        b.getString("category", category),
        b.getString("title", title),
        b.containsKey("unitId") ? b.getString("unitId") : unitId,
        b.containsKey("occurredFrom") ? instant(b.getString("occurredFrom"), "occurredFrom") : occurredFrom,
        b.containsKey("occurredTo") ? instant(b.getString("occurredTo"), "occurredTo") : occurredTo,
        b.containsKey("spendImpactFen") ? b.getLong("spendImpactFen") : spendImpactFen,
        b.getString("selfCheckResult", selfCheckResult),
        b.getString("description", description));
  }

  public static TicketContent empty() { return new TicketContent(null, null, null, null, null, null, null, null, null); }

  public JsonObject toJson() {
    return new JsonObject().put("clientId", clientId).put("category", category).put("title", title).put("unitId", unitId)
        .put("occurredFrom", occurredFrom == null ? null : occurredFrom.toString())
        .put("occurredTo", occurredTo == null ? null : occurredTo.toString())
        .put("spendImpactFen", spendImpactFen).put("selfCheckResult", selfCheckResult).put("description", description);
  }

  private static Instant instant(String s, String field) {
    try {
      return s == null ? null : java.time.OffsetDateTime.parse(s).toInstant();
    } catch (java.time.DateTimeException e) {
      throw new io.beacon.platform.DomainException.Invalid(field, "an ISO date-time with offset, e.g. 2026-11-26T08:00:00+08:00");
    }
  }
}
