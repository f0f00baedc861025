package dev.featurewatch.drift.performance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;
import net.jqwik.api.constraints.IntRange;

/**
 * Splitting the data at any point, accumulating both parts and merging gives the result of the
 * whole: counts exactly, sums within 1e-9 relative.
 */
class AccumulatorMergeTest {

  private static final double RELATIVE = 1e-9;

  /** A fixed seed keeps the build deterministic; change it to explore other data. */
  private static final String SEED = "20240611";

  @Provide
  Arbitrary<List<Tuple2<Double, Integer>>> scoredLabels() {
    Arbitrary<Double> scores =
        Arbitraries.doubles()
            .between(0, 1)
            .withSpecialValue(0.0)
            .withSpecialValue(1.0)
            .withSpecialValue(0.5);
    return Combinators.combine(scores, Arbitraries.integers().between(0, 1))
        .as(Tuple::of)
        .list()
        .ofMaxSize(300);
  }

  @Provide
  Arbitrary<List<Tuple2<Double, Double>>> regressionPairs() {
    Arbitrary<Double> values = Arbitraries.doubles().between(-1e4, 1e4).ofScale(4);
    return Combinators.combine(values, values).as(Tuple::of).list().ofMaxSize(300);
  }

  @Provide
  Arbitrary<List<Tuple2<String, String>>> classLabels() {
    Arbitrary<String> labels = Arbitraries.of("a", "b", "c", "d", "e");
    return Combinators.combine(labels, labels).as(Tuple::of).list().ofMaxSize(300);
  }

  @Property(seed = SEED)
  void binaryScoresMergedAnywhereEqualTheWhole(
      @ForAll("scoredLabels") List<Tuple2<Double, Integer>> data,
      @ForAll @IntRange(max = 300) int cut,
      @ForAll boolean exactAuc) {
    int at = Math.min(cut, data.size());
    BinaryScoreAccumulator whole = binaryScores(exactAuc);
    BinaryScoreAccumulator left = binaryScores(exactAuc);
    BinaryScoreAccumulator right = binaryScores(exactAuc);
    for (int i = 0; i < data.size(); i++) {
      whole.add(data.get(i).get1(), data.get(i).get2());
      (i < at ? left : right).add(data.get(i).get1(), data.get(i).get2());
    }
    left.merge(right);

    Optional<BinaryScoreMetrics> merged = left.result();
    Optional<BinaryScoreMetrics> expected = whole.result();
    assertThat(merged.isPresent()).isEqualTo(expected.isPresent());
    merged.ifPresent(
        m -> {
          BinaryScoreMetrics e = expected.orElseThrow();
          assertThat(m.confusion()).isEqualTo(e.confusion());
          assertRelativelyClose(m.logLoss(), e.logLoss());
          assertRelativelyClose(m.brierScore(), e.brierScore());
          // the AUC is computed from identical counts, so it is equal, not only close
          assertThat(m.rocAuc()).isEqualTo(e.rocAuc());
        });
  }

  private static BinaryScoreAccumulator binaryScores(boolean exactAuc) {
    return exactAuc
        ? BinaryScoreAccumulator.withExactAuc(0.5)
        : BinaryScoreAccumulator.withBucketedAuc(0.5, 100);
  }

  @Property(seed = SEED)
  void binaryLabelsMergedAnywhereEqualTheWhole(
      @ForAll("scoredLabels") List<Tuple2<Double, Integer>> data,
      @ForAll @IntRange(max = 300) int cut) {
    int at = Math.min(cut, data.size());
    BinaryLabelAccumulator whole = new BinaryLabelAccumulator();
    BinaryLabelAccumulator left = new BinaryLabelAccumulator();
    BinaryLabelAccumulator right = new BinaryLabelAccumulator();
    for (int i = 0; i < data.size(); i++) {
      int predicted = data.get(i).get1() >= 0.5 ? 1 : 0;
      whole.add(predicted, data.get(i).get2());
      (i < at ? left : right).add(predicted, data.get(i).get2());
    }
    left.merge(right);
    assertThat(left.result()).isEqualTo(whole.result());
  }

  @Property(seed = SEED)
  void multiclassMergedAnywhereEqualsTheWhole(
      @ForAll("classLabels") List<Tuple2<String, String>> data,
      @ForAll @IntRange(max = 300) int cut) {
    int at = Math.min(cut, data.size());
    MulticlassLabelAccumulator whole = new MulticlassLabelAccumulator();
    MulticlassLabelAccumulator left = new MulticlassLabelAccumulator();
    MulticlassLabelAccumulator right = new MulticlassLabelAccumulator();
    for (int i = 0; i < data.size(); i++) {
      whole.add(data.get(i).get1(), data.get(i).get2());
      (i < at ? left : right).add(data.get(i).get1(), data.get(i).get2());
    }
    left.merge(right);
    Optional<MulticlassMetrics> merged = left.result();
    Optional<MulticlassMetrics> expected = whole.result();
    assertThat(merged.isPresent()).isEqualTo(expected.isPresent());
    merged.ifPresent(
        m -> {
          MulticlassMetrics e = expected.orElseThrow();
          assertThat(m.predictions()).isEqualTo(e.predictions());
          assertThat(m.correct()).isEqualTo(e.correct());
          assertThat(m.classes()).isEqualTo(e.classes());
          assertRelativelyClose(m.macroF1(), e.macroF1());
        });
  }

  @Property(seed = SEED)
  void regressionMergedAnywhereEqualsTheWhole(
      @ForAll("regressionPairs") List<Tuple2<Double, Double>> data,
      @ForAll @IntRange(max = 300) int cut) {
    int at = Math.min(cut, data.size());
    RegressionAccumulator whole = new RegressionAccumulator();
    RegressionAccumulator left = new RegressionAccumulator();
    RegressionAccumulator right = new RegressionAccumulator();
    for (int i = 0; i < data.size(); i++) {
      whole.add(data.get(i).get1(), data.get(i).get2());
      (i < at ? left : right).add(data.get(i).get1(), data.get(i).get2());
    }
    left.merge(right);
    Optional<RegressionMetrics> merged = left.result();
    Optional<RegressionMetrics> expected = whole.result();
    assertThat(merged.isPresent()).isEqualTo(expected.isPresent());
    merged.ifPresent(
        m -> {
          RegressionMetrics e = expected.orElseThrow();
          assertThat(m.count()).isEqualTo(e.count());
          assertRelativelyClose(m.meanAbsoluteError(), e.meanAbsoluteError());
          assertRelativelyClose(m.rootMeanSquaredError(), e.rootMeanSquaredError());
          assertRelativelyClose(m.meanAbsolutePercentageError(), e.meanAbsolutePercentageError());
          // R² = 1 - a / b cancels near 0 and is unbounded below: relative to max(1, |R²|)
          assertThat(m.r2().isPresent()).isEqualTo(e.r2().isPresent());
          m.r2()
              .ifPresent(
                  r2 -> {
                    double expectedR2 = e.r2().getAsDouble();
                    assertThat(r2)
                        .isCloseTo(
                            expectedR2, within(RELATIVE * Math.max(1, Math.abs(expectedR2))));
                  });
        });
  }

  private static void assertRelativelyClose(double actual, double expected) {
    assertThat(Math.abs(actual - expected))
        .as("%s, expected %s", actual, expected)
        .isLessThanOrEqualTo(RELATIVE * Math.max(Double.MIN_NORMAL, Math.abs(expected)));
  }
}
