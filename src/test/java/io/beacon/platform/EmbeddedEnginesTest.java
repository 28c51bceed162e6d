package io.beacon.platform;

import io.beacon.Beacon;
import io.beacon.Poll;
import io.beacon.TestBeacon;
import io.beacon.TestHttp;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Beacon on its own embedded PostgreSQL and Redis: start-up, restart with the data kept, readiness. */
class EmbeddedEnginesTest {

  /** A fresh data directory and embedded engines even when the environment names external servers. */
  private static BeaconConfig embedded(Path dataDir) {
    return TestBeacon.config(Map.of("dataDir", dataDir.toString(), "storage.pgUrl", "", "storage.redisUrl", ""));
  }

  @Test
  @DisplayName("a fresh data directory starts ready; a restart on it keeps PostgreSQL rows and Redis keys")
  void startAndRestartKeepData() throws Exception {
    Path dir = Files.createTempDirectory("beacon-engines");
    String pid = "restart-" + System.nanoTime();
    try (Beacon first = Beacon.start(embedded(dir))) {
      assertTrue(first.platform().engines().embeddedPg() && first.platform().engines().embeddedRedis());
      assertTrue(Files.isDirectory(dir.resolve("pg")) && Files.isDirectory(dir.resolve("redis")));
      TestHttp.Response ready = http(first).get("/health/ready", null);
      assertEquals(200, ready.status(), ready.toString());
      assertEquals("up", ready.json().getString("postgres"));
      first.platform().pg().preparedQuery("INSERT INTO agencies (name, pid) VALUES ('kept', $1)").execute(Tuple.of(pid)).await();
      first.platform().redis().set(List.of("beacon:test:kept", pid)).await();
    }
    try (Beacon second = Beacon.start(embedded(dir))) {
      assertEquals(200, http(second).get("/health/ready", null).status());
      long rows = second.platform().pg().preparedQuery("SELECT count(*) FROM agencies WHERE pid = $1").execute(Tuple.of(pid))
          .await().iterator().next().getLong(0);
      assertEquals(1, rows, "the PostgreSQL row survives the restart");
      assertEquals(pid, second.platform().redis().get("beacon:test:kept").await().toString(), "the Redis key survives (AOF)");
    }
    TestBeacon.deleteTree(dir);
  }

  @Test
  @DisplayName("/health/ready answers 503 naming Redis or PostgreSQL while it is stopped, and 200 once it is back")
  void readinessFollowsTheEngines() throws Exception {
    Path dir = Files.createTempDirectory("beacon-ready");
    try (Beacon beacon = Beacon.start(embedded(dir))) {
      TestHttp http = http(beacon);
      Engines engines = beacon.platform().engines();

      engines.stopRedis();
      TestHttp.Response down = awaitReady(http, r -> r.status() == 503);
      assertEquals("application/problem+json", down.header("Content-Type"));
      assertEquals(503, down.json().getInteger("status"));
      assertEquals("down", down.json().getString("redis"));
      assertEquals("up", down.json().getString("postgres"));
      assertUnavailable(http.post("/api/v1/auth/login", null, LOGIN));
      engines.startRedis();
      awaitReady(http, r -> r.status() == 200);

      engines.stopPg();
      down = awaitReady(http, r -> r.status() == 503);
      assertEquals("down", down.json().getString("postgres"));
      assertEquals("up", down.json().getString("redis"));
      assertUnavailable(http.post("/api/v1/auth/login", null, LOGIN));
      engines.startPg();
      JsonObject up = awaitReady(http, r -> r.status() == 200).json();
      assertEquals("up", up.getString("postgres"));
    }
    TestBeacon.deleteTree(dir);
  }

  private static final JsonObject LOGIN = new JsonObject().put("account", "nobody@example.com").put("password", "not-checked-1");

  /** An engine that is down is the server's trouble, not the request's: 503 with Retry-After, never a bare 500. */
  private static void assertUnavailable(TestHttp.Response r) {
    assertEquals(503, r.status(), r.toString());
    assertEquals("application/problem+json", r.header("Content-Type"));
    assertEquals("1", r.header("Retry-After"));
    assertTrue(r.json().getString("type").endsWith("storage-unavailable"), r.toString());
  }

  private static TestHttp http(Beacon beacon) {
    return new TestHttp("http://localhost:" + beacon.port());
  }

  /** Polls /health/ready (at most ~30 s) until the answer matches. */
  private static TestHttp.Response awaitReady(TestHttp http, Predicate<TestHttp.Response> done) {
    TestHttp.Response last = Poll.last(Duration.ofSeconds(30), () -> http.get("/health/ready", null), done);
    if (!done.test(last)) throw new AssertionError("readiness never changed as expected; last answer " + last);
    return last;
  }
}
