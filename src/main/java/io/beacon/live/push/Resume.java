package io.beacon.live.push;

import io.beacon.live.LiveBus;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Bringing a connection up to date: the snapshot (from the hub's memory) and the durable messages it missed,
 * read back from the agency's capped stream ({@code subscribe} with {@code since}, a slow consumer, a lost
 * subscription). Messages arriving while the stream is read wait in the connection's backlog and are
 * de-duplicated by seq; when the stream no longer reaches back, the connection is told {@code resync} and
 * gets a fresh snapshot.
 */
final class Resume {
  private record Replay(boolean recovered, List<Outbound> messages) {
    static final Replay NONE = new Replay(false, List.of());
  }

  private final RedisAPI redis;
  private final int replayLimit;
  private final int queueLimit;
  private final PushMetrics metrics;
  private final Clock clock;

  Resume(RedisAPI redis, int replayLimit, int queueLimit, PushMetrics metrics, Clock clock) {
    this.redis = redis;
    this.replayLimit = replayLimit;
    this.queueLimit = queueLimit;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** Tells the connection it missed messages, then brings it back: snapshot and replay after its last seq. */
  void resync(Connection c, String reason) {
    c.release(metrics);
    metrics.resync(reason);
    c.control(new JsonObject().put("type", "resync").put("at", iso()).put("reason", reason).put("since", c.lastSeq), metrics);
    start(c, c.lastSeq);
  }

  /** Syncs from {@code since} (null: a fresh snapshot at the agency's newest seq). */
  void start(Connection c, String since) {
    c.release(metrics);
    c.state = Connection.State.SYNCING;
    c.backlog = new ArrayDeque<>();
    c.countersStale = false;
    String head = c.agency.lastSeq;
    Future<Replay> replay = since == null ? Future.succeededFuture(Replay.NONE) : replay(c.agency.agencyId, since);
    replay.onComplete(ar -> finish(c, since, head, ar.succeeded() ? ar.result() : Replay.NONE));
  }

  private void finish(Connection c, String since, String head, Replay replay) {
    if (c.state == Connection.State.CLOSED) return;
    if (c.state == Connection.State.OVERFLOWED) {   // the backlog overflowed while the stream was read: start over
      start(c, since != null ? since : head);
      return;
    }
    ArrayDeque<Outbound> held = c.release(metrics);
    boolean recovered = since != null && replay.recovered();
    if (since != null && !recovered) {
      metrics.resync("history");
      c.control(new JsonObject().put("type", "resync").put("at", iso()).put("reason", "history").put("since", since), metrics);
    }
    String position = recovered ? since : head;
    c.state = Connection.State.LIVE;
    c.lastSeq = position;
    c.control(snapshot(c, position, recovered), metrics);
    String upTo = position;
    for (Outbound m : replay.messages()) {
      upTo = m.seq;
      if (c.view.admits(m) && c.wants(m)) c.offer(m, queueLimit, metrics);
    }
    for (Outbound m : held) {
      if (Seq.compare(m.seq, upTo) > 0) c.offer(m, queueLimit, metrics);
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
    return redis.xrange(List.of(LiveBus.stream(agencyId), fromStart ? "-" : since, "+", "COUNT", String.valueOf(replayLimit + 2)))
        .map(entries -> {
          int size = entries == null ? 0 : entries.size();
          boolean holdsSince = fromStart ? size < LiveBus.STREAM_MAX_LEN : size > 0 && since.equals(entries.get(0).get(0).toString());
          if (!holdsSince || size - first > replayLimit) return Replay.NONE;
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
    JsonObject parsed = json == null ? null : Outbound.parse(json);
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

  /** The connection's view of the agency now: its topics, the visible clients' counters, its totals. */
  JsonObject snapshot(Connection c, String seq, boolean recovered) {
    AgencyChannel ch = c.agency;
    View v = c.view;
    JsonArray topics = new JsonArray();
    for (Topic t : Topic.values()) if (c.subscribed(t)) topics.add(t.wire());
    JsonObject s = new JsonObject().put("type", "snapshot").put("at", iso()).put("seq", seq)
        .put("recovered", recovered).put("scope", v.scopeName()).put("topics", topics);
    if (c.subscribed(Topic.CLIENTS)) {
      JsonArray clients = new JsonArray();
      ch.counters.forEach((id, counters) -> {
        if (v.sees(id)) clients.add(new JsonObject().put("clientId", id).put("counters", counters));
      });
      s.put("clients", clients);
    }
    if (c.subscribed(Topic.AGENCY)) s.put("totals", ch.totals(v));
    c.countersStale = false;
    return s;
  }

  private String iso() { return Instant.ofEpochMilli(clock.millis()).toString(); }
}
