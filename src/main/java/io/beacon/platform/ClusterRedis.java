package io.beacon.platform;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisCluster;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A Redis Cluster client that takes the same batches as a single server. Vert.x refuses a cluster batch
 * whose keys live on different nodes, and Beacon pipelines one request per partition ({@code {p<n>}}
 * hash tags spread over every node); so a batch is split per node (each part still pipelined on one
 * connection, the parts in parallel) and the replies are put back in request order. SCRIPT commands
 * carry no key and go to every master: each node keeps its own script cache for EVALSHA. PUBLISH carries
 * no key either; the cluster client would send each one to a random node, and messages published on
 * different nodes overtake each other on the cluster bus (a dashboard kept an older counter value than
 * the last), so every PUBLISH goes to one node, the one the push subscription listens on, in send order.
 *
 * <p>Every cluster operation borrows one pooled connection from EVERY node at once. Past the pool size,
 * concurrent operations each holding some nodes' connections would wait for the others' forever, so at
 * most {@code permits} operations run at a time (fewer than the pool size; the rest is left for
 * long-lived connections such as subscriptions); the others queue and start on their caller's context.
 */
final class ClusterRedis implements Redis {
  private final Vertx vertx;
  private final Redis cluster;
  private final RedisCluster nodes;
  private final Redis publisher;
  private final int permits;
  private final Deque<Runnable> waiting = new ArrayDeque<>();
  private int running;

  ClusterRedis(Vertx vertx, Redis cluster, Redis publisher, int permits) {
    this.vertx = vertx;
    this.cluster = cluster;
    this.nodes = RedisCluster.create(cluster);
    this.publisher = publisher;
    this.permits = permits;
  }

  @Override
  public Future<RedisConnection> connect() { return cluster.connect(); }

  @Override
  public Future<Void> close() { return Future.join(cluster.close(), publisher.close()).mapEmpty(); }

  @Override
  public Future<Response> send(Request request) {
    if (request.command() == Command.SCRIPT) return gated(() -> nodes.onAllMasterNodes(request).map(replies -> replies.get(0)));
    if (request.command() == Command.PUBLISH) return publisher.send(request);
    return gated(() -> cluster.send(request));
  }

  @Override
  public Future<List<Response>> batch(List<Request> requests) {
    if (requests.isEmpty()) return Future.succeededFuture(List.of());
    Map<Request, Integer> index = new IdentityHashMap<>();
    List<Request> routed = new ArrayList<>();
    List<Request> publishes = new ArrayList<>();
    List<Future<?>> parts = new ArrayList<>();
    Response[] replies = new Response[requests.size()];
    for (int i = 0; i < requests.size(); i++) {
      Request r = requests.get(i);
      if (index.put(r, i) != null) throw new IllegalArgumentException("the same Request object twice in one batch");
      if (r.command() == Command.SCRIPT) {
        int at = i;
        parts.add(send(r).onSuccess(reply -> replies[at] = reply));
      } else if (r.command() == Command.PUBLISH) {
        publishes.add(r);
      } else {
        routed.add(r);
      }
    }
    if (!publishes.isEmpty()) parts.add(store(publisher.batch(publishes), publishes, index, replies));
    Future<Void> grouped = routed.isEmpty() ? Future.succeededFuture() : gated(() -> nodes.groupByNodes(routed)).compose(groups -> {
      List<Future<?>> sent = new ArrayList<>();
      for (List<Request> group : groups.getKeyed()) sent.add(sendGroup(group, index, replies));
      if (!groups.getUnkeyed().isEmpty()) sent.add(sendGroup(groups.getUnkeyed(), index, replies));
      return Future.all(sent).mapEmpty();
    });
    parts.add(grouped);
    return Future.all(parts).map(v -> Arrays.asList(replies));
  }

  private Future<Void> sendGroup(List<Request> group, Map<Request, Integer> index, Response[] replies) {
    return store(gated(() -> cluster.batch(group)), group, index, replies);
  }

  private static Future<Void> store(Future<List<Response>> sent, List<Request> group, Map<Request, Integer> index, Response[] replies) {
    return sent.map(got -> {
      for (int i = 0; i < group.size(); i++) replies[index.get(group.get(i))] = got.get(i);
      return null;
    });
  }

  /** Runs {@code operation} now if a permit is free, else when one is (issued from the caller's context). */
  private <T> Future<T> gated(Supplier<Future<T>> operation) {
    Context caller = vertx.getOrCreateContext();
    Promise<T> result = Promise.promise();
    Runnable start = () -> {
      Future<T> f;
      try {
        f = operation.get();
      } catch (RuntimeException e) {
        f = Future.failedFuture(e);
      }
      f.onComplete(ar -> {
        release();
        result.handle(ar);
      });
    };
    boolean now;
    synchronized (waiting) {
      now = running < permits;
      if (now) running++;
      else waiting.add(() -> caller.runOnContext(v -> start.run()));
    }
    if (now) start.run();
    return result.future();
  }

  private void release() {
    Runnable next;
    synchronized (waiting) {
      next = waiting.poll();
      if (next == null) running--;
    }
    if (next != null) next.run();
  }
}
