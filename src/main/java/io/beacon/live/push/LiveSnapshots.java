package io.beacon.live.push;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;

/**
 * Where the hub loads the current counters of an agency's clients when the agency's first connection
 * arrives (afterwards it keeps them current from the bus). Wired to the live owner's
 * {@code live.counters().clients(agencyId, ids)}.
 */
@FunctionalInterface
public interface LiveSnapshots {
  Future<Map<Long, JsonObject>> counters(long agencyId, List<Long> clientIds);
}
