package io.beacon.live.push;

import io.beacon.auth.Authenticate;
import io.beacon.auth.Caller;
import io.beacon.auth.ClientScope;
import io.beacon.auth.TokenService;
import io.beacon.live.LiveBus;
import io.beacon.platform.BeaconConfig;
import io.beacon.platform.Platform;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;

/**
 * The push hub of one instance (M6, M9): ONE Redis connection subscribed to every agency channel
 * ({@code PSUBSCRIBE beacon:live:*}) and to {@code auth:revocations}, fanning messages out to the
 * local WebSockets and SSE streams.
 *
 * <p>Everything here runs on the hub's own event-loop context, so its state needs no locks; socket
 * callbacks hop onto it. Per connection it keeps a handful of fields; per agency the latest counters
 * of every client (snapshots come from memory, consistent with the deltas after them) and one
 * {@link View} per visibility class, so a message is filtered once per view and encoded once.
 *
 * <p>Counters are coalesced per client (leading edge, then at most one per {@code live.coalesceMillis}),
 * which bounds every connection's rate per client. The counters due at one moment (one pub/sub burst,
 * one coalescing tick) go out as one frame per view, encoded once and shared by its sockets. Durable messages (alerts, notices, …) carry the
 * stream seq and are never dropped: a slow socket buffers them up to {@code push.queueLimit}, over it
 * the connection drops its backlog, is sent {@code resync} and is brought back from the stream.
 */
