package io.beacon.bench;

import io.vertx.core.Future;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Open WebSocket dashboards of the demo staff: each counts what it receives, and counter messages
 * are timed against the ingest batch that produced them (see {@link SpendTracker}): from when the
 * batch was sent, and from when the server accepted it (the message's {@code at}; same machine, same clock).
 */
final class Dashboards implements AutoCloseable {
  private static final int CONNECT_WAVE = 200;

  /** One open socket. Wall boards take agency totals and alerts; tables also take client counters. */
  static final class Dashboard {
    final String account;
    final boolean table;
    final Set<String> alertIds = ConcurrentHashMap.newKeySet();
    WebSocket socket;
    /** Its first snapshot arrived: authenticated, subscribed and idle from here on. */
    volatile boolean live;

    Dashboard(String account, boolean table) {
      this.account = account;
      this.table = table;
    }
  }

  final List<Dashboard> all = new ArrayList<>();
  final Latency counterLatency = new Latency();
  final Latency acceptLatency = new Latency();
  final AtomicLong messages = new AtomicLong();
  final AtomicLong unmatched = new AtomicLong();
  final AtomicLong resyncs = new AtomicLong();
  final AtomicLong closed = new AtomicLong();
  private volatile SpendTracker tracker;
  /** Client → spend figure → when the server accepted the batch that brought the client there (counters' {@code at}). */
  private final Map<Long, Map<Long, Instant>> acceptedAt = new ConcurrentHashMap<>();
  /** Alerts that report a spend figure, as they arrived; timed once the run is over (their counters may come later). */
  private final Queue<AlertArrival> alertArrivals = new ConcurrentLinkedQueue<>();

  private record AlertArrival(long clientId, long spendFen, Instant arrived, long arrivedNanos) {}

  void track(SpendTracker tracker) { this.tracker = tracker; }

  /**
   * Opens {@code count} sockets, cycling through the demo staff; every {@code tableEvery}-th one also
   * subscribes to client counters. {@code uri} is Beacon's /ws or a bare fan-out server's.
   */
  static Dashboards open(BenchContext ctx, int count, int tableEvery, String host, int port, boolean beacon) {
    Dashboards d = new Dashboards();
    List<String> accounts = BenchContext.STAFF;
    for (int wave = 0; wave < count; wave += CONNECT_WAVE) {
      List<Future<?>> connecting = new ArrayList<>();
      for (int i = wave; i < Math.min(count, wave + CONNECT_WAVE); i++) {
        Dashboard dash = new Dashboard(accounts.get(i % accounts.size()), i % tableEvery == 0);
        d.all.add(dash);
        connecting.add(ctx.ws.connect(new WebSocketConnectOptions().setHost(host).setPort(port).setURI("/ws")).compose(socket -> {
          dash.socket = socket;
          socket.textMessageHandler(text -> d.onMessage(dash, text));
          socket.closeHandler(v -> d.closed.incrementAndGet());
          JsonArray topics = new JsonArray().add("agency").add("alerts").add("notices");
          if (dash.table) topics.add("clients");
          // As the web app does: the token in a first message, not in the URL.
          Future<Void> auth = beacon
              ? socket.writeTextMessage(new JsonObject().put("op", "auth").put("token", ctx.tokens.get(dash.account)).encode())
              : Future.succeededFuture();
          return auth.compose(v -> socket.writeTextMessage(new JsonObject().put("op", "subscribe").put("topics", topics).putNull("since").encode()));
        }));
      }
      Future.all(connecting).await();
    }
    return d;
  }

  private void onMessage(Dashboard dash, String text) {
    long now = System.nanoTime();
    Instant arrived = Instant.now();
    messages.incrementAndGet();
    JsonObject msg = new JsonObject(text);
    String type = msg.getString("type", "");
    switch (type) {
      case "alert" -> {
        JsonObject alert = msg.getJsonObject("alert");
        Object id = msg.getValue("id", alert == null ? null : alert.getValue("id"));
        if (id != null) dash.alertIds.add(id.toString());
        JsonObject figures = alert == null ? null : alert.getJsonObject("figures");
        Long spend = figures == null ? null : figures.getLong("spendFen");
        Long client = alert == null ? null : alert.getLong("clientId");
        if (tracker != null && spend != null && client != null) alertArrivals.add(new AlertArrival(client, spend, arrived, now));
      }
      case "resync" -> resyncs.incrementAndGet();
      default -> {
        if (type.equals("snapshot")) dash.live = true;
        SpendTracker t = tracker;
        if (t != null && dash.table) clientSpends(msg, (client, spend, at) -> {
          long sent = t.sentAt(client, spend);
          if (sent < 0) {
            unmatched.incrementAndGet();
            return;
          }
          counterLatency.recordNanos(now - sent);
          if (at != null) {
            Instant accepted = Instant.parse(at);
            acceptLatency.recordNanos(Duration.between(accepted, arrived).toNanos());
            acceptedAt.computeIfAbsent(client, c -> new ConcurrentHashMap<>()).putIfAbsent(spend, accepted);
          }
        });
      }
    }
  }

  /**
   * Alerts (never coalesced) timed apart from counters: an alert reports the spend that opened it, which
   * names the ingest batch behind it, its send time ({@link SpendTracker}) and its acceptance (the
   * {@code at} of the counters message that carried the same spend). An alert whose spend no counters
   * message showed (coalesced away on every table socket) counts as unmatched.
   */
  JsonObject alertLatency() {
    Latency fromAccept = new Latency();
    Latency fromSend = new Latency();
    long unmatched = 0;
    SpendTracker t = tracker;
    for (AlertArrival a : alertArrivals) {
      long sent = t == null ? -1 : t.sentAt(a.clientId(), a.spendFen());
      if (sent >= 0) fromSend.recordNanos(a.arrivedNanos() - sent);
      Instant accepted = acceptedAt.getOrDefault(a.clientId(), Map.of()).get(a.spendFen());
      if (accepted == null) unmatched++;
      else fromAccept.recordNanos(Duration.between(accepted, a.arrived()).toNanos());
    }
    return new JsonObject().put("latency_from_ingest_accept", fromAccept.json()).put("latency_from_ingest_send", fromSend.json())
        .put("unmatched", unmatched);
  }

  /** One client's spend figure and when the server accepted the batch behind it (null: not said). */
  interface ClientSpend { void accept(long clientId, long spendFen, String at); }

  /** Client spend figures in a counters message, whether it carries one client or a list of them. */
  static void clientSpends(JsonObject msg, ClientSpend sink) {
    JsonArray items = msg.getJsonArray("items", msg.getJsonArray("clients"));
    String at = "snapshot".equals(msg.getString("type")) ? null : msg.getString("at");
    if (items != null) {
      for (int i = 0; i < items.size(); i++) clientSpend(items.getJsonObject(i), at, sink);
    } else if (msg.containsKey("clientId")) {
      clientSpend(msg, at, sink);
    }
  }

  private static void clientSpend(JsonObject o, String messageAt, ClientSpend sink) {
    JsonObject counters = o.getJsonObject("counters", o);
    Long spend = counters.getLong("spendFen");
    Long client = o.getLong("clientId");
    if (spend != null && client != null) sink.accept(client, spend, o.getString("at", messageAt));
  }

  long live() { return all.stream().filter(d -> d.live).count(); }

  int open() { return (int) all.stream().filter(d -> d.socket != null && !d.socket.isClosed()).count(); }

  @Override
  public void close() {
    List<Future<?>> closing = new ArrayList<>();
    for (Dashboard d : all) if (d.socket != null && !d.socket.isClosed()) closing.add(d.socket.close());
    Future.join(closing).await();
  }
}
