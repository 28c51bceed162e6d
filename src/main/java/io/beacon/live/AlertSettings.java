package io.beacon.live;

import io.beacon.platform.ApiException;
import io.beacon.platform.ApiException.FieldError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * An agency's alert thresholds (kept in {@code agencies.settings.alerts}). Defaults from SPEC M3–M5:
 * budget at 80% and 95%, low balance under 6 hours of current spend or under the floor, surge at
 * 200% and drop at 50% of the client's baseline, stall after 30 minutes without spend.
 */
public record AlertSettings(List<Integer> budgetThresholdsPct, int lowBalanceHours, long lowBalanceFloorFen,
                            int surgePct, int dropPct, long swingMinBaselineFen, int stallMinutes) {
  public static final AlertSettings DEFAULTS = new AlertSettings(List.of(80, 95), 6, 50_000, 200, 50, 10_000, 30);

  /** The stored document over the defaults; a stored document is always valid (it was validated on PUT). */
  static AlertSettings from(JsonObject stored) {
    if (stored == null) return DEFAULTS;
    JsonObject d = DEFAULTS.toJson().mergeIn(stored);
    return parse(d);
  }

  /** Validates a PUT body (all fields optional, over the current settings); 400 naming bad fields. */
  static AlertSettings validate(AlertSettings current, JsonObject body) {
    JsonObject d = current.toJson().mergeIn(body);
    List<FieldError> errors = new ArrayList<>();
    Object thresholds = d.getValue("budgetThresholdsPct");
    if (!(thresholds instanceof JsonArray a) || a.size() > 5
        || !a.stream().allMatch(v -> v instanceof Number n && n.intValue() >= 1 && n.intValue() <= 99 && n.doubleValue() == n.intValue())) {
      errors.add(new FieldError("budgetThresholdsPct", "must be up to 5 whole percentages from 1 to 99"));
    }
    range(d, "lowBalanceHours", 1, 168, errors);
    range(d, "lowBalanceFloorFen", 0, 100_000_000_000L, errors);
    range(d, "surgePct", 101, 10_000, errors);
    range(d, "dropPct", 1, 99, errors);
    range(d, "swingMinBaselineFen", 0, 100_000_000_000L, errors);
    range(d, "stallMinutes", 5, 720, errors);
    if (!errors.isEmpty()) throw ApiException.badRequest("The alert settings are invalid", errors);
    return parse(d);
  }

  private static void range(JsonObject d, String field, long min, long max, List<FieldError> errors) {
    Object v = d.getValue(field);
    if (!(v instanceof Number n) || n.doubleValue() != n.longValue() || n.longValue() < min || n.longValue() > max) {
      errors.add(new FieldError(field, "must be a whole number from " + min + " to " + max));
    }
  }

  private static AlertSettings parse(JsonObject d) {
    List<Integer> t = d.getJsonArray("budgetThresholdsPct").stream().map(v -> ((Number) v).intValue()).sorted().distinct().toList();
    return new AlertSettings(t, d.getInteger("lowBalanceHours"), d.getLong("lowBalanceFloorFen"), d.getInteger("surgePct"),
        d.getInteger("dropPct"), d.getLong("swingMinBaselineFen"), d.getInteger("stallMinutes"));
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("budgetThresholdsPct", new JsonArray(new ArrayList<>(budgetThresholdsPct)))
        .put("lowBalanceHours", lowBalanceHours)
        .put("lowBalanceFloorFen", lowBalanceFloorFen)
        .put("surgePct", surgePct)
        .put("dropPct", dropPct)
        .put("swingMinBaselineFen", swingMinBaselineFen)
        .put("stallMinutes", stallMinutes);
  }
}
