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

import java.util.UUID;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("Alert center page in headless Chromium")
class AlertCenterBrowserTest {
  private final BrowserHarness harness = BrowserHarness.shared();

  private static void submit(Page page) { page.click("dialog.modal button[type=submit]"); }

  /** A money movement of the main account (201), with its own Idempotency-Key. */
  private static void post(TestAgency agency, String path, JsonObject body) {
    TestHttp.Response r = TestHttp.shared().send(HttpMethod.POST, path, agency.token(Role.MAIN), body,
        MultiMap.caseInsensitiveMultiMap().add("Idempotency-Key", UUID.randomUUID().toString()));
    assertEquals(201, r.status(), r.toString());
  }

  @Test
  @DisplayName("alerts arrive live; acknowledge and snooze with a reason; fix a balance alert with the proposed allocation; the timeline shows each step with who did it")
  void alertCenter() {
    TestAgency agency = TestAgency.create(3);
    post(agency, "/api/v1/finance/recharges", new JsonObject().put("amountFen", 10_000_000).put("paymentReference", "pay-" + UUID.randomUUID()));
    String key = BrowserHarness.ingestKey(agency);
    long client = agency.clients.get(0);
    WebAppBrowserTest.ingest(key, client, 5_000);     // no funds: the balance is exhausted
    try (BrowserContext ctx = harness.desktop()) {
      Page page = harness.signedIn(ctx, agency, Role.ADMIN);
      page.navigate("/#/alerts?kind=balance-exhausted");
      assertThat(page.locator("nav.mainnav a[href='#/alerts']")).hasCount(1);
      Locator rows = page.locator("[data-testid=alerts] tbody tr[data-kind=balance-exhausted]");
      assertThat(rows).hasCount(1);
      Locator row = rows.first();
      assertThat(row).hasAttribute("data-state", "open");
      row.click();
      Locator detail = page.locator("[data-testid=alert-detail]");
      assertThat(detail.locator("[data-step=opened]")).hasCount(1);
      assertThat(detail.locator("[data-step=pushed]")).containsText("dedicated");

      detail.locator("[data-act=ack]").click();
      page.fill("dialog.modal input[name=reason]", "calling finance");
      submit(page);
      assertThat(detail).hasAttribute("data-state", "acknowledged");
      assertThat(detail.locator("[data-step=acked]")).containsText("calling finance");
      assertThat(detail.locator("[data-step=acked]")).containsText("admin");

      detail.locator("[data-act=snooze]").click();
      page.fill("dialog.modal input[name=minutes]", "45");
      page.fill("dialog.modal input[name=reason]", "transfer after lunch");
      submit(page);
      assertThat(detail).hasAttribute("data-state", "snoozed");
      assertThat(row).hasAttribute("data-state", "snoozed");

      WebAppBrowserTest.ingest(key, agency.clients.get(1), 3_000);   // another client runs dry while the page is open
      assertThat(rows).hasCount(2);

      detail.locator("[data-act=fix-allocation]").click();
      String proposed = page.inputValue("dialog.modal input[name=amount]");
      assertTrue(Double.parseDouble(proposed) >= 1_000, "the proposal covers a day at the rate, at least twice the floor: " + proposed);
      submit(page);
      assertThat(detail).hasAttribute("data-state", "cleared");
      assertThat(detail.locator("[data-step=fixed]")).containsText("allocation");
      assertThat(detail.locator("[data-step=cleared]")).hasCount(1);
      assertThat(page.locator("[data-testid=alerts] tbody tr[data-alert='" + detail.getAttribute("data-alert") + "']"))
          .hasAttribute("data-state", "cleared");
      BrowserHarness.shot(page, "alert-center");
    }
    JsonObject live = TestHttp.shared().get("/api/v1/clients/" + client + "/live", agency.token(Role.MAIN)).json();
    assertEquals(0, live.getLong("arrearsFen"), live.encode());
    assertTrue(live.getLong("balanceFen") >= 100_000, live.encode());
  }

  @Test
  @DisplayName("the client view shows today's projected spend and when the balance runs out at the current rate")
  void clientViewPacing() {
    TestAgency agency = TestAgency.create(2);
    post(agency, "/api/v1/finance/recharges", new JsonObject().put("amountFen", 1_000_000).put("paymentReference", "pay-" + UUID.randomUUID()));
    long client = agency.clients.get(0);
    post(agency, "/api/v1/clients/" + client + "/transfers", new JsonObject().put("direction", "in").put("amountFen", 500_000));
    WebAppBrowserTest.ingest(BrowserHarness.ingestKey(agency), client, 10_000);
    JsonObject pacing = TestHttp.shared().get("/api/v1/clients/" + client + "/live", agency.token(Role.MAIN)).json().getJsonObject("pacing");
    try (BrowserContext ctx = harness.desktop()) {
      Page page = harness.signedIn(ctx, agency, Role.MAIN);
      page.navigate("/#/monitor");
      page.locator("tr[data-client='" + client + "'] button[data-act=enter]").click();
      assertThat(page.locator("[data-testid=client-banner]")).containsText("Client 0");
      assertThat(WebAppBrowserTest.kpi(page, "projected")).containsText("¥");
      assertThat(WebAppBrowserTest.kpi(page, "balanceZero")).not().hasText("—");
      assertTrue(pacing.getLong("projectedSpendFen") >= 10_000, pacing.encode());
      BrowserHarness.shot(page, "client-pacing");
    }
  }
}
