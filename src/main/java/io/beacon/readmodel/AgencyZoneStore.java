package io.beacon.readmodel;

import io.beacon.platform.DomainException.NotFound;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The business time zone of each agency (its days and hours), cached: it changes rarely if ever. */
public final class AgencyZoneStore {
  private final Pool pg;
  private final Map<Long, ZoneId> zones = new ConcurrentHashMap<>();

  public AgencyZoneStore(Pool pg) { this.pg = pg; }

  public Future<ZoneId> zone(long agencyId) {
    ZoneId cached = zones.get(agencyId);
    if (cached != null) return Future.succeededFuture(cached);
    return pg.preparedQuery("SELECT time_zone FROM agencies WHERE id = $1").execute(Tuple.of(agencyId)).map(rows -> {
      if (!rows.iterator().hasNext()) throw new NotFound("Agency");
      ZoneId zone = ZoneId.of(rows.iterator().next().getString(0));
      zones.put(agencyId, zone);
      return zone;
    });
  }
}
