package io.beacon.e2e;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.beacon.TestAgency;
import io.beacon.TestBeacon;
import io.beacon.TestHttp;
import io.beacon.auth.Role;
import io.beacon.home.SpendSeed;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.beacon.home.SpendSeed.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("Web app in headless Chromium")
class WebAppBrowserTest {
  private final BrowserHarness harness = BrowserHarness.shared();
  static final TestHttp http = TestHttp.shared();

  static Locator kpi(Page page, String key) { return page.locator("[data-testid=kpi-" + key + "] .value"); }

  static void ingest(String key, long clientId, long costFen) {
    JsonArray events = new JsonArray().add(new JsonObject().put("eventId", UUID.randomUUID().toString()).put("clientId", clientId)
        .put("billedAt", Instant.now().toString()).put("mode", "search").put("impressions", 1000).put("clicks", 20)
        .put("costFen", costFen).put("conversions", 2).put("brand", false));
    TestHttp.Response r = http.send(HttpMethod.POST, "/api/v1/ingest/events", null, events,
        MultiMap.caseInsensitiveMultiMap().add("X-Beacon-Ingest-Key", key));
    assertEquals(200, r.status(), r::toString);
    assertEquals(1, r.json().getInteger("accepted"), r::toString);
  }

  @Test
  @DisplayName("password login opens the barometer with figures; yesterday's tiles show the seeded spend")
  void passwordLogin() {
    TestAgency agency = TestAgency.create(3);
    LocalSeed.yesterday(agency);
    try (BrowserContext ctx = harness.desktop()) {
      Page page = ctx.newPage();
      page.navigate("/");
      page.fill("input[name=account]", agency.accounts.get(Role.MAIN));
      page.fill("input[name=password]", TestAgency.PASSWORD);
      page.click("#panel-pw button[type=submit]");
      assertThat(kpi(page, "performance-spend")).hasText("¥0.00");
      page.click("[data-range=yesterday]");
      assertThat(kpi(page, "performance-spend")).hasText("¥600.00");
      assertThat(kpi(page, "performance-clients")).hasText("2");
      assertThat(page.locator("[data-testid=finance-card]")).isVisible();
      BrowserHarness.shot(page, "home-yesterday");
      page.locator(".lang").selectOption("en");
      assertThat(page.locator("h1")).containsText("Client barometer");
    }
  }

  @Test
  @DisplayName("an ingested batch moves the KPI and the top-10 table without reload, and its alert appears in the feed")
  void liveHome() {
    TestAgency agency = TestAgency.create(3);
    String key = BrowserHarness.ingestKey(agency);
    long client = agency.clients.get(1);
    try (BrowserContext ctx = harness.desktop()) {
      Page page = harness.signedIn(ctx, agency, Role.MAIN);
      page.navigate("/#/home");
      assertThat(kpi(page, "performance-spend")).hasText("¥0.00");
      assertThat(page.locator("[data-testid=live-state]")).hasAttribute("data-state", "live");
      page.evaluate("window.__sameDocument = true");
      ingest(key, client, 12_345);
      assertThat(kpi(page, "performance-spend")).hasText("¥123.45");
      assertThat(page.locator("[data-testid=top10] tr[data-client='" + client + "'] [data-f=spendFen]")).hasText("¥123.45");
      ingest(key, client, 900_000);   // 90% of the 10,000 yuan daily budget, beyond the balance
      assertThat(page.locator("[data-testid=alert-feed] li.alert").first()).isVisible();
      assertThat(kpi(page, "performance-spend")).hasText("¥9,123.45");
      assertEquals(true, page.evaluate("window.__sameDocument === true"), "the page was not reloaded");
      BrowserHarness.shot(page, "home-live");
    }
  }

