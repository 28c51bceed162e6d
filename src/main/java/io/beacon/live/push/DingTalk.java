package io.beacon.live.push;

import io.vertx.core.json.JsonObject;

/** A live message as a DingTalk custom-robot markdown message ({@code msgtype: markdown}). */
final class DingTalk {
  private DingTalk() {}

  static JsonObject markdown(JsonObject message) {
    String type = message.getString("type", "message");
    JsonObject detail = message.getValue("alert") instanceof JsonObject a ? a
        : message.getValue("notice") instanceof JsonObject n ? n : message;
    String title = detail.getValue("title") instanceof String t ? t
        : "Beacon " + type + (detail.getValue("kind") != null ? " · " + detail.getValue("kind") : "");
    StringBuilder text = new StringBuilder("#### ").append(title).append("\n\n");
    if (detail.getValue("clientName") != null || message.getValue("clientId") != null) {
      text.append("- client: ").append(detail.getValue("clientName") != null ? detail.getValue("clientName") + " " : "")
          .append("#").append(message.getValue("clientId")).append("\n");
    }
    if (detail.getValue("level") instanceof Number level && level.intValue() > 0) text.append("- level: ").append(level).append("\n");
    if (detail.getValue("figures") instanceof JsonObject figures) {
      figures.forEach(e -> text.append("- ").append(e.getKey()).append(": ").append(e.getValue()).append("\n"));
    }
    if (detail.getValue("body") instanceof String body && !body.isEmpty()) text.append("\n").append(body).append("\n");
    text.append("\n> ").append(type).append(" · ").append(message.getValue("at"));
    return new JsonObject().put("msgtype", "markdown").put("markdown", new JsonObject().put("title", title).put("text", text.toString()));
  }
}
