package io.beacon.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fan-out baseline: a bare Vert.x server with no auth, no Redis and no visibility rules. It sums
 * each posted batch's spend per client and broadcasts one frame per batch (with {@code at}, when it was
 * summed: its acceptance) to the sockets that asked for client counters. Runs in its own JVM so it is measured like Beacon is.
 */
public final class BareFanout {
  private BareFanout() {}

  /** Handle on the child JVM running the bare server. */
  record Process(java.lang.Process process, int port, WebClient client) implements AutoCloseable {
    Future<?> post(Buffer batch) {
      return client.post(port, "127.0.0.1", "/ingest").sendBuffer(batch);
    }

    @Override
    public void close() {
      process.destroy();
    }
  }

  static Process launch(BenchContext ctx, Path dir) throws IOException, InterruptedException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) { port = s.getLocalPort(); }
    String java = ProcessHandle.current().info().command().orElse("java");
    java.lang.Process p = new ProcessBuilder("bash", "-c", "ulimit -n $(ulimit -Hn); exec \"$@\"", "bare-fanout",
        java, "-cp", System.getProperty("java.class.path"), BareFanout.class.getName(), String.valueOf(port))
        .redirectErrorStream(true).redirectOutput(dir.resolve("bare-fanout.log").toFile()).start();
    WebClient client = WebClient.create(ctx.vertx);
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (true) {
      try {
        if (client.get(port, "127.0.0.1", "/ready").send().await().statusCode() == 200) return new Process(p, port, client);
      } catch (Exception notYet) { // await rethrows the connect failure itself
        if (!p.isAlive() || System.nanoTime() > deadline) {
          p.destroy();
          throw new IOException("bare fan-out server did not start; see " + dir.resolve("bare-fanout.log"));
        }
        Thread.sleep(100);
      }
    }
  }

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    Vertx vertx = Vertx.vertx();
    Set<ServerWebSocket> tables = ConcurrentHashMap.newKeySet();
    Map<Long, Long> spend = new HashMap<>();
    vertx.createHttpServer().webSocketHandler(ws -> ws.textMessageHandler(text -> {
      if (new JsonObject(text).getJsonArray("topics", new JsonArray()).contains("clients")) {
        tables.add(ws);
        ws.closeHandler(v -> tables.remove(ws));
      }
    })).requestHandler(req -> {
      if (req.path().equals("/ready")) {
        req.response().end("ok");
        return;
      }
      req.body().onSuccess(body -> {
        JsonArray events = body.toJsonArray();
        Map<Long, Long> touched = new HashMap<>();
        synchronized (spend) {
          for (int i = 0; i < events.size(); i++) {
            JsonObject e = events.getJsonObject(i);
            long client = e.getLong("clientId");
            touched.put(client, spend.merge(client, e.getLong("costFen"), Long::sum));
          }
        }
        JsonArray items = new JsonArray();
        touched.forEach((client, fen) -> items.add(new JsonObject().put("clientId", client).put("counters", new JsonObject().put("spendFen", fen))));
        String frame = new JsonObject().put("type", "counters").put("at", java.time.Instant.now().toString()).put("items", items).encode();
        for (ServerWebSocket ws : tables) ws.writeTextMessage(frame);
        req.response().end("{\"accepted\":" + events.size() + "}");
      });
    }).listen(port).await();
  }
}
