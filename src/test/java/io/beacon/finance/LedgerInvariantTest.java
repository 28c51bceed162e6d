package io.beacon.finance;

import io.beacon.TestAgency;
import io.beacon.TestBeacon;
import io.beacon.TestHttp;
import io.beacon.auth.Role;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static io.beacon.finance.FinanceApiTest.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Thousands of random money operations from several concurrent callers, with retries of the same
 * Idempotency-Key, then the ledger invariants: every transaction sums to zero, no balance below zero
 * where not allowed, running balances equal the sums of entries, and retries changed nothing.
 */
class LedgerInvariantTest {
  static final int CALLERS = 6;
  static final int OPS_PER_CALLER = 350;

  private final TestHttp http = TestHttp.shared();

  /** A request the caller may send again with the same key. */
  private record Sent(HttpMethod method, String path, Role role, JsonObject body, String key, TestHttp.Response response) {}

  @Test
  @DisplayName("random concurrent recharges, refunds, allocations, coupons, expiries, credit, freezes and spend keep every ledger invariant")
  void randomOperations() throws Exception {
    TestAgency a = TestAgency.create(4);
    Pool pg = TestBeacon.shared().platform().pg();
    Finance jobs = new Finance(TestBeacon.shared().platform(), LiveLink.NONE);
    AtomicLong recharged = new AtomicLong();
    AtomicLong refunded = new AtomicLong();
    AtomicInteger ops = new AtomicInteger();
    AtomicInteger retries = new AtomicInteger();
    Set<String> allocationKeys = ConcurrentHashMap.newKeySet();
    Map<Long, Long> freezes = new ConcurrentHashMap<>();
    List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    for (Role r : List.of(Role.MAIN, Role.ADMIN)) a.token(r);

    long t0 = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(CALLERS);
    List<Future<?>> done = new ArrayList<>();
    for (int caller = 0; caller < CALLERS; caller++) {
      long seed = 1000L + caller;
      done.add(pool.submit(() -> {
        Random rnd = new Random(seed);
        for (int i = 0; i < OPS_PER_CALLER; i++) {
          long client = a.clients.get(rnd.nextInt(a.clients.size()));
          String key = UUID.randomUUID().toString();
          int op = rnd.nextInt(100);
          Sent sent;
          if (op < 15) {
            sent = call(HttpMethod.POST, "/api/v1/finance/recharges", Role.MAIN, new JsonObject().put("amountFen", 1 + rnd.nextInt(50_000))
                .put("wallet", rnd.nextInt(4) == 0 ? "external" : "general").put("paymentReference", "p-" + key), key, a);
            if (sent.response().status() == 201) recharged.addAndGet(sent.body().getLong("amountFen"));
          } else if (op < 22) {
            sent = call(HttpMethod.POST, "/api/v1/finance/refunds", Role.MAIN, new JsonObject().put("amountFen", 1 + rnd.nextInt(20_000))
                .put("paymentReference", "r-" + key), key, a);
            if (sent.response().status() == 201) refunded.addAndGet(sent.body().getLong("amountFen"));
          } else if (op < 50) {
            sent = call(HttpMethod.POST, "/api/v1/clients/" + client + "/transfers", rnd.nextBoolean() ? Role.MAIN : Role.ADMIN,
                new JsonObject().put("direction", rnd.nextInt(3) == 0 ? "out" : "in").put("amountFen", 1 + rnd.nextInt(15_000)), key, a);
            if (sent.response().status() == 201) allocationKeys.add(key);
          } else if (op < 60) {
            long life = rnd.nextInt(3) == 0 ? 200 + rnd.nextInt(1500) : 86_400_000L;
            sent = call(HttpMethod.POST, "/api/v1/clients/" + client + "/coupons", Role.ADMIN, new JsonObject()
                .put("type", rnd.nextBoolean() ? "normal" : "traffic").put("amountFen", 1 + rnd.nextInt(3_000))
                .put("expiresAt", Instant.now().plusMillis(life).toString()), key, a);
          } else if (op < 65) {
            sent = call(HttpMethod.PUT, "/api/v1/clients/" + client + "/credit-limit", Role.MAIN,
                new JsonObject().put("limitFen", rnd.nextInt(20_000)), key, a);
          } else if (op < 75) {
            JsonObject body = new JsonObject().put("amountFen", 1 + rnd.nextInt(5_000)).put("orderRef", "o-" + key);
            if (rnd.nextBoolean()) body.put("clientId", client);
            else body.put("wallet", "general");
            sent = call(HttpMethod.POST, "/api/v1/finance/freezes", Role.ADMIN, body, key, a);
            if (sent.response().status() == 201) freezes.put(sent.response().json().getLong("id"), 0L);
          } else if (op < 82) {
            Long id = freezes.keySet().stream().skip(freezes.isEmpty() ? 0 : rnd.nextInt(freezes.size())).findFirst().orElse(null);
            if (id == null) continue;
            sent = call(HttpMethod.POST, "/api/v1/finance/freezes/" + id + "/unfreeze", Role.MAIN, null, key, a);
          } else if (op < 95) {
            long cost = 1 + rnd.nextInt(4_000);
            long coupon = rnd.nextInt(3) == 0 ? rnd.nextLong(cost + 1) : 0;
            long credit = rnd.nextInt(4) == 0 ? rnd.nextLong(cost - coupon + 1) : 0;
            SpendPostingTest.addSpend(pg, a.id, client, SpendPostingTest.thisHour(), rnd.nextBoolean() ? "search" : "smart", cost, coupon, credit);
            if (rnd.nextInt(3) == 0) jobs.spendPoster().postAll().await();
            ops.incrementAndGet();
            continue;
          } else {
            jobs.couponExpirer().expireDue().await();
            ops.incrementAndGet();
            continue;
          }
          ops.incrementAndGet();
          int status = sent.response().status();
          if (status >= 500 || (status >= 400 && status != 409)) failures.add(sent.path() + " " + sent.response());
          if (rnd.nextInt(5) == 0 || status == 409) {
            // A retry with the same key and body: the first result again, nothing new in the ledger.
            Sent again = call(sent.method(), sent.path(), sent.role(), sent.body(), sent.key(), a);
            retries.incrementAndGet();
            if (status < 300 && (again.response().status() != status || !again.response().json().equals(sent.response().json()))) {
              failures.add("retry differs: " + sent.response() + " then " + again.response());
            }
            if (status == 409 && again.response().status() == 201) {
              // A refused request leaves no trace, so its retry is a new attempt that may now succeed.
              if (sent.path().endsWith("/transfers")) allocationKeys.add(sent.key());
              if (sent.path().endsWith("/recharges")) recharged.addAndGet(sent.body().getLong("amountFen"));
              if (sent.path().endsWith("/refunds")) refunded.addAndGet(sent.body().getLong("amountFen"));
              if (sent.path().endsWith("/freezes")) freezes.put(again.response().json().getLong("id"), 0L);
            }
          }
        }
        return null;
      }));
    }
    for (Future<?> f : done) f.get(120, TimeUnit.SECONDS);
    pool.shutdown();
    jobs.spendPoster().postAll().await();
    long millis = (System.nanoTime() - t0) / 1_000_000;
    System.out.printf("ledger invariant test: %d operations + %d retries from %d callers in %d ms%n", ops.get(), retries.get(), CALLERS, millis);

    assertTrue(failures.isEmpty(), failures.toString());
    JsonObject check = http.get("/api/v1/finance/ledger/check", a.token(Role.MAIN)).json();
    assertTrue(check.getBoolean("ok"), check.encode());
    Map<String, Long> byKind = balancesByKind(pg, a.id);
    assertEquals(0L, byKind.values().stream().mapToLong(Long::longValue).sum(), "all accounts together hold nothing: " + byKind);
    assertEquals(-(recharged.get() - refunded.get()), byKind.getOrDefault("world_payments", 0L), "payments match the accepted recharges and refunds");
    assertEquals(allocationKeys.size(), count(pg, a.id, "allocation"), "one allocation per accepted key, none per retry");
    assertEquals(0, jobs.spendPoster().postAll().await(), "nothing left to post");
    long persisted = one(pg, "SELECT coalesce(sum(cost_fen), 0) FROM spend_hourly WHERE agency_id = $1 AND basis = 'billing'", a.id);
    assertEquals(persisted, byKind.getOrDefault("world_spend", 0L), "every fen of spend posted exactly once");
    long couponMismatch = one(pg, """
        SELECT count(*) FROM finance_coupons WHERE agency_id = $1 AND status = 'active' AND expires_at < now() - interval '1 minute'""", a.id);
    assertEquals(0, couponMismatch);
  }

