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

  final Sink sink;
  State state = State.AUTHENTICATING;
  Caller caller;
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
    return m.staffId == null || m.staffId.equals(caller.staffId()) || (everyone & m.topic.bit()) != 0;
  }

  boolean subscribed(Topic t) { return (topics & t.bit()) != 0; }
}
