package io.beacon.platform;

import io.beacon.platform.Messages.Lang;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The change an operation made, as people read it: "日预算：¥500.00 → ¥800.00；状态：正常 → 已停用".
 * Field names and enum values come from the catalogue in the reader's language, amounts in fen are
 * yuan; only the fields that changed are named (all of them when there was nothing before). The web
 * app's operation log writes the same text.
 */
public record ChangeText(JsonObject before, JsonObject after) implements TableColumns.ForReader {
  /** Catalogue prefixes tried for a value after the field's own name (statuses are shared by several fields). */
  private static final List<String> VALUE_PREFIXES = List.of("ticketStatus", "leadState", "qualState", "clientStatus", "staffStatus",
      "contract", "role", "freezeStatus", "task.kind");

  @Override
  public String text(Lang lang) {
    JsonObject b = before == null ? new JsonObject() : before;
    JsonObject a = after == null ? new JsonObject() : after;
    Set<String> keys = new LinkedHashSet<>(b.fieldNames());
    keys.addAll(a.fieldNames());
    boolean zh = lang == Lang.ZH;
    List<String> parts = new ArrayList<>();
    for (String k : keys) {
      if (before != null && Objects.equals(b.getValue(k), a.getValue(k))) continue;
      String was = before != null && b.containsKey(k) ? value(lang, k, b.getValue(k)) + " → " : "";
      parts.add(field(lang, k) + (zh ? "：" : ": ") + was + value(lang, k, a.getValue(k)));
    }
    return String.join(zh ? "；" : "; ", parts);
  }

  private static String field(Lang lang, String key) {
    return Messages.find(lang, "field." + key).or(() -> Messages.find(lang, "col." + key)).orElse(key);
  }

  private static String value(Lang lang, String key, Object v) {
    if (v == null || "".equals(v)) return "—";
    if (v instanceof Boolean yes) return Messages.text(lang, yes ? "common.yes" : "common.no");
    if (key.endsWith("Fen") && v instanceof Number n) return Messages.yuan(n.longValue());
    if (v instanceof JsonArray list) {
      List<String> items = new ArrayList<>();
      list.forEach(x -> items.add(value(lang, key, x)));
      return String.join(lang == Lang.ZH ? "、" : ", ", items);
    }
    if (v instanceof JsonObject o) {
      List<String> items = new ArrayList<>();
      for (Map.Entry<String, Object> e : o) items.add(field(lang, e.getKey()) + " " + value(lang, e.getKey(), e.getValue()));
      return String.join(lang == Lang.ZH ? "，" : ", ", items);
    }
    String s = String.valueOf(v);
    for (String prefix : prefixes(key)) {
      var found = Messages.find(lang, prefix + "." + s);
      if (found.isPresent()) return found.get();
    }
    return s;
  }

  private static List<String> prefixes(String key) {
    List<String> out = new ArrayList<>(VALUE_PREFIXES.size() + 1);
    out.add(key);
    out.addAll(VALUE_PREFIXES);
    return out;
  }
}
