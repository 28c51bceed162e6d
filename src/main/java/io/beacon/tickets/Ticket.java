package io.beacon.tickets;

import io.vertx.core.json.JsonObject;

import java.time.Instant;

/** A ticket and its processing state. */
public record Ticket(long id, long agencyId, long submitterStaffId, String submitterName, String submitterAccount,
                     TicketContent content, TicketStatus status, String returnReason, Instant submittedAt,
                     Instant returnedAt, Instant lastUrgedAt, int urgeCount, String satisfaction,
                     String satisfactionReason, Instant createdAt, Instant updatedAt) {

  Ticket moved(TicketStatus next, Instant at) {
    return new Ticket(id, agencyId, submitterStaffId, submitterName, submitterAccount, content, next, returnReason,
        submittedAt, returnedAt, lastUrgedAt, urgeCount, satisfaction, satisfactionReason, createdAt, at);
  }

  Ticket returned(String reason, Instant at) {
    return new Ticket(id, agencyId, submitterStaffId, submitterName, submitterAccount, content, TicketStatus.RETURNED, reason,
        submittedAt, at, lastUrgedAt, urgeCount, satisfaction, satisfactionReason, createdAt, at);
  }

  Ticket resubmitted(TicketContent newContent, Instant at) {
    return new Ticket(id, agencyId, submitterStaffId, submitterName, submitterAccount, newContent, TicketStatus.PROCESSING,
        returnReason, at, returnedAt, lastUrgedAt, urgeCount, satisfaction, satisfactionReason, createdAt, at);
  }

  Ticket urged(Instant at) {
    return new Ticket(id, agencyId, submitterStaffId, submitterName, submitterAccount, content, status, returnReason,
        submittedAt, returnedAt, at, urgeCount + 1, satisfaction, satisfactionReason, createdAt, at);
  }

  Ticket rated(String result, String reason, Instant at) {
    return new Ticket(id, agencyId, submitterStaffId, submitterName, submitterAccount, content, status, returnReason,
        submittedAt, returnedAt, lastUrgedAt, urgeCount, result, reason, createdAt, at);
  }

  public JsonObject toJson() {
    return content.toJson().put("id", id).put("status", status.dbValue())
        .put("submitter", new JsonObject().put("staffId", submitterStaffId).put("name", submitterName).put("account", submitterAccount))
        .put("returnReason", returnReason).put("submittedAt", submittedAt.toString())
        .put("returnedAt", returnedAt == null ? null : returnedAt.toString())
        .put("lastUrgedAt", lastUrgedAt == null ? null : lastUrgedAt.toString()).put("urgeCount", urgeCount)
        .put("satisfaction", satisfaction == null ? null : new JsonObject().put("result", satisfaction).put("reason", satisfactionReason))
        .put("createdAt", createdAt.toString()).put("updatedAt", updatedAt.toString());
  }
}
