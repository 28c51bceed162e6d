package io.beacon.tickets;

import io.vertx.core.json.JsonObject;

import java.time.Instant;

/** One entry of a ticket's progress timeline: a state change, an urge, a note or a rating. */
public record TicketEvent(Instant at, String kind, String actor, Long staffId, String staffName, TicketStatus from,
                          TicketStatus to, String note) {

  public JsonObject toJson() {
    return new JsonObject().put("at", at.toString()).put("kind", kind).put("actor", actor).put("staffId", staffId)
        .put("staffName", staffName).put("fromStatus", from == null ? null : from.dbValue())
        .put("toStatus", to == null ? null : to.dbValue()).put("note", note);
  }
}
