package io.beacon.reports;

import io.beacon.readmodel.AgencyZoneStore;
import io.beacon.readmodel.ReadCache;
import io.beacon.platform.ApiRouter;
import io.beacon.platform.Platform;
import io.vertx.core.Future;

/** The data overview feature (SPEC §5): its service, routes and the daily rollup it keeps. */
public final class Reports implements AutoCloseable {
  private final ReportsService service;
  private final ReportsRollup rollup;

  public Reports(Platform platform, ReadCache cache) {
    ReportsStore store = new ReportsStore(platform.pg());
    this.service = new ReportsService(store, new AgencyZoneStore(platform.pg()), cache, platform.clock());
    this.rollup = new ReportsRollup(platform.vertx(), store, platform.clock());
  }

  public ApiRouter.Feature routes() { return new ReportsRoutes(service); }

  /** For other features (the task center's D5 download streams {@link ReportsService#streamDetail}). */
  public ReportsService service() { return service; }

  public ReportsRollup rollup() { return rollup; }

  public Future<?> start() { return rollup.start(); }

  @Override
  public void close() { rollup.stop(); }
}
