package io.beacon.notices;

import io.beacon.platform.Messages;
import io.beacon.platform.Messages.Lang;
import io.vertx.core.json.JsonObject;

import java.time.Instant;

/**
 * One message of the message center. {@code staffId} set: addressed to that staff member only.
 * {@code text} (null on rows older than templates) renders title and body in the reader's language;
 * {@code title} and {@code body} hold the zh-CN rendering.
 */
public record Notice(long id, long agencyId, Long clientId, Long staffId, NoticeKind kind, String title, String body,
                     String link, Instant createdAt, boolean read, NoticeText text) {

  public JsonObject toJson(Lang lang) {
    return new JsonObject().put("id", id).put("kind", kind.dbValue()).put("kindLabel", Messages.label(lang, "notice", kind.dbValue()))
        .put("clientId", clientId).put("staffId", staffId)
        .put("title", text == null ? title : text.title(lang)).put("body", text == null ? body : text.body(lang))
        .put("link", link).put("createdAt", createdAt.toString()).put("read", read);
  }

  /** For pushed messages, whose readers' languages differ: the zh-CN fields plus every language's title and body. */
  public JsonObject toPushJson() {
    JsonObject texts = new JsonObject();
    for (Lang lang : Lang.values()) {
      texts.put(lang.tag, new JsonObject().put("title", text == null ? title : text.title(lang)).put("body", text == null ? body : text.body(lang)));
    }
    return toJson(Lang.ZH).put("texts", texts);
  }
}
