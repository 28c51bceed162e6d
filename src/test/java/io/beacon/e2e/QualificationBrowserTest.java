package io.beacon.e2e;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.beacon.TestAgency;
import io.beacon.TestHttp;
import io.beacon.auth.OperatorKey;
import io.beacon.auth.Role;
import io.beacon.tickets.DeskFixtures;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

@DisplayName("Qualification row actions in headless Chromium")
class QualificationBrowserTest {
  private final BrowserHarness harness = BrowserHarness.shared();
  private final TestHttp http = TestHttp.shared();

  @Test
  @DisplayName("monitoring table: details show the approved qualification; an edit with a bad credit code shows the field error, then saves as pending review")
  void detailsAndEdit() {
    TestAgency agency = TestAgency.create(2);
    long client = agency.clients.get(0);
    JsonObject approved = new JsonObject().put("companyName", "杭州浏览器测试有限公司").put("creditCode", "91350100M000100Y43")
        .put("licenceNumber", "91350100M000100Y43").put("licenceValidFrom", "2021-01-01").put("contactName", "王芳")
        .put("contactPhone", "13800138000").put("documents", new JsonArray().add(new JsonObject().put("name", "广告经营许可证")
            .put("number", "GG-001").put("validUntil", "2030-06-30")));
    long v1 = http.put("/api/v1/clients/" + client + "/qualification", agency.token(Role.MAIN), approved)
        .json().getJsonObject("current").getLong("id");
    assertEquals(200, http.send(HttpMethod.POST, "/api/v1/operator/qualifications/" + v1 + "/approve", null, new JsonObject(),
        MultiMap.caseInsensitiveMultiMap().add(OperatorKey.HEADER, DeskFixtures.operatorKey())).status());

    try (BrowserContext ctx = harness.desktop()) {
      Page page = harness.signedIn(ctx, agency, Role.EMPLOYEE);
      page.navigate("/#/monitor");
      Locator row = page.locator("[data-testid=monitor-table] tr[data-client='" + client + "']");
      row.locator("button[data-act=qualification]").click();
      Locator drawer = page.locator("dialog.qual-drawer");
      assertThat(drawer.locator("[data-testid=qual-state]").first()).hasText("已通过");
      assertThat(drawer.locator("[data-testid=qual-code]")).hasText("91350100M000100Y43");
      assertThat(drawer.locator("[data-testid=qual-history] li")).hasCount(1);
      assertThat(drawer).containsText("GG-001");
      BrowserHarness.shot(page, "qualification-details");

      drawer.locator("[data-edit]").click();
      Locator form = page.locator("dialog.qual-form");
      assertThat(form.locator("input[name=companyName]")).hasValue("杭州浏览器测试有限公司");
      form.locator("input[name=creditCode]").fill("91350100M000100Y44");
      form.locator("input[name=contactName]").fill("李雷");
      form.locator("button[type=submit]").click();
      assertThat(form.locator(".field-error[data-field=creditCode]")).containsText("校验位");
      BrowserHarness.shot(page, "qualification-edit-error");

      // the server's own field errors land at their fields too
      form.locator("input[name=creditCode]").fill("91350100m000100y43");
      form.locator("input[name=licenceValidUntil]").fill("2020-01-01");
      form.locator("button[type=submit]").click();
      assertThat(form.locator(".field-error[data-field=licenceValidUntil]")).not().isEmpty();
      assertThat(form.locator(".field-error[data-field=creditCode]")).isEmpty();
      form.locator("input[name=licenceValidUntil]").fill("");
      form.locator("button[type=submit]").click();
      assertThat(form).hasCount(0);
      assertThat(page.locator(".toast").last()).containsText("待审核");

      row.locator("button[data-act=qualification]").click();
      assertThat(drawer.locator("[data-testid=qual-state]").first()).hasText("待审核");
      assertThat(drawer.locator("[data-testid=qual-history] li")).hasCount(2);
      assertThat(drawer).containsText("李雷");
      BrowserHarness.shot(page, "qualification-pending");
    }
    JsonObject after = http.get("/api/v1/clients/" + client + "/qualification", agency.token(Role.MAIN)).json();
    assertEquals("pending", after.getString("state"));
    assertEquals("李雷", after.getJsonObject("current").getString("contactName"));
    assertEquals(v1, after.getJsonObject("approved").getLong("id"));
  }

  @Test
  @DisplayName("home page: the platform news tab lists the platform's announcements, with their link")
  void newsCard() {
    TestAgency agency = TestAgency.create(1);
    String title = "平台动态测试 " + java.util.UUID.randomUUID().toString().substring(0, 8);
    assertEquals(201, http.send(HttpMethod.POST, "/api/v1/operator/announcements", null,
        new JsonObject().put("title", title).put("body", "正文").put("link", "#/monitor"),
        MultiMap.caseInsensitiveMultiMap().add(OperatorKey.HEADER, DeskFixtures.operatorKey())).status());
    try (BrowserContext ctx = harness.desktop()) {
      Page page = harness.signedIn(ctx, agency, Role.DEDICATED);
      page.navigate("/#/home");
      page.locator("button[data-tab=news]").click();
      Locator item = page.locator("[data-notices] li[data-announcement]", new Page.LocatorOptions().setHasText(title));
      assertThat(item).isVisible();
      assertThat(item.locator("a")).hasAttribute("href", "#/monitor");
      BrowserHarness.shot(page, "home-platform-news");
    }
  }
}
