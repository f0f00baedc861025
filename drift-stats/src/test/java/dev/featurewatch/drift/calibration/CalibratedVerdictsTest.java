package dev.featurewatch.drift.calibration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurewatch.drift.method.DriftMethod;
import dev.featurewatch.drift.method.DriftScore;
import dev.featurewatch.drift.method.DriftScore.ThresholdSource;
import dev.featurewatch.drift.method.DriftScore.Verdict;
import dev.featurewatch.drift.profile.FeatureProfile;
import dev.featurewatch.drift.profile.NumericAccumulator;
import dev.featurewatch.drift.profile.NumericProfile;
import dev.featurewatch.drift.report.DriftAnalyzer;
import dev.featurewatch.drift.report.FeatureDrift;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** What a calibrated verdict says, feature by feature. */
class CalibratedVerdictsTest {

  private static final StationaryStreams.Numeric NORMAL =
      new StationaryStreams.Numeric("income", StationaryStreams::normal);

  private final FeatureProfile baseline = NORMAL.reference(10_000, new SplittableRandom(1));
  private final DriftAnalyzer calibrated = DriftAnalyzer.builder().alpha(0.01).build();

  @Test
  void aWindowOfOnePredictionIsTooSmallToJudge() {
    FeatureDrift drift = calibrated.compare(baseline, window(1, 5.0, 2));
    assertThat(drift.score().verdict()).isEqualTo(Verdict.INSUFFICIENT_DATA);
    assertThat(drift.score().reason())
        .isEqualTo(
            "1 values in the window, fewer than the 20 that wasserstein needs for a verdict");
  }

  @Test
  void theMinimumSampleIsConfigurable() {
    DriftAnalyzer lenient = DriftAnalyzer.builder().alpha(0.01).minSamples(5).build();
    assertThat(lenient.compare(baseline, window(10, 0, 3)).score().verdict())
        .isEqualTo(Verdict.NO_DRIFT);
    assertThat(calibrated.compare(baseline, window(10, 0, 3)).score().verdict())
        .isEqualTo(Verdict.INSUFFICIENT_DATA);
  }

  @Test
  void aQuarterSigmaShiftIsCaughtInWindowsOf5000AndStatesItsCalibration() {
    DriftScore score = calibrated.compare(baseline, window(5000, 0.25, 4)).score();
    assertThat(score.verdict()).isEqualTo(Verdict.DRIFT);
    assertThat(score.thresholdSource()).isEqualTo(ThresholdSource.CALIBRATED);
    assertThat(score.falseAlarmRate()).isEqualTo(0.01);
    assertThat(score.pValue()).isLessThan(1e-4);
    assertThat(score.threshold()).isEqualTo(score.nullQuantile()).isBetween(0.0, 0.2);
  }

  @Test
  void thresholdsWidenAsWindowsShrink() {
    double small = calibrated.compare(baseline, window(50, 0, 5)).score().threshold();
    double large = calibrated.compare(baseline, window(5000, 0, 5)).score().threshold();
    // Evidently's fixed 0.1 is below the null's 99th percentile at 50 values, above it at 5000
    assertThat(small).isGreaterThan(0.1);
    assertThat(large).isLessThan(0.1).isLessThan(small);
  }

  @Test
  void theFloorKeepsLargeWindowsFromAlarmingOnTrivialShifts() {
    DriftAnalyzer floored =
        DriftAnalyzer.builder().method(DriftMethod.WASSERSTEIN).alpha(0.01).floor(0.5).build();
    DriftScore score = floored.compare(baseline, window(5000, 0.25, 6)).score();
    assertThat(score.pValue()).isLessThan(0.01);
    assertThat(score.threshold()).isEqualTo(0.5);
    assertThat(score.verdict()).isEqualTo(Verdict.NO_DRIFT);
  }

  @Test
  void aFixedThresholdStatesItsFalseAlarmRateAtThisWindowSize() {
    DriftAnalyzer fixed =
        DriftAnalyzer.builder().method(DriftMethod.WASSERSTEIN).threshold(0.1).alpha(0.01).build();
    DriftScore small = fixed.compare(baseline, window(50, 0, 7)).score();
    DriftScore large = fixed.compare(baseline, window(5000, 0, 7)).score();
    assertThat(small.thresholdSource()).isEqualTo(ThresholdSource.FIXED);
    assertThat(small.threshold()).isEqualTo(0.1);
    // Evidently's 0.1 false-alarms in most windows of 50, in hardly any of 5000 (the rate is an
    // upper bound that covers the baseline's own error)
    assertThat(small.falseAlarmRate()).isGreaterThan(0.3);
    assertThat(large.falseAlarmRate()).isLessThan(0.05);
  }

  @Test
  void withoutAlphaTheVerdictsAreEvidentlys() {
    DriftScore score = DriftAnalyzer.builder().build().compare(baseline, window(1, 5.0, 8)).score();
    assertThat(score.thresholdSource()).isEqualTo(ThresholdSource.FIXED);
    assertThat(score.threshold()).isEqualTo(0.1);
    assertThat(score.verdict()).isEqualTo(Verdict.DRIFT);
  }

  @Test
  void theSameBaselineGivesTheSameVerdictsOnEveryRun() {
    FeatureProfile live = window(300, 0.1, 9);
    DriftScore first = calibrated.compare(baseline, live).score();
    DriftScore again = DriftAnalyzer.builder().alpha(0.01).build().compare(baseline, live).score();
    assertThat(again).isEqualTo(first);
  }

  private NumericProfile window(int n, double shift, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    NumericAccumulator acc = NumericAccumulator.alignedTo((NumericProfile) baseline);
    for (int i = 0; i < n; i++) {
      acc.add(StationaryStreams.normal(random) + shift);
    }
    return acc.toProfile();
  }
}
