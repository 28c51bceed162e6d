package io.beacon.auth;

import io.beacon.TestBeacon;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Subscribes to one Redis channel of the shared test Beacon and collects its JSON messages. */
public final class RedisListener implements AutoCloseable {
  private final RedisConnection connection;
  private final BlockingQueue<JsonObject> messages = new LinkedBlockingQueue<>();

  public RedisListener(String channel) {
    connection = TestBeacon.shared().platform().redisClient().connect().await();
    connection.handler(m -> {
      if (m.size() == 3 && "message".equals(m.get(0).toString())) messages.add(new JsonObject(m.get(2).toString()));
    });
    connection.send(Request.cmd(Command.SUBSCRIBE).arg(channel)).await();
  }

  /** The first message matching {@code match} within {@code millis}, or null. */
  public JsonObject await(Predicate<JsonObject> match, long millis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + millis;
    for (long left = millis; left > 0; left = deadline - System.currentTimeMillis()) {
      JsonObject m = messages.poll(left, TimeUnit.MILLISECONDS);
      if (m != null && match.test(m)) return m;
    }
    return null;
  }

  @Override
  public void close() {
    connection.close();
  }
}
