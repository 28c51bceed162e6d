package io.beacon.e2e;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import io.beacon.TestAgency;
import io.beacon.auth.Role;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

@DisplayName("Staff and operation log page in headless Chromium")
class AccountsPageBrowserTest {
  private final BrowserHarness harness = BrowserHarness.shared();


  @Test
  @DisplayName("an admin lists staff, adds an employee (temporary password shown), disables them, and finds both in the operation log; employees have no such page")
  void staffPage() {
    TestAgency agency = TestAgency.create(2);
    try (BrowserContext ctx = harness.desktop()) {
      Page page = harness.signedIn(ctx, agency, Role.ADMIN);
      page.navigate("/#/accounts");
      assertThat(page.locator("[data-testid=staff] tbody tr")).hasCount(4);
      page.fill("[data-form=add] input[name=account]", "e2e-" + agency.id + "@test");
      page.fill("[data-form=add] input[name=name]", "E2E employee");
      page.selectOption("[data-form=add] select[name=role]", "employee");
      page.click("[data-form=add] button[type=submit]");
      assertThat(page.locator("[data-form=add] .result")).not().isEmpty();
      assertThat(page.locator("[data-testid=staff] tbody tr")).hasCount(5);
      page.locator("[data-testid=staff] tbody tr", new Page.LocatorOptions().setHasText("E2E employee"))
          .locator("[data-act=disable]").click();
      assertThat(page.locator("[data-testid=staff] tbody tr", new Page.LocatorOptions().setHasText("E2E employee"))
          .locator("[data-act=enable]")).hasCount(1);
      page.fill("[data-form=log] input[name=type]", "staff");
      page.click("[data-form=log] button[type=submit]");
      assertThat(page.locator("[data-testid=operation-log] tbody tr")).hasCount(2);
      BrowserHarness.shot(page, "accounts");
    }
    try (BrowserContext ctx = harness.desktop()) {
      Page page = harness.signedIn(ctx, agency, Role.EMPLOYEE);
      assertEquals(0, page.locator("a[href='#/accounts']").count());
    }
  }
}
