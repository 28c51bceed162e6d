package io.beacon.live.push;

import io.beacon.auth.Caller;
import io.beacon.auth.Capability;

import java.util.Locale;

/**
 * What a dashboard or program can subscribe to, the capability each needs (from the one role table,
 * {@link io.beacon.auth.Role}), and which message types belong to it. A message addressed to one staff
 * member ({@code staffId}) reaches only that person, unless the topic names a capability that sees
 * everybody's (all tickets, all leads).
 */
public enum Topic {
  /** Agency totals, computed per connection scope from the clients it may see. */
  AGENCY(Capability.CLIENTS_VIEW, null),
  /** Live counters of each visible client. */
  CLIENTS(Capability.CLIENTS_VIEW, null),
  /** alert / alert-updated / alert-cleared of visible clients (agency-level alerts only for whole-agency scopes). */
  ALERTS(Capability.CLIENTS_VIEW, null),
  /** Message-center notices. */
  NOTICES(Capability.SIGNED_IN, null),
  /** ticket* messages. */
  TICKETS(Capability.TICKETS_SUBMIT, Capability.TICKETS_ALL),
  /** lead* and opportunity* messages. */
  LEADS(Capability.LEADS_OWN, Capability.LEADS_ALL);

  private final Capability needs;
  private final Capability seesEveryones;

  Topic(Capability needs, Capability seesEveryones) {
    this.needs = needs;
    this.seesEveryones = seesEveryones;
  }

  public String wire() { return name().toLowerCase(Locale.ROOT); }

  int bit() { return 1 << ordinal(); }

  public boolean allowedFor(Caller caller) { return caller.can(needs); }

  /** May this caller receive messages of this topic addressed to another staff member? */
  boolean seesEveryoneFor(Caller caller) { return seesEveryones != null && caller.can(seesEveryones); }

  /** The topic named {@code wire}, or null. */
  public static Topic of(String wire) {
    for (Topic t : values()) if (t.wire().equals(wire)) return t;
    return null;
  }

  /** The topic a message type belongs to, or null for types push does not forward. */
  public static Topic ofType(String type) {
    if (type == null) return null;
    return switch (type) {
      case "counters" -> CLIENTS;
      case "totals" -> AGENCY;
      case "alert", "alert-updated", "alert-cleared" -> ALERTS;
      default -> type.startsWith("notice") ? NOTICES
          : type.startsWith("ticket") ? TICKETS
          : type.startsWith("lead") || type.startsWith("opportunit") ? LEADS
          : null;
    };
  }

  /** Bit mask of every topic {@code caller} may subscribe to. */
  static int allowedMask(Caller caller) {
    int mask = 0;
    for (Topic t : values()) if (t.allowedFor(caller)) mask |= t.bit();
    return mask;
  }

  static int everyoneMask(Caller caller) {
    int mask = 0;
    for (Topic t : values()) if (t.seesEveryoneFor(caller)) mask |= t.bit();
    return mask;
  }
}
