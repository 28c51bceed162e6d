package io.beacon.e2e;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import io.beacon.TestAgency;
import io.beacon.auth.Role;
import io.beacon.home.SpendSeed;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.LocalDate;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.beacon.home.SpendSeed.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("Task center page in headless Chromium")
class TaskCenterBrowserTest {
  private final BrowserHarness harness = BrowserHarness.shared();

  @Test
  @DisplayName("Download on the monitoring table creates an export with the filters on screen; the task center shows it finish and its file downloads")
  void downloadFromMonitoringTable() throws Exception {
    TestAgency agency = TestAgency.create(3);
    LocalDate y = SpendSeed.today().minusDays(1);
    new SpendSeed(agency.id)
        .perf(agency.clients.get(0), at(y, 10), "search", 400, 40, 4_000, 4)
        .perf(agency.clients.get(1), at(y, 11), "smart", 900, 90, 9_000, 9);
    try (BrowserContext ctx = harness.desktop()) {
      Page page = harness.signedIn(ctx, agency, Role.ADMIN);
      page.navigate("/#/monitor?range=yesterday&industry=education");
      assertThat(page.locator("[data-testid=monitor-table] tbody tr[data-client]")).hasCount(2);
      page.click("[data-filters] [data-act=export]");
      page.locator("dialog.modal input[value=csv]").check();
      page.click("dialog.modal button[type=submit]");
      page.waitForURL(Pattern.compile(".*#/tasks\\?id=\\d+"));
      assertThat(page.locator("[data-testid=tasks] tbody tr[data-task]")).hasCount(1);
      assertThat(page.locator("[data-testid=tasks] tbody tr[data-task]")).hasAttribute("data-state", "done");
      assertThat(page.locator("[data-testid=tasks] tbody tr[data-task] td").nth(6)).hasText("2");
      Download download = page.waitForDownload(() -> page.click("[data-testid=tasks] [data-act=download]"));
      assertTrue(download.suggestedFilename().matches("monitor-\\d{8}-\\d{6}-\\d+\\.csv"), download.suggestedFilename());
      byte[] bytes = Files.readAllBytes(download.path());
      String text = new String(bytes, StandardCharsets.UTF_8);
      assertTrue(text.startsWith("\uFEFF委托人编号,委托人,邮箱,"), "headings in the page's language: " + text);
      assertTrue(text.contains(",教育培训,投放中,"), "labels, not codes: " + text);
      assertEquals(3, text.split("\r\n").length, "header and the two education clients the table showed: " + text);
      BrowserHarness.shot(page, "task-center");
    }
  }
}
