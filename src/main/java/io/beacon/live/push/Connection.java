package io.beacon.live.push;

import io.beacon.auth.Caller;

import java.util.ArrayDeque;
import java.util.List;

/**
 * One socket or SSE stream. Kept small (a few references and numbers) because an instance holds
 * thousands; messages are shared {@link Outbound} objects, never copies. Only the hub's context
 * touches it, except {@link #lastHeard}.
 */
final class Connection {
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
}
