package io.beacon.e2e;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import io.beacon.TestAgency;
import io.beacon.TestBeacon;
import io.beacon.TestHttp;
import io.beacon.auth.Role;
import io.beacon.finance.FinanceDemo;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

@DisplayName("Finance page in headless Chromium")
class FinancePageBrowserTest {
  private final BrowserHarness harness = BrowserHarness.shared();


  @Test
  @DisplayName("main sees the funds, recharges through the dialog (field errors first), and browses the detail lists; employees have no finance page")
  void financePage() {
    TestAgency agency = TestAgency.create(3);
    FinanceDemo.load(TestBeacon.shared().platform(), agency.id, agency.clients).await();
    long available = TestHttp.shared().get("/api/v1/finance/overview", agency.token(Role.MAIN)).json().getLong("availableFen");
    try (BrowserContext ctx = harness.desktop()) {
      Page page = harness.signedIn(ctx, agency, Role.MAIN);
      page.navigate("/#/finance");
      assertThat(page.locator("[data-testid=fin-available] .value")).hasText(money(available));
      assertThat(page.locator("[data-testid=finance-table] tbody tr")).hasCount(3);
      page.click("button[data-act=recharge]");
      page.fill("dialog input[name=amountFen]", "1.234");
      page.click("dialog button[type=submit]");
      assertThat(page.locator("dialog .field-error[data-field=amountFen]")).not().isEmpty();
      page.fill("dialog input[name=amountFen]", "100");
      page.fill("dialog input[name=paymentReference]", "e2e-pay-1");
      page.click("dialog button[type=submit]");
      assertThat(page.locator("[data-testid=fin-available] .value")).hasText(money(available + 100_00));
      page.click("[data-tab=recharges]");
      assertThat(page.locator("[data-testid=finance-table] tbody tr").first()).containsText("e2e-pay-1");
      page.click("[data-tab=freezes]");
      assertThat(page.locator("[data-testid=finance-table] tbody tr")).hasCount(3);
      // an order freeze on a client chosen by name in the shared picker, never a typed id
      page.click("button[data-act=freeze]");
      page.fill("dialog [data-picker-input=clientId]", "Client 1");
      page.locator("dialog .picker-results li[data-i]").first().click();
      page.fill("dialog input[name=amountFen]", "1");
      page.fill("dialog input[name=orderRef]", "e2e-freeze-1");
      page.click("dialog button[type=submit]");
      assertThat(page.locator("[data-testid=finance-table] tbody tr")).hasCount(4);
      assertThat(page.locator("[data-testid=finance-table] tbody tr", new Page.LocatorOptions().setHasText("e2e-freeze-1")))
          .containsText("Client 1");
      page.click("[data-tab=deposit]");
      assertThat(page.locator("[data-pay]")).hasCount(2);
      BrowserHarness.shot(page, "finance");
    }
    try (BrowserContext ctx = harness.desktop()) {
      Page page = harness.signedIn(ctx, agency, Role.EMPLOYEE);
      page.navigate("/#/monitor");
      assertThat(page.locator("[data-testid=monitor-table]")).isVisible();
      assertEquals(0, page.locator("a[href='#/finance']").count());
    }
  }

  /** The page's money format: ¥1,234.56. */
  static String money(long fen) {
    return "¥" + String.format("%,d", fen / 100) + "." + String.format("%02d", fen % 100);
  }
}
