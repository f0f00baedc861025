package dev.featurewatch.app.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurewatch.app.Cli;
import dev.featurewatch.app.browser.Browser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * {@code featurewatch drift --format html} opened in a real browser (headless Chromium): the page
 * draws a chart per feature, from raw reference data and from a baseline's profiles, its table
 * sorts, its links lead to the features, and the console shows no error.
 */
class DriftReportBrowserIT {

  private static Browser browser;

  @TempDir Path dir;

  @BeforeAll
  static void startBrowser() {
    browser = Browser.start();
  }

  @AfterAll
  static void stopBrowser() {
    if (browser != null) {
      browser.close();
    }
  }

  @Test
  void theReportFromRawDataDrawsEveryFeatureSortsAndLinks() throws Exception {
    Path page = report("--reference", Cli.example("reference.csv"));
    // self-contained: nothing linked or sourced, and the page's policy forbids any fetch
    assertThat(Files.readString(page))
        .doesNotContain("<link", " src=")
        .contains("default-src 'none'");

    browser.open(page.toUri().toString());

    List<WebElement> rows = browser.all("#features tbody tr");
    assertThat(rows).hasSize(7);
    browser.assertChartsDrawn(7);
    assertThat(browser.all("section.card")).hasSize(7);
    // drifted first, in the table and in the cards
    assertThat(browser.all("section.card").get(0).getAttribute("class")).contains("drifted");
    assertThat(browser.all("section.card.drifted")).hasSize(3);

    // sorting by score puts the rows in score order, then reverses
    WebElement score = header("score");
    score.click();
    assertThat(scores()).isSorted();
    score.click();
    List<Double> descending = scores();
    assertThat(descending.get(0)).isGreaterThanOrEqualTo(descending.get(descending.size() - 1));
    assertThat(score.getAttribute("aria-sort")).isEqualTo("descending");

    // a drifted feature's link leads to its card
    WebElement link = browser.driver().findElement(By.cssSelector("#summary a"));
    String feature = link.getText();
    link.click();
    assertThat(browser.driver().getCurrentUrl()).endsWith("#feature-" + feature);

    assertThat(browser.consoleErrors()).isEmpty();
    assertThat(browser.screenshot("drift-report")).isRegularFile();
  }

  @Test
  void theReportFromABaselineDrawsTheProfilesBins() throws Exception {
    Path baseline = dir.resolve("baseline.json");
    Cli made =
        Cli.run("baseline", "--input", Cli.example("reference.csv"), "--out", baseline.toString());
    assertThat(made.exitCode()).as(made.err()).isZero();
    Path page = report("--baseline", baseline.toString());

    browser.open(page.toUri().toString());

    assertThat(browser.all("#features tbody tr")).hasSize(7);
    browser.assertChartsDrawn(7);
    assertThat(browser.driver().findElement(By.tagName("p")).getText()).contains("baseline");
    assertThat(browser.consoleErrors()).isEmpty();
    browser.screenshot("drift-report-baseline");
  }

  /** The HTML report of the example's current data against {@code reference}, in a file. */
  private Path report(String referenceOption, String reference) {
    Path page = dir.resolve(referenceOption.substring(2) + "-report.html");
    Cli cli =
        Cli.run(
            "drift",
            referenceOption,
            reference,
            "--current",
            Cli.example("current.csv"),
            "--format",
            "html",
            "--out",
            page.toString());
    assertThat(cli.exitCode()).as(cli.err()).isZero();
    assertThat(cli.out()).isEmpty();
    assertThat(cli.err()).contains("wrote the drift report to " + page);
    return page;
  }

  private static WebElement header(String name) {
    return browser.all("#features thead th").stream()
        .filter(th -> th.getText().strip().startsWith(name))
        .findFirst()
        .orElseThrow();
  }

  private static List<Double> scores() {
    List<Double> scores = new ArrayList<>();
    for (WebElement row : browser.all("#features tbody tr")) {
      scores.add(
          Double.valueOf(row.findElements(By.tagName("td")).get(3).getAttribute("data-value")));
    }
    return scores;
  }
}
