package io.beacon.live;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The identity of one persistence record line: which {@code spend_hourly} rows (billing and conversion
 * basis) and {@code spend_daily} rows a line adds to. The partition stream entries carry these lines, one
 * per row identity of an ingest call, separated by {@code '\n'}; PersistWorker and the Reconciler read
 * them through this class only. A line's 18 fields, separated by {@code '|'}:
 * <pre>
 *   agency | client | billing hour | billing day | conversion hour | conversion day | mode | brand | goal |
 *   conversion event | campaign | unit                        the identity ({@link #IDENTITY_FIELDS}, written by {@link #line})
 *   | impressions | clicks | cost | conversions               the sums of the events (written by {@link #line})
 *   | coupon | credit                                         appended by apply_events.lua after its balance draw
 * </pre>
 * Hours are epoch seconds at the top of the hour (UTC), days epoch days in the agency's zone, mode the
 * index into {@link EventBatch#MODES}, brand 1 or 0; the labels never contain {@code '|'} (ingest refuses them).
 */
record SpendRecord(long agencyId, long clientId, long billingHour, long billingDay, long conversionHour, long conversionDay,
                   int mode, boolean brand, String goal, String conversionEvent, String campaignId, String unitId) {
  static final int IDENTITY_FIELDS = 12;
  /** Sums of a line, in order: impressions, clicks, cost, conversions, coupon part, credit part. */
  static final int SUMS = 6;
  static final int IMPRESSIONS = 0, CLICKS = 1, COST = 2, CONVERSIONS = 3;

  /** The line as ingest writes it: the identity and the events' sums; the script appends the coupon and credit parts. */
  String line(long impressions, long clicks, long costFen, long conversions) {
    return new StringBuilder(96).append(agencyId).append('|').append(clientId).append('|').append(billingHour).append('|')
        .append(billingDay).append('|').append(conversionHour).append('|').append(conversionDay).append('|').append(mode)
        .append('|').append(brand ? 1 : 0).append('|').append(goal).append('|').append(conversionEvent).append('|')
        .append(campaignId).append('|').append(unitId).append('|').append(impressions).append('|').append(clicks)
        .append('|').append(costFen).append('|').append(conversions).toString();
  }

  /**
   * The lines of stream entries summed by identity (the text before the sums, the map's key; read back
   * with {@link #parse}). Identities repeat across entries, so each is split into fields only once.
   */
  static Map<String, long[]> sumByIdentity(Iterable<String> entries) {
    Map<String, long[]> byIdentity = new HashMap<>();
    for (String r : entries) {
      int start = 0;
      while (start < r.length()) {
        int end = r.indexOf('\n', start);
        if (end < 0) end = r.length();
        int at = start;
        for (int f = 0; f < IDENTITY_FIELDS; f++) at = r.indexOf('|', at) + 1;
        long[] sums = byIdentity.computeIfAbsent(r.substring(start, at - 1), k -> new long[SUMS]);
        for (int j = 0; j < SUMS; j++) {
          int bar = j == SUMS - 1 ? end : r.indexOf('|', at);
          sums[j] += Long.parseLong(r, at, bar, 10);
          at = bar + 1;
        }
        start = end + 1;
      }
    }
    return byIdentity;
  }

  /** Adds the billing and conversion hours of an entry's lines (the spend_hourly partitions they need). */
  static void hours(String entry, Set<Long> into) {
    for (int start = 0; start < entry.length(); ) {
      int end = entry.indexOf('\n', start);
      if (end < 0) end = entry.length();
      int f2 = entry.indexOf('|', entry.indexOf('|', start) + 1) + 1;
      int f3 = entry.indexOf('|', f2) + 1;
      int f4 = entry.indexOf('|', f3) + 1;
      into.add(Long.parseLong(entry, f2, f3 - 1, 10));
      into.add(Long.parseLong(entry, f4, entry.indexOf('|', f4), 10));
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
