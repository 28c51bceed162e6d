package io.beacon.notices;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * Hands one work notice (a DingTalk-robot-compatible markdown payload) to an outside webhook. The
 * push feature's webhook dispatcher ({@code dispatcher.deliverTo(url, secret, payload)}: signed, retried,
 * logged) is wired in Features; {@link DirectWebhookDelivery} is the plain POST used without it.
 */
@FunctionalInterface
public interface WorkNoticeDelivery {
  Future<Void> deliverTo(String url, String secret, JsonObject payload);
}
