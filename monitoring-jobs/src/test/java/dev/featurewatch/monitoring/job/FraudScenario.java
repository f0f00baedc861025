package dev.featurewatch.monitoring.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featurewatch.drift.baseline.Baseline;
import dev.featurewatch.drift.baseline.BaselineFile;
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

  /** The monitor's YAML, with its prediction source. */
  static String repository(String model, String source) {
    return """
        sources:
          - %s
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
              - {feature: country, values: [DE, FR]}
        """
        .formatted(source, model);
  }

  /** The baseline file's bytes. */
  static byte[] baseline() {
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
