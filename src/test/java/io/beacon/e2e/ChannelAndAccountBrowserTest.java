package io.beacon.e2e;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.beacon.TestAgency;
import io.beacon.TestHttp;
import io.beacon.accounts.ClientLogin;
import io.beacon.auth.OperatorKey;
import io.beacon.auth.Role;
import io.beacon.home.SpendSeed;
import io.beacon.tickets.DeskFixtures;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.beacon.home.SpendSeed.at;
import static org.junit.jupiter.api.Assertions.assertEquals;

@DisplayName("Channel cooperation and account pages in headless Chromium")
class ChannelAndAccountBrowserTest {
  private final BrowserHarness harness = BrowserHarness.shared();
  private final TestHttp http = TestHttp.shared();

  private void operator(HttpMethod method, String path, JsonObject body) {
    TestHttp.Response r = http.send(method, path, null, body, MultiMap.caseInsensitiveMultiMap().add(OperatorKey.HEADER, DeskFixtures.operatorKey()));
    if (r.status() >= 300) throw new AssertionError(path + ": " + r);
  }

  private static Page signedInAs(BrowserContext ctx, JsonObject tokens) {
    JsonObject session = new JsonObject().put("accessToken", tokens.getString("accessToken")).put("refreshToken", tokens.getString("refreshToken"));
    ctx.addInitScript("localStorage.setItem('beacon.session', " + BrowserHarness.quote(session.encode()) + ");");
    return ctx.newPage();
  }

  @Test
  @DisplayName("main account: performance indicators, health score and tasks (one marked done); English labels; employees have no channel page")
  void channelPages() {
    TestAgency agency = TestAgency.create(3);
    LocalDate today = SpendSeed.today();
    new SpendSeed(agency.id).spend(agency.clients.get(0), at(today.withDayOfMonth(1), 10), "billing", "smart", false, 10_000, 300, 1_234_500, 12)
        .spend(agency.clients.get(1), at(today.withDayOfMonth(1), 11), "billing", "search", false, 5_000, 100, 765_500, 3);
    String quarter = today.getYear() + "Q" + ((today.getMonthValue() - 1) / 3 + 1);
    operator(HttpMethod.PUT, "/api/v1/operator/partner/indicators", new JsonObject().put("agencyId", agency.id).put("period", quarter)
        .put("code", "spend").put("name", "季度消耗").put("unit", "fen").put("target", 1_000_000));
    operator(HttpMethod.PUT, "/api/v1/operator/partner/indicators", new JsonObject().put("agencyId", agency.id).put("period", quarter)
        .put("code", "active_clients").put("name", "有消耗客户数").put("unit", "clients").put("target", 5));
    operator(HttpMethod.POST, "/api/v1/operator/partner/deductions", new JsonObject().put("agencyId", agency.id).put("behaviour", "promotion")
        .put("occurredOn", today.toString()).put("rule", "素材违规：夸大宣传用语").put("points", 8).put("evidence", "审核记录"));
    operator(HttpMethod.POST, "/api/v1/operator/partner/inspections", new JsonObject().put("agencyId", agency.id).put("name", "资质巡检")
        .put("periodFrom", today.minusDays(10).toString()).put("periodTo", today.toString()).put("status", "running"));
    operator(HttpMethod.POST, "/api/v1/operator/partner/tasks", new JsonObject().put("kind", "product_release").put("title", "全域智投新功能邀测")
        .put("body", "欢迎参与内测").put("deadline", OffsetDateTime.now(ZoneOffset.ofHours(8)).plusDays(5).withNano(0).toString())
        .put("target", new JsonObject().put("scope", "agencies").put("agencyIds", new JsonArray().add(agency.id))));

    try (BrowserContext ctx = harness.desktop()) {
      Page page = harness.signedIn(ctx, agency, Role.MAIN);
      page.navigate("/#/partner");
      assertThat(page.locator("a[href='#/partner']")).hasText("渠道合作");
      assertThat(page.locator("[data-testid=indicators] tbody tr")).hasCount(2);
      assertThat(page.locator("[data-testid=indicators] tr[data-code=spend]")).containsText("达标");
      assertThat(page.locator("[data-testid=indicators] tr[data-code=active_clients]")).containsText("考核中");
      assertThat(page.locator("[data-testid=partner-clients] tbody tr")).hasCount(2);
      BrowserHarness.shot(page, "partner-performance");
      page.click("[data-tab=health]");
      assertThat(page.locator("[data-testid=health-scores] [data-score=promotion] .value")).hasText("92");
      assertThat(page.locator("[data-testid=deductions] tbody")).containsText("夸大宣传");
      assertThat(page.locator("[data-testid=inspections] tbody")).containsText("巡检中");
      BrowserHarness.shot(page, "partner-health");
      page.click("[data-tab=tasks]");
      Locator task = page.locator("[data-testid=partner-tasks] tbody tr", new Page.LocatorOptions().setHasText("全域智投新功能邀测"));
      assertThat(task).containsText("未读");
      task.locator("[data-act=complete]").click();
      assertThat(task).containsText("已完成");
      BrowserHarness.shot(page, "partner-tasks");
    }
    try (BrowserContext ctx = harness.desktop()) {
      ctx.addInitScript("localStorage.setItem('beacon.lang', 'en');");
      Page page = harness.signedIn(ctx, agency, Role.ADMIN);
      page.navigate("/#/partner");
      assertThat(page.locator("a[href='#/partner']")).hasText("Channel");
      assertThat(page.locator("[data-testid=indicators] tr[data-code=spend]")).containsText("Met");
      BrowserHarness.shot(page, "partner-performance-en");
    }
    try (BrowserContext ctx = harness.desktop()) {
      Page page = harness.signedIn(ctx, agency, Role.EMPLOYEE);
      page.navigate("/#/account");
      assertThat(page.locator("[data-tab=profile]")).hasCount(1);
      assertEquals(0, page.locator("a[href='#/partner']").count());
    }
  }

