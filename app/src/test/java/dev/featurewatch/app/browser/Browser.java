package dev.featurewatch.app.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurewatch.testing.TestServices;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * A real browser for tests: Debian's Chromium, headless, driven through Debian's ChromeDriver with
 * Selenium (the paths come from {@link TestServices}; Selenium never downloads a browser or a
 * driver). It collects the page's console messages and keeps screenshots under {@code
 * target/screenshots}.
 *
 * <pre>{@code
 * try (Browser browser = Browser.start()) {
 *   browser.open(page.toUri().toString());
 *   assertThat(browser.consoleErrors()).isEmpty();
 *   browser.screenshot("drift-report");
 * }
 * }</pre>
 */
public final class Browser implements AutoCloseable {

  /** Where screenshots go: the module's build folder. */
  public static final Path SCREENSHOTS = Paths.get("target", "screenshots").toAbsolutePath();

  private final ChromeDriver driver;
  private final Path profile;

  private Browser(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  /** Starts a headless Chromium with an empty profile; fails loudly when none is installed. */
  public static Browser start() {
    Path profile;
    try {
      profile = Files.createTempDirectory("featurewatch-chromium");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(TestServices.chromedriver().toFile())
            .usingAnyFreePort()
            .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(TestServices.chromium().toFile());
    // the flags this machine needs: no sandbox as root, and no calls home, which its closed
    // network refuses (see the environment notes)
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,1800",
        "--user-data-dir=" + profile);
    LoggingPreferences logging = new LoggingPreferences();
    logging.enable(LogType.BROWSER, Level.ALL);
    options.setCapability(ChromeOptions.LOGGING_PREFS, logging);
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    return new Browser(driver, profile);
  }

  /** Opens a URL and waits for the page to load. */
  public void open(String url) {
    driver.get(url);
  }

  /** The driver, for what this class does not wrap. */
  public ChromeDriver driver() {
    return driver;
  }

  /** The elements matching a CSS selector. */
  public List<WebElement> all(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  /** The console's errors since the last call: uncaught exceptions, failed loads, console.error. */
  public List<String> consoleErrors() {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
        .map(LogEntry::toString)
        .toList();
  }

  /**
   * Checks that every chart on the page is drawn: at least {@code atLeast} SVG charts, each with
   * marks of a size (a bar, a line or a cell), not an empty frame.
   */
  public void assertChartsDrawn(int atLeast) {
    List<WebElement> charts = all("svg.fw-chart");
    assertThat(charts)
        .as("charts on %s", driver.getCurrentUrl())
        .hasSizeGreaterThanOrEqualTo(atLeast);
    for (WebElement chart : charts) {
      Object marks =
          driver.executeScript(
              "return [...arguments[0].querySelectorAll('rect, polyline, polygon, circle')]"
                  + ".filter(m => { const b = m.getBBox(); return b.width > 0 && b.height > 0"
                  + " || m.tagName === 'polyline'; }).length",
              chart);
      assertThat(((Number) marks).intValue())
          .as("marks drawn in chart '%s'", chart.getAttribute("aria-label"))
          .isPositive();
      assertThat(chart.getSize().getWidth()).isPositive();
    }
  }

  /**
   * Saves a screenshot of the whole page as {@code target/screenshots/NAME.png} (the window grown
   * to the page's height first); returns its path.
   */
  public Path screenshot(String name) {
    Number height = (Number) driver.executeScript("return document.documentElement.scrollHeight");
    driver.manage().window().setSize(new Dimension(1280, Math.min(16_000, height.intValue() + 40)));
    try {
      Files.createDirectories(SCREENSHOTS);
      Path target = SCREENSHOTS.resolve(name + ".png");
      Path taken = driver.getScreenshotAs(OutputType.FILE).toPath();
      Files.move(taken, target, StandardCopyOption.REPLACE_EXISTING);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      deleteQuietly(profile);
    }
  }

  private static void deleteQuietly(Path directory) {
    try (var paths = Files.walk(directory)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      // a profile left in the test temp folder, which test-all.sh empties at each run
    }
  }
}
