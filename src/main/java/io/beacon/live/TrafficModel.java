package io.beacon.live;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Realistic spend for the simulator (M10): each client gets a size, a favourite promotion mode and a
 * target daily spend around its budget; events follow a daily curve with noise. Every so often one
 * client gets an episode — a surge, a drop, a stall, or a burst that burns its budget and balance —
 * so every kind of alert shows up within minutes.
 */
final class TrafficModel {
  /** Relative traffic per local hour (night trough, evening peak). */
  private static final double[] CURVE = {0.35, 0.25, 0.2, 0.18, 0.2, 0.3, 0.5, 0.8, 1.0, 1.1, 1.15, 1.2,
      1.1, 1.05, 1.1, 1.15, 1.2, 1.3, 1.4, 1.55, 1.6, 1.4, 1.0, 0.6};
  private static final String[] GOALS = {"app_install", "lead", "purchase", "follow"};
  private static final String[] EVENTS = {"activate", "form_submit", "pay", "follow"};
  private static final String[] MODES = EventBatch.MODES;
  private static final long EPISODE_EVERY_MILLIS = 20_000;

  enum Episode { NONE, SURGE, DROP, STALL, BURN }

  /** A client, its budget and (when known) its typical daily spend, which sets the scale of its traffic. */
  record Client(long id, long dailyBudgetFen, long typicalDailyFen) {}

  private final List<Client> clients;
  private final double[] weight;
  private final double[] cumulative;
  private final int[] mode;
  private final boolean[] brand;
  private final long[] targetDailyFen;
  private final double[] burn;
  private final Episode[] episode;
  private final long[] episodeUntil;
  private final SplittableRandom random;
  private final String idPrefix;
  private final ZoneId zone;
  private final double rate;
  private long sequence;
  private long nextEpisodeAt;

  TrafficModel(List<Client> clients, double eventsPerSecond, long seed, ZoneId zone) {
    this.clients = clients;
    this.rate = eventsPerSecond;
    this.zone = zone;
    this.random = new SplittableRandom(seed);
    this.idPrefix = "sim-" + Long.toString(System.nanoTime() ^ random.nextLong(), 36) + "-";
    int n = clients.size();
    weight = new double[n];
    cumulative = new double[n];
    mode = new int[n];
    brand = new boolean[n];
    targetDailyFen = new long[n];
    burn = new double[n];
    episode = new Episode[n];
    episodeUntil = new long[n];
    for (int i = 0; i < n; i++) {
      weight[i] = Math.exp(random.nextGaussian() * 0.8);
      mode[i] = random.nextInt(4);
      brand[i] = random.nextInt(10) == 0;
      Client c = clients.get(i);
      long budget = c.dailyBudgetFen() > 0 ? c.dailyBudgetFen() : 500_000;
      targetDailyFen[i] = c.typicalDailyFen() > 0 ? (long) (c.typicalDailyFen() * (0.8 + random.nextDouble() * 0.4))
          : (long) (budget * (0.4 + random.nextDouble() * 0.7));
      // A burn spends about a day and a half of budget in four minutes: budget (and often balance) runs out.
      burn[i] = 500.0 * Math.max(1.0, budget / (double) Math.max(1, targetDailyFen[i]));
      episode[i] = Episode.NONE;
    }
  }

  boolean isEmpty() { return clients.isEmpty(); }

  /** Appends {@code count} events billed at {@code now} as JSON objects separated by commas. */
  void events(StringBuilder out, int count, long nowMillis) {
    if (clients.isEmpty()) return;
    episodes(nowMillis);
    String billedAt = Instant.ofEpochMilli(nowMillis).toString();
    double curve = CURVE[Instant.ofEpochMilli(nowMillis).atZone(zone).getHour()];
    double total = 0;
    for (int i = 0; i < weight.length; i++) {
      total += weight[i] * factor(i, nowMillis);
      cumulative[i] = total;
    }
    if (total <= 0) return;
    for (int e = 0; e < count; e++) {
      int i = pick(random.nextDouble() * total);
      double share = weight[i] * factor(i, nowMillis) / total;
      double eventsPerDay = Math.max(1, rate * share * 86_400 / curve);
      double factor = episode[i] == Episode.BURN ? burn[i] : 1;
      long cost = Math.max(1, Math.round(targetDailyFen[i] / eventsPerDay * factor * (0.5 + random.nextDouble())));
      long imp = Math.max(1, cost * 1000 / (1500 + random.nextInt(3000)));
      long clicks = chance(imp * 0.02);
      long conv = chance(clicks * 0.08);
      int g = (int) (clients.get(i).id() % GOALS.length);
      if (out.length() > 1) out.append(',');
      out.append("{\"eventId\":\"").append(idPrefix).append(sequence++)
          .append("\",\"clientId\":").append(clients.get(i).id())
          .append(",\"billedAt\":\"").append(billedAt)
          .append("\",\"mode\":\"").append(MODES[random.nextInt(5) == 0 ? random.nextInt(4) : mode[i]])
          .append("\",\"goal\":\"").append(GOALS[g]).append("\",\"conversionEvent\":\"").append(EVENTS[g])
          .append("\",\"campaignId\":\"cmp-").append(clients.get(i).id()).append('-').append(random.nextInt(3))
          .append("\",\"unitId\":\"unit-").append(clients.get(i).id()).append('-').append(random.nextInt(6))
          .append("\",\"impressions\":").append(imp).append(",\"clicks\":").append(clicks)
          .append(",\"costFen\":").append(cost).append(",\"conversions\":").append(conv)
          .append(",\"brand\":").append(brand[i]).append('}');
    }
  }

  private long chance(double expected) {
    long whole = (long) expected;
    return whole + (random.nextDouble() < expected - whole ? 1 : 0);
  }

  private int pick(double x) {
    int lo = 0, hi = cumulative.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cumulative[mid] < x) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  private double factor(int i, long now) {
    if (episodeUntil[i] < now) episode[i] = Episode.NONE;
    return switch (episode[i]) {
      case SURGE -> 6;
      case DROP -> 0.15;
      case STALL -> 0;
      case BURN -> 1;
      case NONE -> 1;
    };
  }

  private void episodes(long now) {
    if (now < nextEpisodeAt) return;
    nextEpisodeAt = now + EPISODE_EVERY_MILLIS;
    int i = random.nextInt(clients.size());
    Episode e = Episode.values()[1 + random.nextInt(4)];
    episode[i] = e;
    episodeUntil[i] = now + switch (e) {
      case SURGE -> 5 * 60_000L;
      case DROP -> 25 * 60_000L;
      case STALL -> 45 * 60_000L;
      case BURN -> 4 * 60_000L;
      case NONE -> 0L;
    };
  }
}
