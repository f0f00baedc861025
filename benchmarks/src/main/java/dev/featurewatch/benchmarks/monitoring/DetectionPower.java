package dev.featurewatch.benchmarks.monitoring;

import dev.featurewatch.drift.baseline.Baseline;
import dev.featurewatch.drift.profile.MissingCounts;
import dev.featurewatch.drift.report.Baselines;
import dev.featurewatch.drift.report.NumericSample;
import dev.featurewatch.monitoring.event.PredictionRecord;
import dev.featurewatch.monitoring.result.MonitoringResult.ClosedBy;
import dev.featurewatch.monitoring.window.Series;
import dev.featurewatch.monitoring.window.WindowEvaluator;
import dev.featurewatch.monitoring.window.WindowProfile;
import dev.featurewatch.store.definition.Field;
import dev.featurewatch.store.definition.ModelMonitor;
import dev.featurewatch.store.definition.ModelMonitor.PredictionKind;
import dev.featurewatch.store.definition.ValueType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The detection power curve of issue 5 section 6: the share of windows in which a numeric feature
 * is flagged, against the size of a mean shift (in standard deviations of the training data), for
 * the default method (automatic: Wasserstein on a large baseline) and the other numeric ones at
 * their default thresholds, at 1,000 and 5,000 predictions a window. The windows are the job's own
 * ({@link WindowProfile} aligned to a baseline of 50,000 N(0, 1) training values, evaluated by
 * {@link WindowEvaluator}); fixed seeds. Prints a Markdown table.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.featurewatch.benchmarks.monitoring.DetectionPower
 * </pre>
 */
public final class DetectionPower {

  private static final int WINDOWS = 200;
  private static final double[] SHIFTS = {0, 0.02, 0.05, 0.1, 0.15, 0.2, 0.25, 0.5};
  private static final List<String> METHODS = List.of("auto", "ks", "psi", "jensenshannon");

  public static void main(String[] args) {
    SplittableRandom training = new SplittableRandom(1);
    double[] values = new double[50_000];
    for (int i = 0; i < values.length; i++) {
      values[i] = training.nextGaussian();
    }
    Baseline baseline =
        Baselines.fromSamples(
            List.of(new NumericSample("x", values, MissingCounts.NONE, 0)),
            values.length,
            10,
            "N(0, 1)",
            Instant.EPOCH);
    StringBuilder header = new StringBuilder("| method | predictions a window |");
    StringBuilder rule = new StringBuilder("| --- | --- |");
    for (double shift : SHIFTS) {
      header.append(String.format(Locale.ROOT, " %.2f sd |", shift));
      rule.append(" --- |");
    }
    System.out.println(header);
    System.out.println(rule);
    for (String method : METHODS) {
      for (int perWindow : new int[] {1_000, 5_000}) {
        StringBuilder row =
            new StringBuilder(String.format(Locale.ROOT, "| %s | %,d |", method, perWindow));
        for (double shift : SHIFTS) {
          double share = flaggedShare(baseline, monitor(method), perWindow, shift);
          row.append(String.format(Locale.ROOT, " %.1f %% |", 100 * share));
        }
        System.out.println(row);
      }
    }
  }

  private static ModelMonitor monitor(String method) {
    return new ModelMonitor(
        "power",
        "power",
        "1",
        "",
        "predictions",
        "",
        List.of(Field.of("x", ValueType.DOUBLE)),
        new ModelMonitor.Prediction(PredictionKind.REGRESSION, List.of(), 0),
        null,
        new ModelMonitor.Window(Duration.ofMinutes(5), 0),
        new ModelMonitor.Drift(method, null, Map.of()),
        List.of(),
        ModelMonitor.REGISTRY_BASELINE,
        ModelMonitor.WriteBack.DEFAULT,
        "",
        Map.of());
  }

  private static double flaggedShare(
      Baseline baseline, ModelMonitor monitor, int perWindow, double shift) {
    WindowEvaluator evaluator = new WindowEvaluator(monitor);
    SplittableRandom random = new SplittableRandom(Double.hashCode(shift) * 31L + perWindow);
    Series series = new Series("power", "1", Series.ALL);
    int flagged = 0;
    for (int w = 0; w < WINDOWS; w++) {
      WindowProfile window = WindowProfile.alignedTo(monitor, baseline, "sha256:power");
      for (int i = 0; i < perWindow; i++) {
        window.add(
            new PredictionRecord(
                "p", "power", "1", 0, List.of(shift + random.nextGaussian()), List.of(), 0.0));
      }
      flagged +=
          evaluator
                  .evaluate(
                      series, window, baseline, "", Instant.EPOCH, Instant.EPOCH, ClosedBy.COUNT)
                  .features()
                  .get(0)
                  .drifted()
              ? 1
              : 0;
    }
    return (double) flagged / WINDOWS;
  }

  private DetectionPower() {}
}
