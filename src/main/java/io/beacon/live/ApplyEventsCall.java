package io.beacon.live;

import io.vertx.redis.client.Request;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One partition's {@code apply_events.lua} call, folded per client before it reaches Redis: events are
 * added one by one and leave as sums per client, business day and minute (a unit), per client (its cost,
 * on which the script draws the balances once) and per record line (a {@link SpendRecord} identity, sent
 * as one text the script stores as it is). Only the event ids stay per event. {@link #request} lays the
 * blocks out in the order the script's header names them:
 * <pre>
 * KEYS  stream | client hashes [nc] | client rings [nc] | agency partial | agency ring | dedupe sets [nd]
 * ARGV  header (nc, na, nd, now minute, dedupe ttl, nu) | agency index of each client [nc] |
 *       event ids per dedupe set [nd] | event ids, set by set | packed numbers | record lines
 * </pre>
 * The packed numbers are ONE string of little-endian 64-bit integers: each unit's {@link Unit#PACKED}
 * values, units in ascending business day, then each client's index, id and cost. (As separate
 * arguments each number was encoded, parsed and converted on its own, which cost more than the work.)
 * Client indexes in the call and in its reply are 1-based.
 */
final class ApplyEventsCall {
  /** One client's figures in one business day and minute: what the script adds to today's figures and the minute rings. */
  private static final class Unit {
    /** Values a unit packs: client index, day, minute, cost, performance, brand, cost by mode [4], impressions, clicks, conversions. */
    static final int PACKED = 13;
    final int client;
    final long day;
    final long minute;
    long cost, performance, brand, impressions, clicks, conversions;
    final long[] costByMode = new long[EventBatch.MODES.length];

    Unit(int client, long day, long minute) {
      this.client = client;
      this.day = day;
      this.minute = minute;
    }

    void pack(ByteBuffer out) {
      out.putLong(client + 1).putLong(day).putLong(minute).putLong(cost).putLong(performance).putLong(brand);
      for (long c : costByMode) out.putLong(c);
      out.putLong(impressions).putLong(clicks).putLong(conversions);
    }
  }

  private record UnitKey(int client, long day, long minute) {}

  /** The events' sums of one record line. */
  private static final class Line {
    long impressions, clicks, cost, conversions;
  }

  private final int partition;
  private final long agencyId;
  private final long[] clientIds;
  private final long[] clientCost;
  private final List<Long> dedupeHours = new ArrayList<>();
  private final List<List<String>> eventIds = new ArrayList<>();
  private final Map<UnitKey, Unit> units = new HashMap<>();
  private final Map<SpendRecord, Line> lines = new LinkedHashMap<>();

  /** A call for these clients of one agency (the index of a client in the array is its index in the call). */
  ApplyEventsCall(int partition, long agencyId, long[] clientIds) {
    this.partition = partition;
    this.agencyId = agencyId;
    this.clientIds = clientIds;
    this.clientCost = new long[clientIds.length];
  }

  /** The client a 1-based client index of the script's reply names. */
  long clientId(int index) { return clientIds[index - 1]; }

  /** Event ids billed in one hour: one dedupe set. */
  void dedupeSet(long billingHour, List<String> ids) {
    dedupeHours.add(billingHour);
    eventIds.add(ids);
  }

  /** Adds one event of client {@code client} (0-based index) to its unit and its record line. */
  void event(int client, long day, long minute, int mode, boolean brand, long cost, long impressions, long clicks, long conversions,
             SpendRecord record) {
    Unit u = units.computeIfAbsent(new UnitKey(client, day, minute), k -> new Unit(k.client(), k.day(), k.minute()));
    u.cost += cost;
    if (brand) u.brand += cost; else u.performance += cost;
    u.costByMode[mode] += cost;
    u.impressions += impressions;
    u.clicks += clicks;
    u.conversions += conversions;
    clientCost[client] += cost;
    Line l = lines.computeIfAbsent(record, k -> new Line());
    l.impressions += impressions;
    l.clicks += clicks;
    l.cost += cost;
    l.conversions += conversions;
  }

  Request request(LiveScripts scripts, long nowMinute, long dedupeTtlSeconds) {
    int nc = clientIds.length;
    int nd = dedupeHours.size();
    Request r = scripts.request(LiveScripts.Script.APPLY_EVENTS, 1 + 2 * nc + 2 + nd);
    // KEYS
    r.arg(LiveKeys.stream(partition));
    for (long c : clientIds) r.arg(LiveKeys.client(partition, c));
    for (long c : clientIds) r.arg(LiveKeys.clientRing(partition, c));
    r.arg(LiveKeys.agency(partition, agencyId)).arg(LiveKeys.agencyRing(partition, agencyId));
    for (long hour : dedupeHours) r.arg(LiveKeys.dedupe(partition, agencyId, hour));
    // ARGV
    r.arg(nc).arg(1).arg(nd).arg(nowMinute).arg(dedupeTtlSeconds).arg(units.size());
    for (int k = 0; k < nc; k++) r.arg(1);
    for (List<String> ids : eventIds) r.arg(ids.size());
    for (List<String> ids : eventIds) for (String id : ids) r.arg(id);
    List<Unit> byDay = new ArrayList<>(units.values());
    byDay.sort((x, y) -> Long.compare(x.day, y.day));
    ByteBuffer packed = ByteBuffer.allocate((byDay.size() * Unit.PACKED + nc * 3) * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (Unit u : byDay) u.pack(packed);
    for (int k = 0; k < nc; k++) packed.putLong(k + 1).putLong(clientIds[k]).putLong(clientCost[k]);
    r.arg(packed.array());
    StringBuilder text = new StringBuilder(lines.size() * 96);
    lines.forEach((record, l) -> {
      if (!text.isEmpty()) text.append('\n');
      record.appendLine(text, l.impressions, l.clicks, l.cost, l.conversions);
    });
    return r.arg(text.toString());
  }
}