public final class PushHub extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(PushHub.class);
  static final String REVOCATIONS = TokenService.REVOCATIONS;
  private static final String PREFIX = LiveBus.CHANNEL_PREFIX;
  static final short CLOSE_UNSUPPORTED_DATA = 1003;
  static final short CLOSE_TOO_LARGE = 1009;
  static final short CLOSE_IDLE = 4000;
  static final short CLOSE_STARTING = 4001;
  static final short CLOSE_UNAUTHORIZED = 4500;
  static final short CLOSE_REVOKED = 4501;
  static final short CLOSE_EXPIRED = 4502;
  private static final int EARLY_OPS_LIMIT = 16;

  private final Platform platform;
  private final Authenticate authenticate;
  private final LiveSnapshots snapshots;
  private final BoardGrant.Source boards;
  private final PushStore store;
  private final BeaconConfig.Push cfg;
  private final long window;
  private final Map<Long, AgencyChannel> agencies = new HashMap<>();
  private final Set<Connection> connections = new HashSet<>();
  private final List<LongConsumer> durableListeners = new ArrayList<>();
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicInteger queued = new AtomicInteger();
  private final Timer latency;
  private final Timer stagePubsub;
  private final Timer stageCoalescing;
  private final Timer stageWrite;
  private final Counter written;
  private boolean flushQueued;
  private volatile Context hub;
  private Redis subscriberClient;
  private RedisConnection subscriber;
  private boolean stopping;

  public PushHub(Platform platform, Authenticate authenticate, LiveSnapshots snapshots, BoardGrant.Source boards) {
    this.platform = platform;
    this.authenticate = authenticate;
    this.snapshots = snapshots;
    this.boards = boards;
    this.store = new PushStore(platform.pg());
    this.cfg = platform.config().push();
    this.window = platform.config().live().coalesceMillis();
    var metrics = platform.metrics();
    Gauge.builder("beacon.push.connections", open, AtomicInteger::get).description("open WebSocket and SSE connections").register(metrics);
    Gauge.builder("beacon.push.queued", queued, AtomicInteger::get).description("messages buffered for slow connections").register(metrics);
    this.latency = Timer.builder("beacon.push.latency")
        .description("message time (at: ingest acceptance for counters) to the message written to the sockets")
        .publishPercentiles(0.5, 0.99).register(metrics);
    this.stagePubsub = stage(metrics, "pubsub", "message time (at) to its receipt on the hub's subscription");
    this.stageCoalescing = stage(metrics, "coalescing", "receipt on the hub to the counters fan-out (coalescing wait)");
    this.stageWrite = stage(metrics, "write", "fan-out start to the last socket's write completing");
    this.written = Counter.builder("beacon.push.messages").description("messages written to connections").register(metrics);
  }

  private static Timer stage(io.micrometer.core.instrument.MeterRegistry metrics, String stage, String description) {
    return Timer.builder("beacon.push.stage").tag("stage", stage).description(description).publishPercentiles(0.5, 0.99)
        .register(metrics);
  }

  /** Called with the agency id of every durable message seen (webhooks use it as a wake-up). */
  public void onDurable(LongConsumer listener) { durableListeners.add(listener); }

  @Override
  public Future<?> start() {
    hub = context;
    vertx.setPeriodic(Math.max(10, window / 5), id -> flushCoalesced());
    vertx.setPeriodic(TimeUnit.SECONDS.toMillis(cfg.pingSeconds()), id -> heartbeat());
    vertx.setPeriodic(1000, id -> expireBoards());
    return subscribe();
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    for (Connection c : List.copyOf(connections)) c.sink.close((short) 1001, "server shutting down");
    return subscriberClient == null ? Future.succeededFuture() : subscriberClient.close();
  }

  // ------------------------------------------------------------------ the one subscription

  private Future<Void> subscribe() {
    if (subscriberClient == null) {
      subscriberClient = Redis.createClient(vertx, new RedisOptions().setConnectionString(platform.engines().redisUrl()));
    }
    return subscriberClient.connect().compose(conn -> {
      subscriber = conn;
      conn.handler(this::onRedis);
      conn.exceptionHandler(e -> log.warn("push subscription error: {}", e.toString()));
      conn.endHandler(v -> lost());
      return conn.send(Request.cmd(Command.PSUBSCRIBE).arg(PREFIX + "*"))
          .compose(r -> conn.send(Request.cmd(Command.SUBSCRIBE).arg(REVOCATIONS)))
          .mapEmpty();
    });
  }

  /** The subscription dropped: reconnect, then bring every connection back from the stream (it may have missed some). */
  private void lost() {
    if (stopping) return;
    subscriber = null;
    log.warn("push subscription lost; reconnecting");
    vertx.setTimer(1000, id -> subscribe()
        .onSuccess(v -> {
          for (Connection c : List.copyOf(connections)) {
            if (c.state == Connection.State.LIVE || c.state == Connection.State.BACKLOGGED) resync(c, "reconnected");
          }
        })
        .onFailure(e -> lost()));
  }

  private void onRedis(Response r) {
    if (r.type() != ResponseType.PUSH && r.type() != ResponseType.MULTI) {
      log.info("push subscription got a {} reply: {}", r.type(), r);
      return;
    }
    if (r.size() < 3) return;
    String kind = r.get(0).toString();
    if ("pmessage".equals(kind) && r.size() >= 4) onAgencyMessage(r.get(2).toString(), r.get(3).toString());
    else if ("message".equals(kind) && REVOCATIONS.equals(r.get(1).toString())) onRevocation(r.get(2).toString());
  }

  private void onAgencyMessage(String channel, String payload) {
    long received = System.nanoTime();
    long agencyId;
    try {
      agencyId = Long.parseLong(channel, PREFIX.length(), channel.length(), 10);
    } catch (RuntimeException e) {
      return;
    }
    if (payload.startsWith("{\"seq\":")) durableListeners.forEach(l -> l.accept(agencyId));
    AgencyChannel ch = agencies.get(agencyId);
    if (ch == null) return;
    JsonObject m = parse(payload);
    if (m == null) return;
    if ("assignments-changed".equals(m.getValue("type"))) {
      refreshAssignments(Outbound.num(m.getValue("staffId")));
      return;
    }
    Outbound out = Outbound.from(m, payload, received);
    if (out.atMillis > 0) stagePubsub.record(Math.max(0, now() - out.atMillis), TimeUnit.MILLISECONDS);
    if (out.durable() && Seq.valid(out.seq)) ch.lastSeq = Seq.max(ch.lastSeq, out.seq);
    if (out.topic == null) return;
    if (out.topic == Topic.CLIENTS) {
      if (out.clientId == null) return;
      if (m.getValue("counters") instanceof JsonObject counters && !ch.counters(out.clientId, counters)) return;
      coalesce(ch, out);
    } else {
      dispatch(ch, out);
    }
  }

  // ------------------------------------------------------------------ fan-out

  private void coalesce(AgencyChannel ch, Outbound out) {
    long now = now();
    Long last = ch.lastSent.get(out.clientId);
    if ((last == null || now - last >= window) && !ch.pending.containsKey(out.clientId)) {
      ch.lastSent.put(out.clientId, now);
      ch.due.add(out);
      if (!flushQueued) {   // after the rest of this burst of pub/sub messages has been read
        flushQueued = true;
        hub.runOnContext(v -> flushReady());
      }
    } else {
      ch.pending.put(out.clientId, out);
    }
  }

  private void flushReady() {
    flushQueued = false;
    for (AgencyChannel ch : agencies.values()) if (!ch.due.isEmpty()) sendCounters(ch);
  }

  /** The counters due now: per view, the visible ones in as few frames as fit, encoded once for all its sockets. */
  private void sendCounters(AgencyChannel ch) {
    List<Outbound> due = List.copyOf(ch.due);
    ch.due.clear();
    long start = System.nanoTime();
    for (Outbound m : due) stageCoalescing.record(Math.max(0, start - m.receivedNanos), TimeUnit.NANOSECONDS);
    Future<Void> last = null;
    for (View v : ch.views.values()) {
      List<Outbound> frames = null;
      for (Connection c : v.members) {
        if (!c.subscribed(Topic.CLIENTS)) continue;
        if (frames == null) frames = Outbound.counters(v.wholeAgency() ? due : due.stream().filter(v::admits).toList());
        for (Outbound f : frames) {
          Future<Void> w = send(c, f);
          if (w != null) last = w;
        }
      }
    }
    timeFanOut(last, start, due);
  }

  /** Times the fan-out by its last write: the write stage, and ingest acceptance (at) to socket write per message. */
  private void timeFanOut(Future<Void> last, long start, List<Outbound> messages) {
    if (last == null) return;
    last.onComplete(ar -> {
      stageWrite.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
      long now = now();
      for (Outbound m : messages) if (m.atMillis > 0) latency.record(Math.max(0, now - m.atMillis), TimeUnit.MILLISECONDS);
    });
  }

  /** Sends held-back counters whose window has passed, and each view's totals when they changed. */
  private void flushCoalesced() {
    long now = now();
    for (AgencyChannel ch : agencies.values()) {
      if (!ch.pending.isEmpty()) {
        for (Iterator<Outbound> it = ch.pending.values().iterator(); it.hasNext(); ) {
          Outbound out = it.next();
          if (now - ch.lastSent.getOrDefault(out.clientId, 0L) >= window) {
            it.remove();
            ch.lastSent.put(out.clientId, now);
            ch.due.add(out);
          }
        }
        if (!ch.due.isEmpty()) sendCounters(ch);
      }
      for (View v : ch.views.values()) {
        if (!v.totalsDirty || now - v.totalsSentAt < window) continue;
        v.totalsDirty = false;
        v.totalsSentAt = now;
        Outbound totals = null;
        for (Connection c : v.members) {
          if (!c.subscribed(Topic.AGENCY)) continue;
          if (totals == null) totals = Outbound.control(new JsonObject().put("type", "totals").put("at", iso(now))
              .put("scope", scopeName(v)).put("totals", totals(ch, v)), Topic.AGENCY);
          send(c, totals);
        }
      }
    }
  }

  private void dispatch(AgencyChannel ch, Outbound out) {
    long start = System.nanoTime();
    Future<Void> last = null;
    for (View v : ch.views.values()) {
      if (!v.admits(out)) continue;
      for (Connection c : v.members) {
        if (!c.wants(out)) continue;
        Future<Void> w = send(c, out);
        if (w != null) last = w;
      }
    }
    timeFanOut(last, start, List.of(out));
  }

  /**
   * Delivers one message to one connection according to its state; never blocks, never slows others.
   * Returns the write when it was written at once, else null.
   */
  private Future<Void> send(Connection c, Outbound m) {
    try {
      return deliver(c, m);
    } catch (RuntimeException e) {   // one broken connection must not stop the fan-out to the others
      log.debug("push to a connection failed: {}", e.toString());
      return null;
    }
  }

  private Future<Void> deliver(Connection c, Outbound m) {
    switch (c.state) {
      case LIVE -> {
        if (!c.sink.writeQueueFull()) {
          return write(c, m);
        } else if (!m.durable()) {
          c.countersStale = true;
        } else {
          c.state = Connection.State.BACKLOGGED;
          c.backlog = new ArrayDeque<>();
          hold(c, m);
        }
      }
      case BACKLOGGED, SYNCING -> {
        if (!m.durable()) {
          if (c.state == Connection.State.BACKLOGGED) c.countersStale = true;
        } else if (c.backlog.size() >= cfg.queueLimit()) {
          overflow(c);
        } else {
          hold(c, m);
        }
      }
      default -> { }
    }
    return null;
  }

  private Future<Void> write(Connection c, Outbound m) {
    Future<Void> w = c.sink.write(m);
    written.increment();
    if (m.durable()) c.lastSeq = m.seq;
    return w;
  }

  private void hold(Connection c, Outbound m) {
    c.backlog.add(m);
    queued.incrementAndGet();
  }

  private ArrayDeque<Outbound> release(Connection c) {
    ArrayDeque<Outbound> b = c.backlog;
    c.backlog = null;
    if (b != null) queued.addAndGet(-b.size());
    return b == null ? new ArrayDeque<>() : b;
  }

  /** Over the bound: drop the backlog; once the socket drains, say resync and replay from the stream. */
  private void overflow(Connection c) {
    release(c);
    c.countersStale = true;
    c.state = Connection.State.OVERFLOWED;
  }

  private void onDrain(Connection c) {
    if (c.state == Connection.State.BACKLOGGED) {
      while (!c.backlog.isEmpty() && !c.sink.writeQueueFull()) {
        write(c, c.backlog.poll());
        queued.decrementAndGet();
      }
      if (c.backlog.isEmpty()) {
        release(c);
        c.state = Connection.State.LIVE;
        if (c.countersStale) writeControl(c, snapshot(c, c.lastSeq, true));
      }
    } else if (c.state == Connection.State.OVERFLOWED && !c.sink.writeQueueFull()) {
      resync(c, "slow-consumer");
    }
  }

  /** Tells the connection it missed messages, then brings it back: snapshot and replay after its last seq. */
  private void resync(Connection c, String reason) {
    release(c);
    Counter.builder("beacon.push.resyncs").tag("reason", reason).register(platform.metrics()).increment();
    writeControl(c, new JsonObject().put("type", "resync").put("at", iso(now())).put("reason", reason).put("since", c.lastSeq));
    startSync(c, c.lastSeq);
  }

  // ------------------------------------------------------------------ subscribe, snapshot, resume

  private record Replay(boolean recovered, List<Outbound> messages) {
    static final Replay NONE = new Replay(false, List.of());
  }

  private void startSync(Connection c, String since) {
    release(c);
    c.state = Connection.State.SYNCING;
    c.backlog = new ArrayDeque<>();
    c.countersStale = false;
    String head = c.agency.lastSeq;
    Future<Replay> replay = since == null ? Future.succeededFuture(Replay.NONE) : replay(c.agency.agencyId, since);
    replay.onComplete(ar -> finishSync(c, since, head, ar.succeeded() ? ar.result() : Replay.NONE));
  }

  private void finishSync(Connection c, String since, String head, Replay replay) {
    if (c.state == Connection.State.CLOSED) return;
    if (c.state == Connection.State.OVERFLOWED) {   // the backlog overflowed while the stream was read: start over
      startSync(c, since != null ? since : head);
      return;
    }
    ArrayDeque<Outbound> held = release(c);
    boolean recovered = since != null && replay.recovered();
    if (since != null && !recovered) {
      Counter.builder("beacon.push.resyncs").tag("reason", "history").register(platform.metrics()).increment();
      writeControl(c, new JsonObject().put("type", "resync").put("at", iso(now())).put("reason", "history").put("since", since));
    }
    String position = recovered ? since : head;
    c.state = Connection.State.LIVE;
    c.lastSeq = position;
    writeControl(c, snapshot(c, position, recovered));
    String upTo = position;
    for (Outbound m : replay.messages()) {
      upTo = m.seq;
      if (c.view.admits(m) && c.wants(m)) send(c, m);
    }
    for (Outbound m : held) {
      if (Seq.compare(m.seq, upTo) > 0) send(c, m);
    }
  }

  /**
   * Stream entries after {@code since}, if the capped history still holds {@code since} and not too many
   * follow. From {@link Seq#START} that is the whole stream, provided it is shorter than its cap (never trimmed).
   */
  private Future<Replay> replay(long agencyId, String since) {
    if (!Seq.valid(since)) return Future.succeededFuture(Replay.NONE);
    boolean fromStart = Seq.START.equals(since);
    int first = fromStart ? 0 : 1;
    return platform.redis().xrange(List.of(LiveBus.stream(agencyId), fromStart ? "-" : since, "+", "COUNT", String.valueOf(cfg.replayLimit() + 2)))
        .map(entries -> {
          int size = entries == null ? 0 : entries.size();
          boolean holdsSince = fromStart ? size < LiveBus.STREAM_MAX_LEN : size > 0 && since.equals(entries.get(0).get(0).toString());
          if (!holdsSince || size - first > cfg.replayLimit()) return Replay.NONE;
          List<Outbound> messages = new ArrayList<>(size - first);
          for (int i = first; i < size; i++) {
            Outbound m = fromStream(entries.get(i));
            if (m != null) messages.add(m);
          }
          return new Replay(true, messages);
        });
  }

  /** A stream entry as the message that was published: {@code {"seq":"<id>", …fields}}. */
  static Outbound fromStream(Response entry) {
    String json = streamJson(entry);
    JsonObject parsed = json == null ? null : parse(json);
    return parsed == null ? null : Outbound.from(parsed, json);
  }

  /** The JSON text of a stream entry with its id spliced in as {@code seq}, as publishDurable published it. */
  static String streamJson(Response entry) {
    String id = entry.get(0).toString();
    Response fields = entry.get(1);
    for (int i = 0; i + 1 < fields.size(); i += 2) {
      if ("m".equals(fields.get(i).toString())) return "{\"seq\":\"" + id + "\"," + fields.get(i + 1).toString().substring(1);
    }
    return null;
  }

  private JsonObject snapshot(Connection c, String seq, boolean recovered) {
    AgencyChannel ch = c.agency;
    View v = c.view;
    JsonArray topics = new JsonArray();
    for (Topic t : Topic.values()) if (c.subscribed(t)) topics.add(t.wire());
    JsonObject s = new JsonObject().put("type", "snapshot").put("at", iso(now())).put("seq", seq)
        .put("recovered", recovered).put("scope", scopeName(v)).put("topics", topics);
    if (c.subscribed(Topic.CLIENTS)) {
      JsonArray clients = new JsonArray();
      ch.counters.forEach((id, counters) -> {
        if (v.sees(id)) clients.add(new JsonObject().put("clientId", id).put("counters", counters));
      });
      s.put("clients", clients);
    }
    if (c.subscribed(Topic.AGENCY)) s.put("totals", totals(ch, v));
    c.countersStale = false;
    return s;
  }

  private static JsonObject totals(AgencyChannel ch, View v) {
    if (v.wholeAgency()) return Totals.of(ch.counters.values());
    List<JsonObject> visible = new ArrayList<>();
    for (Long id : v.clients) {
      JsonObject counters = ch.counters.get(id);
      if (counters != null) visible.add(counters);
    }
    return Totals.of(visible);
  }

  private static String scopeName(View v) {
    return v.wholeAgency() ? "agency" : v.scope.onlyClientId() != null ? "client" : "assigned";
  }

  // ------------------------------------------------------------------ connections

  /** A new WebSocket (any thread): authenticated by the query token, or by a first {@code {"op":"auth"}} message. */
  public void accept(ServerWebSocket ws, String token) {
    Context ctx = hub;
    if (ctx == null) {
      ws.close(CLOSE_STARTING, "starting");
      return;
    }
    Connection c = new Connection(Sink.of(ws), now());
    ws.textMessageHandler(text -> ctx.runOnContext(v -> onText(c, text)));
    ws.pongHandler(b -> c.lastHeard = now());
    ws.closeHandler(v -> ctx.runOnContext(x -> closed(c)));
    ws.drainHandler(v -> ctx.runOnContext(x -> onDrain(c)));
    ws.binaryMessageHandler(b -> ws.close(CLOSE_UNSUPPORTED_DATA, "binary frames are not accepted; send JSON text"));
    ws.exceptionHandler(e -> {
      if (tooLarge(e)) ws.close(CLOSE_TOO_LARGE, "frames may carry at most 64 KiB and messages at most 256 KiB");
      else log.debug("websocket error: {}", e.toString());
    });
    ctx.runOnContext(v -> {
      opened(c);
      if (token != null && !token.isBlank()) {
        authenticate(c, authenticate.caller(token), null);
      } else {
        vertx.setTimer(TimeUnit.SECONDS.toMillis(cfg.authTimeoutSeconds()), id -> {
          if (c.state == Connection.State.AUTHENTICATING && c.early == null) refuse(c, CLOSE_UNAUTHORIZED, "authentication timeout");
        });
      }
    });
  }

  /**
   * Netty refuses a frame over the server's frame limit, Vert.x a fragmented message over the message
   * limit; neither tells the client. Closing with 1009 does (RFC 6455 "message too big").
   */
  private static boolean tooLarge(Throwable e) {
    return e instanceof CorruptedWebSocketFrameException corrupted && corrupted.closeStatus() == WebSocketCloseStatus.MESSAGE_TOO_BIG
        || e instanceof IllegalStateException && e.getMessage() != null && e.getMessage().contains("max message size");
  }

  /** A new SSE stream (any thread) of an already authenticated caller. */
  public void stream(HttpServerResponse response, Caller caller, Set<Topic> topics, String since) {
    Context ctx = hub;
    if (ctx == null) {
      response.setStatusCode(503).end();
      return;
    }
    Connection c = new Connection(Sink.of(response), now());
    response.closeHandler(v -> ctx.runOnContext(x -> closed(c)));
    response.drainHandler(v -> ctx.runOnContext(x -> onDrain(c)));
    ctx.runOnContext(v -> {
      opened(c);
      authenticate(c, Future.succeededFuture(caller), () -> subscribe(c, topics, since));
    });
  }

  private void opened(Connection c) {
    connections.add(c);
    open.incrementAndGet();
  }

  private void closed(Connection c) {
    if (c.state == Connection.State.CLOSED) return;
    c.state = Connection.State.CLOSED;
    release(c);
    if (connections.remove(c)) open.decrementAndGet();
    if (c.view != null) {
      c.view.members.remove(c);
      if (c.view.members.isEmpty()) c.agency.views.remove(View.key(c.view.scope));
    }
    if (c.agency != null && --c.agency.connections == 0) agencies.remove(c.agency.agencyId, c.agency);
  }

  private void authenticate(Connection c, Future<Caller> caller, Runnable then) {
    admit(c, caller.compose(k -> {
      c.caller = k;
      return attach(c, ClientScope.of(k));
    }), then);
  }

  /** A wall-board link's socket: the link's scope, read topics only, closed when the link is revoked or expires. */
  private void openBoard(Connection c, String token) {
    admit(c, boards.grant(token).compose(g -> {
      if (g == null) return Future.failedFuture("unknown wall-board link");
      c.board = g;
      return g.revoked() || g.expired(now()) ? Future.succeededFuture() : attach(c, g.scope());
    }), null);
  }

  private void admit(Connection c, Future<Void> attached, Runnable then) {
    c.early = new ArrayList<>();
    attached.onComplete(ar -> {
      if (c.state == Connection.State.CLOSED) return;
      if (ar.failed()) {
        refuse(c, CLOSE_UNAUTHORIZED, "unauthorized");
        return;
      }
      if (c.board != null && (c.board.revoked() || c.board.expired(now()))) {
        endBoard(c);
        return;
      }
      c.state = Connection.State.OPEN;
      List<String> early = c.early;
      c.early = null;
      if (then != null) then.run();
      early.forEach(text -> onText(c, text));
    });
  }

  /** Joins the scope's agency channel (loading it on first use) and visibility view. */
  private Future<Void> attach(Connection c, ClientScope scope) {
    AgencyChannel ch = channel(scope.agencyId());
    ch.connections++;
    c.agency = ch;
    return ch.ready.compose(ready -> {
      View existing = ch.view(scope);
      return existing != null ? Future.succeededFuture(existing)
          : store.visibleClients(scope).map(clients -> ch.views.computeIfAbsent(View.key(scope), k -> new View(scope, clients)));
    }).map(view -> {
      if (c.state != Connection.State.CLOSED) {
        c.view = view;
        view.members.add(c);
      }
      return null;
    });
  }

  private AgencyChannel channel(long agencyId) {
    AgencyChannel ch = agencies.get(agencyId);
    if (ch != null) return ch;
    AgencyChannel created = new AgencyChannel(agencyId);
    agencies.put(agencyId, created);
    created.ready = store.clientIds(agencyId)
        .compose(ids -> Future.all(
            snapshots.counters(agencyId, ids).recover(e -> {   // figures then arrive with the next deltas
              log.warn("live counters of agency {} not loaded: {}", agencyId, e.toString());
              return Future.succeededFuture(Map.of());
            }),
            platform.redis().xrevrange(List.of(LiveBus.stream(agencyId), "+", "-", "COUNT", "1"))))
        .map(all -> {
          Map<Long, JsonObject> loaded = all.resultAt(0);
          loaded.forEach((id, counters) -> created.counters.putIfAbsent(id, counters.copy()));
          Response last = all.resultAt(1);
          if (last != null && last.size() > 0) created.lastSeq = Seq.max(created.lastSeq, last.get(0).get(0).toString());
          return created;
        })
        .onFailure(e -> {
          log.warn("loading live state of agency {} failed: {}", agencyId, e.toString());
          agencies.remove(agencyId, created);
        });
    return created;
  }

  private void onText(Connection c, String text) {
    c.lastHeard = now();
    if (c.state == Connection.State.CLOSED) return;
    if (c.early != null) {   // authentication in flight: keep the op for afterwards
      if (c.early.size() < EARLY_OPS_LIMIT) c.early.add(text);
      return;
    }
    JsonObject op = parse(text);
    Object name = op == null ? null : op.getValue("op");
    if (c.state == Connection.State.AUTHENTICATING) {
      if ("auth".equals(name) && op.getValue("token") instanceof String token) authenticate(c, authenticate.caller(token), null);
      else if ("board".equals(name) && op.getValue("token") instanceof String token) openBoard(c, token);
      else error(c, "not-authenticated", "Send {\"op\":\"auth\",\"token\":\"<access token>\"} first");
      return;
    }
    if ("subscribe".equals(name)) {
      if (!(op.getValue("topics") instanceof JsonArray requested)) {
        error(c, "bad-request", "topics must be an array of topic names");
        return;
      }
      Set<Topic> topics = new HashSet<>();
      for (Object t : requested) {
        Topic topic = t instanceof String s ? Topic.of(s) : null;
        if (topic == null) error(c, "unknown-topic", "Unknown topic " + t);
        else if (!c.mayHave(topic)) error(c, "forbidden-topic", (c.board != null ? "A wall-board link" : "Your role") + " may not subscribe to " + topic.wire());
        else topics.add(topic);
      }
      Object since = op.getValue("since");
      subscribe(c, topics, since == null ? null : since.toString());
    } else if ("ping".equals(name)) {
      writeControl(c, new JsonObject().put("type", "pong").put("at", iso(now())));
    } else if ("auth".equals(name)) {
      error(c, "bad-request", "Already authenticated");
    } else {
      error(c, "bad-request", "Unknown op; expected subscribe or ping");
    }
  }

  private void subscribe(Connection c, Set<Topic> topics, String since) {
    int mask = 0;
    for (Topic t : topics) mask |= t.bit();
    c.topics = mask;
    c.everyone = c.caller == null ? 0 : Topic.everyoneMask(c.caller);
    startSync(c, since);
  }

  private void heartbeat() {
    long now = now();
    long idle = TimeUnit.SECONDS.toMillis(cfg.idleSeconds());
    for (Connection c : List.copyOf(connections)) {
      if ("ws".equals(c.sink.kind()) && now - c.lastHeard > idle) {
        c.sink.close(CLOSE_IDLE, "idle");
        continue;
      }
      c.sink.ping();
      if (c.state == Connection.State.BACKLOGGED || c.state == Connection.State.OVERFLOWED) onDrain(c);
    }
  }

  // ------------------------------------------------------------------ revocation and assignments

  private void onRevocation(String payload) {
    JsonObject m = parse(payload);
    if (m == null) return;
    if ("assignments-changed".equals(m.getValue("type"))) {
      refreshAssignments(Outbound.num(m.getValue("staffId")));
      return;
    }
    Object sidValue = m.getValue("sid") != null ? m.getValue("sid") : m.getValue("sessionId");
    String sid = sidValue == null ? null : sidValue.toString();
    Long loginId = Outbound.num(m.getValue("loginId"));
    Long staffId = Outbound.num(m.getValue("staffId"));
    Long boardLinkId = Outbound.num(m.getValue("boardLinkId"));
    for (Connection c : List.copyOf(connections)) {
      BoardGrant board = c.board;
      if (board != null && (boardLinkId != null && boardLinkId == board.linkId() || staffId != null && staffId == board.createdBy())) {
        refuse(c, CLOSE_REVOKED, "revoked");   // the link, or its creator's access, was revoked
        continue;
      }
      Caller k = c.caller;
      if (k == null) continue;
      if (sid != null && sid.equals(k.sessionId()) || loginId != null && loginId == k.loginId()
          || staffId != null && staffId.equals(k.staffId())) {
        refuse(c, CLOSE_REVOKED, "revoked");
      }
    }
  }

  /** A dedicated employee's assignments changed: reload their visible clients and send fresh snapshots. */
  private void refreshAssignments(Long staffId) {
    if (staffId == null) return;
    for (AgencyChannel ch : agencies.values()) {
      for (View v : ch.views.values()) {
        if (!staffId.equals(v.scope.assignedToStaffId())) continue;
        store.visibleClients(v.scope).onSuccess(clients -> {
          v.clients = clients;
          v.totalsDirty = true;
          for (Connection c : List.copyOf(v.members)) {
            if (c.state == Connection.State.LIVE) writeControl(c, snapshot(c, c.lastSeq, true));
            else if (c.state == Connection.State.BACKLOGGED) c.countersStale = true;
          }
        });
      }
    }
  }

  /** Closes wall-board sockets whose link has expired (checked every second, on the injected clock). */
  private void expireBoards() {
    long now = now();
    for (Connection c : List.copyOf(connections)) {
      if (c.board != null && c.board.expired(now) && c.state != Connection.State.CLOSED) refuse(c, CLOSE_EXPIRED, "expired");
    }
  }

  private void endBoard(Connection c) {
    if (c.board.revoked()) refuse(c, CLOSE_REVOKED, "revoked");
    else refuse(c, CLOSE_EXPIRED, "expired");
  }

  // ------------------------------------------------------------------ helpers

  private void refuse(Connection c, short code, String reason) {
    error(c, reason.equals("revoked") || reason.equals("expired") ? reason : "unauthorized", reason);
    c.sink.close(code, reason);
  }

  private void error(Connection c, String code, String message) {
    writeControl(c, new JsonObject().put("type", "error").put("at", iso(now())).put("code", code).put("message", message));
  }

  private void writeControl(Connection c, JsonObject message) {
    c.sink.write(Outbound.control(message, null));
    written.increment();
  }

  static JsonObject parse(String text) {
    try {
      return new JsonObject(text);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private long now() { return platform.clock().millis(); }

  private static String iso(long millis) { return Instant.ofEpochMilli(millis).toString(); }
}
