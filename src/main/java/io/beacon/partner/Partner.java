package io.beacon.partner;

import io.beacon.readmodel.AgencyZoneStore;
import io.beacon.notices.Notices;
import io.beacon.platform.Platform;

/** Channel cooperation (渠道合作): performance, health score and platform tasks, built once and shared by its routes. */
public record Partner(Performance performance, Health health, PartnerTasks tasks) {
  public static Partner create(Platform platform, Notices notices) {
    AgencyZoneStore zones = new AgencyZoneStore(platform.pg());
    return new Partner(new Performance(platform, zones), new Health(platform, zones, notices), new PartnerTasks(platform, notices));
  }
}
