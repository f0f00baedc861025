package dev.featurewatch.drift.performance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class AccumulatorsTest {

  @Test
  void emptyAccumulatorsReportNoDataRatherThanNaN() {
    assertThat(new BinaryLabelAccumulator().result()).isEmpty();
    assertThat(BinaryScoreAccumulator.withExactAuc(0.5).result()).isEmpty();
    assertThat(BinaryScoreAccumulator.withBucketedAuc(0.5, 100).result()).isEmpty();
    assertThat(new MulticlassLabelAccumulator().result()).isEmpty();
    assertThat(new RegressionAccumulator().result()).isEmpty();
    assertThat(LabelCoverage.NONE.ratio()).isEmpty();
  }

  @Test
  void mergingAnEmptyAccumulatorChangesNothing() {
    RegressionAccumulator acc = new RegressionAccumulator();
    acc.add(1, 2);
    acc.add(3, 5);
    RegressionMetrics before = acc.result().orElseThrow();
    acc.merge(new RegressionAccumulator());
    assertThat(acc.result()).contains(before);

    RegressionAccumulator empty = new RegressionAccumulator();
    empty.merge(acc);
    assertThat(empty.result()).contains(before);
  }

  @Test
  void scoreAtTheThresholdPredictsPositive() {
    BinaryScoreAccumulator acc = BinaryScoreAccumulator.withExactAuc(0.3);
    acc.add(0.3, 1);
    acc.add(0.2999, 0);
    assertThat(acc.result().orElseThrow().confusion()).isEqualTo(new ConfusionMatrix(1, 0, 1, 0));
  }

  @Test
  void confidentlyWrongProbabilityCostsTheClippedLogLoss() {
    BinaryScoreAccumulator acc = BinaryScoreAccumulator.withExactAuc(0.5);
    acc.add(0.0, 1);
    assertThat(acc.result().orElseThrow().logLoss()).isEqualTo(-Math.log(Math.ulp(1.0)));
  }

  @Test
  void ratiosWithoutDenominatorAreZeroAsSklearnZeroDivision() {
    ConfusionMatrix allNegative = new ConfusionMatrix(0, 0, 7, 0);
    assertThat(allNegative.accuracy()).isEqualTo(1.0);
    assertThat(allNegative.precision()).isZero();
    assertThat(allNegative.recall()).isZero();
    assertThat(allNegative.f1()).isZero();
  }

  @Test
  void rSquaredOfConstantTruthIsOneWhenPerfectAndZeroOtherwise() {
    RegressionAccumulator perfect = new RegressionAccumulator();
    RegressionAccumulator imperfect = new RegressionAccumulator();
    for (int i = 0; i < 10; i++) {
      perfect.add(0.1, 0.1);
      imperfect.add(0.1 + i, 0.1);
    }
    assertThat(perfect.result().orElseThrow().r2()).hasValue(1.0);
    assertThat(imperfect.result().orElseThrow().r2()).hasValue(0.0);
  }

  @Test
  void rSquaredIsUndefinedForASinglePrediction() {
    RegressionAccumulator acc = new RegressionAccumulator();
    acc.add(1, 2);
    assertThat(acc.result().orElseThrow().r2()).isEmpty();
  }

  @Test
  void labelCoverageAddsCountsAndGivesTheLabelledShare() {
    LabelCoverage coverage = new LabelCoverage(10, 4).plus(new LabelCoverage(30, 26));
    assertThat(coverage).isEqualTo(new LabelCoverage(40, 30));
    assertThat(coverage.ratio()).isEqualTo(OptionalDouble.of(0.75));
  }

  @Test
  void invalidInputsAreRejectedWithRuleAndValue() {
    assertThatThrownBy(() -> BinaryScoreAccumulator.withExactAuc(0.5).add(1.3, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("probability must be within [0, 1]: 1.3");
    assertThatThrownBy(() -> BinaryScoreAccumulator.withExactAuc(0.5).add(0.5, -1))
        .hasMessage("label must be 0 or 1: -1");
    assertThatThrownBy(() -> BinaryScoreAccumulator.withExactAuc(1.5))
        .hasMessage("threshold must be within [0, 1]: 1.5");
    assertThatThrownBy(() -> new BinaryLabelAccumulator().add(2, 1))
        .hasMessage("predicted label must be 0 or 1: 2");
    assertThatThrownBy(() -> new RegressionAccumulator().add(1, Double.POSITIVE_INFINITY))
        .hasMessage("true value must be finite: Infinity");
    assertThatThrownBy(() -> new MulticlassLabelAccumulator().add("a", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("true label must not be null");
    assertThatThrownBy(() -> new LabelCoverage(3, 4))
        .hasMessage("labelled must be within [0, predictions = 3]: 4");
    assertThatThrownBy(() -> new ConfusionMatrix(0, 0, 0, 0))
        .hasMessage("confusion matrix must count at least one prediction: 0");
  }

  @Test
  void accumulatorsOfDifferentThresholdsDoNotMerge() {
    assertThatThrownBy(
            () ->
                BinaryScoreAccumulator.withExactAuc(0.5)
                    .merge(BinaryScoreAccumulator.withExactAuc(0.7)))
        .hasMessage("can only merge accumulators of threshold 0.5: 0.7");
  }
}
