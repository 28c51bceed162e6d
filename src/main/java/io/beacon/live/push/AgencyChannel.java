package io.beacon.live.push;

import io.beacon.auth.ClientScope;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one instance holds for one agency while it has connections: the latest counters of every
 * client (so snapshots are taken in memory, consistent with the deltas that follow), the views,
 * the last stream seq seen, and the per-client coalescing state.
 */
final class AgencyChannel {
  final long agencyId;
  final Map<String, View> views = new HashMap<>();
  final Map<Long, JsonObject> counters = new HashMap<>();
  /** Counter messages held back by coalescing, those due to go out now, and when each client's last one went out. */
  final Map<Long, Outbound> pending = new HashMap<>();
  final List<Outbound> due = new ArrayList<>();
  final Map<Long, Long> lastSent = new HashMap<>();
  /** The newest stream seq; {@link Seq#START} while the stream is empty, so a first subscriber still has a resume point. */
  String lastSeq = Seq.START;
  int connections;
  Future<AgencyChannel> ready;

  AgencyChannel(long agencyId) { this.agencyId = agencyId; }

  View view(ClientScope scope) { return views.get(View.key(scope)); }

  /**
   * Takes a client's newer counters; false (and nothing changes) when they are not newer than those
   * held: concurrent ingest requests publish their snapshots in no fixed order, and a dashboard must
   * not end on the earlier one.
   */
  boolean counters(long clientId, JsonObject update) {
    JsonObject current = counters.get(clientId);
    if (current == null) counters.put(clientId, update.copy());
    else if (update.getLong("rev", Long.MAX_VALUE) <= current.getLong("rev", Long.MIN_VALUE)) return false;
    else current.mergeIn(update, true);
    for (View v : views.values()) if (v.sees(clientId)) v.totalsDirty = true;
    return true;
  }

  /** The totals a view sees: of every client for the whole agency, else of its visible clients alone. */
  JsonObject totals(View v) {
    if (v.wholeAgency()) return Totals.of(counters.values());
    List<JsonObject> visible = new ArrayList<>();
    for (Long id : v.clients) {
      JsonObject c = counters.get(id);
      if (c != null) visible.add(c);
    }
    return Totals.of(visible);
  }
}
