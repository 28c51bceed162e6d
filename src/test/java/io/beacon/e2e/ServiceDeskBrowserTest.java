package io.beacon.e2e;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import io.beacon.TestAgency;
import io.beacon.TestBeacon;
import io.beacon.TestHttp;
import io.beacon.auth.Role;
import io.beacon.live.LiveBus;
import io.beacon.notices.WorkNoticeDelivery;
import io.beacon.notices.NoticeKind;
import io.beacon.notices.NoticeText;
import io.beacon.notices.Notices;
import io.beacon.platform.Platform;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

@DisplayName("Ticket center, message center and leads pages in headless Chromium")
class ServiceDeskBrowserTest {
  private final BrowserHarness harness = BrowserHarness.shared();
  private final TestHttp http = TestHttp.shared();


  @Test
  @DisplayName("an employee submits a ticket (self-check required), sees it processing with its timeline, and urging too early shows the countdown")
  void ticketPage() {
    TestAgency agency = TestAgency.create(2);
    try (BrowserContext ctx = harness.desktop()) {
      Page page = harness.signedIn(ctx, agency, Role.EMPLOYEE);
      page.navigate("/#/tickets");
      page.click("button[data-act=new]");
      page.fill("form.ticket-form input[name=title]", "消耗突然下降");
      page.fill("form.ticket-form textarea[name=description]", "昨天下午开始消耗下降 60%");
      page.click("form.ticket-form button[type=submit]");
      assertThat(page.locator("form.ticket-form textarea[name=selfCheckResult] + .field-error")).isVisible();
      page.fill("form.ticket-form textarea[name=selfCheckResult]", "智能诊断：出价偏低");
      page.click("form.ticket-form button[type=submit]");
      assertThat(page.locator("[data-testid=ticket-status]")).hasText("处理中");
      assertThat(page.locator("[data-testid=ticket-timeline] li")).hasCount(1);
      page.click("button[data-act=urge]");
      assertThat(page.locator("[data-testid=urge-countdown]")).containsText("后可催办");
      BrowserHarness.shot(page, "tickets");
    }
    assertEquals(1, http.get("/api/v1/tickets?scope=mine", agency.token(Role.EMPLOYEE)).json().getLong("total"));
  }

  @Test
  @DisplayName("the message center shows unread notices, marks one read, and a new notice arrives live")
  void noticesPage() {
    TestAgency agency = TestAgency.create(2);
    Platform platform = TestBeacon.shared().platform();
    Notices notices = new Notices(platform, new LiveBus(platform.redis()), WorkNoticeDelivery.NONE);
    notices.create(agency.id, agency.clients.get(0), NoticeKind.REVIEW, NoticeText.plain("审核未通过", "素材 9"), null).await();
    notices.create(agency.id, null, NoticeKind.SYSTEM, NoticeText.plain("系统维护通知", "今晚"), null).await();
    try (BrowserContext ctx = harness.desktop()) {
      Page page = harness.signedIn(ctx, agency, Role.ADMIN);
      page.navigate("/#/notices");
      assertThat(page.locator("[data-testid=unread-badge]")).hasText("未读 2");
      page.locator("[data-testid=notices] li.unread").first().click();
      assertThat(page.locator("[data-testid=unread-badge]")).hasText("未读 1");
      page.waitForTimeout(1000);   // the WebSocket subscription settles
      notices.create(agency.id, agency.clients.get(1), NoticeKind.HOSTING_RULE, NoticeText.plain("托管规则已生效", ""), null).await();
      assertThat(page.locator("[data-testid=notices] li").first()).containsText("托管规则已生效");
      assertThat(page.locator("[data-testid=unread-badge]")).hasText("未读 2");
      BrowserHarness.shot(page, "notices");
    }
  }

  @Test
  @DisplayName("the follower converts a lead whose private contact was made; it shows up among their opportunities")
  void leadsPage() {
    TestAgency agency = TestAgency.create(1);
    TestHttp.Response imported = http.send(HttpMethod.POST, "/api/v1/leads/import", agency.token(Role.MAIN),
        "name,type,priority,phone,contact,industry,company\n宁波某外贸,event,high,13900000001,陈先生,retail,宁波某外贸有限公司\n",
        MultiMap.caseInsensitiveMultiMap().add("Content-Type", "text/csv"));
    assertEquals(201, imported.status(), imported.toString());
    long lead = http.get("/api/v1/leads?scope=all", agency.token(Role.MAIN)).json().getJsonArray("items").getJsonObject(0).getLong("id");
    http.post("/api/v1/leads/" + lead + "/assign", agency.token(Role.MAIN), new JsonObject().put("staffId", agency.staffIds.get(Role.EMPLOYEE)));
    http.post("/api/v1/leads/" + lead + "/follow-ups", agency.token(Role.EMPLOYEE), new JsonObject().put("state", "valid").put("privateContact", true));
    try (BrowserContext ctx = harness.desktop()) {
      Page page = harness.signedIn(ctx, agency, Role.EMPLOYEE);
      page.navigate("/#/leads");
      assertThat(page.locator("[data-testid=leads-table] tbody tr")).hasCount(1);
      assertThat(page.locator("[data-testid=leads-table] tbody tr").first()).containsText("须转商机");
      page.click("button[data-act=convert]");
      page.fill("dialog input[name=concerns]", "预算审批");
      page.click("dialog button[type=submit]");
      assertThat(page.locator("[data-testid=leads-table] tbody tr").first()).containsText("完结");
      page.click("button[data-kind=opportunities]");
      assertThat(page.locator("[data-testid=opportunities-table] tbody tr")).hasCount(1);
      assertThat(page.locator("[data-testid=opportunities-table] tbody tr").first()).containsText("宁波某外贸有限公司");
      BrowserHarness.shot(page, "leads");
    }
  }
}
