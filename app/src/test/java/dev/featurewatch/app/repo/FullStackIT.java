package dev.featurewatch.app.repo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featurewatch.alerting.ShippedFiles;
import dev.featurewatch.app.Cli;
import dev.featurewatch.app.demo.DemoScenario;
import dev.featurewatch.dashboards.Dashboard;
import dev.featurewatch.dashboards.Dashboards;
import dev.featurewatch.dashboards.Query;
import dev.featurewatch.modelregistry.ModelRegistries;
import dev.featurewatch.modelregistry.ModelRegistry;
import dev.featurewatch.testing.AlertmanagerServer;
import dev.featurewatch.testing.KafkaFixture;
import dev.featurewatch.testing.MlflowModels;
import dev.featurewatch.testing.PrometheusServer;
import dev.featurewatch.testing.TestServices;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
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
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The end-to-end proof, with every component real and started natively: the demo's scenario
 * produced to Kafka (the broker from the Maven jars), the feature pipeline writing Redis and
 * serving it, the monitoring job reading the baseline from MLflow and writing back to it, each a
 * {@code featurewatch} process on its own MiniCluster with Flink's metrics reporter; Prometheus
 * scraping them all with featurewatch's rules, Alertmanager with featurewatch's routing, and {@code
 * featurewatch alerts receive} writing the alerts to MLflow.
 *
 * <p>The scenario's first hour, without drift, is the control: after it no drift alert fires. After
 * the second, drift alerts reach Alertmanager for exactly the three drifted features, the receiver
 * writes them to the model version beside the monitoring tags, and every dashboard query returns
 * data.
 */
class FullStackIT {

  @RegisterExtension static final KafkaFixture KAFKA = new KafkaFixture();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration PATIENCE = Duration.ofSeconds(120);
  private static final String MODEL = DemoScenario.MODEL;
  private static final String DRIFT_ALERTS = "FeatureDriftSustained|PredictionDrift";

  @TempDir Path repo;

  // this run's label on everything Prometheus scrapes, so its alerts are told from earlier runs'
  private final String run = "e2e-" + Long.toString(System.nanoTime() % 1_000_000, 36);
  private final MlflowModels mlflow = new MlflowModels(TestServices.mlflowUrl());
  private final ModelRegistry registry = ModelRegistries.open(TestServices.mlflowUrl().toString());
  private final List<CommandProcess> processes = new ArrayList<>();
  private final List<String> targets = new ArrayList<>();
  private List<Path> rules = List.of();

  @AfterEach
  void stopEverything() throws Exception {
    try {
      processes.forEach(CommandProcess::close);
      // what each process printed, for a failure's post-mortem
      for (int i = 0; i < processes.size(); i++) {
        Files.writeString(Path.of("target", "full-stack-" + i + ".log"), processes.get(i).output());
      }
      for (String target : targets) {
        PrometheusServer.forget(target);
      }
    } finally {
      try {
        PrometheusServer.removeRules(rules);
        // with the rules gone Prometheus will not resolve them: resolved now, all of them
        ArrayNode resolved = JSON.createArrayNode();
        for (JsonNode alert : AlertmanagerServer.alerts()) {
          resolved
              .addObject()
              .put("startsAt", alert.get("startsAt").asText())
              .put("endsAt", Instant.now().toString())
              .set("labels", alert.get("labels"));
        }
        AlertmanagerServer.post(resolved);
      } finally {
        AlertmanagerServer.reset();
      }
    }
  }

