package io.beacon.live;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Realistic spend for the simulator. Each client spends at its own typical rate for the hour of
 * the day — the average of that hour over the last 7 days of its history, which is also the baseline
 * the swing rules compare with — smoothed between hours, with a slow per-client wander and per-event
 * noise, in its own mix of promotion modes and brand / performance. Delivery stops, as a real platform
 * does, when a client's daily budget or balance runs out. A few clients per agency are scripted from
 * the start so that every kind of alert shows within minutes: stalls and drops that began before the
 * start (realised when today is back-filled), a surge, a budget burn, a balance drained below the
 * floor and a balance spent past zero.
 */
final class TrafficModel {
  /** Day shape of clients without history (no typical hours): night trough, evening peak. */
  private static final double[] CURVE = {0.35, 0.25, 0.2, 0.18, 0.2, 0.3, 0.5, 0.8, 1.0, 1.1, 1.15, 1.2,
      1.1, 1.05, 1.1, 1.15, 1.2, 1.3, 1.4, 1.55, 1.6, 1.4, 1.0, 0.6};
  private static final double CURVE_SUM = Arrays.stream(CURVE).sum();
  private static final String[] GOALS = {"app_install", "leads", "sales", "followers"};
  private static final String[] EVENTS = {"app_activate", "form_submit", "purchase", "follow"};
  private static final int BATCH = 5_000;
  /** Back-fill step: one event per client per 5 minutes, per minute over the last hour (the live windows). */
  private static final long STEP_MILLIS = 5 * 60_000L;
  private static final long RECENT_STEP_MILLIS = 60_000L;
  private static final long RECENT_MILLIS = 65 * 60_000L;
  /** Scripted clients spend at least this per hour now: twice the default swing significance (swingMinBaselineFen). */
  static final long SCRIPTED_MIN_HOURLY_FEN = 20_000;
  /** A drained balance ends here: under the default low-balance floor (50,000 fen) but above zero. */
  static final long DRAINED_BALANCE_FEN = 30_000;
  static final int PER_SCENARIO = 2;

  /**
   * The scripted faults, as a window relative to the start (minutes): a stall and a drop that began
   * before it, then a surge, a budget burn, a balance drained under the floor, a balance spent past zero.
   */
  enum Scenario {
    STALL(-35, 40), DROP(-20, 25), SURGE(1, 8), BURN(1, 4), LOW_BALANCE(2, 4), EXHAUST(2, 4);

    final long fromMillis;
    final long toMillis;

    Scenario(int fromMinutes, int toMinutes) {
      this.fromMillis = fromMinutes * 60_000L;
      this.toMillis = toMinutes * 60_000L;
    }

    /** Spends a set amount over its window (rather than a multiple of the typical rate). */
    boolean amount() { return this == BURN || this == LOW_BALANCE || this == EXHAUST; }
  }

  /**
   * A share of a client's spend in one promotion mode, brand or performance, with what that part
   * delivered lately: CPM in fen, CTR and CVR (0 when unknown) and its goal.
   */
  record Mix(String mode, boolean brand, double share, long cpmFen, double ctr, double cvr, String goal, String conversionEvent) {}

  /**
   * A client as {@code GET /ingest/clients} describes it: budget, balance (cash + coupons + credit;
   * {@code Long.MAX_VALUE} when unknown), typical spend per local hour, and its mix of modes.
   */
  record Client(long id, long dailyBudgetFen, long balanceFen, long[] hourlyFen, List<Mix> mix) {
    static Client fromJson(JsonObject o) {
      long[] hourly = new long[24];
      JsonArray h = o.getJsonArray("typicalHourlyFen", new JsonArray());
      for (int i = 0; i < Math.min(24, h.size()); i++) hourly[i] = h.getLong(i);
      List<Mix> mix = new ArrayList<>();
      for (Object m : o.getJsonArray("mix", new JsonArray())) {
        JsonObject j = (JsonObject) m;
        mix.add(new Mix(j.getString("mode"), j.getBoolean("brand"), j.getDouble("share"), j.getLong("cpmFen", 0L),
            j.getDouble("ctr", 0.0), j.getDouble("cvr", 0.0), j.getString("goal"), j.getString("conversionEvent")));
      }
      Long balance = o.getLong("balanceFen");
      return new Client(o.getLong("clientId"), o.getLong("dailyBudgetFen", 0L), balance == null ? Long.MAX_VALUE : balance, hourly, mix);
    }
  }

