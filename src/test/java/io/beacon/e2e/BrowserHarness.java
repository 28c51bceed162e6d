package io.beacon.e2e;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import io.beacon.TestAgency;
import io.beacon.TestBeacon;
import io.beacon.TestHttp;
import io.beacon.auth.Role;
import io.vertx.core.json.JsonObject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Debian's headless Chromium driven by Playwright for Java, against the shared test Beacon. No browser
 * is downloaded: Chromium comes from {@code /usr/bin/chromium} (installed by .ci/run). Screenshots go
 * to {@code target/e2e/}.
 */
final class BrowserHarness implements AutoCloseable {
  static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("BEACON_CHROMIUM", "/usr/bin/chromium"));
  static final Path SHOTS = Path.of("target", "e2e");

  private static BrowserHarness shared;

  final Playwright playwright;
  final Browser browser;
  final String baseUrl;

  /** One Chromium for every browser test of this JVM, like {@link TestBeacon#shared()}; closed at exit. */
  static synchronized BrowserHarness shared() {
    if (shared == null) {
      PlaywrightAssertions.setDefaultAssertionTimeout(15_000);
      shared = new BrowserHarness();
      Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "chromium-shutdown"));
    }
    return shared;
  }

  private BrowserHarness() {
    if (!Files.isExecutable(CHROMIUM)) {
      throw new IllegalStateException(CHROMIUM + " is missing: apt-get install -y chromium fonts-noto-cjk (see .ci/run)");
    }
    baseUrl = TestBeacon.baseUrl();
    playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
        .setExecutablePath(CHROMIUM)
        .setHeadless(true)
        .setArgs(List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run")));
  }

  BrowserContext desktop() {
    return browser.newContext(new Browser.NewContextOptions().setViewportSize(1440, 900).setBaseURL(baseUrl));
  }

  BrowserContext phone() {
    return browser.newContext(new Browser.NewContextOptions().setViewportSize(375, 740).setDeviceScaleFactor(2)
        .setIsMobile(true).setHasTouch(true).setBaseURL(baseUrl));
  }

  /** A page already signed in as {@code role} of {@code agency} (tokens from the REST login put in the session). */
  Page signedIn(BrowserContext context, TestAgency agency, Role role) {
    JsonObject tokens = agency.login(agency.accounts.get(role));
    JsonObject session = new JsonObject().put("accessToken", tokens.getString("accessToken")).put("refreshToken", tokens.getString("refreshToken"));
    context.addInitScript("localStorage.setItem('beacon.session', " + quote(session.encode()) + ");");
    return context.newPage();
  }

  static String quote(String s) { return new JsonObject().put("s", s).encode().replaceFirst("^\\{\"s\":", "").replaceFirst("}$", ""); }

  static void shot(Page page, String name) {
    try {
      Files.createDirectories(SHOTS);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve(name + ".png")).setFullPage(true));
  }

  /** An ingest key of the agency, through the API (main account). */
  static String ingestKey(TestAgency agency) {
    TestHttp.Response r = TestHttp.shared().post("/api/v1/ingest-keys", agency.token(Role.MAIN), new JsonObject().put("name", "e2e"));
    if (r.status() != 201) throw new AssertionError("ingest key: " + r);
    return r.json().getString("key");
  }

  @Override
  public void close() {
    browser.close();
    playwright.close();
  }
}
