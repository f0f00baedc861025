package dev.featurewatch.app.repo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurewatch.app.Cli;
import dev.featurewatch.app.browser.Browser;
import dev.featurewatch.app.demo.DemoScenario;
import dev.featurewatch.modelregistry.LocalModelRegistry;
import dev.featurewatch.monitoring.writeback.MonitoringTags;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.WebElement;

/**
 * {@code featurewatch demo}, the README's first command: drift is found on exactly the features the
 * scenario moves, the performance drop with it, and both are written to the model version.
 */
class DemoCommandIT {

  private static final List<String> STABLE =
      List.of(
          "age",
          "debt_ratio",
          "credit_lines",
          "late_payments",
          "loan_amount",
          "term_months",
          "account_age_days",
          "home_ownership",
          "region");

  @TempDir Path dir;

  @Test
  void theDemoFindsTheDriftedFeaturesAndNoOtherAndWritesItsVerdictBack() {
    Cli demo = Cli.run("demo", "--dir", dir.toString(), "--start", "2026-11-02T09:00:00Z");

    assertThat(demo.exitCode()).as(demo.err()).isZero();
    String out = demo.out();
    assertThat(out).contains("loan_champion: loan-default version 1, 24 windows {DRIFT=12, OK=12}");
    for (String feature : DemoScenario.DRIFTING) {
      // the drift starts at 10:00: found in the first window after it
      assertThat(out)
          .contains(
              String.format("%-24s drifted from the window ending 2026-11-02T10:05:00Z", feature));
    }
    List<String> drifted =
        out.lines()
            .filter(line -> line.contains("drifted from the window ending"))
            .map(line -> line.strip().split(" ")[0])
            .toList();
    assertThat(drifted)
        .containsExactlyInAnyOrder("income", "utilization", "employment_type", "prediction")
        .doesNotContainAnyElementsOf(STABLE);
    assertThat(out).contains("degraded from the window ending 2026-11-02T10:05:00Z");
    // the pipeline computed the applicants' activity from the same prediction events
    assertThat(out).containsPattern("applicant_activity +[1-9][0-9]* rows online");
    Map<String, String> tags =
        new LocalModelRegistry(dir.resolve(".featurewatch/models"))
            .version(DemoScenario.MODEL, "1")
            .tags();
    assertThat(tags)
        .containsEntry(MonitoringTags.STATUS, MonitoringTags.DEGRADED)
        .containsEntry(MonitoringTags.DRIFTED_FEATURES, String.join(",", DemoScenario.DRIFTING));

    // the run's history as a page, opened in a real browser
    Path report = dir.resolve("report.html");
    assertThat(out)
        .contains("7. the monitoring history of loan_champion as a page: " + report.toUri());
    try (Browser browser = Browser.start()) {
      browser.open(report.toUri().toString());
      // the drift heatmap, prediction drift, seven metrics and label coverage
      browser.assertChartsDrawn(10);
      List<String> rows =
          browser.all("svg.fw-chart[aria-label='drift by feature and window'] text").stream()
              .map(WebElement::getText)
              .toList();
      assertThat(rows).contains("income", "prediction", "multivariate");
      assertThat(browser.all("table.changes tbody tr")).hasSizeGreaterThanOrEqualTo(2);
      assertThat(browser.all("table.quality tbody tr")).hasSize(12);
      browser.all("#versions a").get(0).click();
      assertThat(browser.driver().getCurrentUrl()).endsWith("#version-loan-default-1");
      assertThat(browser.consoleErrors()).isEmpty();
      browser.screenshot("history-report");
    }
  }

  @Test
  void withPrometheusTheDriftAlertsFireAndComeBackToTheModelVersion() throws Exception {
    List<String> expected = new ArrayList<>();
    DemoScenario.DRIFTING.forEach(f -> expected.add("FeatureDriftSustained." + f));
    try (CommandProcess demo =
        CommandProcess.start(
            Map.of(),
            Pattern.compile("featurewatch.alerts.firing +(.*)$"),
            "demo",
            "--dir",
            dir.toString(),
            "--with-prometheus")) {
      List<String> firing = List.of(demo.ready().group(1).split(", "));

      // the demo waits for the three drift alerts; the others may or may not have come yet
      assertThat(firing).as(demo.output()).containsAll(expected);
      assertThat(firing)
          .allSatisfy(
              alert ->
                  assertThat(alert)
                      .isIn(
                          "FeatureDriftSustained.income",
                          "FeatureDriftSustained.utilization",
                          "FeatureDriftSustained.employment_type",
                          "PredictionDrift",
                          "ModelPerformanceDegraded",
                          // before the degraded page inhibits it, or once it is resolved
                          "ModelPerformanceChange"));
      assertThat(demo.output()).contains("watch them fire at http://localhost:");
      assertThat(demo.terminate()).isEqualTo(143);
    }
    // Prometheus and Alertmanager went with it
    assertThat(
            ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains(dir.toString())))
        .isEmpty();
  }
}
