package io.beacon.notices;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * Hands one work notice (a DingTalk-robot-compatible markdown payload) to an outside webhook. Features
 * wires the push feature's dispatcher ({@code WebhookDispatcher.deliverTo(agencyId, url, secret, payload)}:
 * signed, queued durably in PostgreSQL, retried across restarts, logged); the future completes once queued.
 */
@FunctionalInterface
public interface WorkNoticeDelivery {
  /** For loaders that create notices before anyone can have subscribed (demo content). */
  WorkNoticeDelivery NONE = (agencyId, url, secret, payload) -> Future.succeededFuture();

  Future<Void> deliverTo(long agencyId, String url, String secret, JsonObject payload);
}