  @Test
  void driftAlertsReachAlertmanagerAndTheModelForExactlyTheDriftedFeatures() throws Exception {
    long now = Instant.now().getEpochSecond();
    Instant start = Instant.ofEpochSecond(now - now % 300).minus(DemoScenario.SPAN);
    String version = demoRepository(start);
    String brokers = KAFKA.bootstrapServers();
    KAFKA.createTopic("loan-predictions", 2);
    KAFKA.createTopic("loan-labels", 2);

    int monitorMetrics = freePort();
    int[] flinkMetrics = {freePort(), freePort()};
    CommandProcess features =
        start(
            "serving registry version \\d+ on http://[0-9.]+:(\\d+)",
            "run",
            "features",
            "--repo",
            repo.toString(),
            "--kafka",
            brokers,
            "--online",
            TestServices.redisUri() + "/7",
            "--flink-metrics-port",
            Integer.toString(flinkMetrics[0]));
    int serverPort = Integer.parseInt(features.ready().group(1));
    start(
        "monitoring \\[loan_champion\\]",
        "run",
        "monitors",
        "--repo",
        repo.toString(),
        "--kafka",
        brokers,
        "--model-registry",
        TestServices.mlflowUrl().toString(),
        "--metrics-port",
        Integer.toString(monitorMetrics),
        "--flink-metrics-port",
        Integer.toString(flinkMetrics[1]),
        "--lateness",
        "60");
    CommandProcess receiver =
        start(
            "at http://127.0.0.1:(\\d+)/alerts",
            "alerts",
            "receive",
            "--port",
            "0",
            "--model-registry",
            TestServices.mlflowUrl().toString());

    // featurewatch's rules and routing, as shipped; only the receiver's address is this test's
    rules = ruleFiles();
    PrometheusServer.loadRules(rules);
    AlertmanagerServer.load(
        Cli.ROOT.resolve("alerting/alertmanager/alertmanager.yml"),
        Map.of(ShippedFiles.RECEIVER_URL, "http://127.0.0.1:" + receiver.ready().group(1)));
    scrape(run + "-features", serverPort);
    scrape(run + "-monitors", monitorMetrics);
    scrape(run + "-flink-features", flinkMetrics[0]);
    scrape(run + "-flink-monitors", flinkMetrics[1]);

    post(
        serverPort,
        "/write-to-online-store",
        Files.readString(repo.resolve("data/applicants.json")));

    // the control: an hour of predictions as in training
    produce(start, start.plus(DemoScenario.DRIFT_AFTER), version);
    awaitWindowsUpTo(start.plus(Duration.ofMinutes(55)), version);
    serve(serverPort);
    assertThat(firingDriftAlertsInPrometheus()).isEmpty();
    assertThat(AlertmanagerServer.alerts(monitors())).isEmpty();

    // the drift: three features move in the second hour
    produce(start.plus(DemoScenario.DRIFT_AFTER), start.plus(Duration.ofDays(1)), version);
    awaitWindowsUpTo(start.plus(Duration.ofMinutes(115)), version);
    JsonNode alerts =
        AlertmanagerServer.await(
            a -> features(a).equals(Set.copyOf(DemoScenario.DRIFTING)),
            PATIENCE,
            monitors(),
            "alertname=\"FeatureDriftSustained\"");
    assertThat(alerts)
        .allSatisfy(
            alert -> {
              assertThat(alert.path("labels").path("severity").asText()).isEqualTo("warning");
              assertThat(alert.path("labels").path("model_version").asText()).isEqualTo(version);
              assertThat(alert.path("annotations").path("summary").asText())
                  .contains("windows in a row")
                  .contains("threshold");
              assertThat(alert.path("annotations").path("runbook_url").asText())
                  .endsWith("alerting/runbooks/feature-drift.md");
            });
    serve(serverPort);
    // settled: still exactly those three, as Prometheus sees them too
    assertThat(firingDriftAlertsInPrometheus())
        .containsAll(DemoScenario.DRIFTING)
        .allSatisfy(f -> assertThat(f).isIn(allowedDrift()));
    assertThat(
            features(AlertmanagerServer.alerts(monitors(), "alertname=\"FeatureDriftSustained\"")))
        .isEqualTo(Set.copyOf(DemoScenario.DRIFTING));

    // the receiver closed the loop: the alerts are on the model version, beside the monitoring tags
    Map<String, String> tags =
        awaitTags(
            version,
            // each alert's tag, then the list of those firing: two writes, seen one after the other
            t ->
                DemoScenario.DRIFTING.stream()
                    .allMatch(
                        f ->
                            t.containsKey("featurewatch.alert.FeatureDriftSustained." + f)
                                && t.getOrDefault("featurewatch.alerts.firing", "")
                                    .contains("FeatureDriftSustained." + f)));
    for (String feature : DemoScenario.DRIFTING) {
      assertThat(tags.get("featurewatch.alert.FeatureDriftSustained." + feature))
          .startsWith("firing since ")
          .contains("feature " + feature + " drifted in");
    }
    assertThat(tags.keySet())
        .filteredOn(k -> k.startsWith("featurewatch.alert.FeatureDriftSustained."))
        .hasSize(DemoScenario.DRIFTING.size());
    assertThat(tags.get("featurewatch.alerts.firing"))
        .contains(DemoScenario.DRIFTING.stream().map(f -> "FeatureDriftSustained." + f).toList());
    assertThat(tags)
        .containsEntry("featurewatch.drifted_features", String.join(",", DemoScenario.DRIFTING))
        .containsKey("featurewatch.status");

    assertThat(emptyDashboardQueries(version)).isEmpty();
  }

