package io.beacon.e2e;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.beacon.TestAgency;
import io.beacon.TestHttp;
import io.beacon.auth.Role;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.UUID;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WallboardLinkBrowserTest {
  private final BrowserHarness harness = BrowserHarness.shared();

  @Test
  @DisplayName("main creates a wall-board link from the wall board; a fresh browser opens it without a login, sees live figures and alerts, no actions; revoked, the page says so within seconds")
  void boardLink() {
    TestAgency agency = TestAgency.create(2);
    String key = BrowserHarness.ingestKey(agency);
    long client = agency.clients.get(0);
    WebAppBrowserTest.ingest(key, client, 12_300);    // no funds: its balance is exhausted, an open alert
    String url;
    try (BrowserContext admin = harness.desktop()) {
      Page page = harness.signedIn(admin, agency, Role.MAIN);
      page.navigate("/#/wall");
      page.locator("[data-testid=share-wall]").click();
      page.locator(".page-wallboard-links [data-act=add]").click();
      Locator dialog = page.locator("dialog.modal");
      dialog.locator("input[name=name]").fill("大厅电视");
      dialog.locator("input[name=expiresAt]").fill("2000-01-01T10:00");
      dialog.locator("button[type=submit]").click();
      assertThat(dialog.locator(".field-error[data-field=expiresAt]")).not().isEmpty();   // the server names the field
      dialog.locator("input[name=expiresAt]").clear();
      dialog.locator("button[type=submit]").click();
      Locator created = page.locator("[data-testid=wallboard-link-created] [data-url]");
      assertThat(created).isVisible();
      url = created.inputValue();
      assertThat(page.locator("[data-testid=wallboard-links] tbody tr[data-status=active]")).hasCount(1);
      BrowserHarness.shot(page, "wallboard-links");
    }
    assertTrue(url.contains("/board/"), url);
    String path = URI.create(url).getPath();

    try (BrowserContext tv = harness.desktop()) {   // a fresh context: no session, no storage
      Page board = tv.newPage();
      board.navigate(path);
      assertThat(board.locator("[data-testid=live-state]")).hasAttribute("data-state", "live");
      assertThat(WebAppBrowserTest.kpi(board, "performance-spend")).containsText("123");
      assertThat(board.locator("[data-testid=top10] tr[data-client='" + client + "']")).isVisible();
      assertThat(board.locator("[data-testid=alert-feed] li.alert").first()).isVisible();
      assertEquals(0, board.locator("main a, [data-testid=top10] button").count(), "read-only: no links, no row actions");
      assertFalse(board.content().contains("wall.exit"));

      WebAppBrowserTest.ingest(key, client, 20_000);    // figures move live
      assertThat(board.locator("[data-testid=top10] tr[data-client='" + client + "'] [data-f=spendFen]")).containsText("323");
      BrowserHarness.shot(board, "wallboard-link-board");

      JsonObject link = TestHttp.shared().get("/api/v1/wallboard-links", agency.token(Role.MAIN)).json().getJsonArray("items").getJsonObject(0);
      long revokedAt = System.currentTimeMillis();
      assertEquals(200, TestHttp.shared().delete("/api/v1/wallboard-links/" + link.getLong("id"), agency.token(Role.MAIN)).status());
      Locator closed = board.locator("[data-testid=board-closed]");
      assertThat(closed).hasAttribute("data-state", "revoked", new com.microsoft.playwright.assertions.LocatorAssertions.HasAttributeOptions().setTimeout(5_000));
      assertTrue(System.currentTimeMillis() - revokedAt < 5_000);
      assertThat(closed).containsText("此大屏链接已被撤销");
      assertThat(closed).containsText("This wall-board link was revoked");
      BrowserHarness.shot(board, "wallboard-link-revoked");

      Page unknown = tv.newPage();
      unknown.navigate("/board/unknown-token-0000000000000000000000000000000");
      assertThat(unknown.locator("[data-testid=board-closed]")).hasAttribute("data-state", "notFound");
    }
  }

  private static void moveMoney(TestAgency agency, String path, JsonObject body) {
    TestHttp.Response r = TestHttp.shared().send(HttpMethod.POST, path, agency.token(Role.MAIN), body,
        MultiMap.caseInsensitiveMultiMap().add("Idempotency-Key", UUID.randomUUID().toString()));
    assertEquals(201, r.status(), r::toString);
  }

  @Test
  @DisplayName("the monitoring table shows each client's projected spend today and when its balance runs out")
  void monitorPacing() {
    TestAgency agency = TestAgency.create(2);
    long client = agency.clients.get(0);
    moveMoney(agency, "/api/v1/finance/recharges", new JsonObject().put("amountFen", 1_000_000).put("paymentReference", "pay-" + UUID.randomUUID()));
    moveMoney(agency, "/api/v1/clients/" + client + "/transfers", new JsonObject().put("direction", "in").put("amountFen", 500_000));
    WebAppBrowserTest.ingest(BrowserHarness.ingestKey(agency), client, 10_000);
    try (BrowserContext ctx = harness.desktop()) {
      Page page = harness.signedIn(ctx, agency, Role.MAIN);
      page.navigate("/#/monitor");
      Locator row = page.locator("[data-testid=monitor-table] tr[data-client='" + client + "']");
      assertThat(row.locator("td[data-pacing=projectedSpendFen]")).containsText("¥");
      assertThat(row.locator("td[data-pacing=balanceZeroAt]")).not().hasText("—");
      assertThat(page.locator("[data-testid=monitor-table] tr[data-client='" + agency.clients.get(1) + "'] td[data-pacing=balanceZeroAt]")).hasText("—");
      BrowserHarness.shot(page, "monitor-pacing");
    }
  }
}
