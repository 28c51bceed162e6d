package io.beacon.live.push;

import io.beacon.auth.TokenService;
import io.beacon.live.LiveBus;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The hub's ONE Redis connection, subscribed to every agency channel ({@code PSUBSCRIBE beacon:live:*}) and to
 * {@code auth:revocations}. When it drops it reconnects every second until it is back, then tells the hub,
 * which brings its connections back from the stream (they may have missed messages meanwhile).
 */
final class HubSubscription {
  private static final Logger log = LoggerFactory.getLogger(HubSubscription.class);

  private final Vertx vertx;
  private final String redisUrl;
  /** Gets (channel, payload) of every message on {@code beacon:live:<agency>}. */
  private final BiConsumer<String, String> agencyMessage;
  private final Consumer<String> revocation;
  /** Runs when the subscription is back after a drop. */
  private final Runnable reconnected;
  private Redis client;
  private boolean stopping;

  HubSubscription(Vertx vertx, String redisUrl, BiConsumer<String, String> agencyMessage, Consumer<String> revocation,
                  Runnable reconnected) {
    this.vertx = vertx;
    this.redisUrl = redisUrl;
    this.agencyMessage = agencyMessage;
    this.revocation = revocation;
    this.reconnected = reconnected;
  }

  /** Subscribes; call on the hub's context, whose event loop then receives every message. */
  Future<Void> start() {
    if (client == null) client = Redis.createClient(vertx, new RedisOptions().setConnectionString(redisUrl));
    return client.connect().compose(conn -> {
      conn.handler(this::onRedis);
      conn.exceptionHandler(e -> log.warn("push subscription error: {}", e.toString()));
      conn.endHandler(v -> lost());
      return subscribe(conn);
    });
  }

  private static Future<Void> subscribe(RedisConnection conn) {
    return conn.send(Request.cmd(Command.PSUBSCRIBE).arg(LiveBus.CHANNEL_PREFIX + "*"))
        .compose(r -> conn.send(Request.cmd(Command.SUBSCRIBE).arg(TokenService.REVOCATIONS)))
        .mapEmpty();
  }

  Future<Void> close() {
    stopping = true;
    return client == null ? Future.succeededFuture() : client.close();
  }

  private void lost() {
    if (stopping) return;
    log.warn("push subscription lost; reconnecting");
    vertx.setTimer(1000, id -> start().onSuccess(v -> reconnected.run()).onFailure(e -> lost()));
  }

  private void onRedis(Response r) {
    if (r.type() != ResponseType.PUSH && r.type() != ResponseType.MULTI) {
      log.info("push subscription got a {} reply: {}", r.type(), r);
      return;
    }
    if (r.size() < 3) return;
    String kind = r.get(0).toString();
    if ("pmessage".equals(kind) && r.size() >= 4) agencyMessage.accept(r.get(2).toString(), r.get(3).toString());
    else if ("message".equals(kind) && TokenService.REVOCATIONS.equals(r.get(1).toString())) revocation.accept(r.get(2).toString());
  }
}
