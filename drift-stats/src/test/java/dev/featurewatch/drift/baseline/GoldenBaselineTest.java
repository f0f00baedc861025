package dev.featurewatch.drift.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;

import dev.featurewatch.drift.multivariate.CategoryEncoding;
import dev.featurewatch.drift.multivariate.ReconstructionDrift;
import dev.featurewatch.drift.performance.PerformanceMetric;
import dev.featurewatch.drift.performance.ProbabilityCalibration;
import dev.featurewatch.drift.profile.CategoricalProfile;
import dev.featurewatch.drift.profile.FeatureType;
import dev.featurewatch.drift.profile.MissingCounts;
import dev.featurewatch.drift.profile.NumericProfile;
import dev.featurewatch.drift.profile.ValueCounts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The committed golden files keep loading, with the values of the golden data set as computed by
 * numpy (not by this code):
 *
 * <pre>
 * fin = np.array([23, 35, 41, 29, 52, 47, 38, 61, 19, 33, 44, 27, 56, 31, 39, 48, 25.])
 * fin.mean(), fin.var(), fin.var(ddof=1)  # 38.11764705882353 136.22145328719722 144.73529411764704
 * edges = np.quantile(fin, [0, .25, .5, .75, 1])  # [19. 29. 38. 47. 61.]
 * np.histogram(fin, edges)[0]  # [4 4 4 5]
 * </pre>
 *
 * and children, counted by hand from {@link GoldenBaseline#CHILDREN}: 0 six times (at rows 0, 3, 8,
 * 9 as -0.0, 13, 16), 1 six times (2, 6, 10, 14, 17, 19), 2 four times (1, 7, 12, 18), 3 once (4),
 * 4 once (11); one null (5), one NaN (15). Mean 21/18, population variance 47/18 - (21/18)^2 =
 * 1.25.
 */
class GoldenBaselineTest {

  private static final Path V1 = Path.of("src/test/resources/golden/baseline/baseline-v1.json");

  private static final Path V2 = Path.of("src/test/resources/golden/baseline/baseline-v2.json");
  private static final Path V3 = Path.of("src/test/resources/golden/baseline/baseline-v3.json");
  private static final Path V4 = Path.of("src/test/resources/golden/baseline/baseline-v4.json");

  /** Version 1 as written before value counts existed (the format was not released yet). */
  private static final Path V1_WITHOUT_VALUE_COUNTS =
      Path.of("src/test/resources/golden/baseline/baseline-v1-without-value-counts.json");

  @Test
  void version1GoldenFileLoadsWithTheDataSetsValues() throws IOException {
    Baseline baseline = BaselineFile.read(V1);

    assertThat(baseline.features().keySet())
        .containsExactly("age", "country", "legacy_score", "children");
    assertAgeCountryAndLegacyScore(baseline);

    NumericProfile children = (NumericProfile) baseline.feature("children").orElseThrow();
    assertThat(children.count()).isEqualTo(18);
    assertThat(children.missing()).isEqualTo(new MissingCounts(1, 1, 0, 0));
    assertThat(children.min()).isEqualTo(0.0);
    assertThat(children.max()).isEqualTo(4.0);
    assertThat(children.mean()).isCloseTo(21.0 / 18, within(1e-15));
    assertThat(children.populationVariance()).isCloseTo(1.25, within(1e-12));
    assertThat(children.binEdges()).isEmpty();
    ValueCounts counts = children.valueCounts().orElseThrow();
    assertThat(counts.values()).containsExactly(0, 1, 2, 3, 4);
    assertThat(counts.counts()).containsExactly(6, 6, 4, 1, 1);
    assertThat(children.distinctValuesCapped()).isEqualTo(5);
  }

  @Test
  void version1GoldenFileWithoutValueCountsStillLoads() throws IOException {
    Baseline baseline = BaselineFile.read(V1_WITHOUT_VALUE_COUNTS);

    assertThat(baseline.features().keySet()).containsExactly("age", "country", "legacy_score");
    // the same values as the current golden file (whose variance differs in its last bit, from
    // the later per-batch moments): the file without value counts reads as it did
    assertAgeCountryAndLegacyScore(baseline);
  }

