package dev.featurewatch.drift.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.featurewatch.drift.Gaussian;
import dev.featurewatch.drift.KllRandom;
import dev.featurewatch.drift.baseline.Baseline;
import dev.featurewatch.drift.method.DriftMethod;
import dev.featurewatch.drift.method.DriftScore.Verdict;
import dev.featurewatch.drift.profile.FeatureType;
import dev.featurewatch.drift.profile.MissingCounts;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DriftAnalyzerTest {

  @BeforeEach
  void seedKll() {
    KllRandom.seed(3); // baselines keep KLL sketches: the same ones on every run
  }

  private static final DriftAnalyzer AUTO = DriftAnalyzer.builder().build();

  private static NumericSample normal(String name, int n, double mean, long seed) {
    return new NumericSample(name, Gaussian.values(n, mean, seed), MissingCounts.NONE, 0);
  }

  private static NumericSample values(String name, double... values) {
    return new NumericSample(name, values, MissingCounts.NONE, 0);
  }

  private static CategoricalSample categories(String name, Map<String, Long> counts) {
    return new CategoricalSample(name, counts, 0);
  }

  @Test
  void aShiftedFeatureDriftsAndAnUnchangedOneDoesNot() {
    DriftReport report =
        AUTO.compare(
            List.of(normal("shifted", 5000, 0, 1), normal("same", 5000, 0, 2)),
            List.of(normal("shifted", 5000, 0.5, 3), normal("same", 5000, 0, 4)));

    assertThat(report.features())
        .extracting(FeatureDrift::feature)
        .containsExactly("shifted", "same");
    assertThat(report.features().get(0).method()).isEqualTo(DriftMethod.WASSERSTEIN);
    assertThat(report.features().get(0).score().verdict()).isEqualTo(Verdict.DRIFT);
    assertThat(report.features().get(1).score().verdict()).isEqualTo(Verdict.NO_DRIFT);
    assertThat(report.dataset().drifted()).isEqualTo(1);
    assertThat(report.dataset().verdict()).isEqualTo(Verdict.DRIFT);
  }

  @Test
  void aSmallReferenceGetsTheKsTest() {
    DriftReport report =
        AUTO.compare(List.of(normal("x", 500, 0, 1)), List.of(normal("x", 500, 0, 2)));

    assertThat(report.features().get(0).method()).isEqualTo(DriftMethod.KS);
  }

  @Test
  void aNumericFlagIsComparedAsCategories() {
    DriftReport report =
        AUTO.compare(
            List.of(values("flag", 0, 1, 1, 0, 1, 1)), List.of(values("flag", 0, 0, 0, 0, 1, 1)));

    FeatureDrift flag = report.features().get(0);
    assertThat(flag.type()).isEqualTo(FeatureType.NUMERIC);
    assertThat(flag.comparedAs()).isEqualTo(FeatureType.CATEGORICAL);
    assertThat(flag.method()).isEqualTo(DriftMethod.Z_TEST);
  }

  @Test
  void chiSquareOnAContinuousFeatureComparesTheReferenceQuantileBins() {
    // same distribution: current values beyond the reference's range must not make it drift
    double[] current = Gaussian.values(5000, 0, 2);
    current[0] = 100;
    current[1] = -100;
    FeatureDrift same =
        DriftAnalyzer.builder()
            .method(DriftMethod.CHI_SQUARE)
            .build()
            .compare(List.of(normal("x", 5000, 0, 1)), List.of(values("x", current)))
            .features()
            .get(0);
    FeatureDrift shifted =
        DriftAnalyzer.builder()
            .method(DriftMethod.CHI_SQUARE)
            .build()
            .compare(List.of(normal("x", 5000, 0, 1)), List.of(normal("x", 5000, 0.2, 2)))
            .features()
            .get(0);

    assertThat(same.comparedAs()).isEqualTo(FeatureType.NUMERIC);
    assertThat(same.outOfRangeShare()).isPositive();
    assertThat(same.score().verdict()).as(same.score().toString()).isEqualTo(Verdict.NO_DRIFT);
    assertThat(shifted.score().verdict()).isEqualTo(Verdict.DRIFT);
  }

  @Test
  void theZTestIsRefusedForContinuousFeaturesNamingThem() {
    DriftAnalyzer ztest = DriftAnalyzer.builder().method(DriftMethod.Z_TEST).build();

    assertThatThrownBy(
            () ->
                ztest.compare(
                    List.of(normal("amount", 100, 0, 1), values("flag", 0, 1, 1)),
                    List.of(normal("amount", 100, 0, 2), values("flag", 1, 1, 0))))
        .hasMessageContaining("these numeric features have more than 5 distinct values: [amount]");
  }

  @Test
  void aNumericMethodLeavesCategoricalFeaturesToTheAutomaticPick() {
    DriftReport report =
        DriftAnalyzer.builder()
            .method(DriftMethod.KS)
            .threshold(0.01)
            .build()
            .compare(
                List.of(
                    normal("x", 500, 0, 1), categories("c", Map.of("a", 10L, "b", 20L, "d", 5L))),
                List.of(
                    normal("x", 500, 0, 2), categories("c", Map.of("a", 12L, "b", 18L, "d", 5L))));

    assertThat(report.features().get(0).method()).isEqualTo(DriftMethod.KS);
    assertThat(report.features().get(0).score().threshold()).isEqualTo(0.01);
    assertThat(report.features().get(1).method()).isEqualTo(DriftMethod.CHI_SQUARE);
    assertThat(report.features().get(1).score().threshold()).isEqualTo(0.05);
  }

  @Test
  void aThresholdOutOfRangeForTheMethodIsRefusedWhenBuilding() {
    assertThatThrownBy(() -> DriftAnalyzer.builder().method(DriftMethod.KS).threshold(5).build())
        .hasMessage("threshold for ks is a p-value and must be in (0, 1): 5.0");
  }

  @Test
  void unseenCategoriesAreCountedAndListedMostFrequentFirst() {
    FeatureDrift country =
        AUTO.compare(
                List.of(categories("country", Map.of("DE", 50L, "FR", 50L))),
                List.of(categories("country", Map.of("DE", 40L, "BR", 7L, "US", 9L))))
            .features()
            .get(0);

    assertThat(country.unseenCategories()).containsExactly("US", "BR");
    assertThat(country.unseenCount()).isEqualTo(16);
    assertThat(country.method()).isEqualTo(DriftMethod.Z_TEST);
  }

  @Test
  void countsValuesOutsideTheReferenceRange() {
    FeatureDrift x =
        AUTO.compare(List.of(values("x", 1, 2, 3, 4, 5, 6, 7)), List.of(values("x", 0, 2, 3, 9)))
            .features()
            .get(0);

    assertThat(x.outOfRangeShare()).isEqualTo(0.5);
  }

  @Test
  void theBaselineGivesTheSameCategoricalScoresAndCloseNumericOnes() {
    List<Sample> reference =
        List.of(
            normal("amount", 20_000, 0, 1),
            categories("country", Map.of("DE", 500L, "FR", 300L, "IT", 200L)));
    List<Sample> current =
        List.of(
            normal("amount", 10_000, 0.3, 2),
            categories("country", Map.of("DE", 400L, "FR", 350L, "IT", 200L, "ES", 50L)));
    Baseline baseline = Baselines.fromSamples(reference, 20_000, 10, "test", Instant.EPOCH);

    DriftReport exact = AUTO.compare(reference, current);
    DriftReport streamed = AUTO.compare(baseline, current);

    for (int i = 0; i < 2; i++) {
      FeatureDrift e = exact.features().get(i);
      FeatureDrift s = streamed.features().get(i);
      assertThat(s.method()).isEqualTo(e.method());
      assertThat(s.score().verdict()).isEqualTo(e.score().verdict());
      double tolerance = e.type() == FeatureType.CATEGORICAL ? 1e-12 : 0.06;
      assertThat(s.score().score()).as(e.feature()).isCloseTo(e.score().score(), within(tolerance));
    }
    assertThat(streamed.features().get(1).unseenCategories()).containsExactly("ES");
  }

  @Test
  void aFeatureWithFewValuesIsComparedValueByValueFromTheBaselineToo() {
    double[] ref = new double[3000];
    double[] cur = new double[3000];
    for (int i = 0; i < ref.length; i++) {
      ref[i] = i % 4; // 0, 1, 2, 3
      cur[i] = i % 10 == 0 ? 5 : i % 3; // 0, 1, 2 and a value the reference never had
    }
    List<Sample> reference = List.of(values("children", ref));
    List<Sample> current = List.of(values("children", cur));
    Baseline baseline = Baselines.fromSamples(reference, ref.length, 10, "test", Instant.EPOCH);

    FeatureDrift exact = AUTO.compare(reference, current).features().get(0);
    FeatureDrift streamed = AUTO.compare(baseline, current).features().get(0);

    for (FeatureDrift f : List.of(exact, streamed)) {
      assertThat(f.comparedAs()).isEqualTo(FeatureType.CATEGORICAL);
      assertThat(f.method()).isEqualTo(DriftMethod.JENSEN_SHANNON);
      assertThat(f.unseenCategories()).containsExactly("5.0");
      assertThat(f.unseenCount()).isEqualTo(300);
    }
    // Jensen-Shannon sums over categories the reference lacks linearly, so one bucket for all of
    // them gives the same distance as one per value
    assertThat(streamed.score().score()).isCloseTo(exact.score().score(), within(1e-12));
  }

  @Test
  void aBaselineKeepsEveryTrainingCategorySoNoneIsReportedUnseen() {
    Map<String, Long> many = new java.util.HashMap<>();
    for (int i = 0; i < 300; i++) {
      many.put("z" + i, 10L + i % 7);
    }
    List<Sample> reference = List.of(categories("zone", many));
    Baseline baseline =
        Baselines.fromSamples(reference, reference.get(0).rows(), 10, "test", Instant.EPOCH);

    FeatureDrift zone = AUTO.compare(baseline, reference).features().get(0);

    assertThat(zone.unseenCount()).isZero();
    assertThat(zone.score().score()).isZero();
  }

  @Test
  void theZTestComparesTheSameCategoryWhateverTheRowOrderOrTheSource() {
    Map<String, Long> ab = new java.util.LinkedHashMap<>();
    ab.put("a", 60L);
    ab.put("b", 40L);
    Map<String, Long> ba = new java.util.LinkedHashMap<>();
    ba.put("b", 40L);
    ba.put("a", 60L);
    List<Sample> current = List.of(categories("c", Map.of("a", 40L, "b", 50L, "z", 10L)));
    DriftAnalyzer ztest = DriftAnalyzer.builder().method(DriftMethod.Z_TEST).build();
    List<Sample> firstSeenA = List.of(categories("c", ab));
    Baseline baseline = Baselines.fromSamples(firstSeenA, 100, 10, "test", Instant.EPOCH);

    double p1 = ztest.compare(firstSeenA, current).features().get(0).score().score();
    double p2 =
        ztest.compare(List.of(categories("c", ba)), current).features().get(0).score().score();
    double p3 = ztest.compare(baseline, current).features().get(0).score().score();

    assertThat(p2).isEqualTo(p1);
    assertThat(p3).isEqualTo(p1);
  }

  @Test
  void valuesAsCategoriesStartFromTheSmallestReferenceValueInBothModes() {
    double[] ref = new double[400];
    double[] cur = new double[400];
    for (int i = 0; i < ref.length; i++) {
      ref[i] = i % 2; // 0 and 1
      cur[i] = i % 4 - 1; // -1, 0, 1, 2: values the reference never had on both sides
    }
    List<Sample> reference = List.of(values("flag", ref));
    List<Sample> current = List.of(values("flag", cur));
    Baseline baseline = Baselines.fromSamples(reference, ref.length, 10, "test", Instant.EPOCH);

    FeatureDrift exact = AUTO.compare(reference, current).features().get(0);
    FeatureDrift streamed = AUTO.compare(baseline, current).features().get(0);

    assertThat(exact.method()).isEqualTo(DriftMethod.Z_TEST);
    assertThat(streamed.score().score()).isCloseTo(exact.score().score(), within(1e-12));
  }

  @Test
  void theSidesMustHaveTheSameFeatures() {
    assertThatThrownBy(
            () ->
                AUTO.compare(
                    List.of(values("a", 1), values("b", 1)),
                    List.of(values("a", 1), values("c", 1))))
        .hasMessage(
            "the current data must have the reference's features: only in the reference [b], only"
                + " in the current [c]");
  }

  @Test
  void aFeatureMustKeepItsType() {
    assertThatThrownBy(
            () -> AUTO.compare(List.of(values("a", 1)), List.of(categories("a", Map.of("x", 1L)))))
        .hasMessage(
            "feature 'a' must have the same type on both sides: numeric in the reference,"
                + " categorical in the current data");
  }

  @Test
  void aThresholdNeedsAMethod() {
    assertThatThrownBy(() -> DriftAnalyzer.builder().threshold(0.2).build())
        .hasMessageContaining("a drift threshold needs a drift method");
  }
}
