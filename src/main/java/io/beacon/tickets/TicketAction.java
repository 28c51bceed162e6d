package io.beacon.tickets;

import io.beacon.platform.DomainException.Conflict;
import io.vertx.core.json.JsonObject;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

import static io.beacon.tickets.TicketStatus.CANCELLED;
import static io.beacon.tickets.TicketStatus.COMPLETED;
import static io.beacon.tickets.TicketStatus.PROCESSING;
import static io.beacon.tickets.TicketStatus.RETURNED;

/**
 * The ticket state machine: every action names the states it may start from and the state it leads
 * to (null: the state stays). Nothing else changes a ticket's status.
 * <pre>
 *   submit ──▶ processing ──return──▶ returned ──resubmit──▶ processing
 *              processing ──complete─▶ completed (rate once)
 *              processing | returned ──cancel──▶ cancelled;  returned ──14 days──▶ cancelled (auto)
 * </pre>
 */
public enum TicketAction {
  URGE(EnumSet.of(PROCESSING), null),
  CANCEL(EnumSet.of(PROCESSING, RETURNED), CANCELLED),
  RESUBMIT(EnumSet.of(RETURNED), PROCESSING),
  AUTO_CANCEL(EnumSet.of(RETURNED), CANCELLED),
  RETURN(EnumSet.of(PROCESSING), RETURNED),
  COMPLETE(EnumSet.of(PROCESSING), COMPLETED),
  NOTE(EnumSet.of(PROCESSING, RETURNED), null),
  RATE(EnumSet.of(COMPLETED), null);

  private final Set<TicketStatus> from;
  private final TicketStatus to;

  TicketAction(Set<TicketStatus> from, TicketStatus to) {
    this.from = from;
    this.to = to;
  }

  /** The state after this action from {@code current}, or a 409 naming the current state. */
  public TicketStatus apply(TicketStatus current) {
    if (!from.contains(current)) {
      throw new Conflict("illegal-transition",
          "The ticket is " + current.dbValue() + "; it cannot be " + pastTense(),
          new JsonObject().put("currentState", current.dbValue()).put("action", eventKind()));
    }
    return to == null ? current : to;
  }

  /** The timeline event kind of this action. */
  public String eventKind() {
    return switch (this) {
      case URGE -> "urged";
      case CANCEL -> "cancelled";
      case RESUBMIT -> "resubmitted";
      case AUTO_CANCEL -> "auto_cancelled";
      case RETURN -> "returned";
      case COMPLETE -> "completed";
      case NOTE -> "note";
      case RATE -> "rated";
    };
  }

  private String pastTense() {
    return switch (this) {
      case NOTE -> "annotated";
      case RATE -> "rated";
      default -> eventKind().replace('_', '-').toLowerCase(Locale.ROOT);
    };
  }
}
