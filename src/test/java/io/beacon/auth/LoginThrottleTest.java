package io.beacon.auth;

import io.beacon.Beacon;
import io.beacon.TestAgency;
import io.beacon.TestBeacon;
import io.beacon.TestHttp;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The login throttle under real parallelism, behind a trusted proxy: an instance that trusts 127.0.0.1
 * (where the test's requests come from) takes the client address from X-Forwarded-For.
 */
class LoginThrottleTest {
  private static Beacon proxied;
  private static TestHttp http;

  @BeforeAll
  static void start() {
    proxied = TestBeacon.another(Map.of("http.trustedProxies", "127.0.0.1/32, ::1/128"));
    http = new TestHttp("http://localhost:" + proxied.port());
  }

  @AfterAll
  static void stop() {
    if (proxied != null) proxied.close();
  }

  private static TestHttp.Response login(TestHttp via, String account, String password, String forwardedFor) {
    MultiMap h = MultiMap.caseInsensitiveMultiMap();
    if (forwardedFor != null) h.add("X-Forwarded-For", forwardedFor);
    return via.send(HttpMethod.POST, "/api/v1/auth/login", null, new JsonObject().put("account", account).put("password", password), h);
  }

  private static double passwordChecks(Beacon b) {
    return b.platform().metrics().counter("beacon.login.password.checks").count();
  }

  /** Sends {@code n} logins at once from separate threads; the statuses. */
  private static List<Integer> parallel(int n, String account, String password, String forwardedFor) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      List<CompletableFuture<Integer>> all = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        all.add(CompletableFuture.supplyAsync(() -> login(http, account, password, forwardedFor).status(), pool));
      }
      List<Integer> statuses = new ArrayList<>();
      for (CompletableFuture<Integer> f : all) statuses.add(f.get(120, TimeUnit.SECONDS));
      return statuses;
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @DisplayName("20 parallel wrong passwords for one account from one address: 5 are checked (401), 15 refused unchecked (429); "
      + "the owner still logs in from another address")
  void parallelGuesses() throws Exception {
    TestAgency a = TestAgency.create(1);
    String account = a.accounts.get(Role.MAIN);
    double before = passwordChecks(proxied);
    List<Integer> statuses = parallel(20, account, "wrong-password", "203.0.113.7");
    assertEquals(5, statuses.stream().filter(s -> s == 401).count(), statuses.toString());
    assertEquals(15, statuses.stream().filter(s -> s == 429).count(), statuses.toString());
    assertEquals(5.0, passwordChecks(proxied) - before, "only the reserved attempts ran Argon2");

    TestHttp.Response fromStorm = login(http, account, TestAgency.PASSWORD, "203.0.113.7");
    assertEquals(429, fromStorm.status(), "the stormed address stays locked for this account: " + fromStorm);
    assertNotNull(fromStorm.header("Retry-After"));
    assertEquals("application/problem+json", fromStorm.header("Content-Type"));
    TestHttp.Response owner = login(http, account, TestAgency.PASSWORD, "198.51.100.20");
    assertEquals(200, owner.status(), "the owner from another address is not locked out: " + owner);
  }

  @Test
  @DisplayName("the account has a higher ceiling across addresses: after 50 failures from ten addresses even a new address waits")
  void accountCeiling() throws Exception {
    TestAgency a = TestAgency.create(1);
    String account = a.accounts.get(Role.ADMIN);
    List<CompletableFuture<List<Integer>>> waves = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      String address = "192.0.2." + (10 + i);
      waves.add(CompletableFuture.supplyAsync(() -> {
        List<Integer> s = new ArrayList<>();
        for (int k = 0; k < 5; k++) s.add(login(http, account, "wrong-" + k, address).status());
        return s;
      }));
    }
    for (CompletableFuture<List<Integer>> w : waves) assertEquals(List.of(401, 401, 401, 401, 401), w.get(180, TimeUnit.SECONDS));
    assertEquals(429, login(http, account, TestAgency.PASSWORD, "192.0.2.200").status());
  }

  @Test
  @DisplayName("a trusted proxy's X-Forwarded-For is read from the right: an address the client wrote in front of it is not believed")
  void spoofedPrefixIgnored() {
    TestAgency a = TestAgency.create(1);
    String account = a.accounts.get(Role.EMPLOYEE);
    // The proxy appends the real peer (198.51.100.9); whatever the client put before it changes per request.
    for (int i = 0; i < 5; i++) assertEquals(401, login(http, account, "wrong", "10.9.9." + i + ", 198.51.100.9").status());
    assertEquals(429, login(http, account, TestAgency.PASSWORD, "10.9.9.99, 198.51.100.9").status());
  }

  @Test
  @DisplayName("without trusted proxies X-Forwarded-For is ignored: varying it does not escape the limit of the socket address")
  void untrustedForwardedForIgnored() {
    TestHttp direct = TestHttp.shared();
    TestAgency a = TestAgency.create(1);
    String account = a.accounts.get(Role.DEDICATED);
    for (int i = 0; i < 5; i++) assertEquals(401, login(direct, account, "wrong", "203.0.113." + i).status());
    assertEquals(429, login(direct, account, TestAgency.PASSWORD, "203.0.113.99").status());
  }
}
