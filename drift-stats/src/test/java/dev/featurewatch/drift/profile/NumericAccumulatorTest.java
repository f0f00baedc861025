package dev.featurewatch.drift.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.apache.datasketches.common.SketchesArgumentException;
import org.junit.jupiter.api.Test;

class NumericAccumulatorTest {

  @Test
  void profilesFiniteValuesAndCountsMissingByKind() {
    NumericAccumulator acc = NumericAccumulator.create("x");
    for (double v :
        new double[] {1, 2, Double.NaN, 3, Double.POSITIVE_INFINITY, 4, Double.NEGATIVE_INFINITY}) {
      acc.add(v);
    }
    acc.addNull();

    NumericProfile p = acc.toProfile();

    // by hand: 1..4 has mean 2.5, squared deviations 2.25 + 0.25 + 0.25 + 2.25 = 5
    assertThat(p.count()).isEqualTo(4);
    assertThat(p.missing()).isEqualTo(new MissingCounts(1, 1, 1, 1));
    assertThat(p.missingShare()).isEqualTo(0.5);
    assertThat(p.min()).isEqualTo(1.0);
    assertThat(p.max()).isEqualTo(4.0);
    assertThat(p.mean()).isEqualTo(2.5);
    assertThat(p.populationVariance()).isEqualTo(1.25);
    assertThat(p.sampleVariance()).isCloseTo(5.0 / 3.0, within(1e-15));
    assertThat(p.sketch().getN()).isEqualTo(4);
    assertThat(p.sketch().getQuantile(0.5)).isEqualTo(2.0);
    assertThat(p.type()).isEqualTo(FeatureType.NUMERIC);
  }

  @Test
  void emptyProfileHasNaNStatisticsAndNoMissingShare() {
    NumericProfile p = NumericAccumulator.create("x").toProfile();

    assertThat(p.count()).isZero();
    assertThat(p.missingShare()).isZero();
    assertThat(p.min()).isNaN();
    assertThat(p.max()).isNaN();
    assertThat(p.mean()).isNaN();
    assertThat(p.populationVariance()).isNaN();
    assertThat(p.sampleVariance()).isNaN();
    assertThat(p.sketch().isEmpty()).isTrue();
  }

  @Test
  void varianceStaysExactForValuesFarFromZero() {
    // the textbook case where the sum-of-squares formula loses every digit
    NumericAccumulator acc = NumericAccumulator.create("x");
    for (double v : new double[] {1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16}) {
      acc.add(v);
    }

    NumericProfile p = acc.toProfile();

    assertThat(p.mean()).isEqualTo(1e9 + 10);
    assertThat(p.populationVariance()).isEqualTo(22.5);
    assertThat(p.sampleVariance()).isEqualTo(30.0);
  }

  @Test
  void countsValuesPerBinIncludingOuterBins() {
    NumericAccumulator acc = NumericAccumulator.create("x", 200, BinEdges.of(0, 10, 20));
    for (double v : new double[] {-5, 0, 9.99, 10, 20, 25, Double.NaN}) {
      acc.add(v);
    }

    // (-inf,0) [0,10) [10,20] (20,inf)
    assertThat(acc.toProfile().binCounts()).containsExactly(1, 2, 2, 1);
  }

  @Test
  void unbinnedProfileHasNoBins() {
    NumericAccumulator acc = NumericAccumulator.create("x");
    acc.add(1);

    assertThat(acc.toProfile().binEdges()).isEmpty();
    assertThat(acc.toProfile().binCounts()).isEmpty();
  }

  @Test
  void mergeRejectsDifferentBinEdgesNamingBoth() {
    NumericAccumulator a = NumericAccumulator.create("x", 200, BinEdges.of(0, 1));
    NumericAccumulator b = NumericAccumulator.create("x", 200, BinEdges.of(0, 2));

    assertThatThrownBy(() -> a.merge(b))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("BinEdges[0.0, 1.0]")
        .hasMessageContaining("BinEdges[0.0, 2.0]");
  }

