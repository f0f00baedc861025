package dev.featurewatch.monitoring.window;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurewatch.drift.baseline.Baseline;
import dev.featurewatch.drift.profile.MissingCounts;
import dev.featurewatch.drift.report.Baselines;
import dev.featurewatch.drift.report.CategoricalSample;
import dev.featurewatch.drift.report.NumericSample;
import dev.featurewatch.monitoring.Monitors;
import dev.featurewatch.monitoring.event.PredictionRecord;
import dev.featurewatch.monitoring.result.FeatureResult;
import dev.featurewatch.monitoring.result.MonitoringResult;
import dev.featurewatch.monitoring.result.MonitoringResult.ClosedBy;
import dev.featurewatch.store.definition.Field;
import dev.featurewatch.store.definition.ModelMonitor;
import dev.featurewatch.store.definition.ValueType;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Issue 5's detection quality, on the windows the job evaluates (a monitor with the automatic
 * methods and a baseline of 50,000 training rows): false alarms on a stationary stream, and the
 * power to find a shift of a quarter of a standard deviation at 5,000 predictions a window. Fixed
 * seeds; the power curve over shift sizes and methods is in BENCHMARKS.md.
 */
class DetectionQualityTest {

  private static final int TRAINING = 50_000;
  private static final int PER_WINDOW = 5_000;
  private static final String[] PLANS = {"basic", "plus", "pro"};
  private static final double[] PLAN_SHARES = {0.5, 0.3, 0.2};

  private static final ModelMonitor MONITOR =
      Monitors.monitor(
          List.of(
              Field.of("amount", ValueType.DOUBLE),
              Field.of("visits", ValueType.INT64),
              Field.of("plan", ValueType.STRING)));

  /** Training data: amount ~ N(0, 1), visits ~ Poisson-like over 0..30, plan by its shares. */
  private static Baseline baseline() {
    SplittableRandom random = new SplittableRandom(1);
    double[] amounts = new double[TRAINING];
    double[] visits = new double[TRAINING];
    long[] plans = new long[PLANS.length];
    for (int i = 0; i < TRAINING; i++) {
      amounts[i] = random.nextGaussian();
      visits[i] = visits(random);
      plans[plan(random)]++;
    }
    return Baselines.fromSamples(
        List.of(
            new NumericSample("amount", amounts, MissingCounts.NONE, 0),
            new NumericSample("visits", visits, MissingCounts.NONE, 0),
            new CategoricalSample(
                "plan", Map.of("basic", plans[0], "plus", plans[1], "pro", plans[2]), 0)),
        TRAINING,
        10,
        "training",
        Instant.EPOCH);
  }

  private static long visits(SplittableRandom random) {
    return Math.round(Math.max(0, Math.min(30, 8 + 3 * random.nextGaussian())));
  }

  private static int plan(SplittableRandom random) {
    double u = random.nextDouble();
    return u < PLAN_SHARES[0] ? 0 : u < PLAN_SHARES[0] + PLAN_SHARES[1] ? 1 : 2;
  }

  /** Flagged windows per feature out of {@code windows}, the amounts shifted by {@code shift}. */
  private static int[] flagged(Baseline baseline, int windows, double shift, long seed) {
    WindowEvaluator evaluator = new WindowEvaluator(MONITOR);
    SplittableRandom random = new SplittableRandom(seed);
    Series series = new Series("fraud", "3", Series.ALL);
    int[] flagged = new int[3];
    for (int w = 0; w < windows; w++) {
      WindowProfile window = WindowProfile.alignedTo(MONITOR, baseline, "sha256:x");
      for (int i = 0; i < PER_WINDOW; i++) {
        window.add(
            new PredictionRecord(
                "p",
                "fraud",
                "3",
                0,
                Arrays.asList(shift + random.nextGaussian(), visits(random), PLANS[plan(random)]),
                List.of(),
                0.5));
      }
      MonitoringResult result =
          evaluator.evaluate(
              series, window, baseline, "", Instant.EPOCH, Instant.EPOCH, ClosedBy.COUNT);
      List<FeatureResult> features = result.features();
      for (int f = 0; f < 3; f++) {
        flagged[f] += features.get(f).drifted() ? 1 : 0;
      }
    }
    return flagged;
  }

  @Test
  void onAStationaryStreamAtMostOnePercentOfWindowsAreFlaggedPerFeature() {
    int[] flagged = flagged(baseline(), 1_000, 0, 2);

    for (int f = 0; f < 3; f++) {
      assertThat(flagged[f]).as(MONITOR.features().get(f).name()).isLessThanOrEqualTo(10);
    }
  }

  @Test
  void aQuarterStandardDeviationShiftIsFlaggedInAtLeast95PercentOfWindows() {
    int[] flagged = flagged(baseline(), 200, 0.25, 3);

    assertThat(flagged[0]).as("amount, shifted").isGreaterThanOrEqualTo(190);
    assertThat(flagged[1]).as("visits, not shifted").isLessThanOrEqualTo(2);
    assertThat(flagged[2]).as("plan, not shifted").isLessThanOrEqualTo(2);
  }
}
