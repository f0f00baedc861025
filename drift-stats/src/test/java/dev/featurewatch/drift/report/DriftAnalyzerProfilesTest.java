package dev.featurewatch.drift.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.featurewatch.drift.Gaussian;
import dev.featurewatch.drift.KllRandom;
import dev.featurewatch.drift.baseline.Baseline;
import dev.featurewatch.drift.method.DriftMethod;
import dev.featurewatch.drift.profile.CategoricalAccumulator;
import dev.featurewatch.drift.profile.CategoricalProfile;
import dev.featurewatch.drift.profile.FeatureProfile;
import dev.featurewatch.drift.profile.FeatureType;
import dev.featurewatch.drift.profile.MissingCounts;
import dev.featurewatch.drift.profile.NumericAccumulator;
import dev.featurewatch.drift.profile.NumericProfile;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The streaming comparison, live profile against baseline profile, as a monitor's window makes it:
 * checked against the comparison of raw values ({@link DriftAnalyzer#compare(List, List)}), whose
 * scores the golden tests hold to scipy's.
 */
class DriftAnalyzerProfilesTest {

  @BeforeEach
  void seedKll() {
    KllRandom.seed(5);
  }

  private static NumericSample sample(String name, double[] values) {
    return new NumericSample(name, values, MissingCounts.NONE, 0);
  }

  private static FeatureProfile live(Baseline baseline, String name, double[] values) {
    NumericAccumulator acc =
        NumericAccumulator.alignedTo((NumericProfile) baseline.feature(name).orElseThrow());
    for (double v : values) {
      acc.add(v);
    }
    return acc.toProfile();
  }

  private static FeatureProfile live(Baseline baseline, String name, Map<String, Long> counts) {
    CategoricalAccumulator acc =
        CategoricalAccumulator.alignedTo((CategoricalProfile) baseline.feature(name).orElseThrow());
    counts.forEach(
        (category, n) -> {
          for (long i = 0; i < n; i++) {
            acc.add(category);
          }
        });
    return acc.toProfile();
  }

  private static FeatureDrift compare(DriftAnalyzer analyzer, Baseline baseline, FeatureProfile p) {
    return analyzer.compare(baseline.feature(p.name()).orElseThrow(), p);
  }

  @Test
  void histogramMethodsGiveTheScoresOfTheRawValuesAgainstTheBaseline() {
    double[] ref = Gaussian.values(20_000, 0, 1);
    double[] cur = Gaussian.values(5_000, 0.25, 2);
    Map<String, Long> refCountries = Map.of("DE", 5000L, "FR", 3000L, "IT", 2000L);
    Map<String, Long> curCountries = Map.of("DE", 400L, "FR", 350L, "IT", 200L, "ES", 50L);
    Baseline baseline =
        Baselines.fromSamples(
            List.of(sample("amount", ref), new CategoricalSample("country", refCountries, 0)),
            20_000,
            10,
            "test",
            Instant.EPOCH);
    List<Sample> current =
        List.of(sample("amount", cur), new CategoricalSample("country", curCountries, 0));

    for (DriftMethod method :
        List.of(DriftMethod.PSI, DriftMethod.JENSEN_SHANNON, DriftMethod.CHI_SQUARE)) {
      DriftAnalyzer analyzer = DriftAnalyzer.builder().method(method).build();
      DriftReport fromValues = analyzer.compare(baseline, current);
      FeatureDrift amount = compare(analyzer, baseline, live(baseline, "amount", cur));
      FeatureDrift country = compare(analyzer, baseline, live(baseline, "country", curCountries));

      for (FeatureDrift streamed : List.of(amount, country)) {
        FeatureDrift expected =
            fromValues.features().stream()
                .filter(f -> f.feature().equals(streamed.feature()))
                .findFirst()
                .orElseThrow();
        assertThat(streamed.method()).isEqualTo(method);
        assertThat(streamed.score().score())
            .as(method + " " + streamed.feature())
            .isCloseTo(expected.score().score(), within(1e-12));
        assertThat(streamed.score().verdict()).isEqualTo(expected.score().verdict());
        assertThat(streamed.current()).isEqualTo(expected.current());
        assertThat(streamed.outOfRangeShare()).isEqualTo(expected.outOfRangeShare());
      }
      assertThat(country.unseenCategories()).containsExactly("ES");
      assertThat(country.unseenCount()).isEqualTo(50);
    }
  }

  @Test
  void sketchMethodsStayWithinTheSketchErrorOfTheExactScores() {
    double[] ref = Gaussian.values(20_000, 0, 3);
    Baseline baseline =
        Baselines.fromSamples(List.of(sample("x", ref)), ref.length, 10, "test", Instant.EPOCH);
    for (double shift : new double[] {0, 0.1, 0.25, 1}) {
      double[] cur = Gaussian.values(5_000, shift, 4);
      FeatureProfile live = live(baseline, "x", cur);
      for (DriftMethod method : List.of(DriftMethod.KS, DriftMethod.WASSERSTEIN)) {
        DriftAnalyzer analyzer = DriftAnalyzer.builder().method(method).build();
        FeatureDrift exact =
            analyzer
                .compare(List.of(sample("x", ref)), List.of(sample("x", cur)))
                .features()
                .get(0);
        FeatureDrift streamed = compare(analyzer, baseline, live);
        assertThat(streamed.method()).isEqualTo(method);
        if (method == DriftMethod.WASSERSTEIN) {
          // W1 over the two sketches: each quantile within k=200's rank error, in units of std
          assertThat(streamed.score().score())
              .as("wasserstein at shift " + shift)
              .isCloseTo(exact.score().score(), within(0.03));
        } else {
          // D from two sketches differs by at most both rank errors (about 1.65% each)
          assertThat(streamed.score().statistic())
              .as("ks D at shift " + shift)
              .isCloseTo(exact.score().statistic(), within(0.033));
        }
      }
    }
  }

  @Test
  void autoPicksTheBaselinesMethodAndFindsAQuarterStandardDeviationShift() {
    double[] ref = Gaussian.values(50_000, 0, 5);
    Baseline baseline =
        Baselines.fromSamples(List.of(sample("x", ref)), ref.length, 10, "test", Instant.EPOCH);
    DriftAnalyzer auto = DriftAnalyzer.builder().build();

    FeatureDrift stable =
        compare(auto, baseline, live(baseline, "x", Gaussian.values(5_000, 0, 6)));
    FeatureDrift shifted =
        compare(auto, baseline, live(baseline, "x", Gaussian.values(5_000, 0.25, 7)));

    assertThat(stable.method()).isEqualTo(DriftMethod.WASSERSTEIN);
    assertThat(stable.score().isDrift()).isFalse();
    assertThat(shifted.score().isDrift()).isTrue();
    assertThat(shifted.score().score()).isCloseTo(0.25, within(0.03));
  }

  @Test
  void aFeatureWithFewValuesIsComparedValueByValueEvenWhenTheWindowHasMany() {
    double[] ref = new double[3000];
    double[] cur = new double[3000];
    for (int i = 0; i < ref.length; i++) {
      ref[i] = i % 4;
      // a value the reference never had, and then 40 more distinct ones
      cur[i] = i % 10 == 0 ? 5 + (i % 41) : i % 3;
    }
    Baseline baseline =
        Baselines.fromSamples(List.of(sample("n", ref)), ref.length, 10, "test", Instant.EPOCH);
    DriftAnalyzer auto = DriftAnalyzer.builder().build();

    FeatureDrift exact =
        auto.compare(List.of(sample("n", ref)), List.of(sample("n", cur))).features().get(0);
    FeatureDrift streamed = compare(auto, baseline, live(baseline, "n", cur));

    assertThat(streamed.comparedAs()).isEqualTo(FeatureType.CATEGORICAL);
    assertThat(streamed.unseenCount()).isEqualTo(300);
    assertThat(streamed.score().score()).isCloseTo(exact.score().score(), within(1e-12));
  }

  @Test
  void refusesAnotherFeaturesTypeOrAnUnalignedWindow() {
    Baseline baseline =
        Baselines.fromSamples(
            List.of(
                sample("x", Gaussian.values(2000, 0, 8)),
                new CategoricalSample("c", Map.of("a", 3L), 0)),
            2000,
            10,
            "test",
            Instant.EPOCH);
    DriftAnalyzer auto = DriftAnalyzer.builder().method(DriftMethod.PSI).build();
    FeatureProfile categorical = live(baseline, "c", Map.of("a", 1L));
    NumericAccumulator unaligned = NumericAccumulator.create("x");
    for (double v : Gaussian.values(100, 0, 9)) {
      unaligned.add(v);
    }

    assertThatThrownBy(() -> auto.compare(baseline.feature("x").orElseThrow(), categorical))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'c'")
        .hasMessageContaining("'x'");
    assertThatThrownBy(
            () -> auto.compare(baseline.feature("x").orElseThrow(), unaligned.toProfile()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("alignedTo");
  }
}
