package io.beacon.finance;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.beacon.finance.AccountKind.*;

/**
 * Posts live spend to the ledger in batches, exactly once: each run takes the posting lock, reads
 * what spend_hourly holds beyond the watermark, posts one spend transaction per client (cash, coupons
 * normal then traffic, post-pay credit as live split it; what the ledger balances cannot cover becomes
 * arrears) and moves the watermark, all in one database transaction. Live has already applied the
 * spend to its counters, so nothing is sent to live.
 */
public final class SpendPoster {
  private static final Logger log = LoggerFactory.getLogger(SpendPoster.class);
  /** Hours older than this are not re-read (late changes there show up in the reconciliation). */
  static final Duration LOOKBACK = Duration.ofHours(72);
  /** What a regular run reads: live persists within seconds, so only the last hours change. */
  static final Duration RECENT = Duration.ofHours(3);
  static final int BATCH = 2000;
  static final long INTERVAL_MS = 30_000;
  /** Every this many runs, the whole look-back is swept for late changes. */
  static final int SWEEP_EVERY = 20;

  private final Vertx vertx;
  private final Pool pg;
  private final Ledger ledger;
  private final SpendStore spend;
  private final FinanceStore store;
  private final Clock clock;
  private final Counter postedFen;
  private final Counter arrearsFen;
  private long timer = -1;
  private long runs;

  public SpendPoster(Vertx vertx, Pool pg, Ledger ledger, SpendStore spend, FinanceStore store, Clock clock, MeterRegistry metrics) {
    this.postedFen = Counter.builder("beacon.finance.spend.posted.fen").description("Spend posted to the ledger (fen)").register(metrics);
    this.arrearsFen = Counter.builder("beacon.finance.spend.arrears.fen").description("Posted spend the balances could not cover (fen)").register(metrics);
    this.vertx = vertx;
    this.pg = pg;
    this.ledger = ledger;
    this.spend = spend;
    this.store = store;
    this.clock = clock;
  }

  public Future<Void> start() {
    timer = vertx.setPeriodic(INTERVAL_MS, id -> postAll(runs++ % SWEEP_EVERY == 0 ? LOOKBACK : RECENT)
        .onFailure(e -> log.warn("spend posting failed; next run retries", e)));
    return Future.succeededFuture();
  }

  public void stop() {
    if (timer >= 0) vertx.cancelTimer(timer);
  }

  /** Posts the recent hours until nothing is pending there; the number of client-hour rows posted. */
  public Future<Integer> postAll() { return postAll(RECENT); }

  /** Posts the hours within {@code window} until nothing is pending there (window at most the look-back). */
  public Future<Integer> postAll(Duration window) {
    return postOnce(window).compose(n -> n < BATCH ? Future.succeededFuture(n) : postAll(window).map(m -> n + m));
  }

