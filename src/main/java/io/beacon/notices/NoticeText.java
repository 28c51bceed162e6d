package io.beacon.notices;

import io.beacon.platform.Messages;
import io.beacon.platform.Messages.Lang;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a notice says, as catalogue templates ({@code nt.<template>.title} and {@code .body}) and
 * their fields, rendered in the reader's language. A field may itself be a value to render:
 * {@code {"fen": 123}} is an amount, {@code {"label": "mode", "value": "search"}} an enum label,
 * {@code {"key": "nt.alert.budget", "args": {...}}} another catalogue text, and an array is a list.
 */
public record NoticeText(String template, JsonObject params) {
  public static NoticeText of(String template, JsonObject params) { return new NoticeText(template, params); }

  /** A notice whose title and body are given as written (the same in every language). */
  public static NoticeText plain(String title, String body) {
    return of("plain", new JsonObject().put("title", title).put("body", body == null ? "" : body));
  }

  public static JsonObject fen(long fen) { return new JsonObject().put("fen", fen); }

  public static JsonObject label(String prefix, String value) { return new JsonObject().put("label", prefix).put("value", value); }

  public static JsonObject text(String key, JsonObject args) { return new JsonObject().put("key", key).put("args", args); }

  public String title(Lang lang) { return render(lang, "nt." + template + ".title"); }

  /** The body; empty when the catalogue has no body for the template. */
  public String body(Lang lang) {
    return Messages.find(lang, "nt." + template + ".body").isPresent() ? render(lang, "nt." + template + ".body") : "";
  }

  private String render(Lang lang, String key) { return Messages.text(lang, key, values(lang, params)); }

  private static Map<String, Object> values(Lang lang, JsonObject args) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (args != null) args.forEach(e -> out.put(e.getKey(), value(lang, e.getValue())));
    return out;
  }

  private static String value(Lang lang, Object v) {
    if (v instanceof JsonObject o) {
      if (o.containsKey("fen")) return Messages.yuan(o.getLong("fen"));
      if (o.containsKey("label")) return Messages.label(lang, o.getString("label"), o.getString("value"));
      if (o.containsKey("key")) return Messages.text(lang, o.getString("key"), values(lang, o.getJsonObject("args")));
      return "";
    }
    if (v instanceof JsonArray a) {
      List<String> parts = new ArrayList<>();
      for (Object x : a) parts.add(value(lang, x));
      return String.join(lang == Lang.ZH ? "，" : ", ", parts);
    }
    return v == null ? "" : String.valueOf(v);
  }
}
