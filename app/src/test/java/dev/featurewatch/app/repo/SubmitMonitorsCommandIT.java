package dev.featurewatch.app.repo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurewatch.app.Cli;
import dev.featurewatch.app.demo.DemoScenario;
import dev.featurewatch.modelregistry.LocalModelRegistry;
import dev.featurewatch.monitoring.result.MonitorOutput;
import dev.featurewatch.monitoring.result.MonitoringResult;
import dev.featurewatch.monitoring.result.ResultJson;
import dev.featurewatch.monitoring.writeback.MonitoringTags;
import dev.featurewatch.testing.FlinkCluster;
import dev.featurewatch.testing.KafkaFixture;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitoring job in the distributed mode: the demo's scenario on Kafka topics, {@code
 * featurewatch submit monitors} running the job jar on a standalone Flink cluster (a JobManager and
 * a TaskManager process), the model registry a directory they share. The results topic must show
 * the drift on exactly the drifted features from the window after it started, and the task manager
 * must have written the verdict to the model version.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class SubmitMonitorsCommandIT {

  private static final Instant START = Instant.parse("2026-11-02T09:00:00Z");

  @RegisterExtension static final KafkaFixture KAFKA = new KafkaFixture();

  @TempDir static Path work;

  private static FlinkCluster flink;

  @BeforeAll
  static void startCluster() throws Exception {
    flink = StandaloneFlink.start(work.resolve("flink"));
  }

  @AfterAll
  static void stopCluster() throws InterruptedException {
    if (flink != null) {
      flink.close();
    }
  }

  @Test
  void theClusterJobFindsTheDemosDriftAndWritesItsVerdict() throws Exception {
    Path repo = Files.createDirectories(work.resolve("repo"));
    try (InputStream loans = DemoScenario.class.getResourceAsStream("loans.yaml")) {
      Files.copy(loans, repo.resolve("loans.yaml"));
    }
    Path models = repo.resolve("models").toAbsolutePath();
    Files.writeString(
        repo.resolve("featurewatch.yaml"),
        String.join(
            "\n",
            "model_registry: " + models,
            "streaming:",
            "  kafka: " + KAFKA.bootstrapServers(),
            "  dead_letters: kafka:monitor-dead-letters",
            "  checkpoint_interval_seconds: 2",
            ""));
    DemoScenario.write(repo, 7, START);
    LocalModelRegistry registry = new LocalModelRegistry(models);
    String version = registry.createVersion(DemoScenario.MODEL).version();
    registry.setAlias(DemoScenario.MODEL, "champion", version);
    registry.attachBaseline(
        DemoScenario.MODEL, version, Files.readAllBytes(repo.resolve("baseline.json")));
    assertThat(Cli.run("apply", "--repo", repo.toString()).exitCode()).isZero();
    for (String topic : List.of("loan-predictions", "loan-labels")) {
      KAFKA.createTopic(topic, 2);
    }
    send("loan-predictions", repo.resolve("data/predictions.jsonl"));
    send("loan-labels", repo.resolve("data/labels.jsonl"));

    Cli submitted =
        Cli.run(
            "submit",
            "monitors",
            "--repo",
            repo.toString(),
            "--flink",
            flink.restUrl().toString(),
            "--parallelism",
            "2",
            "--results",
            "kafka:results",
            "--metrics-port",
            "off");

    assertThat(submitted.exitCode()).as(submitted.err()).isZero();
    assertThat(submitted.out()).contains("submitted job ", "[loan_champion]");
    String jobId = submitted.out().split("\\s+")[2];
    try {
      // 24 windows of 5 minutes; the last stays open, no prediction comes after it
      Map<Instant, MonitoringResult> windows = allSeriesWindows(23);
      windows.forEach(
          (end, result) -> {
            assertThat(result.predictions()).as(end.toString()).isEqualTo(2_000);
            if (end.isAfter(START.plus(DemoScenario.DRIFT_AFTER))) {
              assertThat(result.driftedFeatures())
                  .as(end.toString())
                  .containsExactlyInAnyOrderElementsOf(DemoScenario.DRIFTING);
            } else {
              assertThat(result.driftedFeatures()).as(end.toString()).isEmpty();
            }
          });
      Map<String, String> tags = awaitStatus(registry, version, "drift");
      assertThat(tags.get(MonitoringTags.DRIFTED_FEATURES))
          .isEqualTo(String.join(",", DemoScenario.DRIFTING));
    } finally {
      StandaloneFlink.cancel(flink, jobId);
    }
  }

  private static void send(String topic, Path lines) throws Exception {
    List<String> events = Files.readAllLines(lines);
    List<ProducerRecord<String, String>> records = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      records.add(new ProducerRecord<>(topic, i % 2, null, events.get(i)));
    }
    KAFKA.send(records);
  }

  /** The drift results of the {@code all} series by window end, once {@code count} were read. */
  private static Map<Instant, MonitoringResult> allSeriesWindows(int count) {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    int reading = count;
    while (true) {
      List<String> values =
          KAFKA.readValues(
              "results", reading, Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
      Map<Instant, MonitoringResult> windows = new TreeMap<>();
      for (String value : values) {
        MonitorOutput output = ResultJson.fromJson(value);
        if (output instanceof MonitoringResult r && r.segment().equals("all")) {
          windows.put(r.windowEnd(), r);
        }
      }
      if (windows.size() >= count) {
        return windows;
      }
      reading = values.size() + 1;
    }
  }

  private static Map<String, String> awaitStatus(
      LocalModelRegistry registry, String version, String status) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    Map<String, String> tags = registry.version(DemoScenario.MODEL, version).tags();
    while (!status.equals(tags.get(MonitoringTags.STATUS)) && System.nanoTime() < deadline) {
      Thread.sleep(200);
      tags = registry.version(DemoScenario.MODEL, version).tags();
    }
    assertThat(tags).containsEntry(MonitoringTags.STATUS, status);
    return tags;
  }
}
