package io.beacon.notices;

import io.vertx.core.json.JsonObject;

import java.time.Instant;

/** One message of the message center. {@code staffId} set: addressed to that staff member only. */
public record Notice(long id, long agencyId, Long clientId, Long staffId, NoticeKind kind, String title, String body,
                     String link, Instant createdAt, boolean read) {

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("kind", kind.dbValue()).put("clientId", clientId).put("staffId", staffId)
        .put("title", title).put("body", body).put("link", link).put("createdAt", createdAt.toString()).put("read", read);
  }
}
