package io.beacon.live.push;

import io.beacon.auth.Caller;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;

/**
 * One socket or SSE stream and its delivery state machine. Kept small (a few references and numbers)
 * because an instance holds thousands; messages are shared {@link Outbound} objects, never copies. Only
 * the hub's context touches it, except {@link #lastHeard}.
 *
 * <p>LIVE writes while the socket is writable; when Vert.x says its queue is full, durable messages wait in
 * a backlog (BACKLOGGED) and counters are skipped (marked stale); over the queue limit the backlog is
 * dropped (OVERFLOWED) until the socket drains and the hub resyncs it from the stream (SYNCING).
 */
final class Connection {
  private static final Logger log = LoggerFactory.getLogger(Connection.class);

  enum State { AUTHENTICATING, OPEN, SYNCING, LIVE, BACKLOGGED, OVERFLOWED, CLOSED }

  /** What a read-only wall-board link may subscribe to. */
  private static final int BOARD_TOPICS = Topic.AGENCY.bit() | Topic.CLIENTS.bit() | Topic.ALERTS.bit();

  final Sink sink;
  State state = State.AUTHENTICATING;
  /** A signed-in caller, or null for a wall-board link's socket ({@link #board}). */
  Caller caller;
  BoardGrant board;
  AgencyChannel agency;
  View view;
  /** Subscribed topics (bits of {@link Topic}) and topics whose messages to other staff it may see. */
  int topics;
  int everyone;
  /** The last stream seq this connection was brought up to (snapshot or delivered message). */
  String lastSeq;
  /** Durable messages waiting while syncing or while the socket is slow; null when not needed. */
  ArrayDeque<Outbound> backlog;
  boolean countersStale;
  /** Ops received before authentication finished. */
  List<String> early;
  volatile long lastHeard;

  Connection(Sink sink, long now) {
    this.sink = sink;
    this.lastHeard = now;
  }

  boolean wants(Outbound m) {
    if (m.topic == null) return true;
    if ((topics & m.topic.bit()) == 0) return false;
    return m.staffId == null || caller != null && m.staffId.equals(caller.staffId()) || (everyone & m.topic.bit()) != 0;
  }

  /** May this connection subscribe to {@code t}: by the caller's role, or a board link's read topics. */
  boolean mayHave(Topic t) { return board != null ? (BOARD_TOPICS & t.bit()) != 0 : t.allowedFor(caller); }

  boolean subscribed(Topic t) { return (topics & t.bit()) != 0; }

  /**
   * Delivers one message according to the state; never blocks, never slows others, and a broken
   * connection never stops a fan-out. Returns the write when it was written at once, else null.
   */
  Future<Void> offer(Outbound m, int queueLimit, PushMetrics metrics) {
    try {
      return deliver(m, queueLimit, metrics);
    } catch (RuntimeException e) {
      log.debug("push to a connection failed: {}", e.toString());
      return null;
    }
  }

  private Future<Void> deliver(Outbound m, int queueLimit, PushMetrics metrics) {
    switch (state) {
      case LIVE -> {
        if (!sink.writeQueueFull()) {
          return write(m, metrics);
        } else if (!m.durable()) {
          countersStale = true;
        } else {
          state = State.BACKLOGGED;
          backlog = new ArrayDeque<>();
          hold(m, metrics);
        }
      }
      case BACKLOGGED, SYNCING -> {
        if (!m.durable()) {
          if (state == State.BACKLOGGED) countersStale = true;
        } else if (backlog.size() >= queueLimit) {
          overflow(metrics);
        } else {
          hold(m, metrics);
        }
      }
      default -> { }
    }
    return null;
  }

  private Future<Void> write(Outbound m, PushMetrics metrics) {
    Future<Void> w = sink.write(m);
    metrics.written.increment();
    if (m.durable()) lastSeq = m.seq;
    return w;
  }

  private void hold(Outbound m, PushMetrics metrics) {
    backlog.add(m);
    metrics.queued.incrementAndGet();
  }

  /** Takes the backlog away (empty when there was none). */
  ArrayDeque<Outbound> release(PushMetrics metrics) {
    ArrayDeque<Outbound> b = backlog;
    backlog = null;
    if (b != null) metrics.queued.addAndGet(-b.size());
    return b == null ? new ArrayDeque<>() : b;
  }

  /** Over the bound: drop the backlog; once the socket drains, the hub says resync and replays from the stream. */
  private void overflow(PushMetrics metrics) {
    release(metrics);
    countersStale = true;
    state = State.OVERFLOWED;
  }

  /** BACKLOGGED: writes the backlog while the socket takes it; true when it emptied and the connection is LIVE again. */
  boolean drainBacklog(PushMetrics metrics) {
    while (!backlog.isEmpty() && !sink.writeQueueFull()) {
      write(backlog.poll(), metrics);
      metrics.queued.decrementAndGet();
    }
    if (!backlog.isEmpty()) return false;
    release(metrics);
    state = State.LIVE;
    return true;
  }

  /** A message of the protocol itself (snapshot, resync, error, pong): written at once, whatever the state. */
  void control(JsonObject message, PushMetrics metrics) {
    sink.write(Outbound.control(message, null));
    metrics.written.increment();
  }

  void error(String code, String message, long now, PushMetrics metrics) {
    control(new JsonObject().put("type", "error").put("at", Instant.ofEpochMilli(now).toString()).put("code", code).put("message", message), metrics);
  }

  /** Says why, then closes: revoked and expired name themselves, anything else is unauthorized. */
  void refuse(short code, String reason, long now, PushMetrics metrics) {
    error(reason.equals("revoked") || reason.equals("expired") ? reason : "unauthorized", reason, now, metrics);
    sink.close(code, reason);
  }
}