  @Test
  @DisplayName("the budget edit in the monitoring table validates, updates the row and clears the budget alert")
  void budgetEdit() {
    TestAgency agency = TestAgency.create(3);
    String key = BrowserHarness.ingestKey(agency);
    long client = agency.clients.get(0);
    new SpendSeed(agency.id).account(client, "client_cash", 5_000_000);
    ingest(key, client, 850_000);
    String token = agency.token(Role.MAIN);
    assertTrue(openBudgetAlerts(token, client) > 0, "85% of the budget opens the budget alert");
    try (BrowserContext ctx = harness.desktop()) {
      Page page = harness.signedIn(ctx, agency, Role.EMPLOYEE);
      page.navigate("/#/monitor");
      Locator row = page.locator("[data-testid=monitor-table] tr[data-client='" + client + "']");
      assertThat(row.locator("[data-f=spendFen]")).hasText("¥8,500.00");
      row.locator("button[data-act=budget]").click();
      page.fill("dialog input[name=dailyBudgetFen]", "12.345");
      page.click("dialog button[type=submit]");
      assertThat(page.locator("dialog .field-error[data-field=dailyBudgetFen]")).not().isEmpty();
      page.fill("dialog input[name=dailyBudgetFen]", "20000");
      BrowserHarness.shot(page, "monitor-budget-dialog");
      page.click("dialog button[type=submit]");
      assertThat(row.locator("[data-f=dailyBudgetFen]")).hasText("¥20,000.00");
      BrowserHarness.shot(page, "monitor");
    }
    assertEquals(2_000_000, http.get("/api/v1/clients/" + client + "/live", token).json().getLong("dailyBudgetFen"));
    assertEquals(0, openBudgetAlerts(token, client), "42.5% of the new budget clears the alert");
  }

  private static int openBudgetAlerts(String token, long client) {
    return http.get("/api/v1/alerts?status=open&kind=budget&clientId=" + client, token).json().getJsonArray("items").size();
  }

  @Test
  @DisplayName("the wall board shows live, then reconnecting when the socket drops, and resumes by itself")
  void wallBoardReconnects() {
    TestAgency agency = TestAgency.create(2);
    String key = BrowserHarness.ingestKey(agency);
    try (BrowserContext ctx = harness.desktop()) {
      Page page = harness.signedIn(ctx, agency, Role.ADMIN);
      List<String> socketUrls = new CopyOnWriteArrayList<>();
      page.onWebSocket(ws -> socketUrls.add(ws.url()));
      page.navigate("/#/wall");
      Locator state = page.locator(".page-wall [data-testid=live-state]");
      assertThat(state).hasAttribute("data-state", "live");
      page.evaluate("window.__states = []; window.__beaconLive.on('state', s => window.__states.push(s.state)); window.__beaconLive.drop()");
      page.waitForFunction("window.__states.includes('reconnecting') && window.__beaconLive.state === 'live'");
      assertThat(state).hasAttribute("data-state", "live");
      ingest(key, agency.clients.get(0), 1_500_000);
      assertThat(page.locator(".page-wall [data-testid=alert-feed] li.alert").first()).isVisible();
      assertThat(kpi(page, "performance-spend")).hasText("¥1.50万");
      // Both sockets (before and after the drop) authenticated by message: no token in any URL.
      assertTrue(socketUrls.size() >= 2, "sockets opened: " + socketUrls);
      assertTrue(socketUrls.stream().noneMatch(u -> u.contains("token")), "a socket URL carries the token: " + socketUrls);
      BrowserHarness.shot(page, "wall-board");
    }
  }

  @Test
  @DisplayName("QR login: the desktop waits on its code, the signed-in phone confirms, the desktop is in")
  void qrLogin() {
    TestAgency agency = TestAgency.create(1);
    try (BrowserContext desktop = harness.desktop(); BrowserContext phone = harness.phone()) {
      Page d = desktop.newPage();
      d.navigate("/");
      d.click("#tab-qr");
      assertThat(d.locator("[data-testid=qr] svg")).isVisible();
      String ticket = d.locator("[data-testid=qr]").getAttribute("data-ticket");
      BrowserHarness.shot(d, "login-qr");
      Page p = harness.signedIn(phone, agency, Role.EMPLOYEE);
      p.navigate("/#/mobile?qr=" + ticket);
      p.click("button[data-act=confirm]");
      assertThat(p.locator(".qr-status")).not().isEmpty();
      BrowserHarness.shot(p, "mobile-qr-confirm");
      assertThat(kpi(d, "performance-spend")).isVisible();
      assertThat(d.locator(".topbar .user")).containsText(agency.accounts.get(Role.EMPLOYEE).split("@")[0]);
    }
  }

