package io.beacon.live;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.beacon.platform.DomainException.Invalid;
import io.beacon.platform.FieldError;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * One ingest request's spend events, parsed with Jackson's streaming parser into columns (no
 * object per event), with each bad event's field errors. A JSON array or NDJSON (one object a line).
 */
final class EventBatch {
  static final int MAX_EVENTS = 10_000;
  static final String[] MODES = {"smart", "search", "display", "external"};
  /** Events may be re-sent (and are de-duplicated) for this long after they were billed. */
  static final long WINDOW_SECONDS = 48 * 3600;
  static final long FUTURE_SKEW_SECONDS = 600;
  /** Events are flat objects: a body nested deeper than this is refused before it is walked. */
  static final int MAX_NESTING = 32;
  private static final JsonFactory JSON = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build()).build();

  int size;
  int[] index;
  String[] eventId;
  long[] clientId;
  long[] billedAt;
  long[] convertedAt;
  byte[] mode;
  boolean[] brand;
  String[] goal;
  String[] conversionEvent;
  String[] campaignId;
  String[] unitId;
  long[] impressions;
  long[] clicks;
  long[] costFen;
  long[] conversions;
  final List<JsonObject> rejected = new ArrayList<>();
  private int seen;

  private EventBatch(int capacity) {
    index = new int[capacity];
    eventId = new String[capacity];
    clientId = new long[capacity];
    billedAt = new long[capacity];
    convertedAt = new long[capacity];
    mode = new byte[capacity];
    brand = new boolean[capacity];
    goal = new String[capacity];
    conversionEvent = new String[capacity];
    campaignId = new String[capacity];
    unitId = new String[capacity];
    impressions = new long[capacity];
    clicks = new long[capacity];
    costFen = new long[capacity];
    conversions = new long[capacity];
  }

  static int modeIndex(String mode) {
    for (int i = 0; i < MODES.length; i++) if (MODES[i].equals(mode)) return i;
    return -1;
  }

  /** Parses a body; a body that is not JSON (or NDJSON) at all, or too many events, is a 400. */
  static EventBatch parse(Buffer body, boolean ndjson, long nowEpochSecond) {
    byte[] bytes = body.getBytes();
    EventBatch b = new EventBatch(Math.min(MAX_EVENTS, Math.max(16, bytes.length / 100)));
    try {
      if (ndjson) {
        int start = 0;
        for (int i = 0; i <= bytes.length; i++) {
          if (i == bytes.length || bytes[i] == '\n') {
            if (!blank(bytes, start, i)) b.parseLine(bytes, start, i - start, nowEpochSecond);
            start = i + 1;
          }
        }
      } else {
        try (JsonParser p = JSON.createParser(bytes)) {
          if (p.nextToken() != JsonToken.START_ARRAY) throw notAnArray();
          JsonToken t;
          while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == null) throw notAnArray();
            b.parseEvent(p, t, nowEpochSecond);
          }
          // The array must be the whole body: junk after it means the body is not what the sender meant.
          if (p.nextToken() != null) throw new Invalid("body", "unexpected data after the array of events");
        }
      }
    } catch (StreamConstraintsException e) {
      throw new Invalid("body", "nested more than " + MAX_NESTING + " levels deep");
    } catch (JsonProcessingException e) {
      throw new Invalid("body", e.getLocation() == null ? "malformed JSON"
          : "malformed JSON at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
    } catch (IOException e) {
      throw new Invalid("body", "unreadable body");
    }
    if (b.seen == 0) throw new Invalid("body", "no events");
    return b;
  }

  private static Invalid notAnArray() {
    return new Invalid("body", "must be a JSON array of events (or NDJSON with Content-Type application/x-ndjson)");
  }

  private static boolean blank(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) if (b[i] != ' ' && b[i] != '\t' && b[i] != '\r') return false;
    return true;
  }

  private void parseLine(byte[] bytes, int off, int len, long now) throws IOException {
    int at = seen;
    try (JsonParser p = JSON.createParser(bytes, off, len)) {
      parseEvent(p, p.nextToken(), now);
      if (p.nextToken() != null) throw new JsonProcessingException("one object per line", p.currentLocation()) {};
    } catch (JsonProcessingException e) {
      if (seen == at) seen++;
      else if (size > 0 && index[size - 1] == at) size--;   // the line parsed as an event but trailing junk followed
      checkCount();
      reject(at, null, List.of(new FieldError("event", "malformed JSON line")));
    }
  }

  private void checkCount() {
    if (seen > MAX_EVENTS) throw new Invalid("body", "at most " + MAX_EVENTS + " events per request");
  }

  private void parseEvent(JsonParser p, JsonToken first, long now) throws IOException {
    int at = seen++;
    checkCount();
    if (first != JsonToken.START_OBJECT) {
      p.skipChildren();
      reject(at, null, List.of(new FieldError("event", "must be an object")));
      return;
    }
    ensureCapacity();
    int s = size;
    String id = null;
    long client = 0, billed = Long.MIN_VALUE, converted = Long.MIN_VALUE, cost = -1, imp = 0, clk = 0, conv = 0;
    int m = -2;
    boolean isBrand = false;
    String g = "", ce = "", camp = "", unit = "";
    List<FieldError> errors = null;
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      String f = p.currentName();
      t = p.nextToken();
      String problem = null;
      switch (f) {
        case "eventId" -> {
          if (t == JsonToken.VALUE_STRING || t == JsonToken.VALUE_NUMBER_INT) {
            id = p.getText();
            if (id.isEmpty() || id.length() > 128 || hasControl(id)) problem = "must be 1 to 128 characters without control characters";
          } else problem = "must be a string";
        }
        case "clientId" -> {
          if (t == JsonToken.VALUE_NUMBER_INT && p.getLongValue() > 0) client = p.getLongValue();
          else problem = "must be a positive integer";
        }
        case "billedAt" -> {
          billed = instant(p, t);
          if (billed == Long.MIN_VALUE) problem = "must be an ISO-8601 instant or epoch milliseconds";
          else if (billed < now - WINDOW_SECONDS) problem = "is older than the 48 hour ingest window";
          else if (billed > now + FUTURE_SKEW_SECONDS) problem = "is in the future";
        }
        case "convertedAt" -> {
          if (t != JsonToken.VALUE_NULL) {
            converted = instant(p, t);
            if (converted == Long.MIN_VALUE) problem = "must be an ISO-8601 instant or epoch milliseconds";
            else if (converted > now + FUTURE_SKEW_SECONDS) problem = "is in the future";
          }
        }
        case "mode" -> {
          m = t == JsonToken.VALUE_STRING ? modeIndex(labels.get(p)) : -1;
          if (m < 0) problem = "must be one of smart, search, display, external";
        }
        case "brand" -> {
          if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) isBrand = t == JsonToken.VALUE_TRUE;
          else problem = "must be true or false";
        }
        case "goal" -> { g = label(p, t); if (g == null) problem = LABEL; }
        case "conversionEvent" -> { ce = label(p, t); if (ce == null) problem = LABEL; }
        case "campaignId" -> { camp = label(p, t); if (camp == null) problem = LABEL; }
        case "unitId" -> { unit = label(p, t); if (unit == null) problem = LABEL; }
        case "costFen" -> { cost = count(p, t, 10_000_000_000L); if (cost < 0) problem = "must be an integer from 0 to 10000000000"; }
        case "impressions" -> { imp = count(p, t, 1_000_000_000L); if (imp < 0) problem = COUNT; }
        case "clicks" -> { clk = count(p, t, 1_000_000_000L); if (clk < 0) problem = COUNT; }
        case "conversions" -> { conv = count(p, t, 1_000_000_000L); if (conv < 0) problem = COUNT; }
        default -> p.skipChildren();
      }
      if (problem != null) {
        if (errors == null) errors = new ArrayList<>(2);
        errors.add(new FieldError(f, problem));
      }
    }
    if (id == null && !has(errors, "eventId")) errors = add(errors, "eventId");
    if (client == 0 && !has(errors, "clientId")) errors = add(errors, "clientId");
    if (billed == Long.MIN_VALUE && !has(errors, "billedAt")) errors = add(errors, "billedAt");
    if (m == -2) errors = add(errors, "mode");
    if (cost == -1 && !has(errors, "costFen")) errors = add(errors, "costFen");
    if (errors != null) {
      reject(at, id, errors);
      return;
    }
    index[s] = at;
    eventId[s] = id;
    clientId[s] = client;
    billedAt[s] = billed;
    convertedAt[s] = converted;
    mode[s] = (byte) m;
    brand[s] = isBrand;
    goal[s] = g;
    conversionEvent[s] = ce;
    campaignId[s] = camp;
    unitId[s] = unit;
    impressions[s] = imp;
    clicks[s] = clk;
    costFen[s] = cost;
    conversions[s] = conv;
    size++;
  }

  private static final String LABEL = "must be a string of at most 64 characters without '|' or control characters";
  private static final String COUNT = "must be a non-negative integer";

  private static boolean has(List<FieldError> errors, String field) {
    if (errors == null) return false;
    for (FieldError e : errors) if (e.field().equals(field)) return true;
    return false;
  }

  private static List<FieldError> add(List<FieldError> errors, String field) {
    List<FieldError> out = errors == null ? new ArrayList<>(2) : errors;
    out.add(new FieldError(field, "is required"));
    return out;
  }

  /** Events of a batch mostly carry the same few timestamps: the last one parsed is remembered. */
  private String lastInstantText;
  private long lastInstant;

  private long instant(JsonParser p, JsonToken t) throws IOException {
    if (t == JsonToken.VALUE_NUMBER_INT) return Math.floorDiv(p.getLongValue(), 1000L);
    if (t != JsonToken.VALUE_STRING) return Long.MIN_VALUE;
    if (lastInstantText != null && Labels.same(lastInstantText, p.getTextCharacters(), p.getTextOffset(), p.getTextLength())) {
      return lastInstant;
    }
    String text = p.getText();
    try {
      lastInstant = Instant.parse(text).getEpochSecond();
      lastInstantText = text;
      return lastInstant;
    } catch (DateTimeParseException e) {
      return Long.MIN_VALUE;
    }
  }

  private static long count(JsonParser p, JsonToken t, long max) throws IOException {
    if (t != JsonToken.VALUE_NUMBER_INT) return -1;
    long v = p.getLongValue();
    return v < 0 || v > max ? -1 : v;
  }

  private String label(JsonParser p, JsonToken t) throws IOException {
    if (t == JsonToken.VALUE_NULL) return "";
    if (t != JsonToken.VALUE_STRING) return null;
    String s = labels.get(p);
    return s == Labels.INVALID ? null : s;
  }

  private final Labels labels = new Labels();

  /**
   * The labels of a batch (goal, campaign, unit, mode, …) repeat: each distinct one is validated and
   * turned into a String once, found again by comparing the parser's characters (no allocation).
   */
  private static final class Labels {
    static final String INVALID = new String("invalid");
    private final String[] slot = new String[512];
    private final boolean[] valid = new boolean[512];

    String get(JsonParser p) throws IOException {
      char[] buf = p.getTextCharacters();
      int off = p.getTextOffset(), len = p.getTextLength();
      int h = len;
      for (int i = 0; i < len; i++) h = 31 * h + buf[off + i];
      int at = (h ^ (h >>> 16)) & (slot.length - 1);
      String s = slot[at];
      if (s == null || !same(s, buf, off, len)) {
        s = new String(buf, off, len);
        slot[at] = s;
        valid[at] = isLabel(buf, off, len);
      }
      return valid[at] ? s : INVALID;
    }

    static boolean same(String s, char[] buf, int off, int len) {
      if (s.length() != len) return false;
      for (int i = 0; i < len; i++) if (s.charAt(i) != buf[off + i]) return false;
      return true;
    }

    private static boolean isLabel(char[] buf, int off, int len) {
      if (len > 64) return false;
      for (int i = 0; i < len; i++) {
        char c = buf[off + i];
        if (c == '|' || c < 0x20) return false;
      }
      return true;
    }
  }

  /** Lists an event as rejected with its field errors (it is not applied). */
  void reject(int at, String id, List<FieldError> errors) {
    JsonObject r = new JsonObject().put("index", at);
    if (id != null) r.put("eventId", id);
    rejected.add(r.put("errors", new JsonArray(errors.stream().map(FieldError::toJson).toList())));
  }

  /** Rejects the event in slot {@code s} after parsing (unknown or terminated client); {@code reason} is a stable slug or null. */
  void rejectSlot(int s, String field, String message, String reason) {
    reject(index[s], eventId[s], List.of(new FieldError(field, message)));
    if (reason != null) rejected.get(rejected.size() - 1).put("reason", reason);
  }

  private static boolean hasControl(String s) {
    for (int i = 0; i < s.length(); i++) if (s.charAt(i) < 0x20 || s.charAt(i) == 0x7f) return true;
    return false;
  }

  int total() { return seen; }

  private void ensureCapacity() {
    if (size < index.length) return;
    int n = Math.min(MAX_EVENTS, index.length * 2);
    index = java.util.Arrays.copyOf(index, n);
    eventId = java.util.Arrays.copyOf(eventId, n);
    clientId = java.util.Arrays.copyOf(clientId, n);
    billedAt = java.util.Arrays.copyOf(billedAt, n);
    convertedAt = java.util.Arrays.copyOf(convertedAt, n);
    mode = java.util.Arrays.copyOf(mode, n);
    brand = java.util.Arrays.copyOf(brand, n);
    goal = java.util.Arrays.copyOf(goal, n);
    conversionEvent = java.util.Arrays.copyOf(conversionEvent, n);
    campaignId = java.util.Arrays.copyOf(campaignId, n);
    unitId = java.util.Arrays.copyOf(unitId, n);
    impressions = java.util.Arrays.copyOf(impressions, n);
    clicks = java.util.Arrays.copyOf(clicks, n);
    costFen = java.util.Arrays.copyOf(costFen, n);
    conversions = java.util.Arrays.copyOf(conversions, n);
  }
}
