package io.beacon.demo;

import io.beacon.Beacon;
import io.beacon.TestBeacon;
import io.beacon.TestHttp;
import io.beacon.platform.BeaconConfig;
import io.beacon.platform.Engines;
import io.beacon.platform.Migrations;
import io.beacon.platform.Platform;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo data on real engines of its own (an empty database is what the loader needs, and the
 * shared test database never is): two Beacons start in demo mode at once on database
 * {@code demo_a} (the advisory lock lets one load and the other skip) while the loader alone fills
 * {@code demo_b} with the same seed (same figures expected).
 */
class DemoDataTest {
  private static Path dataDir;
  private static Engines engines;
  private static Beacon a;
  private static Beacon sameDatabase;
  private static Pool b;

  @BeforeAll
  static void loadTwice() throws Exception {
    dataDir = Files.createTempDirectory("beacon-demo");
    BeaconConfig host = TestBeacon.config(Map.of("dataDir", dataDir.toString(),
        "storage.pgUrl", "", "storage.redisUrl", ""));
    engines = Engines.start(host);
    try (Connection c = DriverManager.getConnection(engines.jdbcUrl(), "postgres", null)) {
      c.createStatement().execute("CREATE DATABASE demo_a");
      c.createStatement().execute("CREATE DATABASE demo_b");
    }
    CompletableFuture<Beacon> first = CompletableFuture.supplyAsync(() -> Beacon.start(demo("demo_a", 1)));
    CompletableFuture<Beacon> second = CompletableFuture.supplyAsync(() -> Beacon.start(demo("demo_a", 1)));
    CompletableFuture<Pool> other = CompletableFuture.supplyAsync(() -> coreLoad(demo("demo_b", 2)));
    a = first.join();
    sameDatabase = second.join();
    b = other.join();
  }

  private static BeaconConfig demo(String database, int redisDb) {
    PgConnectOptions pg = engines.pgOptions();
    return TestBeacon.config(Map.of(
        "storage.pgUrl", "postgresql://postgres@" + pg.getHost() + ":" + pg.getPort() + "/" + database,
        "storage.redisUrl", engines.redisUrl() + "/" + redisDb,
        "demo.enabled", "true",
        "demo.simulateRate", "0"));
  }

  /** The demo loader alone (no server, no other feature's content) on a freshly migrated database. */
  private static Pool coreLoad(BeaconConfig config) {
    try (Engines external = Engines.start(config)) {
      Migrations.migrate(external);
      Pool pool = PgBuilder.pool().connectingTo(external.pgOptions()).with(new PoolOptions().setMaxSize(4))
          .using(TestHttp.vertx()).build();
      Platform platform = new Platform(TestHttp.vertx(), config, external, pool, null, null, null, null, Clock.systemUTC());
      SqlConnection conn = pool.getConnection().await();
      try {
        DemoData.load(platform, conn, new DemoStore(conn));
      } finally {
        conn.close().await();
      }
      return pool;
    }
  }

  @AfterAll
  static void stop() {
    for (Beacon beacon : new Beacon[] {a, sameDatabase}) if (beacon != null) beacon.close();
    if (b != null) b.close().await();
    if (engines != null) engines.close();
    TestBeacon.deleteTree(dataDir);   // two demo databases: about 2 GB
  }

