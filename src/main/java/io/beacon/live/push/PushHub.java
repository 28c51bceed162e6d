package io.beacon.live.push;

import io.beacon.auth.Authenticate;
import io.beacon.auth.Caller;
import io.beacon.auth.ClientScope;
import io.beacon.live.LiveBus;
import io.beacon.platform.BeaconConfig;
import io.beacon.platform.Platform;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * The push hub of one instance: the local WebSockets and SSE streams, fed by ONE Redis subscription
 * ({@link HubSubscription}) to every agency channel and to {@code auth:revocations}.
 *
 * <p>Everything here runs on the hub's own event-loop context, so its state needs no locks; socket
 * callbacks hop onto it. Per agency with local connections it keeps an {@link AgencyChannel}: the latest
 * counters of every client (snapshots come from memory, consistent with the deltas after them) and one
 * {@link View} per visibility class, so a message is filtered once per view and encoded once. The parts a
 * reader takes one at a time: this class admits connections (token, wall-board link), speaks the socket
 * protocol and applies revocations; {@link FanOut} coalesces counters and fans messages out;
 * {@link Connection} is each connection's delivery state machine (never blocking, a bounded backlog);
 * {@link Resume} brings a connection up to date from the agency's stream.
 */
public final class PushHub extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(PushHub.class);
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
  private final Map<Long, AgencyChannel> agencies = new HashMap<>();
  private final Set<Connection> connections = new HashSet<>();
  private final List<LongConsumer> durableListeners = new ArrayList<>();
  private final PushMetrics metrics;
  private final FanOut fanOut;
  private final Resume resume;
  private final long window;
  private volatile Context hub;
  private HubSubscription subscription;

  public PushHub(Platform platform, Authenticate authenticate, LiveSnapshots snapshots, BoardGrant.Source boards) {
    this.platform = platform;
    this.authenticate = authenticate;
    this.snapshots = snapshots;
    this.boards = boards;
    this.store = new PushStore(platform.pg());
    this.cfg = platform.config().push();
    this.window = platform.config().live().coalesceMillis();
    this.metrics = new PushMetrics(platform.metrics(), platform.clock());
    this.fanOut = new FanOut(agencies.values(), window, cfg.queueLimit(), metrics, platform.clock());
    this.resume = new Resume(platform.redis(), cfg.replayLimit(), cfg.queueLimit(), metrics, platform.clock());
  }

  /** Called with the agency id of every durable message seen (webhooks use it as a wake-up). */
  public void onDurable(LongConsumer listener) { durableListeners.add(listener); }

  @Override
  public Future<?> start() {
    hub = context;
    fanOut.runOn(context);
    vertx.setPeriodic(Math.max(10, window / 5), id -> fanOut.flush());
    vertx.setPeriodic(TimeUnit.SECONDS.toMillis(cfg.pingSeconds()), id -> heartbeat());
    vertx.setPeriodic(1000, id -> expireBoards());
    subscription = new HubSubscription(vertx, platform.engines().redisUrl(), this::onAgencyMessage, this::onRevocation, this::reconnected);
    return subscription.start();
  }

  @Override
  public Future<?> stop() {
    for (Connection c : List.copyOf(connections)) c.sink.close((short) 1001, "server shutting down");
    return subscription == null ? Future.succeededFuture() : subscription.close();
  }

  // ------------------------------------------------------------------ messages of the subscription

  /** The subscription was lost and is back: every live connection may have missed messages meanwhile. */
  private void reconnected() {
    for (Connection c : List.copyOf(connections)) {
      if (c.state == Connection.State.LIVE || c.state == Connection.State.BACKLOGGED) resume.resync(c, "reconnected");
    }
  }

  private void onAgencyMessage(String channel, String payload) {
    long received = System.nanoTime();
    long agencyId;
    try {
      agencyId = Long.parseLong(channel, LiveBus.CHANNEL_PREFIX.length(), channel.length(), 10);
    } catch (RuntimeException e) {
      return;
    }
    if (payload.startsWith("{\"seq\":")) durableListeners.forEach(l -> l.accept(agencyId));
    AgencyChannel ch = agencies.get(agencyId);
    if (ch == null) return;
    JsonObject m = Outbound.parse(payload);
    if (m == null) return;
    if ("assignments-changed".equals(m.getValue("type"))) {
      refreshAssignments(Outbound.num(m.getValue("staffId")));
      return;
    }
    Outbound out = Outbound.from(m, payload, received);
    if (out.atMillis > 0) metrics.stagePubsub.record(Math.max(0, now() - out.atMillis), TimeUnit.MILLISECONDS);
    if (out.durable() && Seq.valid(out.seq)) ch.lastSeq = Seq.max(ch.lastSeq, out.seq);
    if (out.topic == null) return;
    if (out.topic == Topic.CLIENTS) {
      if (out.clientId == null) return;
      if (m.getValue("counters") instanceof JsonObject counters && !ch.counters(out.clientId, counters)) return;
      fanOut.counters(ch, out);
    } else {
      fanOut.dispatch(ch, out);
    }
  }

  /** The socket can take more: write what waited, or bring an overflowed connection back from the stream. */
  private void onDrain(Connection c) {
    if (c.state == Connection.State.BACKLOGGED) {
      if (c.drainBacklog(metrics) && c.countersStale) c.control(resume.snapshot(c, c.lastSeq, true), metrics);
    } else if (c.state == Connection.State.OVERFLOWED && !c.sink.writeQueueFull()) {
      resume.resync(c, "slow-consumer");
    }
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
          if (c.state == Connection.State.AUTHENTICATING && c.early == null) c.refuse(CLOSE_UNAUTHORIZED, "authentication timeout", now(), metrics);
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
    metrics.open.incrementAndGet();
  }

  private void closed(Connection c) {
    if (c.state == Connection.State.CLOSED) return;
    c.state = Connection.State.CLOSED;
    c.release(metrics);
    if (connections.remove(c)) metrics.open.decrementAndGet();
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
        c.refuse(CLOSE_UNAUTHORIZED, "unauthorized", now(), metrics);
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
    JsonObject op = Outbound.parse(text);
    Object name = op == null ? null : op.getValue("op");
    if (c.state == Connection.State.AUTHENTICATING) {
      if ("auth".equals(name) && op.getValue("token") instanceof String token) authenticate(c, authenticate.caller(token), null);
      else if ("board".equals(name) && op.getValue("token") instanceof String token) openBoard(c, token);
      else c.error("not-authenticated", "Send {\"op\":\"auth\",\"token\":\"<access token>\"} first", now(), metrics);
      return;
    }
    if ("subscribe".equals(name)) {
      if (!(op.getValue("topics") instanceof JsonArray requested)) {
        c.error("bad-request", "topics must be an array of topic names", now(), metrics);
        return;
      }
      Set<Topic> topics = new HashSet<>();
      for (Object t : requested) {
        Topic topic = t instanceof String s ? Topic.of(s) : null;
        if (topic == null) c.error("unknown-topic", "Unknown topic " + t, now(), metrics);
        else if (!c.mayHave(topic)) c.error("forbidden-topic", (c.board != null ? "A wall-board link" : "Your role") + " may not subscribe to " + topic.wire(), now(), metrics);
        else topics.add(topic);
      }
      Object since = op.getValue("since");
      subscribe(c, topics, since == null ? null : since.toString());
    } else if ("ping".equals(name)) {
      c.control(new JsonObject().put("type", "pong").put("at", Instant.ofEpochMilli(now()).toString()), metrics);
    } else if ("auth".equals(name)) {
      c.error("bad-request", "Already authenticated", now(), metrics);
    } else {
      c.error("bad-request", "Unknown op; expected subscribe or ping", now(), metrics);
    }
  }

  private void subscribe(Connection c, Set<Topic> topics, String since) {
    int mask = 0;
    for (Topic t : topics) mask |= t.bit();
    c.topics = mask;
    c.everyone = c.caller == null ? 0 : Topic.everyoneMask(c.caller);
    resume.start(c, since);
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
    JsonObject m = Outbound.parse(payload);
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
        c.refuse(CLOSE_REVOKED, "revoked", now(), metrics);   // the link, or its creator's access, was revoked
        continue;
      }
      Caller k = c.caller;
      if (k == null) continue;
      if (sid != null && sid.equals(k.sessionId()) || loginId != null && loginId == k.loginId()
          || staffId != null && staffId.equals(k.staffId())) {
        c.refuse(CLOSE_REVOKED, "revoked", now(), metrics);
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
            if (c.state == Connection.State.LIVE) c.control(resume.snapshot(c, c.lastSeq, true), metrics);
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
      if (c.board != null && c.board.expired(now) && c.state != Connection.State.CLOSED) c.refuse(CLOSE_EXPIRED, "expired", now(), metrics);
    }
  }

  private void endBoard(Connection c) {
    if (c.board.revoked()) c.refuse(CLOSE_REVOKED, "revoked", now(), metrics);
    else c.refuse(CLOSE_EXPIRED, "expired", now(), metrics);
  }

  private long now() { return platform.clock().millis(); }
}
