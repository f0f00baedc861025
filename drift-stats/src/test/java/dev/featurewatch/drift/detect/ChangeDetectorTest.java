package dev.featurewatch.drift.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class ChangeDetectorTest {

  private static final int SHIFT_AT = 1000;

  /** N(0, sigma²) before {@link #SHIFT_AT}, N(shift, sigma²) from it on; seeded. */
  private static double[] shiftedNormal(long seed, double sigma, double shift, int length) {
    Random random = new Random(seed);
    double[] values = new double[length];
    for (int i = 0; i < length; i++) {
      values[i] = sigma * random.nextGaussian() + (i >= SHIFT_AT ? shift : 0);
    }
    return values;
  }

  /** Index of the first detection, or -1. */
  private static int firstDetection(ChangeDetector detector, double[] values) {
    for (int i = 0; i < values.length; i++) {
      if (detector.update(values[i])) {
        return i;
      }
    }
    return -1;
  }

  private static void assertNoAlarmOnStationarySeries(
      Supplier<ChangeDetector> detectors, double sigma) {
    for (long seed = 1; seed <= 10; seed++) {
      assertThat(firstDetection(detectors.get(), shiftedNormal(seed, sigma, 0, 2000)))
          .as("seed %s", seed)
          .isEqualTo(-1);
    }
  }

  @Test
  void adwinAtDefaultsRaisesNoAlarmOnStationarySeries() {
    assertNoAlarmOnStationarySeries(() -> Adwin.builder().build(), 1);
  }

  /** The defaults suit a spread up to about 0.5; see the class comment of {@link PageHinkley}. */
  @Test
  void pageHinkleyAtDefaultsRaisesNoAlarmOnStationarySeriesOfSpreadHalf() {
    assertNoAlarmOnStationarySeries(() -> PageHinkley.builder().build(), 0.5);
  }

  @Test
  void adwinDetectsAMeanShiftOfOneSigmaWithinTwoClocks() {
    for (long seed = 1; seed <= 10; seed++) {
      int at = firstDetection(Adwin.builder().build(), shiftedNormal(seed, 1, 1, 2000));
      assertThat(at).as("seed %s", seed).isBetween(SHIFT_AT, SHIFT_AT + 64);
    }
  }

  @Test
  void pageHinkleyDetectsAMeanShiftOfTwoSigmaWithinSixtyValues() {
    for (long seed = 1; seed <= 10; seed++) {
      PageHinkley detector = PageHinkley.builder().direction(Direction.INCREASE).build();
      int at = firstDetection(detector, shiftedNormal(seed, 0.5, 1, 2000));
      assertThat(at).as("seed %s", seed).isBetween(SHIFT_AT, SHIFT_AT + 60);
    }
  }

  @Test
  void pageHinkleyLooksOnlyInItsDirection() {
    double[] rising = shiftedNormal(3, 0.5, 1, 2000);
    PageHinkley decrease = PageHinkley.builder().direction(Direction.DECREASE).build();
    assertThat(firstDetection(decrease, rising)).isEqualTo(-1);
    PageHinkley both = PageHinkley.builder().build();
    assertThat(firstDetection(both, rising)).isGreaterThanOrEqualTo(SHIFT_AT);
  }

  @Test
  void pageHinkleyScaledToAnAccuracySeriesCatchesATenPointDrop() {
    Random random = new Random(7);
    PageHinkley detector =
        PageHinkley.builder().direction(Direction.DECREASE).delta(0.005).threshold(0.5).build();
    int detectedAt = -1;
    for (int i = 0; i < 400 && detectedAt < 0; i++) {
      double accuracy = (i < 200 ? 0.9 : 0.8) + 0.02 * random.nextGaussian();
      if (detector.update(accuracy)) {
        detectedAt = i;
      }
    }
    assertThat(detectedAt).isBetween(200, 210);
  }

  @Test
  void adwinWindowShrinksToTheValuesAfterTheChange() {
    Adwin adwin = Adwin.builder().build();
    double[] values = shiftedNormal(5, 1, 3, 2000);
    int detections = 0;
    for (double v : values) {
      detections += adwin.update(v) ? 1 : 0;
    }
    // 1000 values since the change; a small oldest bucket from before it can stay, because a
    // sub-window of fewer than about 16 values is too short to be told apart at delta = 0.002
    assertThat(detections).isPositive();
    assertThat(adwin.width()).isBetween(900L, 1016L);
    assertThat(adwin.estimate().orElseThrow()).isCloseTo(3, within(0.1));
  }

  @Test
  void adwinWindowKeepsGrowingWhileTheMeanHolds() {
    Adwin adwin = Adwin.builder().build();
    double[] values = shiftedNormal(11, 1, 0, 2000);
    for (double v : values) {
      adwin.update(v);
    }
    assertThat(adwin.width()).isEqualTo(2000);
    assertThat(adwin.estimate().orElseThrow()).isCloseTo(0, within(0.1));
  }

  @Test
  void resetForgetsEverything() {
    for (ChangeDetector detector :
        new ChangeDetector[] {Adwin.builder().build(), PageHinkley.builder().build()}) {
      detector.update(1);
      detector.update(2);
      assertThat(detector.width()).isEqualTo(2);
      assertThat(detector.estimate()).hasValue(1.5);
      detector.reset();
      assertThat(detector.width()).isZero();
      assertThat(detector.estimate()).isEmpty();
    }
  }

  @Test
  void invalidParametersAreRejectedWithRuleAndValue() {
    assertThatThrownBy(() -> Adwin.builder().delta(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("delta must be within (0, 1): 0.0");
    assertThatThrownBy(() -> Adwin.builder().clock(0)).hasMessage("clock must be >= 1: 0");
    assertThatThrownBy(() -> Adwin.builder().maxBucketsPerRow(1))
        .hasMessage("maxBucketsPerRow must be >= 2: 1");
    assertThatThrownBy(() -> PageHinkley.builder().alpha(1.5))
        .hasMessage("alpha must be within (0, 1]: 1.5");
    assertThatThrownBy(() -> PageHinkley.builder().threshold(-1))
        .hasMessage("threshold must be finite and > 0: -1.0");
    assertThatThrownBy(() -> PageHinkley.builder().build().update(Double.NaN))
        .hasMessage("value must be finite: NaN");
    assertThatThrownBy(() -> Adwin.builder().build().update(Double.NEGATIVE_INFINITY))
        .hasMessage("value must be finite: -Infinity");
  }
}