  private final List<Client> clients;
  private final ZoneId zone;
  private final long startMillis;
  private final SplittableRandom random;
  private final long seed;
  private final String idPrefix;
  private final Scenario[] scenario;
  private final Map<Scenario, List<Long>> scripted = new EnumMap<>(Scenario.class);
  private final long[] spentToday;
  private final long[] balance;
  private final double[] rates;
  private final double[] cumulative;
  private final double[] wander;
  private final long[] wanderBucket;
  private LocalDate day;
  private long sequence;
  private long lastEventsAt = -1;
  private long backfilledTo = -1;

  TrafficModel(List<Client> clients, long seed, ZoneId zone, long startMillis) {
    this.clients = clients;
    this.zone = zone;
    this.startMillis = startMillis - startMillis % 60_000;   // whole minutes, as the back-fill steps
    this.seed = seed;
    this.random = new SplittableRandom(seed);
    this.idPrefix = "sim-" + Long.toString(System.nanoTime() ^ random.nextLong(), 36) + "-";
    int n = clients.size();
    scenario = new Scenario[n];
    spentToday = new long[n];
    balance = new long[n];
    rates = new double[n];
    cumulative = new double[n];
    wander = new double[n];
    wanderBucket = new long[n];
    Arrays.fill(wanderBucket, -1);
    for (int i = 0; i < n; i++) balance[i] = clients.get(i).balanceFen();
    day = localDate(startMillis);
    script();
  }

  boolean isEmpty() { return clients.isEmpty(); }

  /** Client ids scripted for each scenario. */
  Map<Scenario, List<Long>> scripted() { return scripted; }

  /**
   * Picks {@link #PER_SCENARIO} clients per scenario among those spending enough at this hour to be
   * judged by the swing rules; the balance scenarios take the clients whose balance is smallest
   * against their budget (their own balance runs out first).
   */
  private void script() {
    int hour = ZonedDateTime.ofInstant(Instant.ofEpochMilli(startMillis), zone).getHour();
    List<Integer> candidates = new ArrayList<>();
    for (int i = 0; i < clients.size(); i++) {
      Client c = clients.get(i);
      if (c.dailyBudgetFen() > 0 && c.hourlyFen()[hour] >= SCRIPTED_MIN_HOURLY_FEN) candidates.add(i);
    }
    // a seeded shuffle, so the same demo scripts the same clients
    for (int k = candidates.size() - 1; k > 0; k--) {
      int j = random.nextInt(k + 1);
      candidates.set(k, candidates.set(j, candidates.get(k)));
    }
    List<Integer> byBalance = new ArrayList<>(candidates.stream()
        .filter(i -> clients.get(i).balanceFen() != Long.MAX_VALUE && clients.get(i).balanceFen() > 2 * DRAINED_BALANCE_FEN).toList());
    byBalance.sort((a, b) -> Double.compare(clients.get(a).balanceFen() / (double) clients.get(a).dailyBudgetFen(),
        clients.get(b).balanceFen() / (double) clients.get(b).dailyBudgetFen()));
    for (Scenario s : List.of(Scenario.EXHAUST, Scenario.LOW_BALANCE, Scenario.STALL, Scenario.DROP, Scenario.SURGE, Scenario.BURN)) {
      List<Integer> pool = s == Scenario.EXHAUST || s == Scenario.LOW_BALANCE ? byBalance : candidates;
      List<Long> ids = new ArrayList<>();
      for (int i : pool) {
        if (ids.size() == PER_SCENARIO) break;
        if (scenario[i] != null) continue;
        scenario[i] = s;
        ids.add(clients.get(i).id());
      }
      scripted.put(s, List.copyOf(ids));
    }
  }