  @Test
  @DisplayName("the demo holds the README's demo logins, ~300 clients over at least 8 industries and 180 days of history, loaded once")
  void contents() {
    Pool pg = a.platform().pg();
    assertEquals(List.of("admin@demo", "dedicated@demo", "main@demo", "main@rival", "multi@demo", "staff@demo"),
        strings(pg, "SELECT account FROM logins ORDER BY account"), "exactly the demo logins, loaded once despite two instances");
    assertEquals(2, one(pg, "SELECT count(*) FROM agencies").getLong(0));
    Row clients = one(pg, """
        SELECT count(*), count(DISTINCT industry), min(daily_budget_fen) FROM clients
         WHERE agency_id = (SELECT id FROM agencies WHERE name = '星河数字营销')""");
    assertEquals(DemoPlan.MAIN_CLIENTS, clients.getLong(0));
    assertTrue(clients.getLong(1) >= 8, "industries: " + clients.getLong(1));
    assertTrue(clients.getLong(2) > 0, "every client has a daily budget");
    Row days = one(pg, "SELECT count(DISTINCT day), max(day) < (now() AT TIME ZONE 'Asia/Shanghai')::date FROM spend_daily WHERE basis = 'billing'");
    assertEquals(180, days.getLong(0));
    assertTrue(days.getBoolean(1), "history ends before today: today is live traffic's");
    assertEquals(12, one(pg, "SELECT count(*) FROM staff_clients").getLong(0), "the dedicated employee's clients");
    assertEquals(1, one(pg, "SELECT count(*) FROM ingest_keys WHERE name = 'demo'").getLong(0));

    Row hourly = one(pg, """
        SELECT sum(clicks)::float8 / sum(impressions), sum(conversions)::float8 / sum(clicks),
               sum(cost_fen)::float8 / sum(impressions) * 1000 / 100, count(DISTINCT mode), count(DISTINCT goal),
               bool_and(coupon_fen + credit_fen <= cost_fen),
               sum(cost_fen) FILTER (WHERE extract(hour FROM hour AT TIME ZONE 'Asia/Shanghai') = 4),
               sum(cost_fen) FILTER (WHERE extract(hour FROM hour AT TIME ZONE 'Asia/Shanghai') = 20)
          FROM spend_hourly WHERE basis = 'billing'""");
    assertTrue(hourly.getDouble(0) > 0.005 && hourly.getDouble(0) < 0.08, "CTR " + hourly.getDouble(0));
    assertTrue(hourly.getDouble(1) > 0.005 && hourly.getDouble(1) < 0.2, "CVR " + hourly.getDouble(1));
    assertTrue(hourly.getDouble(2) > 10 && hourly.getDouble(2) < 100, "CPM (yuan) " + hourly.getDouble(2));
    assertEquals(4, hourly.getLong(3), "all four promotion modes");
    assertTrue(hourly.getLong(4) >= 5, "marketing goals: " + hourly.getLong(4));
    assertTrue(hourly.getBoolean(5), "the coupon and credit parts of a cost never exceed it");
    assertTrue(hourly.getLong(7) > 4 * hourly.getLong(6), "evenings spend far more than 4 a.m.");
  }

  @Test
  @DisplayName("every ledger transaction sums to zero and every balance is the sum of its entries")
  void ledgerBalances() {
    Pool pg = a.platform().pg();
    assertEquals(0, one(pg, """
        SELECT count(*) FROM (SELECT transaction_id FROM ledger_entries GROUP BY transaction_id HAVING sum(amount_fen) <> 0) t""")
        .getLong(0));
    assertEquals(0, one(pg, """
        SELECT count(*) FROM ledger_accounts a
         WHERE a.balance_fen <> coalesce((SELECT sum(amount_fen) FROM ledger_entries e WHERE e.account_id = a.id), 0)""")
        .getLong(0));
    assertTrue(one(pg, "SELECT count(*) FROM ledger_transactions WHERE kind = 'opening'").getLong(0) > 300);
    assertTrue(one(pg, "SELECT sum(balance_fen) FROM ledger_accounts WHERE kind = 'client_cash'").getLong(0) > 0);
  }

  @Test
  @DisplayName("finance and the live figures agree for every past demo day: spend posted, reconciliation clean, 消耗明细 filled")
  void historyPostedToLedger() {
    Pool pg = a.platform().pg();
    Row days = one(pg, """
        WITH live AS (SELECT d.client_id, d.day, sum(d.cost_fen) AS fen FROM spend_daily d
                       WHERE d.basis = 'billing' GROUP BY 1, 2),
        posted AS (SELECT p.client_id, (p.hour AT TIME ZONE a.time_zone)::date AS day, sum(p.cost_fen) AS fen
                     FROM finance_spend_postings p JOIN agencies a ON a.id = p.agency_id GROUP BY 1, 2),
        spent AS (SELECT t.client_id, ((t.created_at - interval '1 second') AT TIME ZONE a.time_zone)::date AS day, sum(e.amount_fen) AS fen
                    FROM ledger_transactions t JOIN agencies a ON a.id = t.agency_id
                    JOIN ledger_entries e ON e.transaction_id = t.id
                    JOIN ledger_accounts acc ON acc.id = e.account_id AND acc.kind = 'world_spend'
                   WHERE t.kind = 'spend' GROUP BY 1, 2)
        SELECT count(DISTINCT live.day), count(*) FILTER (WHERE posted.fen IS DISTINCT FROM live.fen OR spent.fen IS DISTINCT FROM live.fen)
          FROM live FULL JOIN posted USING (client_id, day) FULL JOIN spent USING (client_id, day)""");
    assertEquals(180, days.getLong(0), "every past day has spend");
    assertEquals(0, days.getLong(1), "client-days where the ledger's spend differs from the live aggregates");
    assertEquals(0, one(pg, """
        SELECT count(*) FROM ledger_accounts a
         WHERE a.balance_fen <> coalesce((SELECT sum(amount_fen) FROM ledger_entries e WHERE e.account_id = a.id), 0)""").getLong(0));

    TestHttp http = new TestHttp("http://localhost:" + a.port());
    String token = login(http, "main@demo").getString("accessToken");
    java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai"));
    for (int back : new int[] {1, 2, 3, 45, 180}) {
      String day = today.minusDays(back).toString();
      JsonObject rec = http.get("/api/v1/finance/reconciliation?date=" + day, token).json();
      assertTrue(rec.getBoolean("ok"), day + ": " + rec.encode());
      assertTrue(rec.getJsonObject("totals").getLong("ledgerFen") > 0, day + ": " + rec.encode());
      JsonObject spend = http.get("/api/v1/finance/spend?from=" + day + "&to=" + day, token).json();
      assertTrue(spend.getLong("total") > 0, "消耗明细 of " + day + ": " + spend.encode());
    }
  }

