package io.beacon.readmodel;

import io.beacon.auth.Caller;
import io.vertx.core.Future;

import java.time.Clock;

/** Reads a requested range in the caller's agency's days, as of now: the read models' periods. */
public final class Periods {
  private final AgencyZoneStore zones;
  private final Clock clock;

  public Periods(AgencyZoneStore zones, Clock clock) {
    this.zones = zones;
    this.clock = clock;
  }

  public Future<Period> of(Caller c, String range, String from, String to) {
    return zones.zone(c.agencyId()).map(zone -> Period.parse(range, from, to, zone, clock.instant()));
  }
}
