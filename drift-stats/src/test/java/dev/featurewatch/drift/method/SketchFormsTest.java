package dev.featurewatch.drift.method;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurewatch.drift.KllRandom;
import dev.featurewatch.drift.method.DriftScore.Verdict;
import java.util.Arrays;
import java.util.Random;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Measures the sketch forms against the exact forms on the same data and asserts the bounds stated
 * in {@link SketchForms}: reference n and current n/2 values, k = 200.
 */
class SketchFormsTest {

  private static final int K = 200;

  /** KLL compacts with an unseeded random source: seeded here, the measurements repeat. */
  @BeforeEach
  void seedKllCompaction() {
    KllRandom.seed(7);
  }

  @ParameterizedTest
  @CsvSource({
    "normal, 10000",
    "normal, 100000",
    "shifted, 10000",
    "shifted, 100000",
    "uniform, 10000",
    "uniform, 100000",
    "discrete, 10000",
    "discrete, 100000",
    "lognormal, 10000",
    "lognormal, 100000"
  })
  void sketchFormsStayWithinTheirStatedBoundsOfTheExactForms(String shape, int n) {
    for (long seed = 1; seed <= 5; seed++) {
      Random random = new Random(seed * 1_000_003 + n);
      double[] reference = sample(random, n, referenceOf(shape));
      double[] current = sample(random, n / 2, currentOf(shape));
      KllDoublesSketch referenceSketch = sketch(reference);
      KllDoublesSketch currentSketch = sketch(current);

      double exactD = KolmogorovSmirnov.statistic(sorted(reference), sorted(current));
      double sketchD = SketchForms.ksStatistic(referenceSketch, currentSketch);
      assertThat(Math.abs(sketchD - exactD)).as("KS D, seed %d", seed).isLessThanOrEqualTo(0.02);

      double std = Wasserstein.scale(reference);
      double exactW = Wasserstein.distance(reference, current) / std;
      double sketchW =
          DriftMethod.WASSERSTEIN
              .compareWasserstein(referenceSketch, std, currentSketch, 0.1)
              .score();
      double bound = shape.equals("lognormal") ? 0.15 : 0.06;
      assertThat(Math.abs(sketchW - exactW))
          .as("W1 / std, seed %d", seed)
          .isLessThanOrEqualTo(bound);

      // against exact current values only the reference is approximate: within the same bounds
      double oneSidedD =
          DriftMethod.KS.compareToSketch(referenceSketch, std, current, 0.05).statistic();
      assertThat(Math.abs(oneSidedD - exactD))
          .as("one-sided KS D, seed %d", seed)
          .isLessThanOrEqualTo(0.02);
      double oneSidedW =
          DriftMethod.WASSERSTEIN.compareToSketch(referenceSketch, std, current, 0.1).score();
      assertThat(Math.abs(oneSidedW - exactW))
          .as("one-sided W1 / std, seed %d", seed)
          .isLessThanOrEqualTo(bound);
      if (!shape.equals("lognormal")) {
        double sketchScale = SketchForms.scale(referenceSketch);
        assertThat(Math.abs(sketchScale / std - 1))
            .as("std, seed %d", seed)
            .isLessThanOrEqualTo(0.03);
      }
    }
  }

  @ParameterizedTest
  @CsvSource({"ks", "wasserstein"})
  void comparingExactValuesWithASketchGivesTheSameScoreEveryTime(String id) {
    DriftMethod method = DriftMethod.fromId(id);
    Random random = new Random(5);
    KllDoublesSketch reference = sketch(sample(random, 50_000, Random::nextGaussian));
    double[] current = sample(random, 20_000, r -> r.nextGaussian() + 0.1);

    DriftScore first = method.compareToSketch(reference, 1.0, current, method.defaultThreshold());
    for (int i = 0; i < 5; i++) {
      assertThat(method.compareToSketch(reference, 1.0, current, method.defaultThreshold()))
          .isEqualTo(first);
    }
  }

  @ParameterizedTest
  @CsvSource({"ks", "wasserstein"})
  void sketchVerdictsAgreeWithExactOnAClearShift(String id) {
    DriftMethod method = DriftMethod.fromId(id);
    Random random = new Random(11);
    // small enough that the sketch error (<= 0.02 in D) stays below the KS critical value (0.053)
    double[] reference = sample(random, 2_000, Random::nextGaussian);
    double[] current = sample(random, 1_000, r -> r.nextGaussian() + 0.5);
    assertThat(method.compare(sketch(reference), sketch(current)).verdict())
        .isEqualTo(Verdict.DRIFT);
    double[] same = sample(random, 1_000, Random::nextGaussian);
    assertThat(method.compare(sketch(reference), sketch(same)).verdict())
        .isEqualTo(Verdict.NO_DRIFT);
    assertThat(method.compare(sketch(reference), KllDoublesSketch.newHeapInstance(K)).verdict())
        .isEqualTo(Verdict.INSUFFICIENT_DATA);
  }

  private static Function<Random, Double> referenceOf(String shape) {
    return switch (shape) {
      case "uniform" -> Random::nextDouble;
      case "discrete" -> r -> (double) r.nextInt(5);
      case "lognormal" -> r -> Math.exp(r.nextGaussian());
      default -> Random::nextGaussian;
    };
  }

  private static Function<Random, Double> currentOf(String shape) {
    return switch (shape) {
      case "shifted" -> r -> r.nextGaussian() + 0.3;
      case "uniform" -> r -> 0.5 + 0.3 * r.nextGaussian();
      case "discrete" -> r -> (double) r.nextInt(6);
      case "lognormal" -> r -> 1.2 * Math.exp(r.nextGaussian());
      default -> Random::nextGaussian;
    };
  }

  private static double[] sample(Random random, int n, Function<Random, Double> draw) {
    DoubleSupplier supplier = () -> draw.apply(random);
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = supplier.getAsDouble();
    }
    return values;
  }

  private static KllDoublesSketch sketch(double[] values) {
    KllDoublesSketch sketch = KllDoublesSketch.newHeapInstance(K);
    for (double v : values) {
      sketch.update(v);
    }
    return sketch;
  }

  private static double[] sorted(double[] values) {
    double[] copy = values.clone();
    Arrays.sort(copy);
    return copy;
  }
}
