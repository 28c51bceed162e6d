package io.beacon.chaos;

import io.beacon.bench.Latency;
import io.vertx.core.Future;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Dashboards under trouble: connections dropped at random while alerts and notices flow, and one consumer that stops reading. */
final class PushChaos {
  private PushChaos() {}

  /** A dashboard that resumes from the last seq it saw whenever its connection is dropped. */
  static final class Watcher {
    final Set<String> seqs = ConcurrentHashMap.newKeySet();
    final AtomicLong duplicates = new AtomicLong();
    final AtomicLong resyncs = new AtomicLong();
    /** Where this dashboard's counter latencies go (shared by the dashboards of one phase); null: not measured. */
    volatile Latency counterLatency;
    volatile String lastSeq;
    volatile WebSocket socket;
    int reconnects;

    Future<Void> connect(WebSocketClient ws, ChaosClient client, List<String> topics) {
      return ws.connect(new WebSocketConnectOptions().setHost(client.host).setPort(client.port).setURI("/ws")).compose(s -> {
        socket = s;
        s.textMessageHandler(this::onMessage);
        return s.writeTextMessage(new JsonObject().put("op", "auth").put("token", client.token).encode())
            .compose(v -> s.writeTextMessage(new JsonObject().put("op", "subscribe").put("topics", new JsonArray(topics))
                .put("since", lastSeq).encode()));
      });
    }

    private void onMessage(String text) {
      Instant arrived = Instant.now();
      JsonObject m = new JsonObject(text);
      String type = m.getString("type", "");
      // alerts and notices are the durable messages; a snapshot's seq says where the stream stood when this
      // subscription began, so a dashboard that has seen nothing yet resumes from there (as the web app does)
      String seq = m.getString("seq");
      if (seq != null && (type.equals("alert") || type.equals("notice")) && !seqs.add(seq)) duplicates.incrementAndGet();
      if (seq != null && (lastSeq == null || compare(seq, lastSeq) > 0)) lastSeq = seq;
      if (type.equals("resync")) resyncs.incrementAndGet();
      if (type.equals("counters")) {
        // one frame per view carries several clients' messages in items; a lone update is the message itself
        JsonArray items = m.getJsonArray("items");
        if (items == null) at(m, arrived);
        else for (Object o : items) at((JsonObject) o, arrived);
      }
    }

    private void at(JsonObject item, Instant arrived) {
      String at = item.getString("at");
      Latency sink = counterLatency;
      if (at != null && sink != null) sink.recordNanos(Duration.between(Instant.parse(at), arrived).toNanos());
    }
  }

