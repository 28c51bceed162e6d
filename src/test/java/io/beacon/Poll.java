package io.beacon;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waiting for what a test cannot be told about directly (a background worker's write, a task's state,
 * a message on its way) by asking again until it holds, never by a fixed sleep. Runs on the test
 * thread, never on an event loop.
 */
public final class Poll {
  /** How long asynchronous work (persistence, deliveries, exports) may take before a test gives up. */
  public static final Duration ASYNC = Duration.ofSeconds(20);
  private static final long EVERY_MILLIS = 25;

  private Poll() {}

  /** Returns once {@code condition} holds; fails the test when it does not within {@link #ASYNC}. */
  public static void eventually(BooleanSupplier condition) {
    eventuallyValue(() -> condition.getAsBoolean() ? Boolean.TRUE : null);
  }

  /** The first non-null answer of {@code probe}; fails the test when there is none within {@link #ASYNC}. */
  public static <T> T eventuallyValue(Supplier<T> probe) {
    long deadline = System.nanoTime() + ASYNC.toNanos();
    while (true) {
      T value = probe.get();
      if (value != null) return value;
      if (System.nanoTime() > deadline) throw new AssertionError("condition not met within " + ASYNC.toSeconds() + " s");
      pause();
    }
  }

  /** Whether {@code condition} came to hold within {@code timeout} (the caller asserts, with its own message). */
  public static boolean within(Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) return false;
      pause();
    }
    return true;
  }

  /** Asks {@code probe} until {@code done} accepts its answer or {@code timeout} passes; the last answer (the caller asserts on it). */
  public static <T> T last(Duration timeout, Supplier<T> probe, Predicate<T> done) {
    long deadline = System.nanoTime() + timeout.toNanos();
    T value = probe.get();
    while (!done.test(value) && System.nanoTime() < deadline) {
      pause();
      value = probe.get();
    }
    return value;
  }

  private static void pause() {
    try {
      Thread.sleep(EVERY_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting", e);
    }
  }
}
