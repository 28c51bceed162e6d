package io.beacon.bench;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;

/** What the hardware allows without Beacon: the ceilings ingest is compared with in the same run. */
final class Baselines {
  private static final int PIPELINE = 1_000;
  private static final int SENDERS = 8;

  private Baselines() {}

  /** Pipelined HINCRBY through the same Redis client Beacon uses, ops/s. */
  static JsonObject redisLimit(BenchContext ctx, double seconds) {
    Redis redis = Redis.createClient(ctx.vertx, new RedisOptions().setConnectionString(ctx.target.redisUrl)
        .setMaxPoolSize(SENDERS).setMaxPoolWaiting(1_000).setMaxWaitingHandlers(100_000));
    try {
      Throughput t = repeat(SENDERS, seconds, sender -> {
        SplittableRandom random = new SplittableRandom(sender);
        return () -> {
          List<Request> batch = new ArrayList<>(PIPELINE);
          for (int i = 0; i < PIPELINE; i++) {
            batch.add(Request.cmd(Command.HINCRBY).arg("bench:baseline:{" + random.nextInt(64) + "}")
                .arg("c" + random.nextInt(300)).arg(1 + random.nextInt(500)));
          }
          redis.batch(batch).await();
          return PIPELINE;
        };
      });
      return new JsonObject().put("ops_per_s", t.perSecond()).put("pipeline", PIPELINE).put("senders", SENDERS);
    } finally {
      redis.close();
    }
  }

  /** The naive design: one PostgreSQL UPDATE … SET spend = spend + $1 per event, pipelined, events/s. */
  static JsonObject pgNaive(BenchContext ctx, double seconds) {
    ctx.pg.query("CREATE TABLE IF NOT EXISTS bench_naive_spend (client_id bigint PRIMARY KEY, spend_fen bigint NOT NULL)").execute().await();
    ctx.pg.query("INSERT INTO bench_naive_spend SELECT g, 0 FROM generate_series(1, 300) g ON CONFLICT DO NOTHING").execute().await();
    Throughput t = repeat(SENDERS, seconds, sender -> {
      SplittableRandom random = new SplittableRandom(sender);
      return () -> {
        List<Future<?>> inFlight = new ArrayList<>(100);
        for (int i = 0; i < 100; i++) {
          inFlight.add(ctx.pg.preparedQuery("UPDATE bench_naive_spend SET spend_fen = spend_fen + $1 WHERE client_id = $2")
              .execute(Tuple.of(1 + random.nextInt(500), 1 + random.nextInt(300))));
        }
        Future.all(inFlight).await();
        return inFlight.size();
      };
    });
    ctx.pg.query("DROP TABLE bench_naive_spend").execute().await();
    return new JsonObject().put("events_per_s", t.perSecond()).put("senders", SENDERS);
  }

  /** What {@link #repeat} counted, over how long. */
  record Throughput(long count, double seconds) {
    long perSecond() { return Math.round(count / seconds); }
  }

  /**
   * Runs {@code senders} threads, each repeating the step made for it until the time is up; a step
   * returns how many operations it completed.
   */
  static Throughput repeat(int senders, double seconds, IntFunction<LongSupplier> stepOf) {
    AtomicLong count = new AtomicLong();
    long deadline = System.nanoTime() + (long) (seconds * 1e9);
    long t0 = System.nanoTime();
    List<Thread> threads = new ArrayList<>();
    for (int s = 0; s < senders; s++) {
      LongSupplier step = stepOf.apply(s);
      threads.add(thread(() -> {
        while (System.nanoTime() < deadline) count.addAndGet(step.getAsLong());
      }));
    }
    join(threads);
    return new Throughput(count.get(), (System.nanoTime() - t0) / 1e9);
  }

  static Thread thread(Runnable work) {
    Thread t = new Thread(work, "bench-sender");
    t.start();
    return t;
  }

  static void join(List<Thread> threads) {
    for (Thread t : threads) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
