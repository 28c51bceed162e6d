package io.beacon.bench;

import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/** The read models at a fixed request rate (open loop), round-robin over all demo staff. */
final class RestScenario {
  private RestScenario() {}

  static Map<String, String> endpoints() {
    Map<String, String> e = new LinkedHashMap<>();
    e.put("home_overview", "/api/v1/home/overview?range=today");
    e.put("home_top10", "/api/v1/home/top-clients?period=7d");
    e.put("monitor_30d", "/api/v1/monitor/clients?range=30d&pageSize=50");
    return e;
  }

  /**
   * A warm-up at the same rate first (its figures reported apart, as {@code warmup}): the first request of
   * each staff member and read model fills the shared result cache and compiles the path, which is
   * start-up cost, not the steady latency the target is about.
   */
  static JsonObject run(BenchContext ctx, int requestsPerSecond, double warmupSeconds, double seconds) throws InterruptedException {
    Map<String, String> endpoints = endpoints();
    JsonObject warmup = new JsonObject().put("seconds", warmupSeconds);
    drive(ctx, endpoints, requestsPerSecond, warmupSeconds).forEach((name, figures) ->
        warmup.put(name, new JsonObject().put("max_ms", figures.getDouble("max_ms")).put("errors", figures.getLong("errors"))));
    JsonObject out = new JsonObject().put("requests_per_s", requestsPerSecond).put("staff", BenchContext.STAFF.size()).put("warmup", warmup);
    drive(ctx, endpoints, requestsPerSecond, seconds).forEach(out::put);
    return out;
  }

  private static Map<String, JsonObject> drive(BenchContext ctx, Map<String, String> endpoints, int requestsPerSecond, double seconds)
      throws InterruptedException {
    List<String> names = List.copyOf(endpoints.keySet());
    List<String> tokens = List.copyOf(ctx.tokens.values());
    Map<String, Latency> latency = new LinkedHashMap<>();
    Map<String, AtomicLong> errors = new LinkedHashMap<>();
    for (String n : names) {
      latency.put(n, new Latency());
      errors.put(n, new AtomicLong());
    }
    int total = (int) (requestsPerSecond * seconds);
    CountDownLatch done = new CountDownLatch(total);
    long periodNanos = 1_000_000_000L / requestsPerSecond;
    long t0 = System.nanoTime();
    for (int i = 0; i < total; i++) {
      long due = t0 + i * periodNanos;
      long wait = due - System.nanoTime();
      if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      String name = names.get(i % names.size());
      String token = tokens.get((i / names.size()) % tokens.size());
      // Open loop: latency counts from when the request was due, so a slow server cannot hide queueing.
      ctx.http.get(endpoints.get(name)).bearerTokenAuthentication(token).send().onComplete(r -> {
        latency.get(name).recordNanos(System.nanoTime() - due);
        if (r.failed() || r.result().statusCode() != 200) errors.get(name).incrementAndGet();
        done.countDown();
      });
    }
    done.await();
    Map<String, JsonObject> out = new LinkedHashMap<>();
    for (String n : names) out.put(n, latency.get(n).json().put("path", endpoints.get(n)).put("errors", errors.get(n).get()));
    return out;
  }
}
