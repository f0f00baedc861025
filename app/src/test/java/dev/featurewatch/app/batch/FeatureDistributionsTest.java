package dev.featurewatch.app.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurewatch.app.batch.FeatureDistributions.Distribution;
import dev.featurewatch.drift.method.DriftMethod;
import dev.featurewatch.drift.method.DriftScore;
import dev.featurewatch.drift.profile.FeatureType;
import dev.featurewatch.drift.profile.MissingCounts;
import dev.featurewatch.drift.report.CategoricalSample;
import dev.featurewatch.drift.report.FeatureDrift;
import dev.featurewatch.drift.report.NumericSample;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FeatureDistributionsTest {

  @Test
  void numbersAreCountedInTheReferencesQuantileBinsWithTheOuterBinsAtTheEnds() {
    // reference 1..100: its deciles; current has two values below 1 and one above 100
    double[] reference = IntStream.rangeClosed(1, 100).asDoubleStream().toArray();
    double[] current = {-5, 0.5, 1, 50, 50.5, 100, 250};

    Distribution d =
        FeatureDistributions.of(
                drift(DriftMethod.PSI, FeatureType.NUMERIC), numeric(reference), numeric(current))
            .orElseThrow();

    assertThat(d.labels()).hasSize(DriftMethod.DEFAULT_BINS + 2);
    assertThat(d.labels().get(0)).isEqualTo("< 1");
    assertThat(d.labels().get(d.labels().size() - 1)).isEqualTo("> 100");
    assertThat(d.reference()[0]).isZero();
    assertThat(d.reference()[d.reference().length - 1]).isZero();
    assertThat(IntStream.range(0, d.reference().length).mapToLong(i -> d.reference()[i]).sum())
        .isEqualTo(100);
    assertThat(d.current()[0]).isEqualTo(2);
    assertThat(d.current()[d.current().length - 1]).isEqualTo(1);
    assertThat(IntStream.range(0, d.current().length).mapToLong(i -> d.current()[i]).sum())
        .isEqualTo(7);
    assertThat(d.note()).startsWith("The bins psi compared:");
  }

  @Test
  void categoriesBeyondTheTwentyMostFrequentAreSummedAsOther() {
    Map<String, Long> reference = new LinkedHashMap<>();
    Map<String, Long> current = new LinkedHashMap<>();
    for (int i = 0; i < 25; i++) {
      reference.put("c" + i, 100L - i);
      current.put("c" + i, 100L - i);
    }
    current.put("new", 1L);

    Distribution d =
        FeatureDistributions.of(
                drift(DriftMethod.JENSEN_SHANNON, FeatureType.CATEGORICAL),
                new CategoricalSample("f", reference, 0),
                new CategoricalSample("f", current, 0))
            .orElseThrow();

    assertThat(d.labels()).hasSize(21).startsWith("c0", "c1").endsWith("other (6)");
    assertThat(d.reference()[20]).isEqualTo(80 + 79 + 78 + 77 + 76);
    assertThat(d.current()[20]).isEqualTo(80 + 79 + 78 + 77 + 76 + 1);
  }

  @Test
  void aNumberComparedAsCategoriesIsCountedByValue() {
    Distribution d =
        FeatureDistributions.of(
                drift(DriftMethod.CHI_SQUARE, FeatureType.CATEGORICAL),
                numeric(new double[] {0, 0, 1, 2, 2, 2}),
                numeric(new double[] {0, 1, 1, 3}))
            .orElseThrow();

    // most frequent over both sides first, ties by name
    assertThat(d.labels()).containsExactly("0", "1", "2", "3");
    assertThat(d.reference()).containsExactly(2, 1, 3, 0);
    assertThat(d.current()).containsExactly(1, 2, 0, 1);
  }

  @Test
  void labelsAreShort() {
    assertThat(FeatureDistributions.number(3)).isEqualTo("3");
    assertThat(FeatureDistributions.number(0.125)).isEqualTo("0.125");
    assertThat(FeatureDistributions.number(1.0 / 3)).isEqualTo("0.33333");
    assertThat(FeatureDistributions.number(123456.5)).isEqualTo("1.2346e+05");
  }

  private static NumericSample numeric(double[] values) {
    return new NumericSample("f", values, MissingCounts.NONE, 0);
  }

  private static FeatureDrift drift(DriftMethod method, FeatureType comparedAs) {
    FeatureDrift.SideSummary side = new FeatureDrift.SideSummary(1, 1, 0, 0);
    return new FeatureDrift(
        "f",
        comparedAs,
        method,
        comparedAs,
        DriftScore.insufficient(method, 0.1, "test"),
        side,
        side,
        0,
        List.of(),
        0);
  }
}