  @Test
  @DisplayName("a login with two identities picks one on the identity picker")
  void identityPicker() {
    TestAgency agency = TestAgency.create(2);
    String account = LocalSeed.multiLogin(agency);
    try (BrowserContext ctx = harness.desktop()) {
      Page page = ctx.newPage();
      page.navigate("/");
      page.fill("input[name=account]", account);
      page.fill("input[name=password]", TestAgency.PASSWORD);
      page.click("#panel-pw button[type=submit]");
      assertThat(page.locator(".ident-list button")).hasCount(2);
      BrowserHarness.shot(page, "identity-picker");
      page.locator(".ident-list button").filter(new Locator.FilterOptions().setHasText("Client 1")).click();
      assertThat(page.locator("[data-testid=client-banner]")).containsText("Client 1");
      BrowserHarness.shot(page, "client-identity");
    }
  }

  @Test
  @DisplayName("a dedicated employee's monitoring table lists only the assigned clients; entering one shows the client view")
  void dedicatedAndClientView() {
    TestAgency agency = TestAgency.create(4);
    try (BrowserContext ctx = harness.desktop()) {
      Page page = harness.signedIn(ctx, agency, Role.DEDICATED);
      page.navigate("/#/monitor");
      assertThat(page.locator("[data-testid=monitor-table] tbody tr")).hasCount(2);
      long first = agency.clients.get(0);
      page.locator("tr[data-client='" + first + "'] button[data-act=enter]").click();
      assertThat(page.locator("[data-testid=client-banner]")).containsText("Client 0");
      assertThat(page.locator("[data-testid=client-view-badge]")).isVisible();
      BrowserHarness.shot(page, "client-view");
      page.click(".topbar [data-act=back]");
      assertThat(kpi(page, "performance-spend")).isVisible();
    }
  }

  @Test
  @DisplayName("the mobile balances page fits a phone screen without horizontal scrolling")
  void mobileLayout() {
    TestAgency agency = TestAgency.create(5);
    try (BrowserContext ctx = harness.phone()) {
      Page page = harness.signedIn(ctx, agency, Role.MAIN);
      page.navigate("/#/mobile");
      assertThat(page.locator("[data-testid=mobile-list] .mcard")).hasCount(5);
      page.fill("#m-search", "Client 3");
      assertThat(page.locator("[data-testid=mobile-list] .mcard")).hasCount(1);
      Object overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth");
      assertEquals(0, ((Number) overflow).intValue(), "no horizontal scroll");
      BrowserHarness.shot(page, "mobile");
    }
  }

  /** Test data written straight to the database. */
  static final class LocalSeed {
    static void yesterday(TestAgency agency) {
      var y = SpendSeed.today().minusDays(1);
      new SpendSeed(agency.id)
          .perf(agency.clients.get(0), at(y, 9), "search", 1_000, 50, 20_000, 4)
          .perf(agency.clients.get(1), at(y, 15), "smart", 2_000, 80, 40_000, 2);
    }

    /** A login holding an agency identity (employee) and a client identity (client 1): returns its account. */
    static String multiLogin(TestAgency agency) {
      Pool pg = TestBeacon.shared().platform().pg();
      String account = "multi-" + UUID.randomUUID().toString().substring(0, 8) + "@e2e";
      String hash = TestAgency.one(pg, "SELECT password_hash FROM logins WHERE account = $1", Tuple.of(agency.accounts.get(Role.MAIN))).getString(0);
      long login = TestAgency.one(pg, "INSERT INTO logins (account, password_hash, display_name) VALUES ($1, $2, 'Multi') RETURNING id",
          Tuple.of(account, hash)).getLong(0);
      long staff = TestAgency.one(pg, "INSERT INTO staff (agency_id, login_id, name, role) VALUES ($1, $2, 'Multi', 'employee') RETURNING id",
          Tuple.of(agency.id, login)).getLong(0);
      TestAgency.one(pg, "INSERT INTO identities (login_id, kind, agency_id, staff_id) VALUES ($1, 'agency', $2, $3) RETURNING id",
          Tuple.of(login, agency.id, staff));
      TestAgency.one(pg, "INSERT INTO identities (login_id, kind, agency_id, client_id) VALUES ($1, 'client', $2, $3) RETURNING id",
          Tuple.of(login, agency.id, agency.clients.get(1)));
      return account;
    }
  }
}