  @Test
  @DisplayName("PostgreSQL itself refuses an unbalanced transaction and any change to a ledger entry")
  void databaseGuards() {
    TestAgency a = TestAgency.create(1);
    FinanceApiTest.recharge(http, a, 1_000);
    Pool pg = TestBeacon.shared().platform().pg();
    long account = one(pg, "SELECT id FROM ledger_accounts WHERE agency_id = $1 AND kind = 'agency_general'", a.id);
    Throwable unbalanced = assertThrows(Throwable.class, () -> pg.withTransaction(conn -> conn.preparedQuery(
            "INSERT INTO ledger_transactions (agency_id, kind) VALUES ($1, 'correction') RETURNING id").execute(Tuple.of(a.id))
        .compose(rows -> conn.preparedQuery("INSERT INTO ledger_entries (transaction_id, account_id, amount_fen) VALUES ($1, $2, 5)")
            .execute(Tuple.of(rows.iterator().next().getLong(0), account)))).await());
    assertTrue(unbalanced.getMessage().contains("does not balance"), unbalanced.getMessage());
    PgException update = assertThrows(PgException.class, () ->
        pg.preparedQuery("UPDATE ledger_entries SET amount_fen = 1 WHERE account_id = $1").execute(Tuple.of(account)).await());
    assertTrue(update.getMessage().contains("append-only"), update.getMessage());
    assertThrows(PgException.class, () ->
        pg.preparedQuery("DELETE FROM ledger_entries WHERE account_id = $1").execute(Tuple.of(account)).await());
    assertThrows(PgException.class, () ->
        pg.preparedQuery("UPDATE ledger_accounts SET balance_fen = -1 WHERE id = $1").execute(Tuple.of(account)).await());
  }

  private Sent call(HttpMethod method, String path, Role role, JsonObject body, String key, TestAgency a) {
    return new Sent(method, path, role, body, key, send(http, method, path, a.token(role), body, key));
  }

  private static Map<String, Long> balancesByKind(Pool pg, long agencyId) {
    Map<String, Long> out = new java.util.TreeMap<>();
    pg.preparedQuery("SELECT kind, sum(balance_fen)::bigint FROM ledger_accounts WHERE agency_id = $1 GROUP BY kind")
        .execute(Tuple.of(agencyId)).await().forEach(r -> out.put(r.getString(0), r.getLong(1)));
    return out;
  }

  private static long count(Pool pg, long agencyId, String kind) {
    return one(pg, "SELECT count(*) FROM ledger_transactions WHERE agency_id = $1 AND kind = '" + kind + "'", agencyId);
  }

  private static long one(Pool pg, String sql, long agencyId) {
    return pg.preparedQuery(sql).execute(Tuple.of(agencyId)).await().iterator().next().getLong(0);
  }
}
