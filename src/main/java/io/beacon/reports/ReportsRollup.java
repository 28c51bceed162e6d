package io.beacon.reports;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps {@code spend_daily_detail} up to date: every few minutes rolls the days before today that are
 * not rolled yet or changed since (late events, backfills), a month of one agency and basis per
 * transaction, until none is left. Reads never wait for it: a day not rolled is read from the hours.
 */
public final class ReportsRollup {
  private static final Logger log = LoggerFactory.getLogger(ReportsRollup.class);
  static final long INTERVAL_MS = 5 * 60_000L;
  private static final int BATCH_DAYS = 500;
  private static final int DAYS_PER_ROLL = 31;
  /** Batches per run: days that keep differing (hourly rows missing for a spend_daily row) cannot hold a run forever. */
  private static final int MAX_BATCHES = 20;

  private final Vertx vertx;
  private final ReportsStore store;
  private final Clock clock;
  private long timer = -1;
  private boolean running;

  public ReportsRollup(Vertx vertx, ReportsStore store, Clock clock) {
    this.vertx = vertx;
    this.store = store;
    this.clock = clock;
  }

  public Future<Void> start() {
    timer = vertx.setPeriodic(10_000L, INTERVAL_MS, id -> runOnce());
    return Future.succeededFuture();
  }

  public void stop() {
    if (timer >= 0) vertx.cancelTimer(timer);
  }

  private void runOnce() {
    if (running) return;
    running = true;
    long t0 = System.nanoTime();
    rollPending().onComplete(ar -> {
      running = false;
      if (ar.failed()) log.warn("data overview rollup failed; the next run retries", ar.cause());
      else if (ar.result() > 0) log.info("data overview rollup: {} agency days in {} ms", ar.result(), (System.nanoTime() - t0) / 1_000_000);
    });
  }

  /** Rolls every pending day (all agencies); the number of agency days rolled. */
  public Future<Integer> rollPending() { return rollPending(0, 0); }

  private Future<Integer> rollPending(int done, int batches) {
    return store.pendingDays(clock.instant(), BATCH_DAYS).compose(pending -> {
      if (pending.isEmpty()) return Future.succeededFuture(done);
      Map<String, List<ReportsStore.Pending>> groups = new LinkedHashMap<>();
      for (ReportsStore.Pending p : pending) groups.computeIfAbsent(p.agencyId() + "|" + p.basis(), k -> new ArrayList<>()).add(p);
      Future<Void> chain = Future.succeededFuture();
      for (List<ReportsStore.Pending> group : groups.values()) {
        for (int i = 0; i < group.size(); i += DAYS_PER_ROLL) {
          List<ReportsStore.Pending> part = group.subList(i, Math.min(group.size(), i + DAYS_PER_ROLL));
          ReportsStore.Pending first = part.get(0);
          List<LocalDate> days = part.stream().map(ReportsStore.Pending::day).toList();
          chain = chain.compose(v -> store.roll(first.agencyId(), first.basis(), first.zone(), days));
        }
      }
      // A batch smaller than asked was the last one; otherwise look again.
      return chain.compose(v -> pending.size() < BATCH_DAYS || batches + 1 >= MAX_BATCHES ? Future.succeededFuture(done + pending.size())
          : rollPending(done + pending.size(), batches + 1));
    });
  }
}
