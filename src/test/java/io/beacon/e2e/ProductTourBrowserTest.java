package io.beacon.e2e;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.beacon.Beacon;
import io.beacon.TestBeacon;
import io.beacon.TestHttp;
import io.beacon.demo.DemoData;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The product as each demo role meets it, in zh-CN: a Beacon of its own in demo mode (30 days of
 * history, a little live traffic) visited page by page and tab by tab at 1440×900 and 390×844, and the
 * wall board at 1920×1080 and 1280×720. Every view fails the test on text a person should never read
 * (identifiers in snake_case, camelCase or SCREAMING_CASE, JSON, NaN, undefined, null, [object …]),
 * on horizontal overflow, on clipped KPI figures, on console errors and on failed requests; the wall
 * board also on vertical scrolling. Screenshots of every view go to target/e2e/tour-*.png.
 */
class ProductTourBrowserTest {
  /** Text patterns a person should never read, with what they mean. */
  private static final Map<String, Pattern> MACHINE_TEXT = Map.of(
      "snake_case", Pattern.compile("\\b[a-z][a-z0-9]*_[a-z0-9_]+\\b"),
      "camelCase", Pattern.compile("\\b[a-z]+[A-Z][A-Za-z0-9]*\\b"),
      "SCREAMING_CASE", Pattern.compile("\\b[A-Z][A-Z0-9]+_[A-Z0-9_]+\\b"),
      "JSON", Pattern.compile("[{\\[]\\s*\"[^\"]+\"\\s*:"),
      "NaN / undefined / null / [object", Pattern.compile("\\bNaN\\b|\\bundefined\\b|\\bnull\\b|\\[object"));
  private static final List<String> ROLES = List.of("main@demo", "admin@demo", "staff@demo", "dedicated@demo", "multi@demo");

  private static Path dataDir;
  private static Beacon beacon;
  private static BrowserHarness harness;

  @BeforeAll
  static void demo() throws Exception {
    dataDir = Files.createTempDirectory("beacon-tour");
    beacon = Beacon.start(TestBeacon.config(Map.of("dataDir", dataDir.toString(), "storage.pgUrl", "", "storage.redisUrl", "",
        "demo.enabled", "true", "demo.historyDays", "30", "demo.simulateRate", "20")));
    harness = BrowserHarness.shared();
  }

  @AfterAll
  static void stop() {
    if (beacon != null) beacon.close();
    TestBeacon.deleteTree(dataDir);
  }

  /** What went wrong on one view. */
  private record Problems(List<String> list) {
    void add(String view, String what) { list.add(view + ": " + what); }
  }

  @Test
  @DisplayName("every page and tab, for every demo role, in zh-CN on a desktop and a phone: no machine text, overflow, clipped figures or errors")
  void tour() {
    Problems problems = new Problems(new ArrayList<>());
    for (String account : ROLES) {
      for (int[] size : new int[][] {{1440, 900}, {390, 844}}) {
        boolean phone = size[0] < 500;
        try (BrowserContext ctx = context(size[0], size[1], phone)) {
          Page page = signedIn(ctx, account);
          List<String> errors = watch(page);
          page.navigate(base() + "/#/");
          try {
            page.waitForSelector(".mainnav a", new Page.WaitForSelectorOptions()
                .setState(com.microsoft.playwright.options.WaitForSelectorState.ATTACHED).setTimeout(20_000));
          } catch (com.microsoft.playwright.TimeoutError e) {
            // an identity without a navigation (one page): visited as it opens
          }
          settle(page);
          List<String> pages = hrefs(page);
          if (pages.isEmpty()) pages = List.of("#/");
          for (String href : pages) {
            page.navigate(base() + "/" + href);
            settle(page);
            String view = account + " " + href + " " + size[0] + "x" + size[1];
            check(page, view, problems, errors);
            // every tab of the page (the tab bar stays; the body changes)
            Locator tabs = page.locator("main [role=tab], main [data-tab]");
            int n = tabs.count();
            for (int i = 1; i < n; i++) {
              Locator tab = page.locator("main [role=tab], main [data-tab]").nth(i);
              if (!tab.isVisible()) continue;
              tab.click();
              settle(page);
              check(page, view + " tab " + (i + 1), problems, errors);
            }
          }
          if (account.equals("main@demo")) extraViews(page, size, problems, errors);
        }
      }
    }
    assertTrue(problems.list().isEmpty(), problems.list().size() + " problems:\n" + String.join("\n", problems.list()));
  }