  private static void assertAgeCountryAndLegacyScore(Baseline baseline) {
    assertThat(baseline.formatVersion()).isEqualTo(1);
    assertThat(baseline.createdAt()).hasToString("2025-01-31T12:00:00Z");
    assertThat(baseline.source()).contains("golden data set of GoldenBaseline.java");
    assertThat(baseline.rowCount()).isEqualTo(20);

    NumericProfile age = (NumericProfile) baseline.feature("age").orElseThrow();
    assertThat(age.type()).isEqualTo(FeatureType.NUMERIC);
    assertThat(age.count()).isEqualTo(17);
    assertThat(age.missing()).isEqualTo(new MissingCounts(1, 1, 1, 0));
    assertThat(age.missingShare()).isEqualTo(3.0 / 20);
    assertThat(age.min()).isEqualTo(19);
    assertThat(age.max()).isEqualTo(61);
    assertThat(age.mean()).isCloseTo(38.11764705882353, within(1e-12));
    assertThat(age.populationVariance()).isCloseTo(136.22145328719722, within(1e-10));
    assertThat(age.sampleVariance()).isCloseTo(144.73529411764704, within(1e-10));
    assertThat(age.binEdges().orElseThrow().edges()).containsExactly(19, 29, 38, 47, 61);
    assertThat(age.binCounts()).containsExactly(0, 4, 4, 4, 5, 0);
    // 17 values < k: the sketch is exact, its median is numpy's np.median(fin) = 38
    assertThat(age.sketch().getN()).isEqualTo(17);
    assertThat(age.sketch().getK()).isEqualTo(200);
    assertThat(age.sketch().getQuantile(0.5)).isEqualTo(38);
    // 17 distinct ages: one more than value counts are kept for
    assertThat(age.valueCounts()).isEmpty();
    assertThat(age.distinctValuesCapped()).isEqualTo(17);

    CategoricalProfile country = (CategoricalProfile) baseline.feature("country").orElseThrow();
    assertThat(country.count()).isEqualTo(17);
    assertThat(country.missing().nulls()).isEqualTo(3); // two nulls and an empty string
    assertThat(country.categories())
        .containsExactly(entry("DE", 6L), entry("FR", 4L), entry("US", 4L), entry("ES", 1L));
    assertThat(country.other()).isEqualTo(2); // IT and NL
    assertThat(country.distinct()).isEqualTo(6);
    assertThat(country.distinctCapped()).isFalse();

    NumericProfile legacy = (NumericProfile) baseline.feature("legacy_score").orElseThrow();
    assertThat(legacy.count()).isZero();
    assertThat(legacy.missing().nulls()).isEqualTo(20);
    assertThat(legacy.mean()).isNaN();
    assertThat(legacy.binEdges()).isEmpty();
    assertThat(legacy.valueCounts()).isEmpty();
    assertThat(legacy.distinctValuesCapped()).isZero();
  }

  @Test
  void version2GoldenFileLoadsWithThePredictionsAndThePerformance() throws IOException {
    Baseline baseline = BaselineFile.read(V2);

    assertThat(baseline.formatVersion()).isEqualTo(2);
    assertThat(baseline.features().keySet())
        .containsExactly("age", "country", "legacy_score", "children");
    CategoricalProfile approved = (CategoricalProfile) baseline.prediction().orElseThrow();
    assertThat(approved.name()).isEqualTo("approved");
    assertThat(approved.categories()).containsExactly(entry("yes", 12L), entry("no", 8L));
    assertThat(baseline.performance())
        .containsExactly(
            entry(PerformanceMetric.ACCURACY, GoldenBaseline.ACCURACY),
            entry(PerformanceMetric.F1, GoldenBaseline.F1));
  }

  @Test
  void version3GoldenFileLoadsWithTheCalibration() throws IOException {
    Baseline baseline = BaselineFile.read(V3);

    assertThat(baseline.formatVersion()).isEqualTo(3);
    ProbabilityCalibration calibration = baseline.calibration().orElseThrow();
    assertThat(calibration.scores()).containsExactly(0.2, 0.5, 0.8);
    assertThat(calibration.probabilities()).containsExactly(0.1, 0.5, 0.9);
    // linear between the points, clipped outside
    assertThat(calibration.probability(0.35)).isCloseTo(0.3, within(1e-12));
    assertThat(calibration.probability(0.95)).isEqualTo(0.9);
    assertThat(BaselineFile.read(V2).calibration()).isEmpty();
    ReconstructionDrift multivariate = baseline.multivariate().orElseThrow();
    assertThat(multivariate.features()).containsExactly("age", "children");
    assertThat(multivariate.model().componentRows()).isEqualTo(new double[][] {{0.5, 0.75}});
    assertThat(multivariate.errorMean()).isEqualTo(0.625);
    assertThat(multivariate.heldOut()).isEqualTo(8);
  }

  @Test
  void version1FilesHaveNeitherPredictionsNorPerformance() throws IOException {
    Baseline baseline = BaselineFile.read(V1);

    assertThat(baseline.prediction()).isEmpty();
    assertThat(baseline.performance()).isEmpty();
  }

  @Test
  void version4GoldenFileLoadsWithACategoricalFeatureInTheMultivariateModel() throws IOException {
    Baseline baseline = BaselineFile.read(V4);

    assertThat(baseline.formatVersion()).isEqualTo(4);
    ReconstructionDrift multivariate = baseline.multivariate().orElseThrow();
    assertThat(multivariate.features()).containsExactly("age", "country", "children");
    assertThat(multivariate.categories()).containsOnlyKeys("country");
    CategoryEncoding country = multivariate.categories().get("country");
    assertThat(country.imputed()).isEqualTo("DE");
    assertThat(country.encode(null)).isEqualTo(0.4);
    assertThat(country.encode("")).isEqualTo(0.05);
    assertThat(country.encode("BR")).isZero();
    // a version 3 file has no categories: all its features are numbers
    assertThat(BaselineFile.read(V3).multivariate().orElseThrow().categories()).isEmpty();
  }

  @Test
  void writingTheGoldenDataSetStillGivesTheVersion4File() throws IOException {
    // a change here without a format_version bump would break files in the field
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BaselineFile.write(GoldenBaseline.baseline(), out);

    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(Files.readString(V4));
  }

  @Test
  void goldenFileLoadsFromTheClasspathToo() throws IOException {
    try (InputStream in = getClass().getResourceAsStream("/golden/baseline/baseline-v1.json")) {
      assertThat(BaselineFile.read(in)).isEqualTo(BaselineFile.read(V1));
    }
  }
}
