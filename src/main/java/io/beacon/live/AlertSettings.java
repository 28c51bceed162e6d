package io.beacon.live;

import io.beacon.platform.DomainException.Invalid;
import io.beacon.platform.FieldError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An agency's alert thresholds (kept in {@code agencies.settings.alerts}). Defaults:
 * budget at 80% and 95%, low balance under 6 hours of current spend or under the floor, surge at
 * 200% and drop at 50% of the client's baseline, stall after 30 minutes without spend. The life-cycle
 * rules: an unacknowledged alert moves to the next people after {@code escalationMinutes} (per kind in
 * {@code escalationMinutesByKind}); a cleared alert reopens only once its figure is {@code hysteresisPct}
 * of the threshold past it or {@code hysteresisMinutes} have passed; more than {@code flapCycles}
 * openings of one kind in an hour become one flapping alert. A fix from a balance alert proposes funds
 * for {@code fixCoverHours} of spend at the current rate. A pacing alert fires while the budget would run
 * out before {@code pacingBeforeHour}:00 at the current rate (0: never).
 */
public record AlertSettings(List<Integer> budgetThresholdsPct, int lowBalanceHours, long lowBalanceFloorFen,
                            int surgePct, int dropPct, long swingMinBaselineFen, int stallMinutes,
                            int escalationMinutes, Map<String, Integer> escalationMinutesByKind,
                            int hysteresisPct, int hysteresisMinutes, int flapCycles, int fixCoverHours, int pacingBeforeHour) {
  public static final AlertSettings DEFAULTS = new AlertSettings(List.of(80, 95), 6, 50_000, 200, 50, 10_000, 30,
      15, Map.of(), 5, 10, 4, 24, 18);

  /** Minutes an alert of {@code kind} waits for an acknowledgement before it moves to the next people. */
  public int escalationMinutes(String kind) { return escalationMinutesByKind.getOrDefault(kind, escalationMinutes); }

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
    range(d, "escalationMinutes", 1, 1440, errors);
    Object byKind = d.getValue("escalationMinutesByKind");
    if (!(byKind instanceof JsonObject o) || !o.fieldNames().stream().allMatch(k -> AlertRules.KINDS.contains(k)
        && o.getValue(k) instanceof Number n && n.doubleValue() == n.intValue() && n.intValue() >= 1 && n.intValue() <= 1440)) {
      errors.add(new FieldError("escalationMinutesByKind", "must map alert kinds to whole minutes from 1 to 1440"));
    }
    range(d, "hysteresisPct", 0, 100, errors);
    range(d, "hysteresisMinutes", 0, 1440, errors);
    range(d, "flapCycles", 1, 60, errors);
    range(d, "fixCoverHours", 1, 720, errors);
    range(d, "pacingBeforeHour", 0, 24, errors);
    if (!errors.isEmpty()) throw new Invalid("The alert settings are invalid", errors);
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
    Map<String, Integer> byKind = new TreeMap<>();
    d.getJsonObject("escalationMinutesByKind").forEach(e -> byKind.put(e.getKey(), ((Number) e.getValue()).intValue()));
    return new AlertSettings(t, d.getInteger("lowBalanceHours"), d.getLong("lowBalanceFloorFen"), d.getInteger("surgePct"),
        d.getInteger("dropPct"), d.getLong("swingMinBaselineFen"), d.getInteger("stallMinutes"), d.getInteger("escalationMinutes"),
        Map.copyOf(byKind), d.getInteger("hysteresisPct"), d.getInteger("hysteresisMinutes"), d.getInteger("flapCycles"),
        d.getInteger("fixCoverHours"), d.getInteger("pacingBeforeHour"));
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("budgetThresholdsPct", new JsonArray(new ArrayList<>(budgetThresholdsPct)))
        .put("lowBalanceHours", lowBalanceHours)
        .put("lowBalanceFloorFen", lowBalanceFloorFen)
        .put("surgePct", surgePct)
        .put("dropPct", dropPct)
        .put("swingMinBaselineFen", swingMinBaselineFen)
        .put("stallMinutes", stallMinutes)
        .put("escalationMinutes", escalationMinutes)
        .put("escalationMinutesByKind", new JsonObject(new TreeMap<String, Object>(escalationMinutesByKind)))
        .put("hysteresisPct", hysteresisPct)
        .put("hysteresisMinutes", hysteresisMinutes)
        .put("flapCycles", flapCycles)
        .put("fixCoverHours", fixCoverHours)
        .put("pacingBeforeHour", pacingBeforeHour);
  }
}