  /**
   * Appends {@code count} events billed at {@code now} as JSON objects separated by commas, carrying the
   * spend due since the previous call (at most a minute): when the server holds the sender back, events
   * get larger rather than spend getting lost. Returns the number of events appended.
   */
  int events(StringBuilder out, int count, long now) {
    if (clients.isEmpty() || count <= 0) return 0;
    double seconds = lastEventsAt < 0 ? 0.1 : Math.min(60, Math.max(0, now - lastEventsAt) / 1000.0);
    lastEventsAt = now;
    rollDay(now);
    double total = 0;
    for (int i = 0; i < rates.length; i++) {
      rates[i] = rateAt(i, now);
      total += rates[i];
      cumulative[i] = total;
    }
    if (total <= 0) return 0;
    double perEvent = total * seconds / count;
    String billedAt = Instant.ofEpochMilli(now).toString();
    for (int e = 0; e < count; e++) {
      int i = pick(random.nextDouble() * total);
      append(out, i, billedAt, Math.max(1, Math.round(perEvent * (0.5 + random.nextDouble()))));
    }
    return count;
  }

  /**
   * The next batch (a JSON array of up to about 5,000 events) of the spend between {@code from} and
   * {@code to} — today before the simulator started — or null when all is sent: one event per client per
   * 5 minutes, per minute over the last hour so the live spend windows are filled as if the simulator
   * had been running. Batch by batch, so no event loop is held up generating a whole day.
   */
  String backfill(long from, long to) {
    if (backfilledTo < 0) backfilledTo = from - from % 60_000;   // steps on whole minutes, as the scripted windows
    if (backfilledTo >= to) return null;
    StringBuilder out = new StringBuilder(BATCH * 300).append('[');
    int inBatch = 0;
    while (backfilledTo < to && inBatch + clients.size() <= Math.max(BATCH, clients.size())) {
      long t = backfilledTo;
      long step = to - t <= RECENT_MILLIS ? RECENT_STEP_MILLIS : STEP_MILLIS;
      long end = Math.min(to, t + step);
      rollDay(t);
      String billedAt = Instant.ofEpochMilli((t + end) / 2).toString();
      for (int i = 0; i < clients.size(); i++) {
        // a scripted amount is spent exactly (its window ends on a step boundary); the rest with noise
        double noise = scripting(i, t) && scenario[i].amount() ? 1 : 0.8 + 0.4 * random.nextDouble();
        long cost = Math.round(rateAt(i, t) * (end - t) / 1000.0 * noise);
        if (cost <= 0) continue;
        append(out, i, billedAt, cost);
        inBatch++;
      }
      backfilledTo = end;
    }
    return inBatch == 0 && backfilledTo >= to ? null : out.append(']').toString();
  }

  /** Expected spend of client {@code i} at {@code now}, fen per second. */
  private double rateAt(int i, long now) {
    Client c = clients.get(i);
    Scenario s = scenario[i];
    if (!scripting(i, now)) {
      // a platform stops delivering when the day's budget or the balance is spent
      if (c.dailyBudgetFen() > 0 && spentToday[i] >= c.dailyBudgetFen()) return 0;
      if (balance[i] <= 0) return 0;
      return typical(i, now) * wander(i, now);
    }
    return switch (s) {
      case STALL -> 0;
      case DROP -> typical(i, now) * wander(i, now) * 0.15;
      case SURGE -> typical(i, now) * wander(i, now) * 8;
      case BURN -> evenly(now, s, c.dailyBudgetFen() * 103 / 100 - spentToday[i]);
      case LOW_BALANCE -> evenly(now, s, balance[i] - DRAINED_BALANCE_FEN);
      case EXHAUST -> evenly(now, s, Math.min(balance[i], Long.MAX_VALUE - 2_000) + 2_000);   // unknown balance is MAX_VALUE
    };
  }

  private boolean scripting(int i, long now) {
    Scenario s = scenario[i];
    return s != null && now >= startMillis + s.fromMillis && now < startMillis + s.toMillis;
  }

  /** The rate that spends what is still to spend ({@code fen}) evenly over what is left of the window. */
  private double evenly(long now, Scenario s, long fen) {
    return Math.max(0, fen) / Math.max(1, (startMillis + s.toMillis - now) / 1000.0);
  }

