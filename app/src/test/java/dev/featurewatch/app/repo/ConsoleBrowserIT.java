package dev.featurewatch.app.repo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurewatch.alerting.receiver.AlertTags;
import dev.featurewatch.app.Cli;
import dev.featurewatch.app.browser.Browser;
import dev.featurewatch.drift.performance.PerformanceMetric;
import dev.featurewatch.modelregistry.LocalModelRegistry;
import dev.featurewatch.modelregistry.ModelRegistry;
import dev.featurewatch.monitoring.result.FeatureResult;
import dev.featurewatch.monitoring.result.MonitoringResult;
import dev.featurewatch.monitoring.result.PerformanceResult;
import dev.featurewatch.monitoring.result.ResultJson;
import dev.featurewatch.monitoring.writeback.MonitoringTags;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The web console of {@code featurewatch serve} in a real browser (headless Chromium): the example
 * repository applied twice, a model version with the monitoring job's and the alert receiver's
 * tags, and twelve windows of results in which two features drift from the seventh on. Every page
 * opens from the navigation or a link, draws its charts, and logs no error; screenshots go to
 * {@code target/screenshots/console-*.png}. With tokens configured, the console's data needs one.
 */
class ConsoleBrowserIT {

  private static final String MODEL = "driver-ranking";
  private static final Instant START = Instant.parse("2026-12-01T10:00:00Z");
  private static final List<String> FEATURES = List.of("conv_rate", "acc_rate", "rating");
  private static final String READER = "console-reader-secret-0123456789";

  @TempDir static Path repo;

  private static Browser browser;
  private static ServeProcess server;

