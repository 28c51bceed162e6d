package io.beacon.live;

import io.beacon.platform.DomainException.NotFound;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which agency (and time zone) each client belongs to, cached: a client never changes agency, so a
 * hit never goes stale. Unknown ids are remembered briefly so a sender repeating them cannot hammer
 * PostgreSQL.
 */
final class ClientDirectory {
  private static final long UNKNOWN_TTL_MILLIS = 10_000;

  private final LiveStore store;
  private final Map<Long, LiveStore.ClientInfo> known = new ConcurrentHashMap<>();
  private final Map<Long, Long> unknownUntil = new ConcurrentHashMap<>();

  ClientDirectory(LiveStore store) { this.store = store; }

  /** The clients among {@code ids} that exist (any agency: callers check the agency). */
  Future<Map<Long, LiveStore.ClientInfo>> lookup(Collection<Long> ids) {
    Map<Long, LiveStore.ClientInfo> found = new HashMap<>();
    List<Long> misses = new ArrayList<>();
    long now = System.currentTimeMillis();
    for (Long id : ids) {
      LiveStore.ClientInfo info = known.get(id);
      if (info != null) {
        found.put(id, info);
      } else {
        Long until = unknownUntil.get(id);
        if (until == null || until < now) misses.add(id);
      }
    }
    if (misses.isEmpty()) return Future.succeededFuture(found);
    return store.clientInfos(misses).map(infos -> {
      for (LiveStore.ClientInfo info : infos) {
        known.put(info.clientId(), info);
        found.put(info.clientId(), info);
      }
      for (Long id : misses) if (!found.containsKey(id)) unknownUntil.put(id, now + UNKNOWN_TTL_MILLIS);
      if (unknownUntil.size() > 100_000) unknownUntil.clear();
      return found;
    });
  }

  /** The client if it belongs to {@code agencyId}, else a failed future with 404. */
  Future<LiveStore.ClientInfo> inAgency(long agencyId, long clientId) {
    return lookup(List.of(clientId)).compose(m -> {
      LiveStore.ClientInfo info = m.get(clientId);
      return info != null && info.agencyId() == agencyId ? Future.succeededFuture(info)
          : Future.failedFuture(new io.beacon.platform.DomainException.NotFound("Client"));
    });
  }
}