  @Test
  void mergeRejectsAnotherFeature() {
    assertThatThrownBy(() -> NumericAccumulator.create("x").merge(NumericAccumulator.create("y")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot merge profiles of different features: 'x' and 'y'");
  }

  @Test
  void mergeLeavesTheOtherAccumulatorUnchanged() {
    NumericAccumulator a = NumericAccumulator.create("x");
    NumericAccumulator b = NumericAccumulator.create("x");
    a.add(1);
    b.add(2);
    NumericProfile before = b.toProfile();

    a.merge(b);

    assertThat(b.toProfile()).isEqualTo(before);
    assertThat(a.toProfile().count()).isEqualTo(2);
  }

  @Test
  void sketchAccuracyOutsideKllLimitsIsRejected() {
    assertThatThrownBy(() -> NumericAccumulator.create("x", 3, null))
        .hasMessage("k must be >= 8 and <= 65535: 3");
    assertThatThrownBy(() -> NumericAccumulator.create("x", 65536, null))
        .hasMessage("k must be >= 8 and <= 65535: 65536");
  }

  @Test
  void emptyFeatureNameIsRejected() {
    assertThatThrownBy(() -> NumericAccumulator.create(""))
        .hasMessage("feature name must not be empty: ''");
  }

  @Test
  void profileIsNotChangedThroughItsAccessorsOrByTheAccumulator() {
    NumericAccumulator acc = NumericAccumulator.create("x", 200, BinEdges.of(0, 1));
    acc.add(0.5);
    NumericProfile p = acc.toProfile();

    p.binCounts()[1] = 99;
    acc.add(0.7);

    assertThat(p.binCounts()).containsExactly(0, 1, 0);
    assertThat(p.sketch().getN()).isEqualTo(1);
    assertThatThrownBy(() -> p.sketch().update(1.0)).isInstanceOf(SketchesArgumentException.class);
  }

  @Test
  void profileContinuesAfterASnapshot() {
    NumericAccumulator acc = NumericAccumulator.create("x");
    for (int i = 0; i < 1000; i++) {
      acc.add(i);
      if (i % 300 == 0) {
        acc.toProfile();
      }
    }

    NumericProfile p = acc.toProfile();

    assertThat(p.count()).isEqualTo(1000);
    assertThat(p.sketch().getN()).isEqualTo(1000);
    assertThat(p.mean()).isEqualTo(499.5);
  }

  @Test
  void hugeValuesWhoseSumOverflowsStillHaveTheirMean() {
    double huge = Math.scalb(1.0, 1020); // about 1.1e308: a batch's plain sum overflows
    NumericAccumulator acc = NumericAccumulator.create("x");
    for (int i = 0; i < 1024; i++) {
      acc.add(huge);
    }
    NumericProfile profile = acc.toProfile();
    assertThat(profile.mean()).isEqualTo(huge);
    assertThat(profile.populationVariance()).isZero();
  }

  @Test
  void aVarianceBeyondTheLargestDoubleIsRefusedWithTheFeatureNamed() {
    NumericAccumulator acc = NumericAccumulator.create("x");
    for (int i = 0; i < 1000; i++) {
      acc.add(i % 2 == 0 ? 1.5e308 : -1.5e308);
    }
    assertThatThrownBy(acc::toProfile)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("feature 'x': values too large to profile");
  }

  @Test
  void aLargeOffsetKeepsTheVarianceToTwelveDigits() {
    // epoch seconds: the spread is a few units on an offset of 1.7e9
    java.util.SplittableRandom random = new java.util.SplittableRandom(17);
    double[] values = new double[5000];
    for (int i = 0; i < values.length; i++) {
      values[i] = 1.7e9 + random.nextDouble(-3, 3);
    }
    NumericAccumulator whole = NumericAccumulator.create("t");
    NumericAccumulator first = NumericAccumulator.create("t");
    NumericAccumulator second = NumericAccumulator.create("t");
    for (int i = 0; i < values.length; i++) {
      whole.add(values[i]);
      (i < 1234 ? first : second).add(values[i]);
    }
    first.merge(second);

    // the exact variance of the doubles, in decimal arithmetic
    java.math.MathContext context = new java.math.MathContext(40);
    java.math.BigDecimal sum = java.math.BigDecimal.ZERO;
    for (double v : values) {
      sum = sum.add(new java.math.BigDecimal(v));
    }
    java.math.BigDecimal mean = sum.divide(java.math.BigDecimal.valueOf(values.length), context);
    java.math.BigDecimal squares = java.math.BigDecimal.ZERO;
    for (double v : values) {
      java.math.BigDecimal d = new java.math.BigDecimal(v).subtract(mean);
      squares = squares.add(d.multiply(d));
    }
    double exact =
        squares.divide(java.math.BigDecimal.valueOf(values.length), context).doubleValue();

    for (NumericAccumulator acc : List.of(whole, first)) {
      NumericProfile profile = acc.toProfile();
      assertThat(profile.populationVariance())
          .isCloseTo(exact, org.assertj.core.api.Assertions.within(1e-12 * exact));
      assertThat(profile.mean())
          .isCloseTo(mean.doubleValue(), org.assertj.core.api.Assertions.within(1e-6));
    }
  }
}
