package io.beacon.readmodel;

import io.beacon.auth.ClientScope;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A small time-bounded cache of read-model query results on this instance. Settled data (days before
 * today) is kept for {@link #SETTLED}; anything touching today only for {@link #RECENT}, which is about
 * the persistence worker's own lag — today's figures on screen come from the live counters anyway,
 * which are never cached. Concurrent identical reads share one query (wall boards refreshing together).
 * Cached values are immutable lists and records; callers never change them.
 */
public final class ReadCache {
  public static final Duration SETTLED = Duration.ofSeconds(60);
  public static final Duration RECENT = Duration.ofSeconds(5);
  private static final int MAX_ENTRIES = 2_000;

  private record Entry(long expiresAtMillis, Future<?> value) {}

  private final Clock clock;
  private final Map<String, Entry> entries = new LinkedHashMap<>(256, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) { return size() > MAX_ENTRIES; }
  };

  public ReadCache(Clock clock) { this.clock = clock; }

  /** Cache key of one read: the query name, the caller's scope and the parameters. */
  public static String key(String query, ClientScope scope, Object... params) {
    StringBuilder b = new StringBuilder(query).append('|').append(scope.agencyId()).append('|')
        .append(scope.assignedToStaffId()).append('|').append(scope.onlyClientId());
    for (Object p : params) b.append('|').append(p);
    return b.toString();
  }

  /** Days before today do not change (but for late events): they are kept longer than reads touching today. */
  public static Duration ttl(Period p) { return p.includesToday() ? RECENT : SETTLED; }

  /** The cached result of {@code key}, or a fresh {@code load()} kept for {@code ttl} if it succeeds. */
  @SuppressWarnings("unchecked")
  public <T> Future<T> get(String key, Duration ttl, Supplier<Future<T>> load) {
    long now = clock.millis();
    Future<T> shared;
    synchronized (entries) {
      Entry e = entries.get(key);
      if (e != null && e.expiresAtMillis() > now && !e.value().failed()) {
        shared = (Future<T>) e.value();
      } else {
        shared = load.get();
        entries.put(key, new Entry(now + ttl.toMillis(), shared));
      }
    }
    shared.onFailure(err -> {
      synchronized (entries) {
        Entry e = entries.get(key);
        if (e != null && e.value() == shared) entries.remove(key);
      }
    });
    return onCallerContext(shared);
  }

  /** Completes on the caller's context so that handlers keep running on their own event loop. */
  private static <T> Future<T> onCallerContext(Future<T> shared) {
    Context context = Vertx.currentContext();
    if (context == null || shared.isComplete()) return shared;
    Promise<T> promise = Promise.promise();
    shared.onComplete(ar -> context.runOnContext(v -> promise.handle(ar)));
    return promise.future();
  }
}
