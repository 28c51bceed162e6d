package io.beacon.live.push;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One message as it leaves the hub: encoded once (the JSON text as published, or as built once per
 * visibility scope) and shared by every connection that receives it, down to the UTF-8 bytes of the
 * WebSocket frame. The SSE framing is built on first use and shared too.
 */
final class Outbound {
  final String type;
  final Topic topic;
  final String seq;
  final Long clientId;
  final Long staffId;
  final String json;
  final long atMillis;
  /** When the hub got it from pub/sub ({@link System#nanoTime()}); 0 for messages push built itself. */
  final long receivedNanos;
  /** The client counters messages a batched {@code counters} frame carries; null otherwise. */
  final List<Outbound> items;
  private byte[] utf8;
  private Buffer sse;

  private Outbound(String type, Topic topic, String seq, Long clientId, Long staffId, String json, long atMillis,
                   long receivedNanos, List<Outbound> items) {
    this.type = type;
    this.topic = topic;
    this.seq = seq;
    this.clientId = clientId;
    this.staffId = staffId;
    this.json = json;
    this.atMillis = atMillis;
    this.receivedNanos = receivedNanos;
    this.items = items;
  }

  /** A message read from the stream: {@code json} is kept as is, {@code parsed} gives the routing fields. */
  static Outbound from(JsonObject parsed, String json) { return from(parsed, json, 0); }

  /** A message from the bus, received at {@code receivedNanos}. */
  static Outbound from(JsonObject parsed, String json, long receivedNanos) {
    String type = parsed.getString("type");
    return new Outbound(type, Topic.ofType(type), str(parsed.getValue("seq")), num(parsed.getValue("clientId")),
        num(parsed.getValue("staffId")), json, at(parsed.getValue("at")), receivedNanos, null);
  }

  /** A message built by push itself (snapshot, totals, resync, error); {@code topic} null = always delivered. */
  static Outbound control(JsonObject message, Topic topic) {
    return new Outbound(message.getString("type"), topic, null, null, null, message.encode(), 0, 0, null);
  }

  /** The WebSocket frame limit clients enforce by default; batched counters frames stay well under it. */
  static final int MAX_FRAME_BYTES = 64 * 1024;
  static final int MAX_FRAME_CHARS = 32 * 1024;

  /**
   * Several clients' counters messages in as few frames as fit, {@code {"type":"counters","items":[…]}},
   * each item the message as published (so nothing is re-encoded); a lone message goes out as it is.
   */
  static List<Outbound> counters(List<Outbound> messages) {
    if (messages.size() == 1) return messages;
    List<Outbound> frames = new ArrayList<>(1);
    int from = 0;
    int chars = 0;
    for (int i = 0; i < messages.size(); i++) {
      int len = messages.get(i).json.length() + 1;
      if (i > from && chars + len > MAX_FRAME_CHARS) {
        frames.add(batch(messages.subList(from, i)));
        from = i;
        chars = 0;
      }
      chars += len;
    }
    frames.add(batch(messages.subList(from, messages.size())));
    return frames;
  }

  private static Outbound batch(List<Outbound> messages) {
    if (messages.size() == 1) return messages.get(0);
    int length = 32;
    for (Outbound m : messages) length += m.json.length() + 1;
    StringBuilder json = new StringBuilder(length).append("{\"type\":\"counters\",\"items\":[");
    for (int i = 0; i < messages.size(); i++) {
      if (i > 0) json.append(',');
      json.append(messages.get(i).json);
    }
    return new Outbound("counters", Topic.CLIENTS, null, null, null, json.append("]}").toString(), 0, 0, List.copyOf(messages));
  }

  /** The messages this one stands for: its items when batched, else itself. */
  List<Outbound> parts() { return items != null ? items : List.of(this); }

  /** The UTF-8 text of the WebSocket frame, encoded on first use and shared by every socket. */
  byte[] utf8() {
    if (utf8 == null) utf8 = json.getBytes(StandardCharsets.UTF_8);
    return utf8;
  }

  boolean durable() { return seq != null; }

  Buffer sse() {
    if (sse == null) sse = Buffer.buffer((seq == null ? "" : "id: " + seq + "\n") + "data: " + json + "\n\n");
    return sse;
  }

  /** The JSON object {@code text} holds, or null when it is not one. */
  static JsonObject parse(String text) {
    try {
      return new JsonObject(text);
    } catch (RuntimeException e) {
      return null;
    }
  }

  static Long num(Object v) {
    if (v instanceof Number n) return n.longValue();
    if (v instanceof String s) {
      try {
        return Long.parseLong(s);
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  private static String str(Object v) { return v == null ? null : v.toString(); }

  private static long at(Object v) {
    if (v instanceof String s) {
      try {
        return Instant.parse(s).toEpochMilli();
      } catch (RuntimeException e) {
        return 0;
      }
    }
    return v instanceof Number n ? n.longValue() : 0;
  }
}