  @Test
  @DisplayName("the top bar fits every width from tablet to desktop in both languages: the navigation beside it, on its own row or (only where that row is too narrow) behind ☰, never scrolling sideways")
  void topBar() {
    Problems problems = new Problems(new ArrayList<>());
    for (String lang : List.of("zh-CN", "en")) {
      for (int width : new int[] {768, 1024, 1280, 1440}) {
        try (BrowserContext ctx = context(width, 900, false)) {
          Page page = signedIn(ctx, "main@demo", lang);
          List<String> errors = watch(page);
          page.navigate(base() + "/#/home");
          page.waitForSelector(".mainnav a", new Page.WaitForSelectorOptions()
              .setState(com.microsoft.playwright.options.WaitForSelectorState.ATTACHED).setTimeout(20_000));
          settle(page);
          String view = "top bar " + lang + " " + width;
          if ("zh-CN".equals(lang)) check(page, view, problems, errors);
          else page.screenshot(new Page.ScreenshotOptions().setPath(BrowserHarness.SHOTS.resolve("tour-top-bar-en-" + width + ".png")));
          // ☰ only where even a row of its own is too narrow for the links
          Boolean needless = (Boolean) page.evaluate("""
              (() => { const b = document.querySelector('.topbar'); if (!b.classList.contains('compact')) return false;
                       const n = b.querySelector('.mainnav'); b.classList.replace('compact', 'two-row');
                       const fits = n.scrollWidth <= n.clientWidth + 1; b.classList.replace('two-row', 'compact'); return fits; })()""");
          if (needless) problems.add(view, "the navigation hides behind ☰ although a row of its own would fit");
          if (page.locator(".topbar .menu-toggle").isVisible()) {
            page.click(".topbar .menu-toggle");
            if (page.locator(".mainnav a").count() != page.locator(".mainnav a:visible").count()) problems.add(view, "☰ does not show every page");
          }
        }
      }
    }
    assertTrue(problems.list().isEmpty(), String.join("\n", problems.list()));
  }

  @Test
  @DisplayName("the wall board fits a 1920×1080 and a 1280×720 screen without scrolling, with the same checks")
  void wallBoard() {
    Problems problems = new Problems(new ArrayList<>());
    for (int[] size : new int[][] {{1920, 1080}, {1280, 720}}) {
      try (BrowserContext ctx = context(size[0], size[1], false)) {
        Page page = signedIn(ctx, "main@demo");
        List<String> errors = watch(page);
        page.navigate(base() + "/#/wall");
        page.waitForSelector(".page-wall .kpi .value", new Page.WaitForSelectorOptions().setTimeout(30_000));
        settle(page);
        String view = "wall " + size[0] + "x" + size[1];
        check(page, view, problems, errors);
        Number height = (Number) page.evaluate("document.documentElement.scrollHeight");
        if (height.intValue() > size[1] + 1) problems.add(view, "the page is " + height + " px tall: a TV cannot scroll");
        Number tag = (Number) page.evaluate("(() => { const k = document.querySelector('.feed .kind'); return k ? parseFloat(getComputedStyle(k).fontSize) : 99; })()");
        if (tag.doubleValue() < size[1] / 60.0) problems.add(view, "alert tags of " + tag + " px are too small for a TV");
      }
    }
    assertTrue(problems.list().isEmpty(), String.join("\n", problems.list()));
  }

