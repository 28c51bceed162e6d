package io.beacon.platform;

import io.beacon.platform.Messages.Lang;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Tables written for people (exports, CSV downloads): column ids become the catalogue's headings
 * ({@code col.<id>}) in the reader's language, amounts in fen become yuan with two decimals, and enum
 * values become their labels.
 */
public final class TableColumns {
  /** Columns holding an enum value, and the catalogue prefix of its labels. */
  private static final Map<String, String> LABELLED = Map.ofEntries(
      Map.entry("industry", "industry"), Map.entry("product", "mode"), Map.entry("mode", "mode"),
      Map.entry("spendType", "spendType"), Map.entry("changeType", "tx"), Map.entry("couponType", "couponType"),
      Map.entry("wallet", "wallet"), Map.entry("goal", "goal"), Map.entry("event", "event"), Map.entry("action", "op"),
      Map.entry("role", "role"), Map.entry("direction", "direction"), Map.entry("targetType", "target"));

  private TableColumns() {}

  public static List<String> header(List<String> ids, Lang lang) {
    return ids.stream().map(id -> Messages.find(lang, "col." + id).orElse(id)).toList();
  }

  public static List<Object> row(List<String> ids, List<?> cells, Lang lang) {
    List<Object> out = new ArrayList<>(cells.size());
    for (int i = 0; i < cells.size(); i++) {
      String id = i < ids.size() ? ids.get(i) : "";
      Object v = cells.get(i);
      if (id.endsWith("Fen") && v instanceof Number n) out.add(Messages.yuanNumber(n.longValue()));
      else if (LABELLED.containsKey(id) && v instanceof String s) out.add(Messages.label(lang, LABELLED.get(id), s));
      else out.add(v);
    }
    return out;
  }
}
