package io.beacon.live;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.RedisAPI;

import java.util.List;

/**
 * How every feature hands a message to the dashboards of one agency, on any instance (M6, M9).
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

  public static String channel(long agencyId) { return "beacon:live:" + agencyId; }

  public static String stream(long agencyId) { return "beacon:events:{a" + agencyId + "}"; }

  /** Publishes a message that may be dropped or coalesced (counter deltas). */
  public Future<Void> publish(long agencyId, JsonObject message) {
    return redis.publish(channel(agencyId), message.encode()).mapEmpty();
  }

  /** Appends a message that must never be lost to the agency stream, then publishes it with its seq. */
  public Future<String> publishDurable(long agencyId, JsonObject message) {
    return redis.xadd(List.of(stream(agencyId), "MAXLEN", "~", String.valueOf(STREAM_MAX_LEN), "*", "m", message.encode()))
        .compose(id -> {
          String seq = id.toString();
          return redis.publish(channel(agencyId), message.copy().put("seq", seq).encode()).map(seq);
        });
  }
}
