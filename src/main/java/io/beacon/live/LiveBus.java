package io.beacon.live;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;

import java.util.List;

/**
 * How every feature hands a message to the dashboards of one agency, on any instance.
 * Counter deltas are published only (they are coalesced and may be superseded); alerts, cleared
 * alerts and notices are first appended to the agency's capped event stream, whose entry id becomes
 * the message's {@code seq} used for resume, and then published with it.
 *
 * <p>Channel: {@code beacon:live:<agencyId>}; stream: {@code beacon:events:{a<agencyId>}}. Every
 * message is a JSON object with {@code type} (counters, alert, alert-cleared, notice, …), {@code at}
 * (ISO instant) and, where it concerns one client, {@code clientId} so push can filter by visibility.
 */
public final class LiveBus {
  /** Resume history kept per agency. */
  public static final int STREAM_MAX_LEN = 10_000;

  private final RedisAPI redis;

  public LiveBus(RedisAPI redis) { this.redis = redis; }

  /** What every agency's channel name starts with (a subscriber's pattern, and where the agency id starts). */
  public static final String CHANNEL_PREFIX = "beacon:live:";

  public static String channel(long agencyId) { return CHANNEL_PREFIX + agencyId; }

  public static String stream(long agencyId) { return "beacon:events:{a" + agencyId + "}"; }

  /** Publishes a message that may be dropped or coalesced (counter deltas). */
  public Future<Void> publish(long agencyId, JsonObject message) {
    return redis.publish(channel(agencyId), message.encode()).mapEmpty();
  }

  /**
   * Appends a message that must never be lost to the agency stream and publishes it with its seq, in
   * one atomic script: the order of seqs on the channel is the order of the stream, so a subscriber's
   * last seq is always a correct resume point.
   */
  public Future<String> publishDurable(long agencyId, JsonObject message) {
    JsonObject body = message.copy();
    body.remove("seq");
    return redis.eval(List.of(PUBLISH_DURABLE, "1", stream(agencyId), String.valueOf(STREAM_MAX_LEN), body.encode(),
        channel(agencyId))).map(Response::toString);
  }

  /** XADD then PUBLISH with {@code "seq":<entry id>} spliced in as the first field (messages are never empty). */
  private static final String PUBLISH_DURABLE = """
      local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'm', ARGV[2])
      redis.call('PUBLISH', ARGV[3], '{"seq":"' .. id .. '",' .. string.sub(ARGV[2], 2))
      return id""";
}