  /** One batch in one transaction. */
  private Future<Integer> postOnce(Duration window) {
    Duration w = window.compareTo(LOOKBACK) > 0 ? LOOKBACK : window;
    OffsetDateTime since = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).minus(w).truncatedTo(java.time.temporal.ChronoUnit.HOURS);
    List<SpendStore.Posting> postings = new ArrayList<>();
    return pg.withTransaction(conn -> spend.lock(conn)
        .compose(v -> spend.pending(conn, since, BATCH))
        .compose(pending -> {
          Map<List<Long>, List<SpendStore.Pending>> byClient = new LinkedHashMap<>();
          for (SpendStore.Pending p : pending) byClient.computeIfAbsent(List.of(p.agencyId(), p.clientId()), k -> new ArrayList<>()).add(p);
          Future<Void> chain = Future.succeededFuture();
          for (var rows : byClient.values()) chain = chain.compose(v -> postClient(conn, rows, postings));
          return chain.compose(v -> postings.isEmpty() ? Future.succeededFuture() : spend.record(conn, postings))
              .map(v -> pending.size());
        }))
        .onSuccess(n -> postings.forEach(p -> {
          postedFen.increment(Math.max(0, p.source().costFen() - p.source().postedCostFen()));
          arrearsFen.increment(p.arrearsFen());
        }));
  }

  private Future<Void> postClient(SqlConnection conn, List<SpendStore.Pending> rows, List<SpendStore.Posting> out) {
    long agencyId = rows.get(0).agencyId();
    long clientId = rows.get(0).clientId();
    AccountKey cash = AccountKey.client(CLIENT_CASH, clientId);
    AccountKey normal = AccountKey.client(CLIENT_COUPON_NORMAL, clientId);
    AccountKey traffic = AccountKey.client(CLIENT_COUPON_TRAFFIC, clientId);
    AccountKey credit = AccountKey.client(CLIENT_CREDIT, clientId);
    AccountKey arrears = AccountKey.client(CLIENT_ARREARS, clientId);
    AccountKey world = AccountKey.agency(WORLD_SPEND);
    return store.lockCoupons(conn, agencyId, clientId)
        .compose(v -> ledger.lock(conn, agencyId, Set.of(cash, normal, traffic, credit, arrears, world))).compose(accounts -> {
      Balances b = new Balances(accounts.get(cash).balanceFen(), accounts.get(normal).balanceFen(),
          accounts.get(traffic).balanceFen(), accounts.get(credit).balanceFen());
      List<SpendStore.Posting> postings = rows.stream().map(b::split).toList();
      long sCash = 0, sNormal = 0, sTraffic = 0, sCredit = 0, sArrears = 0;
      StringBuilder target = new StringBuilder();
      for (SpendStore.Posting p : postings) {
        sCash += p.cashFen();
        sNormal += p.couponNormalFen();
        sTraffic += p.couponTrafficFen();
        sCredit += p.creditFen();
        sArrears += p.arrearsFen();
        SpendStore.Pending s = p.source();
        target.append(s.hour().toEpochSecond()).append(s.mode()).append(s.brand()).append(':').append(s.costFen())
            .append('/').append(s.couponFen()).append('/').append(s.creditFen()).append(';');
      }
      long total = sCash + sNormal + sTraffic + sCredit + sArrears;
      out.addAll(postings);
      if (sCash == 0 && sNormal == 0 && sTraffic == 0 && sCredit == 0 && sArrears == 0) return Future.succeededFuture();
      List<Leg> legs = List.of(new Leg(cash, -sCash), new Leg(normal, -sNormal), new Leg(traffic, -sTraffic),
          new Leg(credit, -sCredit), new Leg(arrears, -sArrears), new Leg(world, total));
      // The reference names the source totals posted up to, so the same spend can never be posted twice.
      String reference = "spend:" + clientId + ":" + sha(target.toString());
      long drawNormal = sNormal;
      long drawTraffic = sTraffic;
      return ledger.post(conn, agencyId, new LedgerTx("spend", clientId, reference, SpendHistoryStore.SPEND_MEMO, null, legs))
          .compose(p -> store.drawCoupons(conn, agencyId, clientId, "normal", drawNormal))
          .compose(v -> store.drawCoupons(conn, agencyId, clientId, "traffic", drawTraffic));
    });
  }

  /** The client's balances during one posting, drawn down row by row. */
  private static final class Balances {
    long cash, normal, traffic, credit;

    Balances(long cash, long normal, long traffic, long credit) {
      this.cash = cash;
      this.normal = normal;
      this.traffic = traffic;
      this.credit = credit;
    }

    /**
     * Splits the row's new spend as live did: its coupon part from normal then traffic coupons, its
     * credit part from credit, the rest from cash; what a balance lacks falls to cash, then to arrears.
     * A decrease (a correction upstream) is returned to cash.
     */
    SpendStore.Posting split(SpendStore.Pending s) {
      long cost = s.costFen() - s.postedCostFen();
      if (cost <= 0) {
        cash -= cost;
        return new SpendStore.Posting(s, cost, 0, 0, 0, 0);
      }
      long couponWant = Math.min(cost, Math.max(0, s.couponFen() - s.postedCouponFen()));
      long creditWant = Math.min(cost - couponWant, Math.max(0, s.creditFen() - s.postedCreditFen()));
      long fromNormal = Math.min(couponWant, normal);
      long fromTraffic = Math.min(couponWant - fromNormal, traffic);
      long fromCredit = Math.min(creditWant, credit);
      long cashWant = cost - fromNormal - fromTraffic - fromCredit;
      long fromCash = Math.min(cashWant, Math.max(0, cash));
      normal -= fromNormal;
      traffic -= fromTraffic;
      credit -= fromCredit;
      cash -= fromCash;
      return new SpendStore.Posting(s, fromCash, fromNormal, fromTraffic, fromCredit, cashWant - fromCash);
    }
  }

  private static String sha(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
