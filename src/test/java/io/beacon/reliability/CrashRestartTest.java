package io.beacon.reliability;

import io.beacon.TestBeacon;
import io.beacon.TestHttp;
import io.beacon.chaos.BeaconProcess;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The default install after a crash, with real processes: {@code beacon --demo} killed with SIGKILL and
 * started again with the same command on the same data directory. Steps run in order on one data
 * directory (the demo loads once).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CrashRestartTest {
  private static final Map<String, String> DEMO_ENV = Map.of("BEACON_DEMO_HISTORY_DAYS", "30", "BEACON_SIMULATE_RATE", "200");
  private static final Duration START_LIMIT = Duration.ofSeconds(240);

  private static Path dir;
  private static Path data;
  private static BeaconProcess server;
  private static Duration firstStart;
  private static Stored beforeCrash;

  /** What must survive: the demo's clients, past spend, ledger entries (and that they balance). */
  record Stored(long clients, long pastSpendRows, long pastSpendFen, long ledgerEntries, long ledgerSum) {
    static Stored read(Connection c) throws Exception {
      return new Stored(
          one(c, "SELECT count(*) FROM clients"),
          one(c, "SELECT count(*) FROM spend_hourly WHERE hour < date_trunc('day', now()) - interval '1 day'"),
          one(c, "SELECT coalesce(sum(cost_fen), 0) FROM spend_hourly WHERE hour < date_trunc('day', now()) - interval '1 day'"),
          one(c, "SELECT count(*) FROM ledger_entries"),
          one(c, "SELECT coalesce(sum(amount_fen), 0) FROM ledger_entries"));
    }
  }

  @BeforeAll
  static void startDemo() throws Exception {
    dir = Files.createTempDirectory("beacon-crash");
    data = dir.resolve("data");
    server = BeaconProcess.start(data, dir.resolve("first.log"), DEMO_ENV, "--demo");
    firstStart = server.awaitReady(START_LIMIT);
  }

  @AfterAll
  static void stopAll() throws Exception {
    if (server != null) server.close();
    TestBeacon.deleteTree(dir);
  }

  @Test
  @Order(1)
  @DisplayName("the embedded PostgreSQL of a normal start runs with fsync and synchronous commit on")
  void durableByDefault() throws Exception {
    try (Connection c = server.jdbc()) {
      assertEquals("on", text(c, "SHOW fsync"));
      assertEquals("on", text(c, "SHOW synchronous_commit"));
      assertEquals("on", text(c, "SHOW full_page_writes"));
    }
    assertTrue(server.redisPid().isPresent(), "the embedded Redis writes its pid file");
  }

  @Test
  @Order(2)
  @DisplayName("a second Beacon on the same live data directory is refused, naming the one that holds it")
  void secondServerRefused() throws Exception {
    try (BeaconProcess second = BeaconProcess.start(data, dir.resolve("second.log"), DEMO_ENV, "--demo")) {
      assertNotEquals(0, second.awaitExit(Duration.ofSeconds(60)));
      String log = second.logText();
      assertTrue(log.contains("is in use by another running Beacon (pid " + server.pid() + ", http://localhost:" + server.port + ")"), log);
    }
    assertEquals(200, http(server).get("/health/ready", null).status(), "the first one is untouched");
  }

  @Test
  @Order(3)
  @DisplayName("kill -9 of the JVM and its watchdog leaves the engines running; the same command stops them and starts with the demo data intact")
  void restartAfterKillWithOrphanedEngines() throws Exception {
    try (Connection c = server.jdbc()) {
      beforeCrash = Stored.read(c);
    }
    assertEquals(324, beforeCrash.clients(), "the demo's two agencies");
    long[] pg = server.postgres().orElseThrow();
    long redis = server.redisPid().orElseThrow();
    server.watchdog().orElseThrow(() -> new AssertionError("no engine watchdog")).destroyForcibly();
    server.kill9();
    assertTrue(ProcessHandle.of(pg[0]).map(ProcessHandle::isAlive).orElse(false), "PostgreSQL outlived the JVM");
    assertTrue(ProcessHandle.of(redis).map(ProcessHandle::isAlive).orElse(false), "Redis outlived the JVM");

    server = BeaconProcess.start(data, dir.resolve("restart.log"), DEMO_ENV, "--demo");
    Duration restart = server.awaitReady(START_LIMIT);
    System.out.printf("first start (demo load) %d ms, restart after kill -9 %d ms%n", firstStart.toMillis(), restart.toMillis());
    assertTrue(restart.compareTo(firstStart.plusSeconds(30)) < 0, "restart " + restart + " vs first start " + firstStart);
    assertTrue(BeaconProcess.gone(pg[0], Duration.ofSeconds(5)), "the orphaned PostgreSQL was stopped");
    assertTrue(BeaconProcess.gone(redis, Duration.ofSeconds(5)), "the orphaned Redis was stopped");
    assertTrue(server.logText().contains("of an earlier Beacon is still running"), server.tail());

    try (Connection c = server.jdbc()) {
      Stored after = Stored.read(c);
      assertEquals(beforeCrash.clients(), after.clients());
      assertEquals(beforeCrash.pastSpendRows(), after.pastSpendRows(), "past spend rows");
      assertEquals(beforeCrash.pastSpendFen(), after.pastSpendFen(), "past spend");
      assertTrue(after.ledgerEntries() >= beforeCrash.ledgerEntries(), "no ledger entry lost");
      assertEquals(0, after.ledgerSum(), "the ledger balances");
    }
    JsonObject login = new JsonObject().put("account", "main@demo").put("password", "beacon-demo");
    TestHttp.Response r = http(server).post("/api/v1/auth/login", null, login);
    assertEquals(200, r.status(), r.toString());
  }

  @Test
  @Order(4)
  @DisplayName("kill -9 of the JVM alone: its watchdog stops both engines within seconds, and the next start is clean")
  void watchdogStopsEnginesOfAKilledJvm() throws Exception {
    long[] pg = server.postgres().orElseThrow();
    long redis = server.redisPid().orElseThrow();
    server.kill9();
    assertTrue(BeaconProcess.gone(pg[0], Duration.ofSeconds(30)), "PostgreSQL stopped by the watchdog");
    assertTrue(BeaconProcess.gone(redis, Duration.ofSeconds(30)), "Redis stopped by the watchdog");

    server = BeaconProcess.start(data, dir.resolve("third.log"), DEMO_ENV, "--demo");
    server.awaitReady(START_LIMIT);
    assertTrue(!server.logText().contains("of an earlier Beacon is still running"), "nothing was left running");
    try (Connection c = server.jdbc()) {
      assertEquals(beforeCrash.clients(), Stored.read(c).clients());
    }
  }

  private static TestHttp http(BeaconProcess server) { return new TestHttp(server.baseUrl()); }

  private static long one(Connection c, String sql) throws Exception {
    try (ResultSet rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static String text(Connection c, String sql) throws Exception {
    try (ResultSet rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