  /** The matcher of this run's monitoring job's series, and so of its alerts. */
  private String monitors() {
    return "test=\"" + run + "-monitors\"";
  }

  /** The features of {@code alerts} (Alertmanager's), as a set. */
  private static Set<String> features(JsonNode alerts) {
    Set<String> features = new TreeSet<>();
    alerts.forEach(a -> features.add(a.path("labels").path("feature").asText()));
    return features;
  }

  /** The drifted features and the prediction, as alerts name them. */
  private static List<String> allowedDrift() {
    List<String> allowed = new ArrayList<>(DemoScenario.DRIFTING);
    allowed.add("");
    return allowed;
  }

  /** The feature (or "" for the prediction) of each firing drift alert of the model. */
  private List<String> firingDriftAlertsInPrometheus() throws Exception {
    // evaluated on what was scraped up to the last window, and any alert sent on to Alertmanager
    PrometheusServer.awaitRuleEvaluations();
    JsonNode series =
        PrometheusServer.query(
            "ALERTS{alertstate=\"firing\","
                + monitors()
                + ",model=\""
                + MODEL
                + "\",alertname=~\""
                + DRIFT_ALERTS
                + "\"}");
    List<String> firing = new ArrayList<>();
    series.forEach(s -> firing.add(s.path("metric").path("feature").asText()));
    return firing;
  }

  /** The demo's repository with its scenario, the baseline attached to a new MLflow version. */
  private String demoRepository(Instant start) throws Exception {
    for (String resource : List.of("featurewatch.yaml", "loans.yaml")) {
      try (InputStream in = DemoScenario.class.getResourceAsStream(resource)) {
        Files.copy(in, repo.resolve(resource));
      }
    }
    DemoScenario.write(repo, 7, start);
    String version = newVersion();
    mlflow.setAlias(MODEL, "champion", version);
    Cli attach =
        Cli.run(
            "baseline",
            "attach",
            "--model-registry",
            TestServices.mlflowUrl().toString(),
            "--model",
            MODEL,
            "--version",
            version,
            "--file",
            repo.resolve("baseline.json").toString());
    assertThat(attach.exitCode()).as(attach.err()).isZero();
    Cli apply = Cli.run("apply", "--repo", repo.toString());
    assertThat(apply.exitCode()).as(apply.err()).isZero();
    return version;
  }

  /**
   * A new version of the demo's model, registered if this MLflow has not seen it. A new version per
   * run, never deleted: Alertmanager groups alerts by model version, and a group of an earlier run
   * against the same test services would hold this run's notifications back for its group_interval.
   */
  private String newVersion() throws IOException, InterruptedException {
    try {
      mlflow.call("POST", "registered-models/create", Map.of("name", MODEL));
    } catch (IllegalStateException exists) {
      // registered by an earlier run
    }
    return mlflow
        .call(
            "POST",
            "model-versions/create",
            Map.of("name", MODEL, "source", "s3://featurewatch-test/" + MODEL))
        .path("model_version")
        .path("version")
        .asText();
  }

