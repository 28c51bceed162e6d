package io.beacon.live;

import io.beacon.platform.DomainException.Invalid;
import io.beacon.platform.FieldError;
import io.vertx.core.json.JsonObject;

import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * One staff member's alert preferences: per channel (in-app: message center and push; work notice) all
 * alerts, critical ones only or none, and quiet hours (local times in the agency's zone, possibly over
 * midnight) during which only critical alerts reach them and escalation passes them by.
 */
public record AlertPreferences(String inApp, String workNotice, LocalTime quietFrom, LocalTime quietTo) {
  static final AlertPreferences DEFAULTS = new AlertPreferences("all", "all", null, null);
  private static final List<String> LEVELS = List.of("all", "critical", "none");

  /** Whether {@code localTime} falls in the quiet hours (from inclusive, to exclusive). */
  boolean quietAt(LocalTime localTime) {
    if (quietFrom == null) return false;
    return quietFrom.isBefore(quietTo) ? !localTime.isBefore(quietFrom) && localTime.isBefore(quietTo)
        : !localTime.isBefore(quietFrom) || localTime.isBefore(quietTo);
  }

  /** Whether an alert reaches this person on a channel set to {@code level}. */
  static boolean reaches(String level, boolean critical, boolean quiet) {
    return switch (level) {
      case "all" -> critical || !quiet;
      case "critical" -> critical;
      default -> false;
    };
  }

  boolean inAppFor(boolean critical, boolean quiet) { return reaches(inApp, critical, quiet); }

  boolean workNoticeFor(boolean critical, boolean quiet) { return reaches(workNotice, critical, quiet); }

  JsonObject toJson() {
    return new JsonObject().put("inApp", inApp).put("workNotice", workNotice).put("quietHours", quietFrom == null ? null
        : new JsonObject().put("from", quietFrom.toString()).put("to", quietTo.toString()));
  }

  /** A PUT body: {@code inApp}, {@code workNotice} and {@code quietHours} ({from, to} as HH:mm, or null). 400 naming bad fields. */
  static AlertPreferences validate(JsonObject body) {
    List<FieldError> errors = new ArrayList<>();
    String inApp = level(body, "inApp", errors);
    String workNotice = level(body, "workNotice", errors);
    LocalTime from = null;
    LocalTime to = null;
    Object quiet = body.getValue("quietHours");
    if (quiet instanceof JsonObject q) {
      from = time(q, "from", errors);
      to = time(q, "to", errors);
      if (from != null && from.equals(to)) errors.add(new FieldError("quietHours.to", "must differ from quietHours.from"));
    } else if (quiet != null) {
      errors.add(new FieldError("quietHours", "must be {\"from\":\"HH:mm\",\"to\":\"HH:mm\"} or null"));
    }
    if (!errors.isEmpty()) throw new Invalid("The alert preferences are invalid", errors);
    return new AlertPreferences(inApp, workNotice, from, to);
  }

  private static String level(JsonObject body, String field, List<FieldError> errors) {
    Object v = body.getValue(field);
    if (v instanceof String s && LEVELS.contains(s)) return s;
    errors.add(new FieldError(field, "must be all, critical or none"));
    return null;
  }

  private static LocalTime time(JsonObject q, String field, List<FieldError> errors) {
    Object v = q.getValue(field);
    try {
      if (v instanceof String s && s.matches("\\d\\d:\\d\\d")) return LocalTime.parse(s);
    } catch (DateTimeParseException e) {
      // reported below
    }
    errors.add(new FieldError("quietHours." + field, "must be a local time HH:mm"));
    return null;
  }
}