  @Test
  @DisplayName("an invitation accepted and an asset request refused in the client's own view show up live on the agency's account page and in its message center")
  void authorisationsLive() {
    TestAgency agency = TestAgency.create(2);
    operator(HttpMethod.PUT, "/api/v1/operator/agencies/" + agency.id + "/account", new JsonObject().put("approvalStatus", "approved")
        .put("certificationStatus", "certified").put("merchantTag", "金牌服务商").put("alipayAccount", "agency@alipay.test"));
    try (BrowserContext agencyCtx = harness.desktop(); BrowserContext clientCtx = harness.desktop()) {
      Page page = harness.signedIn(agencyCtx, agency, Role.MAIN);
      page.navigate("/#/account");
      assertThat(page.locator("[data-testid=account-info]")).containsText("金牌服务商");
      BrowserHarness.shot(page, "account-info");
      page.click("[data-tab=clients]");
      page.click("[data-act=invite]");
      String pid = "e2e" + agency.id;
      page.fill("dialog input[name=name]", "浏览器受邀客户");
      page.fill("dialog input[name=pid]", pid);
      page.fill("dialog input[name=email]", pid + "@example.test");
      page.click("dialog button[type=submit]");
      Locator invited = page.locator("[data-testid=client-authorizations] tbody tr", new Page.LocatorOptions().setHasText("浏览器受邀客户"));
      assertThat(invited).containsText("待授权");
      long clientId = Long.parseLong(invited.getAttribute("data-client"));

      Page client = signedInAs(clientCtx, ClientLogin.tokens(agency, clientId));
      client.navigate("/#/account?tab=consent");
      assertThat(client.locator("[data-testid=invitation]")).containsText(agency.name);
      BrowserHarness.shot(client, "client-consent-invitation");
      client.click("[data-testid=invitation] [data-act=accept]");
      assertThat(client.locator("[data-testid=invitation]")).containsText("已授权");
      // the agency's page, untouched, shows the acceptance pushed live
      assertThat(invited).containsText("已授权");
      BrowserHarness.shot(page, "account-clients-live");

      for (String asset : new String[] {"lead_data", "audience_upload"}) {
        TestHttp.Response r = http.post("/api/v1/asset-authorizations", agency.token(Role.MAIN),
            new JsonObject().put("clientId", clientId).put("asset", asset).put("note", "e2e " + asset));
        assertEquals(201, r.status(), r::toString);
      }
      page.click("[data-tab=assets]");
      Locator audience = page.locator("[data-testid=asset-authorizations] tbody tr", new Page.LocatorOptions().setHasText("api上传人群数据"));
      assertThat(audience).containsText("待确认");
      client.reload();
      Locator own = client.locator("[data-testid=own-asset-requests] tbody tr", new Page.LocatorOptions().setHasText("api上传人群数据"));
      own.locator("[data-act=deny]").click();
      client.fill("dialog input[name=reason]", "暂不开放人群数据");
      client.click("dialog button[type=submit]");
      assertThat(own).containsText("已拒绝");
      BrowserHarness.shot(client, "client-consent-assets");
      assertThat(audience).containsText("已拒绝");
      assertThat(audience).containsText("暂不开放人群数据");
      BrowserHarness.shot(page, "account-assets-live");

      page.navigate("/#/notices");
      assertThat(page.locator("body")).containsText("Asset request refused");
      assertThat(page.locator("body")).containsText("Client accepted the invitation");
      BrowserHarness.shot(page, "account-notices");
    }
  }