  private CommandProcess start(String ready, String... arguments) throws IOException {
    CommandProcess process = CommandProcess.start(Map.of(), Pattern.compile(ready), arguments);
    processes.add(process);
    return process;
  }

  private void scrape(String name, int port) throws IOException {
    PrometheusServer.scrape(name, port);
    targets.add(name);
  }

  private static List<Path> ruleFiles() throws IOException {
    try (Stream<Path> files = Files.list(Cli.ROOT.resolve("alerting/prometheus/rules"))) {
      return files.sorted().toList();
    }
  }

  /**
   * Produces the scenario's predictions and labels with event times in [from, to), the predictions
   * made by {@code version} (the scenario's say 1).
   */
  private void produce(Instant from, Instant to, String version) throws IOException {
    for (String[] topic :
        new String[][] {
          {"loan-predictions", "data/predictions.jsonl"}, {"loan-labels", "data/labels.jsonl"}
        }) {
      List<ProducerRecord<String, String>> records = new ArrayList<>();
      for (String line : Files.readAllLines(repo.resolve(topic[1]))) {
        JsonNode event = JSON.readTree(line);
        Instant at = Instant.parse(event.get("timestamp").asText());
        if (!at.isBefore(from) && at.isBefore(to)) {
          if (event.has("model_version")) {
            ((ObjectNode) event).put("model_version", version);
          }
          records.add(
              new ProducerRecord<>(
                  topic[0], event.get("prediction_id").asText(), JSON.writeValueAsString(event)));
        }
      }
      KAFKA.send(records);
    }
  }

  /**
   * Waits until Prometheus has scraped this run's monitor with its last evaluated window (all
   * predictions of {@code version}) ending at {@code end}.
   */
  private void awaitWindowsUpTo(Instant end, String version) throws Exception {
    PrometheusServer.await(
        "featurewatch_window_end_timestamp_seconds{"
            + monitors()
            + ",model=\""
            + MODEL
            + "\",model_version=\""
            + version
            + "\",segment=\"all\"}",
        seconds -> seconds >= end.getEpochSecond(),
        PATIENCE);
  }

  /** Asks the feature server for features as a serving system does, a request a second. */
  private static void serve(int port) throws Exception {
    for (int i = 0; i < 5; i++) {
      JsonNode answer =
          JSON.readTree(
              post(
                  port,
                  "/get-online-features",
                  "{\"features\": [\"applicant_profile:income\","
                      + " \"applicant_activity:applications_1h\"],"
                      + " \"entities\": {\"applicant_id\": [10001, 10002, 10003]}}"));
      assertThat(answer.path("results").size()).isEqualTo(3);
      Thread.sleep(1_000);
    }
  }

  private static String post(int port, String path, String body) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
    return response.body();
  }

  private Map<String, String> awaitTags(String version, Predicate<Map<String, String>> accepted)
      throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    Map<String, String> tags = registry.version(MODEL, version).tags();
    while (!accepted.test(tags)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(MODEL + " v" + version + " tags after " + PATIENCE + ": " + tags);
      }
      Thread.sleep(500);
      tags = registry.version(MODEL, version).tags();
    }
    return tags;
  }

  /**
   * Every dashboard query, its variables set to this run's, that Prometheus answers with nothing.
   */
  private static List<String> emptyDashboardQueries(String version) throws Exception {
    Map<String, String> variables =
        Map.of(
            "model", MODEL,
            "version", version,
            "segment", "all",
            "feature", ".*",
            "metric", ".*",
            "feature_view", ".*",
            "job_name", ".*");
    List<String> empty = new ArrayList<>();
    for (Dashboard dashboard : Dashboards.load(Cli.ROOT.resolve(Dashboards.FROM_ROOT))) {
      for (Query query : dashboard.queries()) {
        String promql = Dashboards.expand(query.expr(), variables);
        if (PrometheusServer.query(promql).isEmpty()) {
          empty.add(query.where() + ": " + promql);
        }
      }
    }
    return empty;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
