package dev.featurewatch.monitoring.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurewatch.modelregistry.MlflowModelRegistry;
import dev.featurewatch.modelregistry.ModelRegistry;
import dev.featurewatch.monitoring.result.MonitoringResult;
import dev.featurewatch.monitoring.result.ResultJson;
import dev.featurewatch.monitoring.writeback.MonitoringTags;
import dev.featurewatch.monitoring.writeback.WriteBackSink;
import dev.featurewatch.store.definition.FeatureRepository;
import dev.featurewatch.store.repo.RepositoryReader;
import dev.featurewatch.streaming.job.LocalJobs;
import dev.featurewatch.streaming.metrics.MetricsEndpoint;
import dev.featurewatch.streaming.sink.LineSinks;
import dev.featurewatch.streaming.source.EventSources;
import dev.featurewatch.testing.KafkaFixture;
import dev.featurewatch.testing.MlflowModels;
import dev.featurewatch.testing.PrometheusServer;
import dev.featurewatch.testing.TestServices;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same job as {@link MonitorJobReplayIT}, distributed-style: predictions from a real Kafka
 * topic of two partitions, the baseline attached to a version of a real MLflow server (found
 * through its alias), results to a Kafka topic, the verdict written back to MLflow, and the metrics
 * endpoint scraped by a real Prometheus.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class MonitorJobKafkaMlflowIT {

  @RegisterExtension static final KafkaFixture KAFKA = new KafkaFixture();
  private static final URI MLFLOW = TestServices.mlflowUrl();

  private final MlflowModels models = new MlflowModels(MLFLOW);

  @TempDir Path dir;

  @AfterEach
  void deleteModels() throws Exception {
    models.deleteAll();
  }

  @Test
  void predictionsFromKafkaAreComparedWithTheBaselineInMlflowAndTheVerdictWrittenThere()
      throws Exception {
    String model = "fw-monitor-" + UUID.randomUUID().toString().substring(0, 8);
    String version = models.createVersion(model);
    models.setAlias(model, "champion", version);
    ModelRegistry mlflow = new MlflowModelRegistry(MLFLOW, Duration.ofSeconds(10));
    byte[] baseline = FraudScenario.baseline();
    mlflow.attachBaseline(model, version, baseline);
    Files.writeString(
        dir.resolve("features.yaml"),
        FraudScenario.repository(
            model,
            "{name: predictions, kind: kafka, topic: predictions, timestamp_field: timestamp}",
            null));
    FeatureRepository repo = RepositoryReader.read(dir);
    KAFKA.createTopic("predictions", 2);
    KAFKA.createTopic("results", 1);
    List<ProducerRecord<String, String>> records = new ArrayList<>();
    List<String> events = new ArrayList<>(FraudScenario.predictions(model, version, 3, 3_000, 2));
    // one more on each partition, past the third window and the lateness: it closes
    SplittableRandom random = new SplittableRandom(3);
    for (int p = 0; p < 2; p++) {
      events.add(
          FraudScenario.prediction(
              model,
              version,
              "after-" + p,
              FraudScenario.T0.plus(Duration.ofMinutes(30)),
              0,
              random));
    }
    for (int i = 0; i < events.size(); i++) {
      records.add(new ProducerRecord<>("predictions", i % 2, null, events.get(i)));
    }
    KAFKA.send(records);

    LocalJobs.Started run =
        new LocalJobs(dir.resolve("checkpoints"), Duration.ofSeconds(1), 2)
            .start(
                "monitor kafka",
                env -> {
                  // the task manager's metrics endpoint, on a free port
                  env.getConfig()
                      .setGlobalJobParameters(
                          Configuration.fromMap(Map.of(MetricsEndpoint.PORTS, "0")));
                  MonitorJob.build(
                      env,
                      repo,
                      repo.modelMonitors(),
                      EventSources.live(repo, dir, KAFKA.bootstrapServers(), MonitorJob.GROUP_ID),
                      new MonitorJob.Baselines(
                          MLFLOW.toString(), dir, Duration.ofSeconds(1), false),
                      Duration.ofSeconds(5),
                      new MonitorJob.Sinks(
                          LineSinks.of(
                              "kafka:results",
                              KAFKA.bootstrapServers(),
                              "results",
                              MonitorJob.identity(repo.modelMonitors())),
                          LineSinks.directory(dir.resolve("dead-letters"), "dead-letters"),
                          new WriteBackSink(MLFLOW.toString(), repo.modelMonitors())));
                });
    try {
      // three windows of four series each: all, DE, FR and the other countries
      List<MonitoringResult> results = distinctWindows(12);
      MonitorJobReplayIT.assertFoundTheShiftInTheThirdWindow(results, version);
      Map<String, String> tags = awaitTag(mlflow, model, version, "drift");
      assertThat(tags)
          .containsEntry(MonitoringTags.DRIFTED_FEATURES, "amount")
          .containsEntry(MonitoringTags.LAST_WINDOW, "2026-11-01T08:15:00Z")
          .containsEntry(ModelRegistry.BASELINE_TAG, ModelRegistry.baselineDigest(baseline));

      // the metrics endpoint passes promtool, and a real Prometheus scraping it sees the drift
      int port = MetricsEndpoint.port();
      assertThat(TestServices.promtoolCheckMetrics(scrape(port))).isBlank();
      PrometheusServer.scrape(model, port);
      String series = "{model=\"" + model + "\",segment=\"all\",feature=\"%s\"}";
      assertThat(
              PrometheusServer.await(
                  "featurewatch_feature_drifted" + series.formatted("amount"),
                  v -> v == 1,
                  Duration.ofSeconds(60)))
          .isEqualTo(1);
      assertThat(
              PrometheusServer.await(
                  "featurewatch_feature_drifted" + series.formatted("country"),
                  v -> true,
                  Duration.ofSeconds(60)))
          .isZero();
      assertThat(
              PrometheusServer.await(
                  "featurewatch_window_end_timestamp_seconds{model=\""
                      + model
                      + "\",segment=\"all\"}",
                  v -> true,
                  Duration.ofSeconds(60)))
          .isEqualTo(FraudScenario.T0.plus(Duration.ofMinutes(15)).getEpochSecond());
    } finally {
      PrometheusServer.forget(model);
      run.job().cancel().get();
    }
  }

  /**
   * The first {@code count} distinct windows (by series and start) on the results topic, the last
   * copy of each.
   */
  private static List<MonitoringResult> distinctWindows(int count) {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    int reading = count;
    while (true) {
      Map<String, MonitoringResult> windows = new java.util.LinkedHashMap<>();
      List<String> values =
          KAFKA.readValues(
              "results", reading, Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
      for (MonitoringResult r :
          MonitorJobReplayIT.drift(values.stream().map(ResultJson::fromJson).toList())) {
        windows.put(r.segment() + "@" + r.windowStart(), r);
      }
      if (windows.size() >= count) {
        return List.copyOf(windows.values());
      }
      reading = values.size() + 1;
    }
  }

  private static String scrape(int port) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  private static Map<String, String> awaitTag(
      ModelRegistry registry, String model, String version, String status)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    Map<String, String> tags = registry.version(model, version).tags();
    while (!status.equals(tags.get(MonitoringTags.STATUS)) && System.nanoTime() < deadline) {
      Thread.sleep(200);
      tags = registry.version(model, version).tags();
    }
    assertThat(tags).containsEntry(MonitoringTags.STATUS, status);
    return tags;
  }
}
