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
  /** Columns holding an enum value, and the catalogue prefixes of its labels (first match wins). */
  private static final Map<String, List<String>> LABELLED = Map.ofEntries(
      Map.entry("industry", List.of("industry")), Map.entry("product", List.of("mode")), Map.entry("mode", List.of("mode")),
      Map.entry("spendType", List.of("spendType")), Map.entry("changeType", List.of("tx")), Map.entry("couponType", List.of("couponType")),
      Map.entry("wallet", List.of("wallet")), Map.entry("goal", List.of("goal")), Map.entry("event", List.of("event")),
      Map.entry("action", List.of("op")), Map.entry("role", List.of("role")), Map.entry("direction", List.of("direction")),
      Map.entry("targetType", List.of("target")), Map.entry("status", List.of("clientStatus", "freezeStatus")));

  private TableColumns() {}

  /** A cell whose text depends on the reader's language (such as an operation's change). */
  public interface ForReader {
    String text(Lang lang);
  }

  private static String label(Lang lang, List<String> prefixes, String value) {
    for (String prefix : prefixes) {
      var found = Messages.find(lang, prefix + "." + value);
      if (found.isPresent()) return found.get();
    }
    return value;
  }

  public static List<String> header(List<String> ids, Lang lang) {
    return ids.stream().map(id -> Messages.find(lang, "col." + id).orElse(id)).toList();
  }

  public static List<Object> row(List<String> ids, List<?> cells, Lang lang) {
    List<Object> out = new ArrayList<>(cells.size());
    for (int i = 0; i < cells.size(); i++) {
      String id = i < ids.size() ? ids.get(i) : "";
      Object v = cells.get(i);
      if (id.endsWith("Fen") && v instanceof Number n) out.add(Messages.yuanNumber(n.longValue()));
      else if (LABELLED.containsKey(id) && v instanceof String s) out.add(label(lang, LABELLED.get(id), s));
      else if (v instanceof ForReader r) out.add(r.text(lang));
      else out.add(v);
    }
    return out;
  }
}
