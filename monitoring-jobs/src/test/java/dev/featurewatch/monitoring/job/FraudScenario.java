package dev.featurewatch.monitoring.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featurewatch.drift.baseline.Baseline;
import dev.featurewatch.drift.baseline.BaselineFile;
import dev.featurewatch.drift.performance.BinaryScoreAccumulator;
import dev.featurewatch.drift.performance.PerformanceMetric;
import dev.featurewatch.drift.performance.RocAuc;
import dev.featurewatch.drift.profile.MissingCounts;
import dev.featurewatch.drift.report.Baselines;
import dev.featurewatch.drift.report.CategoricalSample;
import dev.featurewatch.drift.report.NumericSample;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A fraud model's data for the job's integration tests: training data (amount ~ N(0, 1), country
 * DE/FR/IT at 50/30/20 %, the score a logistic of the amount) profiled into a baseline, and
 * 5-minute windows of predictions from 08:00 in which the amount moves half a standard deviation
 * from a given window on.
 */
final class FraudScenario {

  static final Instant T0 = Instant.parse("2026-11-01T08:00:00Z");
  static final Duration WINDOW = Duration.ofMinutes(5);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] COUNTRIES = {"DE", "FR", "IT"};

  private FraudScenario() {}

  /** The monitor's YAML, with its prediction source and, if given, its labels source. */
  static String repository(String model, String source, String labels) {
    return """
        sources:
          - %s%s
        model_monitors:
          - name: fraud_champion
            model: %s
            alias: champion
            source: predictions
            features:
              - {name: amount, type: double}
              - {name: country, type: string}
            prediction: {kind: binary_probability}
            window: {size: 5m}
            segments:
              - {feature: country, values: [DE, FR]}%s
        """
        .formatted(
            source,
            labels == null ? "" : "\n  - " + labels,
            model,
            labels == null ? "" : "\n    labels: {source: labels, max_delay: 15m}");
  }

  /** The baseline file's bytes, with the training ROC AUC (labels drawn from the scores). */
  static byte[] baseline() {
    SplittableRandom random = new SplittableRandom(1);
    int n = 20_000;
    double[] amounts = new double[n];
    double[] scores = new double[n];
    long[] countries = new long[COUNTRIES.length];
    BinaryScoreAccumulator training =
        BinaryScoreAccumulator.withBucketedAuc(0.5, RocAuc.DEFAULT_BUCKETS);
    for (int i = 0; i < n; i++) {
      amounts[i] = random.nextGaussian();
      scores[i] = score(amounts[i]);
      countries[country(random)]++;
      training.add(scores[i], random.nextDouble() < scores[i] ? 1 : 0);
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
            .performance(
                PerformanceMetric.ROC_AUC,
                training.result().orElseThrow().rocAuc().orElseThrow().value())
            .build();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      BaselineFile.write(baseline, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * Prediction events of {@code model} version {@code version}: {@code perWindow} in each of {@code
   * windows} windows, 90 ms apart, the amounts shifted from window {@code shiftFrom} on.
   */
  static List<String> predictions(
      String model, String version, int windows, int perWindow, int shiftFrom) {
    SplittableRandom random = new SplittableRandom(2);
    List<String> events = new ArrayList<>();
    for (int w = 0; w < windows; w++) {
      double shift = w >= shiftFrom ? 0.5 : 0;
      for (int i = 0; i < perWindow; i++) {
        Instant at = T0.plus(WINDOW.multipliedBy(w)).plusMillis(i * 90L);
        events.add(
            prediction(model, version, w + "-" + i, at, shift + random.nextGaussian(), random));
      }
    }
    return events;
  }

  /**
   * Labels for {@code predictions}, JSON lines in the order they become known: each drawn from its
   * prediction's score (a calibrated model) before window {@code noiseFrom}, at random (the model
   * has stopped working) from it; each known 30 s to 10 min after its prediction, and one in ten
   * never. Gives also, per window, what its performance must be: computed here, apart from the
   * job's metrics.
   */
  static Labels labels(List<String> predictions, int noiseFrom) {
    SplittableRandom random = new SplittableRandom(4);
    List<long[]> timed = new ArrayList<>();
    List<String> lines = new ArrayList<>();
    Map<Long, long[]> expected = new java.util.TreeMap<>();
    for (String event : predictions) {
      com.fasterxml.jackson.databind.JsonNode p;
      try {
        p = JSON.readTree(event);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Instant at = Instant.parse(p.get("timestamp").asText());
      long window = (at.toEpochMilli() - T0.toEpochMilli()) / WINDOW.toMillis();
      double score = p.get("prediction").asDouble();
      int label = random.nextDouble() < (window >= noiseFrom ? 0.5 : score) ? 1 : 0;
      long[] counts = expected.computeIfAbsent(window, w -> new long[3]);
      counts[0]++; // predictions
      if (random.nextDouble() < 0.1) {
        continue;
      }
      counts[1]++; // labelled
      counts[2] += (score >= 0.5 ? 1 : 0) == label ? 1 : 0; // correct at the 0.5 threshold
      Instant known = at.plusMillis(30_000 + random.nextLong(570_000));
      ObjectNode json = JSON.createObjectNode();
      json.put("prediction_id", p.get("prediction_id").asText());
      json.put("timestamp", known.toString());
      json.put("label", label == 1);
      lines.add(json.toString());
      timed.add(new long[] {known.toEpochMilli(), lines.size() - 1});
    }
    timed.sort(java.util.Comparator.comparingLong(t -> t[0]));
    List<String> ordered = new ArrayList<>();
    timed.forEach(t -> ordered.add(lines.get((int) t[1])));
    return new Labels(ordered, expected);
  }

  /**
   * @param lines label events, in time order
   * @param expected per window index: predictions, labelled, correct at 0.5
   */
  record Labels(List<String> lines, Map<Long, long[]> expected) {}

  static String prediction(
      String model, String version, String id, Instant at, double amount, SplittableRandom random) {
    ObjectNode event = JSON.createObjectNode();
    event.put("prediction_id", id);
    event.put("model", model);
    event.put("model_version", version);
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
}
