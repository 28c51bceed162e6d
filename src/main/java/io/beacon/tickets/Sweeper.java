package io.beacon.tickets;

import io.beacon.platform.ApiRouter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs the service desk's time rules on a timer: tickets returned over 14 days ago are cancelled,
 * leads past their expiry expire. Each job is idempotent and safe with several instances (the stores
 * lock rows with SKIP LOCKED and re-check the state), so every instance simply runs it.
 */
public final class Sweeper implements ApiRouter.Feature {
  private static final Logger log = LoggerFactory.getLogger(Sweeper.class);

  private final Vertx vertx;
  private final long periodMillis;
  private final Map<String, Supplier<Future<Integer>>> jobs;
  private long timerId = -1;
  private boolean running;

  public Sweeper(Vertx vertx, long periodMillis, Map<String, Supplier<Future<Integer>>> jobs) {
    this.vertx = vertx;
    this.periodMillis = periodMillis;
    this.jobs = jobs;
  }

  /** Background work only: the swept records are read through their own features' routes. */
  @Override
  public void mount(Router api) {}

  @Override
  public Future<Void> start() {
    timerId = vertx.setPeriodic(periodMillis, periodMillis, id -> sweep());
    return Future.succeededFuture();
  }

  /** One pass over every job; a pass still running is not overlapped. */
  public void sweep() {
    if (running) return;
    running = true;
    List<Future<Integer>> passes = jobs.entrySet().stream().map(job -> job.getValue().get()
        .onSuccess(n -> { if (n > 0) log.info("{}: {}", job.getKey(), n); })
        .onFailure(e -> log.warn("{} failed", job.getKey(), e))).toList();
    Future.join(passes).onComplete(done -> running = false);
  }

  @Override
  public void close() {
    if (timerId >= 0) vertx.cancelTimer(timerId);
  }
}
