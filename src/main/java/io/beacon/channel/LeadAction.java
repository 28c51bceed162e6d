package io.beacon.channel;

import io.beacon.platform.DomainException.Conflict;
import io.vertx.core.json.JsonObject;

import java.util.EnumSet;
import java.util.Set;

import static io.beacon.channel.LeadState.COMPLETED;
import static io.beacon.channel.LeadState.FOLLOWING;
import static io.beacon.channel.LeadState.INVALID;
import static io.beacon.channel.LeadState.OPEN;
import static io.beacon.channel.LeadState.PENDING;
import static io.beacon.channel.LeadState.VALID;

/**
 * The lead / opportunity state machine: each action names the states it may start from.
 * <pre>
 *   import ──▶ pending ──follow-up──▶ following | valid | invalid   (any open state to any of these)
 *   pending ──first call──▶ following
 *   pending | following | valid ──convert (private contact made)──▶ completed  (+ a new opportunity)
 *   any open state ──expiry timer──▶ expired
 *   opportunity: following ──follow-up──▶ following | valid | invalid | completed
 * </pre>
 * Completed and expired are final: nothing may be called, followed up, assigned or converted.
 */
public enum LeadAction {
  ASSIGN(OPEN), FOLLOW_UP(OPEN), CALL(OPEN), LINK_COMPANY(OPEN),
  CONVERT(EnumSet.of(PENDING, FOLLOWING, VALID)), EXPIRE(OPEN);

  /** States a lead follow-up may set. */
  public static final Set<LeadState> LEAD_FOLLOW_UP_STATES = EnumSet.of(FOLLOWING, VALID, INVALID);
  /** States an opportunity follow-up may set (completed: the account was opened). */
  public static final Set<LeadState> OPPORTUNITY_FOLLOW_UP_STATES = EnumSet.of(FOLLOWING, VALID, INVALID, COMPLETED);

  private final Set<LeadState> from;

  LeadAction(Set<LeadState> from) { this.from = from; }

  public Set<LeadState> from() { return from; }

  /** Refuses with 409 naming the current state unless the action may start from it. */
  public void check(String what, LeadState current) {
    if (!from.contains(current)) {
      throw new Conflict("illegal-transition",
          "The " + what + " is " + current.dbValue() + "; " + name().toLowerCase().replace('_', ' ') + " is not possible",
          new JsonObject().put("currentState", current.dbValue()));
    }
  }
}
