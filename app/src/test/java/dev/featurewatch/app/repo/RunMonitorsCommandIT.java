package dev.featurewatch.app.repo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featurewatch.app.Cli;
import dev.featurewatch.modelregistry.LocalModelRegistry;
import dev.featurewatch.monitoring.writeback.MonitoringTags;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data scientist's path through the commands: profile the training data with {@code baseline},
 * attach it to the model version with {@code baseline attach}, declare the monitor, {@code apply},
 * and replay a day's predictions with {@code run monitors}.
 */
class RunMonitorsCommandIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant T0 = Instant.parse("2026-11-01T08:00:00Z");

  @TempDir Path repo;

  @Test
  void theDriftOfOneFeatureIsReportedAndWrittenToTheModelVersion() throws Exception {
    SplittableRandom random = new SplittableRandom(1);
    List<String> training = new ArrayList<>(List.of("tenure,plan,score"));
    for (int i = 0; i < 10_000; i++) {
      double tenure = 100 + 30 * random.nextGaussian();
      training.add(
          String.format(
              Locale.ROOT,
              "%.3f,%s,%.4f",
              tenure,
              random.nextDouble() < 0.7 ? "basic" : "pro",
              score(tenure)));
    }
    Files.write(repo.resolve("train.csv"), training);
    Files.writeString(
        repo.resolve("monitors.yaml"),
        """
        sources:
          - {name: predictions, kind: file, path: predictions.jsonl, format: jsonl, timestamp_field: timestamp}
        model_monitors:
          - name: churn_v1
            model: churn
            version: 1
            source: predictions
            features:
              - {name: tenure, type: double}
              - {name: plan, type: string}
            prediction: {kind: binary_probability}
            window: {size: 10m}
        """);
    List<String> predictions = new ArrayList<>();
    for (int w = 0; w < 4; w++) {
      for (int i = 0; i < 2_000; i++) {
        double tenure = (w >= 2 ? 115 : 100) + 30 * random.nextGaussian(); // half a sd from 08:20
        ObjectNode event = JSON.createObjectNode();
        event.put("prediction_id", w + "-" + i);
        event.put("model", "churn");
        event.put("model_version", 1);
        event.put(
            "timestamp", T0.plus(Duration.ofMinutes(10L * w)).plusMillis(250L * i).toString());
        event
            .putObject("features")
            .put("tenure", tenure)
            .put("plan", random.nextDouble() < 0.7 ? "basic" : "pro");
        event.put("prediction", score(tenure));
        predictions.add(event.toString());
      }
    }
    Files.write(repo.resolve("predictions.jsonl"), predictions);
    String models = repo.resolve(".featurewatch/models").toString();
    new LocalModelRegistry(Path.of(models)).createVersion("churn");

    Cli baseline =
        Cli.run(
            "baseline",
            "--input",
            repo.resolve("train.csv").toString(),
            "--out",
            repo.resolve("baseline.json").toString(),
            "--prediction",
            "score");
    Cli attach =
        Cli.run(
            "baseline",
            "attach",
            "--repo",
            repo.toString(),
            "--model",
            "churn",
            "--version",
            "1",
            "--file",
            repo.resolve("baseline.json").toString());
    Cli apply = Cli.run("apply", "--repo", repo.toString());
    Cli run = Cli.run("run", "monitors", "--repo", repo.toString(), "--replay");

    for (Cli step : List.of(baseline, attach, apply, run)) {
      assertThat(step.exitCode()).as(step.err()).isZero();
    }
    assertThat(run.out())
        .contains("churn_v1: churn version 1, 4 windows {DRIFT=2, OK=2}")
        .contains("tenure                   drifted from the window ending 2026-11-01T08:30:00Z")
        .contains("prediction               drifted from the window ending 2026-11-01T08:30:00Z")
        .doesNotContain("plan ");
    Map<String, String> tags = new LocalModelRegistry(Path.of(models)).version("churn", "1").tags();
    assertThat(tags)
        .containsEntry(MonitoringTags.STATUS, "drift")
        .containsEntry(MonitoringTags.DRIFTED_FEATURES, "tenure")
        .containsEntry(MonitoringTags.LAST_WINDOW, "2026-11-01T08:40:00Z");
  }

  private static double score(double tenure) {
    return 1 / (1 + Math.exp((tenure - 100) / 30));
  }
}
