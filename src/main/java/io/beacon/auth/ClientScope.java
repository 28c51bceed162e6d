package io.beacon.auth;

import io.vertx.sqlclient.Tuple;

/**
 * Which clients of an agency a caller may see: all, the assigned ones (dedicated employee), or one
 * (acting as a client, or an advertiser identity). Stores append {@link #condition} to every query of
 * client data so another tenant's or an unassigned client's rows never match (and answer 404).
 */
public record ClientScope(long agencyId, Long assignedToStaffId, Long onlyClientId) {

  public static ClientScope of(Caller caller) {
    return new ClientScope(caller.agencyId(), caller.restrictedToAssigned() ? caller.staffId() : null,
        caller.confinedClientId());
  }

  /** The whole agency (for background work and tests). */
  public static ClientScope agency(long agencyId) { return new ClientScope(agencyId, null, null); }

  /**
   * SQL condition on {@code clientIdColumn} and {@code agencyIdColumn}, taking three parameters
   * starting at {@code $first}: agency id, assigned staff id (or null), only client id (or null).
   * Parenthesised and padded with spaces, so it composes safely even after a text block whose
   * trailing space Java strips ({@code """ ... AND """ + condition(...)}).
   */
  public static String condition(String agencyIdColumn, String clientIdColumn, int first) {
    return " (" + agencyIdColumn + " = $" + first
        + " AND ($" + (first + 1) + "::bigint IS NULL OR " + clientIdColumn
        + " IN (SELECT sc.client_id FROM staff_clients sc WHERE sc.staff_id = $" + (first + 1) + "))"
        + " AND ($" + (first + 2) + "::bigint IS NULL OR " + clientIdColumn + " = $" + (first + 2) + ")) ";
  }

  /** Appends the three parameters of {@link #condition} to {@code tuple}. */
  public Tuple addTo(Tuple tuple) {
    return tuple.addLong(agencyId).addLong(assignedToStaffId).addLong(onlyClientId);
  }

  public boolean wholeAgency() { return assignedToStaffId == null && onlyClientId == null; }
}
