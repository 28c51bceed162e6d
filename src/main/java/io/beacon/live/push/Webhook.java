package io.beacon.live.push;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.List;

/**
 * One agency's webhook subscription: where to POST, the secret that signs, the payload format
 * ({@code json}: the live message as pushed; {@code dingtalk}: a DingTalk custom-robot markdown message)
 * and the filters a durable message must pass.
 */
public record Webhook(long id, long agencyId, String name, String url, String secret, String format, List<String> topics,
                      List<String> kinds, List<Long> clientIds, Integer minLevel, boolean enabled, int consecutiveFailures,
                      String disabledReason, Instant createdAt, Instant updatedAt) {

  /** What a caller sends to create or replace a subscription (already validated). */
  public record Spec(String name, String url, String secret, String format, List<String> topics, List<String> kinds,
                     List<Long> clientIds, Integer minLevel, boolean enabled) {}

  public boolean dingTalk() { return "dingtalk".equals(format); }

  /**
   * Whether a durable message passes the filters: its topic is subscribed; {@code kinds} (if any) name
   * its type or its alert/notice kind; {@code clientIds} (if any) contain its client; a leveled alert
   * (budget thresholds) reaches {@code minLevel}; and it was published after the subscription existed.
   */
  boolean matches(Outbound m, JsonObject message) {
    if (m.topic == null || !topics.contains(m.topic.wire())) return false;
    if (m.seq == null || Seq.millis(m.seq) < createdAt.toEpochMilli()) return false;
    JsonObject detail = message.getValue("alert") instanceof JsonObject a ? a
        : message.getValue("notice") instanceof JsonObject n ? n : message;
    if (!kinds.isEmpty() && !kinds.contains(m.type) && !kinds.contains(String.valueOf(detail.getValue("kind")))) return false;
    if (!clientIds.isEmpty() && (m.clientId == null || !clientIds.contains(m.clientId))) return false;
    if (minLevel != null && detail.getValue("level") instanceof Number level && level.intValue() > 0
        && level.intValue() < minLevel) return false;
    return true;
  }

  /** The subscription as the API shows it: the secret only as a hint. */
  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("name", name).put("url", url).put("format", format)
        .put("topics", new JsonArray(topics)).put("kinds", new JsonArray(kinds)).put("clientIds", new JsonArray(clientIds))
        .put("minLevel", minLevel).put("enabled", enabled).put("consecutiveFailures", consecutiveFailures)
        .put("disabledReason", disabledReason)
        .put("secretHint", "…" + secret.substring(Math.max(0, secret.length() - 4)))
        .put("createdAt", createdAt.toString()).put("updatedAt", updatedAt.toString());
  }
}
