package io.beacon.reports;

import io.beacon.platform.ApiRouter;
import io.beacon.platform.Platform;
import io.beacon.readmodel.AgencyZoneStore;
import io.beacon.readmodel.ReadCache;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;

/** The data overview feature: its service, routes and the daily rollup it keeps. */
public final class Reports implements ApiRouter.Feature {
  private final ReportsService service;
  private final ReportsRollup rollup;

  public Reports(Platform platform, ReadCache cache) {
    ReportsStore store = new ReportsStore(platform.pg());
    this.service = new ReportsService(store, new AgencyZoneStore(platform.pg()), cache, platform.clock());
    this.rollup = new ReportsRollup(platform.vertx(), store, platform.clock());
  }

  @Override
  public void mount(Router api) { new ReportsRoutes(service).mount(api); }

  /** For other features (the task center's D5 download streams {@link ReportsService#streamDetail}). */
  public ReportsService service() { return service; }

  public ReportsRollup rollup() { return rollup; }

  @Override
  public Future<?> start() { return rollup.start(); }

  @Override
  public void close() { rollup.stop(); }
}