  /**
   * 30 % of the dashboards' connections dropped every second while ingest fires alerts (budgets cut
   * under the coming spend) and contract terminations publish notices; each dashboard reconnects at once
   * with {@code since}. A reference dashboard that is never dropped defines what was published; a gap is
   * a seq the reference saw and a resuming dashboard never did.
   */
  static JsonObject resume(ChaosRun.Target target, ChaosRun.Settings s) throws Exception {
    SplittableRandom random = new SplittableRandom(s.seed());
    try (ChaosClient client = new ChaosClient(target.baseUrl())) {
      List<Long> clients = target.truth().activeClients();
      List<Long> noticeClients = clients.subList(0, 10);
      List<Long> spendClients = clients.subList(10, clients.size());
      List<String> topics = List.of("alerts", "notices");
      Watcher reference = new Watcher();
      reference.connect(client.ws, client, topics).await();
      List<Watcher> watchers = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        Watcher w = new Watcher();
        w.connect(client.ws, client, topics).await();
        watchers.add(w);
      }
      Thread.sleep(1_000);
      for (long c : spendClients.subList(0, 40)) cutBudget(client, c);
      Senders senders = new Senders(target.baseUrl(), ChaosClient.INGEST_KEY);
      senders.start(2, spendClients, s.seed() + 3, Duration.ofMillis(100));
      long drops = 0;
      int terminations = 0;
      for (int tick = 0; tick < s.resumeSeconds(); tick++) {
        if (terminations < noticeClients.size()) {
          client.post("/api/v1/clients/" + noticeClients.get(terminations++) + "/terminate", client.token, new JsonObject());
        }
        for (Watcher w : watchers) {
          if (random.nextDouble() >= 0.3) continue;
          drops++;
          w.reconnects++;
          w.socket.close().compose(v -> w.connect(client.ws, client, topics)).await();
        }
        Thread.sleep(1_000);
      }
      senders.stop();
      Thread.sleep(3_000); // the last alerts and replays arrive
      long gaps = 0;
      long duplicates = 0;
      long resyncs = 0;
      for (Watcher w : watchers) {
        for (String seq : reference.seqs) if (!w.seqs.contains(seq)) gaps++;
        duplicates += w.duplicates.get();
        resyncs += w.resyncs.get();
      }
      for (Watcher w : watchers) w.socket.close();
      reference.socket.close();
      return new JsonObject()
          .put("what", "20 dashboards, 30 % of their connections dropped every second for " + s.resumeSeconds()
              + " s while alerts and notices flow; each resumes with since")
          .put("messages_published", reference.seqs.size())
          .put("connections_dropped", drops)
          .put("gaps", gaps).put("duplicates", duplicates).put("resyncs", resyncs)
          .put("senders", senders.json());
    }
  }

  /**
   * Fifty dashboards read counters and alerts for a while; then one more that subscribes to everything
   * and stops reading (a phone in a tunnel) joins for the same time. The others' latency from ingest
   * acceptance must not move beyond noise, and the slow one is told to resync.
   */
  static JsonObject slowConsumer(ChaosRun.Target target, ChaosRun.Settings s) throws Exception {
    try (ChaosClient client = new ChaosClient(target.baseUrl())) {
      List<Long> clients = target.truth().activeClients();
      List<String> topics = List.of("agency", "clients", "alerts", "notices");
      JsonObject alone = othersLatency(client, clients, topics, s, null);
      // A small receive buffer: loopback autotuning could otherwise absorb megabytes and the server would never see it slow.
      WebSocketClient tiny = client.vertx.createWebSocketClient(new WebSocketClientOptions()
          .setDefaultHost(client.host).setDefaultPort(client.port).setReceiveBufferSize(16 * 1024));
      Watcher slow = new Watcher();
      JsonObject withSlow = othersLatency(client, clients, topics, s, () -> {
        slow.connect(tiny, client, topics).await();
        slow.socket.pause();
      });
      slow.socket.resume();
      Thread.sleep(1_000);
      double before = alone.getJsonObject("latency_from_ingest_accept").getDouble("p99_ms");
      double after = withSlow.getJsonObject("latency_from_ingest_accept").getDouble("p99_ms");
      return new JsonObject()
          .put("what", "50 dashboards alone, then with one more that stops reading (16 KiB receive buffer), " + s.slowSeconds() + " s each")
          .put("others_alone", alone).put("others_with_slow_consumer", withSlow)
          .put("p99_ratio", before == 0 ? null : Math.round(after / before * 100) / 100.0)
          .put("slow_consumer_resyncs", slow.resyncs.get());
    }
  }

  private static JsonObject othersLatency(ChaosClient client, List<Long> clients, List<String> topics, ChaosRun.Settings s,
                                          Runnable beforeLoad) throws Exception {
    List<Watcher> others = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      Watcher w = new Watcher();
      w.connect(client.ws, client, topics).await();
      others.add(w);
    }
    if (beforeLoad != null) beforeLoad.run();
    Thread.sleep(1_000);
    Latency latency = new Latency();
    for (Watcher w : others) w.counterLatency = latency;
    Senders senders = new Senders("http://" + client.host + ":" + client.port, ChaosClient.INGEST_KEY);
    senders.start(2, clients, s.seed() + 4, Duration.ofMillis(50));
    Thread.sleep(s.slowSeconds() * 1000L);
    senders.stop();
    Thread.sleep(1_000);
    for (Watcher w : others) w.socket.close();
    JsonObject measured = latency.json();
    return new JsonObject().put("dashboards", others.size()).put("counter_messages", measured.getLong("count"))
        .put("latency_from_ingest_accept", measured)
        .put("ingest_events_per_s", Math.round(senders.events() / (double) s.slowSeconds()));
  }

  private static void cutBudget(ChaosClient client, long clientId) {
    long spend = client.get("/api/v1/clients/" + clientId + "/live").getLong("spendFen", 0L);
    var r = client.http.put("/api/v1/clients/" + clientId + "/daily-budget").bearerTokenAuthentication(client.token)
        .sendJsonObject(new JsonObject().put("dailyBudgetFen", spend + 30_000)).await();
    if (r.statusCode() != 200) throw new IllegalStateException("daily budget of " + clientId + ": " + r.statusCode() + " " + r.bodyAsString());
  }

  private static int compare(String a, String b) {
    int da = a.indexOf('-');
    int db = b.indexOf('-');
    int c = Long.compare(Long.parseLong(a.substring(0, da)), Long.parseLong(b.substring(0, db)));
    return c != 0 ? c : Long.compare(Long.parseLong(a.substring(da + 1)), Long.parseLong(b.substring(db + 1)));
  }
}
