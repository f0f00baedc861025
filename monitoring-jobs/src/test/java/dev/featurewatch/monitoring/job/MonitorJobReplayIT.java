package dev.featurewatch.monitoring.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featurewatch.drift.baseline.Baseline;
import dev.featurewatch.drift.baseline.BaselineFile;
import dev.featurewatch.drift.profile.MissingCounts;
import dev.featurewatch.drift.report.Baselines;
import dev.featurewatch.drift.report.CategoricalSample;
import dev.featurewatch.drift.report.NumericSample;
import dev.featurewatch.modelregistry.LocalModelRegistry;
import dev.featurewatch.monitoring.result.MonitoringResult;
import dev.featurewatch.monitoring.result.MonitoringResult.Status;
import dev.featurewatch.monitoring.result.ResultJson;
import dev.featurewatch.monitoring.writeback.MonitoringTags;
import dev.featurewatch.monitoring.writeback.WriteBackSink;
import dev.featurewatch.store.definition.FeatureRepository;
import dev.featurewatch.store.pipeline.job.LocalJobs;
import dev.featurewatch.store.pipeline.sink.JsonLinesFileSink;
import dev.featurewatch.store.pipeline.source.EventSources;
import dev.featurewatch.store.repo.RepositoryReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitoring job on a MiniCluster, replaying a file of predictions against a baseline attached
 * in the local model registry: the windows' results, by segment, and the dead letters.
 */
class MonitorJobReplayIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant T0 = Instant.parse("2026-11-01T08:00:00Z");
  private static final String[] COUNTRIES = {"DE", "FR", "IT"};

  @TempDir Path dir;

  private static final String REPO =
      """
      sources:
        - {name: predictions, kind: file, path: predictions.jsonl, format: jsonl, timestamp_field: timestamp}
      model_monitors:
        - name: fraud_champion
          model: fraud
          alias: champion
          source: predictions
          features:
            - {name: amount, type: double}
            - {name: country, type: string}
          prediction: {kind: binary_probability}
          window: {size: 5m}
          segments:
            - {feature: country, values: [DE, FR]}
      """;

  @Test
  void aShiftInTheThirdWindowIsFoundInItAloneAndBadEventsAreDeadLetters() throws Exception {
    Files.writeString(dir.resolve("features.yaml"), REPO);
    attachBaseline();
    List<String> events = new ArrayList<>();
    SplittableRandom random = new SplittableRandom(2);
    for (int window = 0; window < 3; window++) {
      double shift = window == 2 ? 0.5 : 0; // amounts move half a standard deviation
      for (int i = 0; i < 3_000; i++) {
        Instant at = T0.plus(Duration.ofMinutes(5L * window)).plusMillis(i * 90L);
        events.add(prediction("p" + window + "-" + i, at, shift + random.nextGaussian(), random));
      }
    }
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
                        new JsonLinesFileSink(dir.resolve("results"), "results"),
                        new JsonLinesFileSink(dir.resolve("dead-letters"), "dead-letters"),
                        new WriteBackSink(dir.resolve("models").toString(), repo.modelMonitors()))))
        .job()
        .getJobExecutionResult()
        .get();

    List<MonitoringResult> results =
        lines(dir.resolve("results")).stream()
            .map(ResultJson::fromJson)
            .sorted(Comparator.comparing(MonitoringResult::windowStart))
            .toList();
    List<MonitoringResult> all = results.stream().filter(r -> r.segment().equals("all")).toList();
    assertThat(all)
        .extracting(MonitoringResult::predictions)
        .containsExactly(3_000L, 3_000L, 3_000L);
    assertThat(all)
        .extracting(MonitoringResult::status)
        .containsExactly(Status.OK, Status.OK, Status.DRIFT);
    assertThat(all.get(2).driftedFeatures()).containsExactly("amount");
    assertThat(all.get(2).prediction().drifted()).isTrue();
    assertThat(all).allMatch(r -> r.modelVersion().equals("1"));
    // every segment of every window: DE, FR and the other countries
    assertThat(results.stream().map(MonitoringResult::segment).distinct())
        .containsExactlyInAnyOrder("all", "country=DE", "country=FR", "country=other");
    long segmented =
        results.stream()
            .filter(r -> !r.segment().equals("all"))
            .mapToLong(MonitoringResult::predictions)
            .sum();
    assertThat(segmented).isEqualTo(9_000);

    List<String> reasons = new ArrayList<>();
    for (String line : lines(dir.resolve("dead-letters"))) {
      reasons.add(JSON.readTree(line).get("reason").asText());
    }
    assertThat(reasons).containsExactlyInAnyOrder("invalid_json", "unknown_model");

    // the last window's verdict is on the model version in the registry
    Map<String, String> tags =
        new LocalModelRegistry(dir.resolve("models")).version("fraud", "1").tags();
    assertThat(tags)
        .containsEntry(MonitoringTags.STATUS, "drift")
        .containsEntry(MonitoringTags.DRIFTED_FEATURES, "amount")
        .containsEntry(MonitoringTags.LAST_WINDOW, "2026-11-01T08:15:00Z")
        .containsEntry(MonitoringTags.MONITOR, "fraud_champion");
    assertThat(tags.get(MonitoringTags.WORST_DRIFT)).startsWith("amount wasserstein=");
  }

  private void attachBaseline() throws IOException {
    SplittableRandom random = new SplittableRandom(1);
    int n = 20_000;
    double[] amounts = new double[n];
    double[] scores = new double[n];
    long[] countries = new long[COUNTRIES.length];
    for (int i = 0; i < n; i++) {
      amounts[i] = random.nextGaussian();
      scores[i] = score(amounts[i]);
      countries[country(random)]++;
    }
    Baseline baseline =
        Baselines.fromSamples(
                List.of(
                    new NumericSample("amount", amounts, MissingCounts.NONE, 0),
                    new CategoricalSample(
                        "country",
                        Map.of("DE", countries[0], "FR", countries[1], "IT", countries[2]),
                        0)),
                n,
                10,
                "training",
                T0)
            .toBuilder()
            .prediction(
                Baselines.profile(new NumericSample("score", scores, MissingCounts.NONE, 0), 10))
            .build();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BaselineFile.write(baseline, bytes);
    LocalModelRegistry registry = new LocalModelRegistry(dir.resolve("models"));
    String version = registry.createVersion("fraud").version();
    registry.setAlias("fraud", "champion", version);
    registry.attachBaseline("fraud", version, bytes.toByteArray());
  }

  private static String prediction(String id, Instant at, double amount, SplittableRandom random) {
    ObjectNode event = JSON.createObjectNode();
    event.put("prediction_id", id);
    event.put("model", "fraud");
    event.put("model_version", "1");
    event.put("timestamp", at.toString());
    event.putObject("features").put("amount", amount).put("country", COUNTRIES[country(random)]);
    event.put("prediction", score(amount));
    return event.toString();
  }

  private static int country(SplittableRandom random) {
    double u = random.nextDouble();
    return u < 0.5 ? 0 : u < 0.8 ? 1 : 2;
  }

  private static double score(double amount) {
    return 1 / (1 + Math.exp(-amount));
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
