package dev.featurewatch.monitoring.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.featurewatch.drift.performance.PerformanceMetric;
import dev.featurewatch.modelregistry.LocalModelRegistry;
import dev.featurewatch.monitoring.result.MonitorOutput;
import dev.featurewatch.monitoring.result.MonitoringResult;
import dev.featurewatch.monitoring.result.MonitoringResult.Status;
import dev.featurewatch.monitoring.result.PerformanceResult;
import dev.featurewatch.monitoring.result.ResultJson;
import dev.featurewatch.monitoring.writeback.MonitoringTags;
import dev.featurewatch.monitoring.writeback.WriteBackSink;
import dev.featurewatch.store.definition.FeatureRepository;
import dev.featurewatch.store.repo.RepositoryReader;
import dev.featurewatch.streaming.job.LocalJobs;
import dev.featurewatch.streaming.sink.LineSinks;
import dev.featurewatch.streaming.source.EventSources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitoring job on a MiniCluster, replaying a file of predictions against a baseline attached
 * in the local model registry: the windows' results, by segment, the dead letters, and the verdict
 * written back to the model version.
 */
class MonitorJobReplayIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void aShiftInTheThirdWindowIsFoundInItAloneAndBadEventsAreDeadLetters() throws Exception {
    Files.writeString(
        dir.resolve("features.yaml"),
        FraudScenario.repository(
            "fraud",
            "{name: predictions, kind: file, path: predictions.jsonl, format: jsonl,"
                + " timestamp_field: timestamp}",
            "{name: labels, kind: file, path: labels.jsonl, format: jsonl,"
                + " timestamp_field: timestamp}"));
    LocalModelRegistry registry = new LocalModelRegistry(dir.resolve("models"));
    String version = registry.createVersion("fraud").version();
    registry.setAlias("fraud", "champion", version);
    registry.attachBaseline("fraud", version, FraudScenario.baseline());
    List<String> predictions = FraudScenario.predictions("fraud", version, 3, 3_000, 2);
    FraudScenario.Labels labels = FraudScenario.labels(predictions, 2);
    Files.write(dir.resolve("labels.jsonl"), labels.lines());
    List<String> events = new ArrayList<>(predictions);
    events.add(5, "not json");
    events.add(7, events.get(6).replace("\"fraud\"", "\"churn\""));
    Files.write(dir.resolve("predictions.jsonl"), events);
    FeatureRepository repo = RepositoryReader.read(dir);

    new LocalJobs(dir.resolve("checkpoints"), Duration.ofSeconds(1), 2)
        .start(
            "monitor replay",
            env ->
                MonitorJob.build(
                    env,
                    repo,
                    repo.modelMonitors(),
                    EventSources.replay(repo, dir),
                    new MonitorJob.Baselines(
                        dir.resolve("models").toString(), dir, Duration.ofSeconds(1), true),
                    Duration.ofSeconds(5),
                    new MonitorJob.Sinks(
                        LineSinks.directory(dir.resolve("results"), "results"),
                        LineSinks.directory(dir.resolve("dead-letters"), "dead-letters"),
                        new WriteBackSink(dir.resolve("models").toString(), repo.modelMonitors()))))
        .job()
        .getJobExecutionResult()
        .get();

    List<MonitorOutput> outputs =
        lines(dir.resolve("results")).stream().map(ResultJson::fromJson).toList();
    assertFoundTheShiftInTheThirdWindow(drift(outputs), version);
    // each window's complete performance: its labelled predictions and accuracy as counted by the
    // scenario, the ROC AUC like the training data's until the labels became noise
    List<PerformanceResult> complete =
        outputs.stream()
            .filter(
                o -> o instanceof PerformanceResult p && p.complete() && p.segment().equals("all"))
            .map(o -> (PerformanceResult) o)
            .sorted(Comparator.comparing(PerformanceResult::windowStart))
            .toList();
    assertThat(complete).hasSize(3);
    for (int w = 0; w < 3; w++) {
      long[] expected = labels.expected().get((long) w);
      PerformanceResult p = complete.get(w);
      assertThat(p.predictions()).isEqualTo(expected[0]);
      assertThat(p.labelled()).isEqualTo(expected[1]);
      assertThat(p.unlabelled()).isEqualTo(expected[0] - expected[1]);
      assertThat(p.metrics().get(PerformanceMetric.ACCURACY))
          .isCloseTo((double) expected[2] / expected[1], within(1e-12));
    }
    assertThat(complete)
        .extracting(PerformanceResult::degraded)
        .containsExactly(false, false, true);
    assertThat(complete.get(2).metrics().get(PerformanceMetric.ROC_AUC))
        .isCloseTo(0.5, within(0.05));
    List<String> reasons = new ArrayList<>();
    for (String line : lines(dir.resolve("dead-letters"))) {
      reasons.add(JSON.readTree(line).get("reason").asText());
    }
    assertThat(reasons).containsExactlyInAnyOrder("invalid_json", "unknown_model");
    Map<String, String> tags = registry.version("fraud", version).tags();
    assertThat(tags)
        .containsEntry(MonitoringTags.STATUS, MonitoringTags.DEGRADED)
        .containsEntry(MonitoringTags.DRIFTED_FEATURES, "amount")
        .containsEntry(MonitoringTags.PERFORMANCE_WINDOW, "2026-11-01T08:15:00Z")
        .containsEntry(MonitoringTags.LAST_WINDOW, "2026-11-01T08:15:00Z")
        .containsEntry(MonitoringTags.MONITOR, "fraud_champion");
    assertThat(tags.get(MonitoringTags.WORST_DRIFT)).startsWith("amount wasserstein=");
  }

  static List<MonitoringResult> drift(List<MonitorOutput> outputs) {
    return outputs.stream()
        .filter(o -> o instanceof MonitoringResult)
        .map(o -> (MonitoringResult) o)
        .toList();
  }

  /**
   * Three windows of 3,000 predictions: the first two like the training data, the third with the
   * amounts shifted; and every segment's series.
   */
  static void assertFoundTheShiftInTheThirdWindow(List<MonitoringResult> results, String version) {
    List<MonitoringResult> all =
        results.stream()
            .filter(r -> r.segment().equals("all"))
            .sorted(Comparator.comparing(MonitoringResult::windowStart))
            .toList();
    assertThat(all)
        .extracting(MonitoringResult::predictions)
        .containsExactly(3_000L, 3_000L, 3_000L);
    assertThat(all)
        .extracting(MonitoringResult::status)
        .containsExactly(Status.OK, Status.OK, Status.DRIFT);
    assertThat(all.get(2).driftedFeatures()).containsExactly("amount");
    assertThat(all.get(2).prediction().drifted()).isTrue();
    assertThat(all).allMatch(r -> r.modelVersion().equals(version));
    assertThat(results.stream().map(MonitoringResult::segment).distinct())
        .containsExactlyInAnyOrder("all", "country=DE", "country=FR", "country=other");
    long segmented =
        results.stream()
            .filter(r -> !r.segment().equals("all"))
            .mapToLong(MonitoringResult::predictions)
            .sum();
    assertThat(segmented).isEqualTo(9_000);
  }

  private static List<String> lines(Path directory) throws IOException {
    List<String> lines = new ArrayList<>();
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : files.toList()) {
        lines.addAll(Files.readAllLines(file));
      }
    }
    return lines;
  }
}
