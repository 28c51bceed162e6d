package io.beacon;

import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.fail;

/** Messages a test client received (WebSocket, SSE, webhook), in order, read from the test thread. */
public class Received {
  public static final Duration WAIT = Duration.ofSeconds(15);
  private final BlockingQueue<JsonObject> queue = new LinkedBlockingQueue<>();
  private final AtomicInteger batchedFrames = new AtomicInteger();

  /** A batched counters frame ({@code items}) counts as the client messages it carries, in order. */
  public void add(JsonObject message) {
    if (message.getValue("items") instanceof io.vertx.core.json.JsonArray items) {
      batchedFrames.incrementAndGet();
      for (Object item : items) queue.add((JsonObject) item);
    } else {
      queue.add(message);
    }
  }

  /** How many frames carried several clients' counters. */
  public int batchedFrames() { return batchedFrames.get(); }

  /** The next message of {@code type}, skipping others; fails after the wait. */
  public JsonObject next(String type) { return next(m -> type.equals(m.getString("type")), "a " + type + " message"); }

  public JsonObject next(Predicate<JsonObject> wanted, String what) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      JsonObject m = poll(50);
      if (m != null && wanted.test(m)) return m;
    }
    return fail("no " + what + " within " + WAIT.toSeconds() + " s");
  }

  /** Everything that arrives within {@code window}. */
  public List<JsonObject> collect(Duration window) {
    List<JsonObject> all = new ArrayList<>();
    long deadline = System.nanoTime() + window.toNanos();
    while (System.nanoTime() < deadline) {
      JsonObject m = poll(20);
      if (m != null) all.add(m);
    }
    return all;
  }

  /** The next message within {@code within}, whatever it is, or null. */
  public JsonObject next(Duration within) { return poll(within.toMillis()); }

  private JsonObject poll(long millis) {
    try {
      return queue.poll(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
