package io.beacon.reports;


import io.beacon.platform.DomainException.Invalid;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the data overview breaks figures down by. {@code key} is the SQL expression over the facts
 * {@code f} and the clients {@code c} (fixed fragments, never user input); {@code label} what is shown.
 */
public enum Dimension {
  TIME("f.bucket", "f.bucket::text"),
  INDUSTRY("c.industry", "c.industry"),
  CLIENT("c.id::text", "min(c.name)"),
  GOAL("f.goal", "f.goal"),
  EVENT("f.conversion_event", "f.conversion_event"),
  CAMPAIGN("f.campaign_id", "f.campaign_id"),
  UNIT("f.unit_id", "f.unit_id");

  /** The drill-down order of the top-5 panels: a parent always comes before its child. */
  public static final List<Dimension> DRILL = List.of(INDUSTRY, CLIENT, GOAL, EVENT);
  /** The dimensions of the detail table, in column order. */
  public static final List<Dimension> DETAIL = List.of(TIME, CLIENT, GOAL, EVENT, CAMPAIGN, UNIT);

  final String key;
  final String label;

  Dimension(String key, String label) {
    this.key = key;
    this.label = label;
  }

  public String id() { return name().toLowerCase(Locale.ROOT); }

  /** One of {@code allowed} by its id; otherwise a 400 naming {@code field}. */
  public static Dimension parse(String value, List<Dimension> allowed, String field) {
    for (Dimension d : allowed) if (d.id().equals(value)) return d;
    throw new Invalid(field, "unknown '" + value + "'; one of " + String.join(", ", allowed.stream().map(Dimension::id).toList()));
  }

  /** A comma-separated list of detail dimensions, kept in table column order, without repeats. */
  public static List<Dimension> parseDetail(String list, String field) {
    List<Dimension> chosen = new ArrayList<>();
    for (String part : list.split(",")) {
      String v = part.trim();
      if (v.isEmpty()) continue;
      Dimension d = parse(v, DETAIL, field);
      if (!chosen.contains(d)) chosen.add(d);
    }
    if (chosen.isEmpty()) throw new Invalid(field, "choose at least one of " + String.join(", ", DETAIL.stream().map(Dimension::id).toList()));
    chosen.sort(null);
    return List.copyOf(chosen);
  }

  static List<String> ids(List<Dimension> dims) { return dims.stream().map(Dimension::id).toList(); }
}
