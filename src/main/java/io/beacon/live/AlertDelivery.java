package io.beacon.live;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * Hands one alert to one staff member (Features wires the notices feature): as a notice in their message
 * center, pushed live, when {@code inApp}; to their work-notice subscription when {@code workNotice}.
 * {@code alert} is the alert as the API shows it; {@code escalated} says it reached them by escalation.
 */
@FunctionalInterface
public interface AlertDelivery {
  AlertDelivery NONE = (agencyId, staffId, alert, escalated, inApp, workNotice) -> Future.succeededFuture();

  Future<Void> deliver(long agencyId, long staffId, JsonObject alert, boolean escalated, boolean inApp, boolean workNotice);
}
