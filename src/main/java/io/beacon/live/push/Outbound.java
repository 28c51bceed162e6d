package io.beacon.live.push;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.time.Instant;

/**
 * One message as it leaves the hub: encoded once (the JSON text as published, or as built once per
 * visibility scope) and shared by every connection that receives it. The SSE framing is built on
 * first use and shared too.
 */
final class Outbound {
  final String type;
  final Topic topic;
  final String seq;
  final Long clientId;
  final Long staffId;
  final String json;
  final long atMillis;
  private Buffer sse;

  Outbound(String type, Topic topic, String seq, Long clientId, Long staffId, String json, long atMillis) {
    this.type = type;
    this.topic = topic;
    this.seq = seq;
    this.clientId = clientId;
    this.staffId = staffId;
    this.json = json;
    this.atMillis = atMillis;
  }

  /** A message from the bus or the stream: {@code json} is kept as is, {@code parsed} gives the routing fields. */
  static Outbound from(JsonObject parsed, String json) {
    String type = parsed.getString("type");
    return new Outbound(type, Topic.ofType(type), str(parsed.getValue("seq")), num(parsed.getValue("clientId")),
        num(parsed.getValue("staffId")), json, at(parsed.getValue("at")));
  }

  /** A message built by push itself (snapshot, totals, resync, error); {@code topic} null = always delivered. */
  static Outbound control(JsonObject message, Topic topic) {
    return new Outbound(message.getString("type"), topic, null, null, null, message.encode(), 0);
  }

  boolean durable() { return seq != null; }

  Buffer sse() {
    if (sse == null) sse = Buffer.buffer((seq == null ? "" : "id: " + seq + "\n") + "data: " + json + "\n\n");
    return sse;
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