  @BeforeAll
  static void serveTheExampleWithHistory() throws Exception {
    ExampleRepository.copyTo(repo);
    apply();
    // version 2: the drivers' hourly stats live longer
    Path drivers = repo.resolve("drivers.yaml");
    Files.writeString(drivers, Files.readString(drivers).replaceFirst("ttl: 1d", "ttl: 2d"));
    apply();

    ModelRegistry models = new LocalModelRegistry(repo.resolve(".featurewatch/models"));
    String version = models.createVersion(MODEL, "", "", "ranking, trained in November").version();
    models.setAlias(MODEL, "champion", version);
    Map.of(
            MonitoringTags.STATUS,
            "drift",
            MonitoringTags.DRIFTED_FEATURES,
            "conv_rate,acc_rate",
            MonitoringTags.WORST_DRIFT,
            "conv_rate psi=0.41 threshold=0.2 fixed",
            MonitoringTags.LAST_WINDOW,
            START.plus(Duration.ofMinutes(60)).toString(),
            MonitoringTags.MONITOR,
            "ranking_champion",
            MonitoringTags.PERFORMANCE,
            "roc_auc=0.7120 accuracy=0.6900",
            MonitoringTags.LABEL_COVERAGE,
            "0.84",
            AlertTags.PREFIX + "FeatureDriftSustained.conv_rate",
            "firing since 2026-12-01T10:45:00Z: conv_rate drifted in 3 windows in a row",
            AlertTags.FIRING,
            "FeatureDriftSustained.conv_rate")
        .forEach((key, value) -> models.setTag(MODEL, version, key, value));
    writeResults(repo.resolve(".featurewatch/results"), version);

    server = ServeProcess.start(repo, Map.of(), "--port", "0");
    browser = Browser.start();
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void everyPageOpensFromTheNavigationDrawsItsChartsAndLogsNoError() {
    browser.open(server.url().resolve("/ui").toString());
    assertThat(browser.driver().getCurrentUrl()).endsWith("/ui/");
    awaitPage("#/");
    assertThat(text("h1")).isEqualTo("featurewatch");
    assertThat(browser.all("#models tbody tr")).hasSize(1);
    assertThat(browser.all("#models .verdict.drift")).hasSize(1);
    assertThat(browser.all("#metrics-links a").get(0).getAttribute("href")).endsWith("/metrics");
    noErrors("console-overview");

    navigate("feature views", "#/views");
    assertThat(browser.all("#views tbody tr")).hasSizeGreaterThanOrEqualTo(3);
    click("#views a[href='#/views/driver_hourly_stats']", "#/views/driver_hourly_stats");
    assertThat(text("h1")).isEqualTo("Feature view driver_hourly_stats");
    assertThat(browser.all("#schema tbody tr")).hasSizeGreaterThanOrEqualTo(3);
    assertThat(text("dl.facts")).contains("ttl\n2d");
    noErrors("console-view");

    navigate("entities", "#/entities");
    assertThat(browser.all("#entities tbody tr")).isNotEmpty();
    noErrors("console-entities");
    navigate("sources", "#/sources");
    assertThat(browser.all("#sources tbody tr")).isNotEmpty();
    noErrors("console-sources");
    navigate("services", "#/services");
    assertThat(browser.all("#services tbody tr")).isNotEmpty();
    noErrors("console-services");
    navigate("monitors", "#/monitors");
    assertThat(text("#monitors tbody")).contains("ranking_champion", "@champion", "5m");
    noErrors("console-monitors");

    navigate("versions", "#/versions");
    assertThat(browser.all("#versions tbody tr")).hasSize(2);
    click("#versions a[href='#/versions/1']", "#/versions/1");
    assertThat(text("h1")).isEqualTo("Registry version 1");
    noErrors("console-version");
    navigate("versions", "#/versions");
    browser.driver().findElement(By.id("diff-go")).click();
    awaitPage("#/diff/1/2");
    assertThat(text("h1")).isEqualTo("Version 1 → version 2");
    assertThat(text("section.card.diff")).contains("driver_hourly_stats", "ttl_seconds 1d 2d");
    noErrors("console-diff");

    navigate("model health", "#/models");
    click("#models a", "#/models/" + MODEL + "/1");
    assertThat(text("h1")).isEqualTo(MODEL + " version 1");
    assertThat(text("#health")).contains("drift", "conv_rate, acc_rate", "FeatureDriftSustained");
    // the heatmap, the prediction's drift, the performance and the label coverage
    browser.assertChartsDrawn(4);
    assertThat(browser.all("#drift-heatmap rect")).hasSize(FEATURES.size() * 12);
    assertThat(browser.all("#performance polygon.band")).hasSize(1);
    assertThat(browser.all("#alerts .verdict.firing")).hasSize(1);
    noErrors("console-model");

    browser.driver().navigate().back();
    awaitPage("#/models");
    assertThat(text("h1")).isEqualTo("Model health");
  }

  @Test
  void withTokensTheDataNeedsAReadTokenAndThePageAsksForIt(@TempDir Path secured) throws Exception {
    ExampleRepository.copyTo(secured);
    Path secret = Files.writeString(secured.resolve("console.token"), READER);
    Path settings = secured.resolve("featurewatch.yaml");
    Files.writeString(
        settings,
        Files.readString(settings)
            .replace(
                "  # auth:",
                "  auth:\n    tokens:\n      - name: console\n        token_file: "
                    + secret
                    + "\n        scopes: [read]\n  # was auth:")
            .replace(
                "model_registry: .featurewatch/models",
                "model_registry: " + repo.resolve(".featurewatch/models")));
    Cli applied = Cli.run("apply", "--repo", secured.toString());
    assertThat(applied.exitCode()).as(applied.err()).isZero();
    HttpClient http = HttpClient.newHttpClient();
    try (ServeProcess secure = ServeProcess.start(secured, Map.of(), "--port", "0")) {
      URI base = secure.url();
      assertThat(get(http, base.resolve("/ui/"), null).statusCode()).isEqualTo(200);
      assertThat(get(http, base.resolve("/ui/console.js"), null).statusCode()).isEqualTo(200);
      for (String api :
          List.of("/ui/api/registry", "/ui/api/registry/versions", "/ui/api/models")) {
        HttpResponse<String> without = get(http, base.resolve(api), null);
        HttpResponse<String> with = get(http, base.resolve(api), READER);
        assertThat(without.statusCode()).as(api).isEqualTo(401);
        assertThat(with.statusCode()).as(api + ": " + with.body()).isEqualTo(200);
      }

      browser.open(base.resolve("/ui/").toString());
      awaitPage("#/");
      assertThat(browser.all("form.token")).hasSize(1);
      browser.driver().findElement(By.id("token")).sendKeys(READER);
      browser.driver().findElement(By.cssSelector("form.token button")).click();
      awaitText("h1", "featurewatch");
      assertThat(browser.all("#models tbody tr")).hasSize(1);
      // the 401 before the token is the only error: the browser logs a failed load
      assertThat(browser.consoleErrors()).allMatch(e -> e.contains("401"));
      browser.screenshot("console-token");
    }
  }

  private static HttpResponse<String> get(HttpClient http, URI uri, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri);
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void apply() {
    Cli applied = Cli.run("apply", "--repo", repo.toString());
    assertThat(applied.exitCode()).as(applied.err()).isZero();
  }

  /** Twelve 5-minute windows of the version; conv_rate and acc_rate drift from the seventh. */
  private static void writeResults(Path dir, String version) throws Exception {
    Files.createDirectories(dir);
    List<String> lines = new ArrayList<>();
    for (int w = 0; w < 12; w++) {
      Instant start = START.plus(Duration.ofMinutes(5L * w));
      Instant end = start.plus(Duration.ofMinutes(5));
      boolean drifting = w >= 6;
      List<FeatureResult> features = new ArrayList<>();
      for (String feature : FEATURES) {
        boolean drifted = drifting && !feature.equals("rating");
        double score = drifted ? 0.3 + 0.01 * w : 0.02 + 0.005 * (w % 3);
        features.add(
            new FeatureResult(
                feature,
                "psi",
                score,
                0.2,
                drifted ? FeatureResult.DRIFT : FeatureResult.NO_DRIFT,
                "",
                0,
                0,
                0,
                0,
                List.of(),
                drifted ? w - 5 : 0,
                new FeatureResult.Judgement(
                    "fixed", Double.NaN, Double.NaN, 0.01, Double.NaN, drifted ? "drift" : "")));
      }
      FeatureResult prediction =
          new FeatureResult(
              "prediction",
              "wasserstein",
              drifting ? 0.12 : 0.03,
              0.08,
              drifting ? FeatureResult.DRIFT : FeatureResult.NO_DRIFT,
              "",
              0,
              0,
              0,
              0,
              List.of(),
              0,
              FeatureResult.Judgement.NONE);
      lines.add(
          ResultJson.toJson(
              new MonitoringResult(
                  "ranking_champion",
                  MODEL,
                  version,
                  "all",
                  start,
                  end,
                  MonitoringResult.ClosedBy.TIME,
                  4000,
                  "sha256:00",
                  Map.of(PerformanceMetric.ROC_AUC, 0.81),
                  Map.of(),
                  drifting ? MonitoringResult.Status.DRIFT : MonitoringResult.Status.OK,
                  features,
                  prediction,
                  null,
                  Map.of(),
                  List.of())));
      double auc = drifting ? 0.74 - 0.004 * w : 0.8;
      lines.add(
          ResultJson.toJson(
              new PerformanceResult(
                  "ranking_champion",
                  MODEL,
                  version,
                  "all",
                  start,
                  end,
                  4000,
                  3000 + 50L * w,
                  0,
                  300,
                  Map.of(PerformanceMetric.ROC_AUC, auc),
                  Map.of(PerformanceMetric.ROC_AUC, 0.012),
                  Map.of(PerformanceMetric.ROC_AUC, 0.81),
                  drifting,
                  w == 7,
                  true)));
    }
    Files.write(dir.resolve("results-0-0.jsonl"), lines);
    // a part file still being written, which readers skip
    Files.writeString(dir.resolve(".results-0-1.jsonl.inprogress.1234"), "{\"type\":");
  }

  /** Clicks a navigation link and waits for its page. */
  private static void navigate(String label, String route) {
    WebElement link =
        browser.all("#fw-nav a").stream()
            .filter(a -> a.getText().strip().equals(label))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no navigation link " + label));
    link.click();
    awaitPage(route);
    assertThat(browser.all("#fw-nav a.active"))
        .extracting(WebElement::getText)
        .containsExactly(label);
  }

  private static void click(String css, String route) {
    browser.driver().findElement(By.cssSelector(css)).click();
    awaitPage(route);
  }

  /** Waits until the console has drawn {@code route}. */
  private static void awaitPage(String route) {
    await(
        "the console to draw " + route,
        () ->
            browser
                .driver()
                .executeScript(
                    "const m = document.getElementById('fw-page');"
                        + " return m.dataset.route === arguments[0]"
                        + " && m.getAttribute('aria-busy') === 'false'",
                    route));
  }

  private static void awaitText(String css, String expected) {
    await(
        css + " '" + expected + "'",
        () -> !browser.all(css).isEmpty() && expected.equals(text(css)));
  }

  /** Waits up to 15 s for {@code done} to answer true. */
  private static void await(String what, Supplier<Object> done) {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (!Boolean.TRUE.equals(done.get())) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("waited for " + what + "; the page shows: " + text("#fw-page"));
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  private static String text(String css) {
    return browser.driver().findElement(By.cssSelector(css)).getText().strip();
  }

  private static void noErrors(String screenshot) {
    assertThat(browser.consoleErrors()).as("console errors on %s", screenshot).isEmpty();
    assertThat(browser.screenshot(screenshot)).isRegularFile();
  }
}
