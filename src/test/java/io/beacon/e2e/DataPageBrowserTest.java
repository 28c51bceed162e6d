package io.beacon.e2e;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.beacon.TestAgency;
import io.beacon.auth.Role;
import io.beacon.home.SpendSeed;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.beacon.home.SpendSeed.at;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("Data overview page in headless Chromium")
class DataPageBrowserTest {
  private final BrowserHarness harness = BrowserHarness.shared();

  @Test
  @DisplayName("metrics of yesterday, promotion mode, metric sort, a typed custom range, drill-down industry → client, hourly granularity, a saved template, the monitoring row action, a phone width")
  void dataPage() {
    TestAgency agency = TestAgency.create(3);   // clients 0 and 2 education, 1 retail
    long c0 = agency.clients.get(0), c1 = agency.clients.get(1), c2 = agency.clients.get(2);
    LocalDate y = SpendSeed.today().minusDays(1);
    new SpendSeed(agency.id)
        .spend(c0, at(y, 10), "billing", "search", false, "sales", "purchase", "c0-a", "c0-a-1", 1_000, 50, 10_000, 5)
        .spend(c0, at(y, 11), "billing", "search", false, "leads", "form", "c0-b", "c0-b-1", 2_000, 40, 6_000, 2)
        .spend(c1, at(y, 10), "billing", "smart", false, "sales", "purchase", "c1-a", "c1-a-1", 3_000, 150, 30_000, 10)
        .spend(c2, at(y, 14), "billing", "display", false, "sales", "add_to_cart", "c2-a", "c2-a-1", 500, 25, 4_000, 0);
    try (BrowserContext ctx = harness.desktop()) {
      Page page = harness.signedIn(ctx, agency, Role.MAIN);
      page.navigate("/#/data?range=yesterday");
      assertThat(page.locator("[data-testid=kpi-spend] .value")).hasText("¥500.00");
      assertThat(page.locator("[data-testid=kpi-cost] .value")).hasText("¥29.41");   // 50,000 fen / 17 conversions

      // promotion mode narrows every part; the detail sorts by a metric either way
      page.selectOption("[data-testid=data-mode]", "search");
      assertThat(page.locator("[data-testid=kpi-spend] .value")).hasText("¥160.00");
      assertThat(page.locator("[data-testid=top-client] [data-shares] button")).hasCount(1);
      page.selectOption("[data-testid=data-mode]", "");
      assertThat(page.locator("[data-testid=kpi-spend] .value")).hasText("¥500.00");
      Locator firstClient = page.locator("[data-testid=data-detail] tbody tr").first().locator("td").first();
      page.selectOption("[data-testid=data-sort]", "ctr");
      assertThat(firstClient).containsText("Client 1");   // CTR high to low: 5 % (the larger spend of the two first)
      page.selectOption("[data-testid=data-sort-direction]", "");
      assertThat(firstClient).containsText("Client 0");   // low to high: 3 %
      page.selectOption("[data-testid=data-sort]", "");
      // a custom range typed as YYYY-MM-DD, whatever the browser's own date format
      page.selectOption("[data-range]", "custom");
      page.fill("[data-filters] input[name=from]", y.toString());
      page.locator("[data-filters] input[name=from]").press("Tab");
      page.fill("[data-filters] input[name=to]", y.toString());
      page.locator("[data-filters] input[name=to]").press("Tab");
      assertThat(page.locator("[data-testid=kpi-spend] .value")).hasText("¥500.00");
      assertThat(page.locator("[data-error]")).isEmpty();

      Locator industries = page.locator("[data-testid=top-industry]");
      assertThat(industries.locator("[data-shares] button")).hasCount(2);
      industries.locator("[data-shares] button[data-key=education]").click();
      assertThat(industries.locator("[data-crumbs] [aria-current]")).hasText("教育培训");   // codes are shown by their labels
      assertThat(industries.locator("[data-shares] button")).hasCount(2);
      assertThat(industries.locator("[data-shares] button").first()).containsText("Client 0");
      industries.locator("[data-shares] button").first().click();
      assertThat(industries.locator("[data-shares] button")).hasCount(2);   // the client's goals: sales, leads
      assertThat(industries.locator("[data-shares] button").first()).containsText("商品销售");
      industries.locator("[data-crumb='0']").click();
      assertThat(industries.locator("[data-shares] button[data-key=retail]")).hasCount(1);

      page.click("[data-granularity=hour]");
      page.selectOption("[data-range]", "yesterday");
      page.check("[data-testid=dim-time]");
      Locator detail = page.locator("[data-testid=data-detail]");
      assertThat(detail.locator("tbody tr")).hasCount(4);
      assertThat(detail.locator("tbody tr").first().locator("td").first()).hasText(y + " 14:00");
      BrowserHarness.shot(page, "data-overview");

      page.click("[data-act=save-template]");
      page.fill("dialog input[name=name]", "Hourly by client");
      page.click("dialog button[type=submit]");
      assertThat(page.locator("[data-testid=data-template] option:checked")).hasText("Hourly by client");
      page.selectOption("[data-testid=data-template]", "");
      page.uncheck("[data-testid=dim-time]");
      assertThat(detail.locator("tbody tr")).hasCount(3);
      page.selectOption("[data-testid=data-template]", new com.microsoft.playwright.options.SelectOption().setLabel("Hourly by client"));
      assertThat(page.locator("[data-testid=dim-time]")).isChecked();
      assertThat(detail.locator("tbody tr")).hasCount(4);

      page.navigate("/#/monitor?range=yesterday");
      page.locator("[data-testid=monitor-table] tr[data-client='" + c0 + "'] [data-act=data]").click();
      assertThat(page).hasURL(Pattern.compile("#/data\\?client=" + c0));
      assertThat(page.locator("[data-testid=data-client] input[type=search]")).hasValue(Pattern.compile("^Client 0"));
      assertThat(page.locator("[data-testid=dim-campaign]")).isEnabled();
    }
    try (BrowserContext ctx = harness.desktop()) {
      Page page = harness.signedIn(ctx, agency, Role.MAIN);
      page.setViewportSize(360, 740);
      page.navigate("/#/data?range=yesterday");
      assertThat(page.locator("[data-testid=kpi-spend] .value")).hasText("¥500.00");
      Object overflow = page.evaluate("() => document.scrollingElement.scrollWidth - window.innerWidth");
      assertTrue(((Number) overflow).intValue() <= 0, "no horizontal scroll at 360 px: " + overflow);
      BrowserHarness.shot(page, "data-overview-360");
    }
  }
}