  @Test
  @DisplayName("the same seed gives the same figures in another database")
  void deterministic() {
    String fingerprint = """
        SELECT (SELECT md5(string_agg(concat_ws('|', pid, name, email, industry, status, daily_budget_fen), ',' ORDER BY pid)) FROM clients),
               (SELECT md5(string_agg(concat_ws('|', c.pid, d.day, d.basis, d.mode, d.brand, d.impressions, d.clicks, d.cost_fen,
                                               d.conversions), ',' ORDER BY c.pid, d.day, d.basis, d.mode, d.brand))
                  FROM spend_daily d JOIN clients c ON c.id = d.client_id),
               (SELECT concat_ws('|', count(*), sum(cost_fen), sum(coupon_fen), sum(credit_fen), sum(conversions)) FROM spend_hourly),
               (SELECT string_agg(concat_ws('|', kind, s), ',' ORDER BY kind)
                  FROM (SELECT a.kind, sum(e.amount_fen) AS s
                          FROM ledger_transactions t JOIN ledger_entries e ON e.transaction_id = t.id
                          JOIN ledger_accounts a ON a.id = e.account_id
                         WHERE t.reference ~ '^demo-(opening|coupon|credit)-' GROUP BY a.kind) k)""";
    List<String> first = strings(a.platform().pg(), fingerprint);
    assertEquals(first, strings(b, fingerprint));
  }

  @Test
  @DisplayName("each demo account signs in with beacon-demo and /me shows its role; multi@demo picks an identity")
  void logins() {
    TestHttp http = new TestHttp("http://localhost:" + a.port());
    Map<String, String> roles = Map.of("main@demo", "main", "admin@demo", "admin", "staff@demo", "employee",
        "dedicated@demo", "dedicated", "main@rival", "main");
    roles.forEach((account, role) -> {
      JsonObject tokens = login(http, account);
      JsonObject me = http.get("/api/v1/me", tokens.getString("accessToken")).json();
      assertEquals(role, me.getString("role"), account);
      assertEquals(account, me.getJsonObject("user").getString("account"));
    });

    JsonObject picker = login(http, "multi@demo");
    JsonArray identities = picker.getJsonArray("identities");
    assertEquals(2, identities.size(), picker.encode());
    List<String> kinds = new ArrayList<>();
    for (int i = 0; i < identities.size(); i++) {
      JsonObject identity = identities.getJsonObject(i);
      TestHttp.Response picked = http.post("/api/v1/auth/identity", null, new JsonObject()
          .put("selectionToken", picker.getString("selectionToken")).put("identityId", identity.getLong("id")));
      assertEquals(200, picked.status(), picked.toString());
      JsonObject me = http.get("/api/v1/me", picked.json().getString("accessToken")).json();
      kinds.add(identity.getString("kind") + ":" + me.getString("role"));
    }
    kinds.sort(null);
    assertEquals(List.of("agency:employee", "client:client"), kinds);
  }

  @Test
  @DisplayName("the production profile refuses demo data at start-up")
  void neverInProduction() {
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> TestBeacon.config(Map.of("profile", "production", "demo.enabled", "true")));
    assertTrue(refused.getMessage().contains("demo"), refused.getMessage());
  }

  private static JsonObject login(TestHttp http, String account) {
    TestHttp.Response r = http.post("/api/v1/auth/login", null,
        new JsonObject().put("account", account).put("password", DemoData.PASSWORD));
    assertEquals(200, r.status(), account + ": " + r);
    return r.json();
  }

  private static Row one(Pool pg, String sql) {
    return pg.query(sql).execute().await().iterator().next();
  }

  private static List<String> strings(Pool pg, String sql) {
    List<String> out = new ArrayList<>();
    for (Row r : pg.query(sql).execute().await()) {
      for (int i = 0; i < r.size(); i++) out.add(String.valueOf(r.getValue(i)));
    }
    return out;
  }
}
