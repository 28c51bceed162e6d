package io.beacon.notices;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/** A staff member's work-notice subscription: which kinds and clients go to which webhook. */
public record Subscription(long staffId, long agencyId, List<NoticeKind> kinds, List<Long> clientIds, String webhookUrl,
                           String secret, boolean enabled) {

  /** The secret is write-only: the API says whether one is set, never its value. */
  public JsonObject toJson() {
    return new JsonObject().put("staffId", staffId)
        .put("kinds", new JsonArray(kinds.stream().map(NoticeKind::dbValue).toList()))
        .put("clientIds", new JsonArray(clientIds)).put("webhookUrl", webhookUrl)
        .put("hasSecret", secret != null && !secret.isEmpty()).put("enabled", enabled);
  }
}
