package io.beacon.live;

/**
 * The Redis key layout of the live counters. A client lives in partition {@code clientId mod P}; every
 * key one script touches carries that partition's hash tag {@code {p<n>}}, so the layout runs unchanged
 * on Redis Cluster.
 */
record LiveKeys(int partitions) {
  int partition(long clientId) { return (int) Math.floorMod(clientId, (long) partitions); }

  static String client(int p, long clientId) { return "beacon:c:{p" + p + "}:" + clientId; }

  static String clientRing(int p, long clientId) { return "beacon:w:{p" + p + "}:" + clientId; }

  static String agency(int p, long agencyId) { return "beacon:a:{p" + p + "}:" + agencyId; }

  static String agencyRing(int p, long agencyId) { return "beacon:aw:{p" + p + "}:" + agencyId; }

  /** Event ids seen for one agency in one billing hour (expire after the ingest window). */
  static String dedupe(int p, long agencyId, long billingHour) { return "beacon:d:{p" + p + "}:" + agencyId + ":" + billingHour; }

  /** Accepted events of the partition, waiting to be persisted. */
  static String stream(int p) { return "beacon:s:{p" + p + "}"; }
}
