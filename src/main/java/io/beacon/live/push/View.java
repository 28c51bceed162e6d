package io.beacon.live.push;

import io.beacon.auth.ClientScope;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A visibility class inside one agency: every connection whose caller sees the same clients (the
 * whole agency; one dedicated employee's assignments; one client). Messages are filtered and agency
 * totals computed once per view, not once per socket.
 */
final class View {
  final ClientScope scope;
  /** Visible client ids, or null for the whole agency. */
  Set<Long> clients;
  final List<Connection> members = new ArrayList<>();
  boolean totalsDirty = true;
  long totalsSentAt;

  View(ClientScope scope, Set<Long> clients) {
    this.scope = scope;
    this.clients = clients;
  }

  static String key(ClientScope scope) {
    return scope.wholeAgency() ? "all" : "s" + scope.assignedToStaffId() + "c" + scope.onlyClientId();
  }

  boolean wholeAgency() { return clients == null; }

  /** The scope as snapshots and totals name it. */
  String scopeName() { return wholeAgency() ? "agency" : scope.onlyClientId() != null ? "client" : "assigned"; }

  boolean sees(long clientId) { return clients == null || clients.contains(clientId); }

  /** Whether a message may reach this view: its client must be visible; client-less alerts need the whole agency. */
  boolean admits(Outbound m) {
    if (m.clientId != null) return sees(m.clientId);
    return m.topic != Topic.ALERTS && m.topic != Topic.CLIENTS || wholeAgency();
  }
}