  /** Views behind a filter or a button: the data page with its date fields, mode and sort; finance's freeze dialog. */
  private static void extraViews(Page page, int[] size, Problems problems, List<String> errors) {
    java.time.LocalDate yesterday = java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).minusDays(1);
    String at = " " + size[0] + "x" + size[1];
    page.navigate(base() + "/#/data?range=custom&from=" + yesterday.minusDays(9) + "&to=" + yesterday + "&mode=search&sort=-ctr");
    settle(page);
    check(page, "main data custom range, mode and sort" + at, problems, errors);
    page.navigate(base() + "/#/finance");
    settle(page);
    page.click("button[data-act=freeze]");
    page.fill("dialog [data-picker-input=clientId]", "有限公司");
    page.waitForSelector("dialog .picker-results li[data-i]", new Page.WaitForSelectorOptions().setTimeout(10_000));
    check(page, "main finance freeze dialog" + at, problems, errors);
    page.keyboard().press("Escape");
  }

  // ---------------------------------------------------------------- checks

  private static void check(Page page, String view, Problems problems, List<String> errors) {
    String name = "tour-" + view.replaceAll("[^A-Za-z0-9]+", "-").replaceAll("-+$", "");
    try {
      Files.createDirectories(BrowserHarness.SHOTS);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    page.screenshot(new Page.ScreenshotOptions().setPath(BrowserHarness.SHOTS.resolve(name + ".png")));   // the screen as seen
    // visible text only, without what users type themselves (inputs) or codes shown as code
    String text = (String) page.evaluate("""
        (() => { const c = document.body.cloneNode(true);
                 c.querySelectorAll('code, script, style, [hidden], input, textarea, select option:not(:checked)').forEach(n => n.remove());
                 document.body.appendChild(c); c.style.position = 'absolute'; c.style.left = '-99999px';
                 const s = c.innerText; c.remove(); return s; })()""");
    for (Map.Entry<String, Pattern> p : MACHINE_TEXT.entrySet()) {
      Matcher m = p.getValue().matcher(text);
      if (m.find()) problems.add(view, p.getKey() + " in the text: «" + around(text, m.start()) + "»");
    }
    Number overflow = (Number) page.evaluate("document.documentElement.scrollWidth - window.innerWidth");
    if (overflow.intValue() > 1) problems.add(view, "horizontal overflow of " + overflow + " px");
    Object clipped = page.evaluate("""
        [...document.querySelectorAll('.kpi .value, .fin .value')].filter(v => v.scrollWidth > v.clientWidth + 1
            || v.getBoundingClientRect().right > v.closest('.card, .kpi').getBoundingClientRect().right + 1).map(v => v.textContent)""");
    if (clipped instanceof List<?> l && !l.isEmpty()) problems.add(view, "clipped KPI figures " + l);
    // the top bar never scrolls sideways: links that do not fit go on a row of their own or behind ☰
    Number hidden = (Number) page.evaluate("""
        (() => { const n = document.querySelector('.mainnav'); const b = document.querySelector('.topbar');
                 if (!b) return 0; const over = b.scrollWidth - b.clientWidth;
                 return Math.max(over, n && n.offsetParent ? n.scrollWidth - n.clientWidth : 0); })()""");
    if (hidden.intValue() > 1) problems.add(view, "the top bar scrolls sideways by " + hidden + " px");
    synchronized (errors) {
      errors.forEach(e -> problems.add(view, e));
      errors.clear();
    }
  }

  private static String around(String text, int at) {
    return text.substring(Math.max(0, at - 30), Math.min(text.length(), at + 40)).replace('\n', ' ');
  }

  /** Console errors, uncaught exceptions and failed requests of a page, as they happen. */
  private static List<String> watch(Page page) {
    List<String> errors = new ArrayList<>();
    page.onConsoleMessage(m -> {
      if ("error".equals(m.type())) synchronized (errors) { errors.add("console error: " + m.text()); }
    });
    page.onPageError(e -> { synchronized (errors) { errors.add("uncaught: " + e); } });
    page.onRequestFailed(r -> {
      // a navigation away cancels what the last page still loaded: not a failure a user sees
      if (!String.valueOf(r.failure()).contains("ERR_ABORTED")) synchronized (errors) { errors.add("request failed: " + r.url() + " " + r.failure()); }
    });
    page.onResponse(r -> {
      if (r.status() >= 400) synchronized (errors) { errors.add("HTTP " + r.status() + " " + r.request().method() + " " + r.url()); }
    });
    return errors;
  }

  /**
   * Waits until the page's requests have answered (the app marks the body aria-busy while any is out;
   * live traffic keeps re-reading figures, so "network idle" may never come) and charts have drawn.
   */
  private static void settle(Page page) {
    page.waitForLoadState(com.microsoft.playwright.options.LoadState.DOMCONTENTLOADED);
    page.waitForTimeout(300);
    try {
      page.waitForFunction("document.body.getAttribute('aria-busy') !== 'true' && !document.querySelector('main [aria-busy=true]')",
          null, new Page.WaitForFunctionOptions().setTimeout(10_000));
    } catch (com.microsoft.playwright.TimeoutError e) {
      // still loading after 10 s: the checks below see what a user would see then
    }
    page.waitForTimeout(400);
  }

  @SuppressWarnings("unchecked")
  private static List<String> hrefs(Page page) {
    Set<String> out = new LinkedHashSet<>();
    for (Object h : (List<Object>) page.locator(".mainnav a").evaluateAll("as => as.map(a => a.getAttribute('href'))")) out.add(String.valueOf(h));
    return new ArrayList<>(out);
  }

  // ---------------------------------------------------------------- sessions

  private static BrowserContext context(int width, int height, boolean phone) {
    Browser.NewContextOptions o = new Browser.NewContextOptions().setViewportSize(width, height).setLocale("zh-CN");
    if (phone) o.setDeviceScaleFactor(2).setIsMobile(true).setHasTouch(true);
    return harness.browser.newContext(o);
  }

  /** Signed in through the REST login; multi@demo takes its client identity (the advertiser's view). */
  private static Page signedIn(BrowserContext ctx, String account) { return signedIn(ctx, account, "zh-CN"); }

  private static Page signedIn(BrowserContext ctx, String account, String lang) {
    TestHttp http = new TestHttp(base());
    TestHttp.Response r = http.post("/api/v1/auth/login", null, new JsonObject().put("account", account).put("password", DemoData.PASSWORD));
    assertEquals(200, r.status(), account + ": " + r);
    JsonObject tokens = r.json();
    if (tokens.containsKey("identities")) {
      JsonArray ids = tokens.getJsonArray("identities");
      JsonObject client = ids.stream().map(JsonObject.class::cast).filter(i -> "client".equals(i.getString("kind"))).findFirst().orElseThrow();
      TestHttp.Response picked = http.post("/api/v1/auth/identity", null, new JsonObject()
          .put("selectionToken", tokens.getString("selectionToken")).put("identityId", client.getLong("id")));
      assertEquals(200, picked.status(), picked.toString());
      tokens = picked.json();
    }
    JsonObject session = new JsonObject().put("accessToken", tokens.getString("accessToken")).put("refreshToken", tokens.getString("refreshToken"));
    ctx.addInitScript("localStorage.setItem('beacon.session', " + BrowserHarness.quote(session.encode()) + "); localStorage.setItem('beacon.lang', '" + lang + "');");
    return ctx.newPage();
  }

  private static String base() { return "http://localhost:" + beacon.port(); }
}
