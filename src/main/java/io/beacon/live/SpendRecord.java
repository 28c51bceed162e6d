package io.beacon.live;

import io.vertx.redis.client.Response;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The identity of one persistence record line: which {@code spend_hourly} rows (billing and conversion
 * basis) and {@code spend_daily} rows a line adds to. PersistWorker and the Reconciler read the partition
 * stream entries through this class only; ingest writes the lines with {@link #appendLine} and
 * apply_events.lua adds the balance draws. An entry ({@link StreamEntry}) has two fields:
 * <ul>
 *   <li>{@code r}: record lines separated by {@code '\n'}, one per row identity of an ingest call, each
 *   16 fields separated by {@code '|'}:
 *   <pre>
 *   agency | client | billing hour | billing day | conversion hour | conversion day | mode | brand | goal |
 *   conversion event | campaign | unit              the identity ({@link #IDENTITY_FIELDS} fields)
 *   | impressions | clicks | cost | conversions     the events' sums
 *   </pre>
 *   Hours are epoch seconds at the top of the hour (UTC), days epoch days in the agency's zone, mode the
 *   index into {@link EventBatch#MODES}, brand 1 or 0; the labels never contain {@code '|'} (ingest refuses them).</li>
 *   <li>{@code d}: the script's balance draw per client of the call, one line each:
 *   {@code client | coupon | cash | credit} (the rest of the cost went into arrears). A line's coupon and
 *   credit parts are this draw replayed over the client's lines in their order (coupons first, then cash,
 *   then credit), which is what drawing line by line gives.</li>
 * </ul>
 * Entries written before the draws moved to the client carry no {@code d}; their lines have 18 fields,
 * the last two the line's coupon and credit parts.
 */
record SpendRecord(long agencyId, long clientId, long billingHour, long billingDay, long conversionHour, long conversionDay,
                   int mode, boolean brand, String goal, String conversionEvent, String campaignId, String unitId) {
  static final int IDENTITY_FIELDS = 12;
  /** Sums of an identity, in order: impressions, clicks, cost, conversions, coupon part, credit part. */
  static final int SUMS = 6;
  static final int IMPRESSIONS = 0, CLICKS = 1, COST = 2, CONVERSIONS = 3, COUPON = 4, CREDIT = 5;

  /** An entry of a partition stream: its id, record lines and draws (null: absent, or the entry was deleted meanwhile). */
  record StreamEntry(int partition, String id, String lines, String draws) {
    /** From an XRANGE / XREADGROUP entry ({@code [id, [field, value, …]]}). */
    static StreamEntry of(int partition, Response entry) {
      Response fields = entry.get(1);
      String lines = null, draws = null;
      for (int j = 0; fields != null && j + 1 < fields.size(); j += 2) {
        String name = fields.get(j).toString();
        if (name.equals("r")) lines = fields.get(j + 1).toString();
        else if (name.equals("d")) draws = fields.get(j + 1).toString();
      }
      return new StreamEntry(partition, entry.get(0).toString(), lines, draws);
    }
  }

  /** Appends the line as ingest writes it: the identity and the events' sums. */
  void appendLine(StringBuilder out, long impressions, long clicks, long costFen, long conversions) {
    out.append(agencyId).append('|').append(clientId).append('|').append(billingHour).append('|').append(billingDay).append('|')
        .append(conversionHour).append('|').append(conversionDay).append('|').append(mode).append('|').append(brand ? 1 : 0)
        .append('|').append(goal).append('|').append(conversionEvent).append('|').append(campaignId).append('|').append(unitId)
        .append('|').append(impressions).append('|').append(clicks).append('|').append(costFen).append('|').append(conversions);
  }

  /**
   * The entries' lines summed by identity (the text before the sums, the map's key; read back with
   * {@link #parse}), with each line's coupon and credit parts. Identities repeat across entries, so each
   * is split into fields only once.
   */
  static Map<String, long[]> sumByIdentity(Iterable<StreamEntry> entries) {
    Map<String, long[]> byIdentity = new HashMap<>();
    long[] line = new long[SUMS];
    for (StreamEntry e : entries) {
      String r = e.lines();
      if (r == null) continue;
      Map<Long, long[]> draws = draws(e.draws());
      int start = 0;
      while (start < r.length()) {
        int end = r.indexOf('\n', start);
        if (end < 0) end = r.length();
        int at = start;
        for (int f = 0; f < IDENTITY_FIELDS; f++) at = r.indexOf('|', at) + 1;
        String identity = r.substring(start, at - 1);
        int read = 0;
        while (read < SUMS && at <= end) {
          int bar = r.indexOf('|', at);
          if (bar < 0 || bar > end) bar = end;
          line[read++] = Long.parseLong(r, at, bar, 10);
          at = bar + 1;
        }
        if (read == CONVERSIONS + 1) {
          int client = r.indexOf('|', start) + 1;
          split(line, draws.get(Long.parseLong(r, client, r.indexOf('|', client), 10)));
        }
        long[] sums = byIdentity.computeIfAbsent(identity, k -> new long[SUMS]);
        for (int j = 0; j < SUMS; j++) sums[j] += line[j];
        start = end + 1;
      }
    }
    return byIdentity;
  }

  /** The line's coupon and credit parts from what is left of its client's draw (coupon, cash, credit), which shrinks. */
  private static void split(long[] line, long[] left) {
    if (left == null) {
      line[COUPON] = 0;
      line[CREDIT] = 0;
      return;
    }
    long cost = line[COST];
    long coupon = Math.min(cost, left[0]);
    long cash = Math.min(cost - coupon, left[1]);
    long credit = Math.min(cost - coupon - cash, left[2]);
    left[0] -= coupon;
    left[1] -= cash;
    left[2] -= credit;
    line[COUPON] = coupon;
    line[CREDIT] = credit;
  }

  /** An entry's draws by client: coupon, cash, credit. */
  private static Map<Long, long[]> draws(String text) {
    Map<Long, long[]> out = new HashMap<>();
    if (text == null) return out;
    for (String d : text.split("\n")) {
      String[] f = d.split("\\|");
      if (f.length == 4) out.put(Long.parseLong(f[0]), new long[]{Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3])});
    }
    return out;
  }

  /** Adds the billing and conversion hours of an entry's lines (the spend_hourly partitions they need). */
  static void hours(String lines, Set<Long> into) {
    for (int start = 0; start < lines.length(); ) {
      int end = lines.indexOf('\n', start);
      if (end < 0) end = lines.length();
      int f2 = lines.indexOf('|', lines.indexOf('|', start) + 1) + 1;
      int f3 = lines.indexOf('|', f2) + 1;
      int f4 = lines.indexOf('|', f3) + 1;
      into.add(Long.parseLong(lines, f2, f3 - 1, 10));
      into.add(Long.parseLong(lines, f4, lines.indexOf('|', f4), 10));
      start = end + 1;
    }
  }

  /** An identity key of {@link #sumByIdentity}. */
  static SpendRecord parse(String identity) {
    String[] f = identity.split("\\|", -1);
    return new SpendRecord(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]),
        Long.parseLong(f[4]), Long.parseLong(f[5]), Integer.parseInt(f[6]), "1".equals(f[7]), f[8], f[9], f[10], f[11]);
  }
}