  /** The client's typical spend per second, interpolated between the middles of its typical hours. */
  private double typical(int i, long now) {
    ZonedDateTime t = ZonedDateTime.ofInstant(Instant.ofEpochMilli(now), zone);
    double x = t.getHour() + t.getMinute() / 60.0 + t.getSecond() / 3600.0 - 0.5;
    int h0 = Math.floorMod((int) Math.floor(x), 24);
    int h1 = (h0 + 1) % 24;
    double frac = x - Math.floor(x);
    long[] h = clients.get(i).hourlyFen();
    double a = h[h0];
    double b = h[h1];
    if (Arrays.stream(h).allMatch(v -> v == 0)) {
      // no history: about half the budget a day, on the generic day shape
      double day = clients.get(i).dailyBudgetFen() * 0.5;
      a = day * CURVE[h0] / CURVE_SUM;
      b = day * CURVE[h1] / CURVE_SUM;
    }
    return (a * (1 - frac) + b * frac) / 3600.0;
  }

  /** A slow wander of ±10% or so, changing every 5 minutes, the same in back-fill and live traffic. */
  private double wander(int i, long now) {
    long bucket = now / STEP_MILLIS;
    if (wanderBucket[i] != bucket) {
      wanderBucket[i] = bucket;
      wander[i] = Math.exp(new SplittableRandom(seed * 31 + clients.get(i).id() * 1_000_003L + bucket).nextGaussian() * 0.08);
    }
    return wander[i];
  }

  private void rollDay(long now) {
    LocalDate d = localDate(now);
    if (!d.equals(day)) {
      day = d;
      Arrays.fill(spentToday, 0);
    }
  }

  private LocalDate localDate(long millis) { return Instant.ofEpochMilli(millis).atZone(zone).toLocalDate(); }

  private void append(StringBuilder out, int i, String billedAt, long cost) {
    spentToday[i] += cost;
    balance[i] -= cost;
    Client c = clients.get(i);
    Mix part = null;
    double r = random.nextDouble();
    for (Mix m : c.mix()) {
      part = m;
      if ((r -= m.share()) < 0) break;
    }
    int g = (int) (c.id() % GOALS.length);
    String mode = part == null ? EventBatch.MODES[(int) (c.id() % 4)] : part.mode();
    boolean brand = part != null && part.brand();
    // the part's own recent CPM, CTR and CVR with some noise; typical figures for a client without history
    long cpm = part != null && part.cpmFen() > 0 ? part.cpmFen() : 1500 + random.nextInt(3000);
    double ctr = part != null && part.ctr() > 0 ? part.ctr() : 0.01 + random.nextDouble() * 0.03;
    double cvr = part != null && part.cvr() > 0 ? part.cvr() : 0.03 + random.nextDouble() * 0.07;
    long imp = Math.max(1, Math.round(cost * 1000 / (cpm * (0.9 + 0.2 * random.nextDouble()))));
    long clicks = Math.min(imp, chance(imp * ctr * (0.85 + 0.3 * random.nextDouble())));
    long conv = Math.min(clicks, chance(clicks * cvr));
    String goal = part != null && part.goal() != null ? part.goal() : GOALS[g];
    String event = part != null && part.conversionEvent() != null ? part.conversionEvent() : EVENTS[g];
    if (out.length() > 1) out.append(',');
    out.append("{\"eventId\":\"").append(idPrefix).append(sequence++)
        .append("\",\"clientId\":").append(c.id())
        .append(",\"billedAt\":\"").append(billedAt)
        .append("\",\"mode\":\"").append(mode)
        .append("\",\"goal\":\"").append(goal).append("\",\"conversionEvent\":\"").append(event)
        .append("\",\"campaignId\":\"cmp-").append(c.id()).append('-').append(random.nextInt(3))
        .append("\",\"unitId\":\"unit-").append(c.id()).append('-').append(random.nextInt(6))
        .append("\",\"impressions\":").append(imp).append(",\"clicks\":").append(clicks)
        .append(",\"costFen\":").append(cost).append(",\"conversions\":").append(conv)
        .append(",\"brand\":").append(brand).append('}');
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
}
