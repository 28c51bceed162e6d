package io.beacon.notices;

import io.vertx.core.json.JsonObject;

import java.time.Instant;

/** Platform news (平台动态): an announcement the platform publishes to every agency. */
public record Announcement(long id, String title, String body, String link, Instant publishedAt) {
  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("title", title).put("body", body).put("link", link)
        .put("publishedAt", publishedAt.toString());
  }
}