  @Test
  @DisplayName("lead detail: from the list to the whole history (import, assignment, call, follow-up, conversion) and on to the opportunity")
  void leadDetail() {
    TestAgency agency = TestAgency.create(1);
    TestHttp.Response imported = http.send(HttpMethod.POST, "/api/v1/leads/import", agency.token(Role.MAIN),
        "name,type,priority,phone,contact,industry,company\n详情测试教育,event,high,13800000009,王先生,education,详情测试教育有限公司\n",
        MultiMap.caseInsensitiveMultiMap().add("Content-Type", "text/csv"));
    assertEquals(201, imported.status(), imported::toString);
    long lead = http.get("/api/v1/leads?scope=all", agency.token(Role.MAIN)).json().getJsonArray("items").getJsonObject(0).getLong("id");
    String employee = agency.token(Role.EMPLOYEE);
    assertEquals(200, http.post("/api/v1/leads/" + lead + "/assign", agency.token(Role.MAIN), new JsonObject().put("staffId", agency.staffIds.get(Role.EMPLOYEE))).status());
    assertEquals(200, http.post("/api/v1/leads/" + lead + "/calls", employee, new JsonObject().put("outcome", "connected").put("durationSeconds", 60)).status());
    assertEquals(200, http.post("/api/v1/leads/" + lead + "/follow-ups", employee, new JsonObject().put("state", "valid").put("privateContact", true)
        .put("note", "加了微信")).status());
    assertEquals(201, http.post("/api/v1/leads/" + lead + "/convert", employee, new JsonObject().put("intentLevel", "high")).status());
    try (BrowserContext ctx = harness.desktop()) {
      Page page = harness.signedIn(ctx, agency, Role.EMPLOYEE);
      page.navigate("/#/leads");
      page.click("[data-testid=detail-link]");
      Locator history = page.locator("[data-testid=lead-history] li");
      assertThat(history).hasCount(5);
      assertThat(history.nth(1)).containsText("分配给");
      assertThat(history.nth(3)).containsText("加了微信");
      assertThat(history.nth(4)).containsText("转为商机");
      BrowserHarness.shot(page, "lead-detail");
      page.click("text=查看商机");
      assertThat(page.locator("h1")).containsText("商机详情");
      assertThat(page.locator("[data-testid=lead-history] li")).hasCount(5);
    }
  }
}
