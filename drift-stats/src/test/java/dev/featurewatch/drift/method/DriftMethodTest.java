package dev.featurewatch.drift.method;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.featurewatch.drift.method.DriftScore.Verdict;
import dev.featurewatch.drift.profile.FeatureType;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DriftMethodTest {

  private static final double[] EMPTY = {};

  @Test
  void idsRoundTripAndUnknownIdsListTheValidOnes() {
    for (DriftMethod method : DriftMethod.values()) {
      assertThat(DriftMethod.fromId(method.id())).isSameAs(method);
    }
    assertThat(DriftMethod.fromId("PSI")).isSameAs(DriftMethod.PSI);
    assertThatThrownBy(() -> DriftMethod.fromId("kolmogorov"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "unknown drift method 'kolmogorov': expected one of ks, chisquare, ztest, wasserstein,"
                + " psi, kl, jensenshannon, hellinger, tvd");
  }

  @Test
  void defaultsFollowEvidently() {
    assertThat(DriftMethod.KS.defaultThreshold()).isEqualTo(0.05);
    assertThat(DriftMethod.KS.scoreKind()).isEqualTo(ScoreKind.P_VALUE);
    assertThat(DriftMethod.WASSERSTEIN.defaultThreshold()).isEqualTo(0.1);
    assertThat(DriftMethod.PSI.scoreKind()).isEqualTo(ScoreKind.DISTANCE);
    assertThat(DriftMethod.KS.appliesTo(FeatureType.CATEGORICAL)).isFalse();
    assertThat(DriftMethod.CHI_SQUARE.appliesTo(FeatureType.NUMERIC)).isFalse();
    assertThat(DriftMethod.JENSEN_SHANNON.appliesTo(FeatureType.NUMERIC)).isTrue();
    assertThat(DriftMethod.JENSEN_SHANNON.appliesTo(FeatureType.CATEGORICAL)).isTrue();
  }

  @Test
  void driftIsReportedWhenMeanShiftsByHalfSigma() {
    double[] reference = normal(new Random(1), 500, 0.0);
    double[] current = normal(new Random(2), 500, 0.5);
    for (DriftMethod method : numericMethods()) {
      assertThat(method.compare(reference, current).verdict())
          .as(method.id())
          .isEqualTo(Verdict.DRIFT);
    }
  }

  @ParameterizedTest
  @EnumSource(DriftMethod.class)
  void emptySideGivesInsufficientDataNeverNaN(DriftMethod method) {
    DriftScore score =
        method == DriftMethod.KS || method == DriftMethod.WASSERSTEIN
            ? method.compare(new double[] {1, 2}, EMPTY)
            : method.compare(new long[] {3, 4}, new long[] {0, 0});
    assertThat(score.verdict()).isEqualTo(Verdict.INSUFFICIENT_DATA);
    assertThat(score.reason()).isEqualTo("current has no values");
    assertThat(score.score()).isNotNaN();
    assertThat(score.isDrift()).isFalse();
    assertThat(method.compare(EMPTY, EMPTY).reason())
        .isEqualTo("reference and current have no values");
    assertThat(method.compare(EMPTY, new double[] {1}).reason())
        .isEqualTo("reference has no values");
  }

  @ParameterizedTest
  @EnumSource(DriftMethod.class)
  void sameConstantOnBothSidesIsNoDrift(DriftMethod method) {
    double[] reference = new double[50];
    double[] current = new double[40];
    Arrays.fill(reference, 2.5);
    Arrays.fill(current, 2.5);
    DriftScore score = method.compare(reference, current);
    assertThat(score.verdict()).isEqualTo(Verdict.NO_DRIFT);
    assertThat(score.score()).isEqualTo(method.scoreKind() == ScoreKind.P_VALUE ? 1.0 : 0.0);
  }

  @ParameterizedTest
  @EnumSource(DriftMethod.class)
  void differentConstantsAreDrift(DriftMethod method) {
    double[] reference = new double[50];
    double[] current = new double[40];
    Arrays.fill(reference, 2.5);
    Arrays.fill(current, 3.0);
    assertThat(method.compare(reference, current).verdict()).isEqualTo(Verdict.DRIFT);
  }

  @Test
  void wassersteinOfAShiftedConstantReferenceIsScaledByTheFloor() {
    double[] reference = {1, 1, 1};
    double[] current = {1.0005, 1.0005};
    assertThat(DriftMethod.WASSERSTEIN.compare(reference, current).score())
        .isCloseTo(0.5, org.assertj.core.api.Assertions.within(1e-9));
  }

  @Test
  void binsEmptyInTheReferenceAreSmoothedInPsiAndKl() {
    long[] reference = {0, 50, 50, 0};
    long[] current = {10, 40, 40, 10};
    double psi = DriftMethod.PSI.compare(reference, current).score();
    // two bins: (0.1 - 1e-4) ln(0.1 / 1e-4), two bins: (0.4 - 0.5) ln(0.4 / 0.5)
    double expected = 2 * (0.1 - 1e-4) * Math.log(0.1 / 1e-4) + 2 * (-0.1) * Math.log(0.8);
    assertThat(psi).isCloseTo(expected, org.assertj.core.api.Assertions.within(1e-12));
    assertThat(DriftMethod.KL.compare(reference, current).score()).isFinite().isPositive();
  }

  @Test
  void aCategoryUnseenInTheReferenceIsStrongButFiniteChiSquareEvidence() {
    // a two-sample test: a new category weighs by how often it appears, it is not infinite
    DriftScore few = DriftMethod.CHI_SQUARE.compare(new long[] {50, 30, 0}, new long[] {40, 30, 5});
    DriftScore many =
        DriftMethod.CHI_SQUARE.compare(new long[] {500, 300, 0}, new long[] {400, 300, 50});

    // scipy.stats.chi2_contingency([[50, 30, 0], [40, 30, 5]], correction=False)
    assertThat(few.statistic()).isCloseTo(5.956018518518518, within(1e-12));
    assertThat(few.verdict()).isEqualTo(Verdict.NO_DRIFT);
    assertThat(many.verdict()).isEqualTo(Verdict.DRIFT);
  }

  @Test
  void aSingleCategoryOnBothSidesIsNoDrift() {
    for (DriftMethod method : DriftMethod.values()) {
      if (method == DriftMethod.KS || method == DriftMethod.WASSERSTEIN) {
        continue;
      }
      DriftScore score = method.compare(new long[] {10}, new long[] {7});
      assertThat(score.verdict()).as(method.id()).isEqualTo(Verdict.NO_DRIFT);
    }
  }

  @Test
  void zTestOnNumericValuesUsesTheSmallestValueAsTheFirstCategory() {
    double[] reference = {0, 0, 0, 1, 1, 1, 1, 1, 1, 1};
    double[] current = {0, 0, 0, 0, 0, 0, 0, 1, 1, 1};
    DriftScore byValues = DriftMethod.Z_TEST.compare(reference, current);
    DriftScore byCounts = DriftMethod.Z_TEST.compare(new long[] {3, 7}, new long[] {7, 3});
    assertThat(byValues).isEqualTo(byCounts);
  }

  @Test
  void invalidInputsAreRejectedWithTheRuleAndTheValue() {
    assertThatThrownBy(() -> DriftMethod.PSI.compare(new long[12], new long[11]))
        .hasMessage("reference and current histograms must have the same length: 12 vs 11");
    assertThatThrownBy(() -> DriftMethod.PSI.compare(new long[] {1, -1}, new long[] {1, 1}))
        .hasMessage("counts must be >= 0: reference[1] = -1");
    assertThatThrownBy(() -> DriftMethod.KS.compare(new double[] {1, Double.NaN}, new double[] {1}))
        .hasMessage(
            "reference values must be finite (count missing values separately): NaN at index 1");
    assertThatThrownBy(() -> DriftMethod.KS.compare(new double[] {1}, new double[] {1}, 1.5))
        .hasMessage("threshold for ks is a p-value and must be in (0, 1): 1.5");
    assertThatThrownBy(() -> DriftMethod.PSI.compare(new long[] {1}, new long[] {1}, -0.1))
        .hasMessage("threshold for psi is a distance and must be finite and > 0: -0.1");
    assertThatThrownBy(() -> DriftMethod.KS.compare(new long[] {1}, new long[] {1}))
        .hasMessage("method ks compares values or sketches, not counts");
  }

  @Test
  void autoMethodFollowsEvidentlysRule() {
    assertThat(MethodSelector.select(FeatureType.NUMERIC, 1000, 6))
        .isEqualTo(new MethodSelector.Choice(DriftMethod.KS, FeatureType.NUMERIC));
    assertThat(MethodSelector.select(FeatureType.NUMERIC, 1001, 6))
        .isEqualTo(new MethodSelector.Choice(DriftMethod.WASSERSTEIN, FeatureType.NUMERIC));
    assertThat(MethodSelector.select(FeatureType.NUMERIC, 500, 5))
        .isEqualTo(new MethodSelector.Choice(DriftMethod.CHI_SQUARE, FeatureType.CATEGORICAL));
    assertThat(MethodSelector.select(FeatureType.NUMERIC, 500, 2))
        .isEqualTo(new MethodSelector.Choice(DriftMethod.Z_TEST, FeatureType.CATEGORICAL));
    assertThat(MethodSelector.select(FeatureType.NUMERIC, 5000, 4))
        .isEqualTo(new MethodSelector.Choice(DriftMethod.JENSEN_SHANNON, FeatureType.CATEGORICAL));
    assertThat(MethodSelector.select(FeatureType.CATEGORICAL, 1000, 2).method())
        .isEqualTo(DriftMethod.Z_TEST);
    assertThat(MethodSelector.select(FeatureType.CATEGORICAL, 1000, 30).method())
        .isEqualTo(DriftMethod.CHI_SQUARE);
    assertThat(MethodSelector.select(FeatureType.CATEGORICAL, 100_000, 30).method())
        .isEqualTo(DriftMethod.JENSEN_SHANNON);
  }

  @Test
  void datasetDriftsWhenHalfOfTheJudgedFeaturesDrift() {
    DriftScore drift = DriftScore.of(DriftMethod.PSI, 0.3, 0.3, 0.1);
    DriftScore stable = DriftScore.of(DriftMethod.PSI, 0.01, 0.01, 0.1);
    DriftScore unknown = DriftScore.insufficient(DriftMethod.KS, 0.05, "current has no values");
    DatasetDrift dataset = DatasetDrift.of(java.util.List.of(drift, stable, unknown, unknown));
    assertThat(dataset).isEqualTo(new DatasetDrift(1, 2, 2, 0.5, 0.5, Verdict.DRIFT));
    assertThat(DatasetDrift.of(java.util.List.of(drift, stable, stable)).verdict())
        .isEqualTo(Verdict.NO_DRIFT);
    assertThat(DatasetDrift.of(java.util.List.of(unknown)).verdict())
        .isEqualTo(Verdict.INSUFFICIENT_DATA);
  }

  private static DriftMethod[] numericMethods() {
    return Arrays.stream(DriftMethod.values())
        .filter(m -> m.appliesTo(FeatureType.NUMERIC))
        .toArray(DriftMethod[]::new);
  }

  static double[] normal(Random random, int n, double shift) {
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = random.nextGaussian() + shift;
    }
    return values;
  }
}
