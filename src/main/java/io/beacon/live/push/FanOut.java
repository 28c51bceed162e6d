package io.beacon.live.push;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Fan-out of the hub's messages to its connections, view by view (a message is filtered once per view).
 * Counters are coalesced per client: the first goes out at once (after the rest of its pub/sub burst), later
 * ones at most every {@code window} ms, the latest value winning; those due at one moment leave as one frame
 * per view, encoded once for all its sockets. Each view's totals follow at the same pace. Durable messages go
 * out at once.
 */
final class FanOut {
  private final Collection<AgencyChannel> agencies;
  private final long window;
  private final int queueLimit;
  private final PushMetrics metrics;
  private final Clock clock;
  private Context hub;
  private boolean flushQueued;

  FanOut(Collection<AgencyChannel> agencies, long window, int queueLimit, PushMetrics metrics, Clock clock) {
    this.agencies = agencies;
    this.window = window;
    this.queueLimit = queueLimit;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** Runs on the hub's context from now on (the counters of one burst are flushed on it). */
  void runOn(Context hub) { this.hub = hub; }

  /** A client's counters: out at once if its window has passed, else held (the latest wins) for {@link #flush}. */
  void counters(AgencyChannel ch, Outbound out) {
    long now = clock.millis();
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
    for (AgencyChannel ch : agencies) if (!ch.due.isEmpty()) sendCounters(ch);
  }

  /** The counters due now: per view, the visible ones in as few frames as fit, encoded once for all its sockets. */
  private void sendCounters(AgencyChannel ch) {
    List<Outbound> due = List.copyOf(ch.due);
    ch.due.clear();
    long start = System.nanoTime();
    for (Outbound m : due) metrics.stageCoalescing.record(Math.max(0, start - m.receivedNanos), TimeUnit.NANOSECONDS);
    Future<Void> last = null;
    for (View v : ch.views.values()) {
      List<Outbound> frames = null;
      for (Connection c : v.members) {
        if (!c.subscribed(Topic.CLIENTS)) continue;
        if (frames == null) frames = Outbound.counters(v.wholeAgency() ? due : due.stream().filter(v::admits).toList());
        for (Outbound f : frames) {
          Future<Void> w = c.offer(f, queueLimit, metrics);
          if (w != null) last = w;
        }
      }
    }
    metrics.fanOut(last, start, due);
  }

  /** Sends held-back counters whose window has passed, and each view's totals when they changed. */
  void flush() {
    long now = clock.millis();
    for (AgencyChannel ch : agencies) {
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
          if (totals == null) totals = Outbound.control(new JsonObject().put("type", "totals").put("at", Instant.ofEpochMilli(now).toString())
              .put("scope", v.scopeName()).put("totals", ch.totals(v)), Topic.AGENCY);
          c.offer(totals, queueLimit, metrics);
        }
      }
    }
  }

  /** Any other message (alerts, notices, tickets, leads): to every connection whose view admits it and that wants it. */
  void dispatch(AgencyChannel ch, Outbound out) {
    long start = System.nanoTime();
    Future<Void> last = null;
    for (View v : ch.views.values()) {
      if (!v.admits(out)) continue;
      for (Connection c : v.members) {
        if (!c.wants(out)) continue;
        Future<Void> w = c.offer(out, queueLimit, metrics);
        if (w != null) last = w;
      }
    }
    metrics.fanOut(last, start, List.of(out));
  }
}
