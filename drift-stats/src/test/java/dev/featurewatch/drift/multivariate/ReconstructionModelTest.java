package dev.featurewatch.drift.multivariate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.featurewatch.drift.method.DriftScore.Verdict;
import dev.featurewatch.drift.profile.MissingCounts;
import dev.featurewatch.drift.report.DriftAnalyzer;
import dev.featurewatch.drift.report.DriftReport;
import dev.featurewatch.drift.report.NumericSample;
import dev.featurewatch.drift.report.Sample;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * PCA reconstruction error against NannyML's {@code DataReconstructionDriftCalculator} on the
 * seeded data of {@code generate_reconstruction_golden.py}, to 1e-9 (the same model; eigenvectors
 * instead of an SVD, equal to rounding), and the case it exists for: two features that keep their
 * distributions but flip their correlation, which per-feature drift does not see.
 */
class ReconstructionModelTest {

  private static JsonNode golden;
  private static ReconstructionModel model;

  @BeforeAll
  static void load() throws IOException {
    try (InputStream in =
        ReconstructionModelTest.class.getResourceAsStream(
            "/golden/multivariate/reconstruction.json")) {
      golden = new ObjectMapper().readTree(in);
    }
    model =
        ReconstructionModel.fit(
            rows(golden.path("reference")), ReconstructionModel.DEFAULT_VARIANCE_SHARE);
  }

  @Test
  void meanReconstructionErrorIsNannyMls() {
    assertThat(model.features()).isEqualTo(4);
    for (JsonNode w : golden.path("windows")) {
      assertThat(meanError(rows(w.path("rows"))))
          .as(w.path("name").asText())
          .isCloseTo(w.path("reconstruction_error").asDouble(), within(1e-9));
    }
  }

  @Test
  void aFlippedCorrelationRaisesTheErrorWhileNoFeatureDrifts() {
    double[][] unchanged = rows(golden.path("windows").get(0).path("rows"));
    double[][] flipped = rows(golden.path("windows").get(1).path("rows"));
    assertThat(meanError(flipped)).isGreaterThan(1.5 * meanError(unchanged));
    // the same windows feature by feature, calibrated: nothing drifted
    DriftReport report =
        DriftAnalyzer.builder()
            .alpha(0.01)
            .build()
            .compare(samples(rows(golden.path("reference"))), samples(flipped));
    assertThat(report.features()).noneMatch(f -> f.score().isDrift());
  }

  @Test
  void theCalibratedVerdictCatchesTheFlipAndNotTheUnchangedWindow() {
    ReconstructionDrift drift =
        ReconstructionDrift.fit(List.of("a", "b", "c", "d"), rows(golden.path("reference")));
    double[][] unchanged = rows(golden.path("windows").get(0).path("rows"));
    double[][] flipped = rows(golden.path("windows").get(1).path("rows"));
    assertThat(verdict(drift, unchanged).verdict()).isEqualTo(Verdict.NO_DRIFT);
    ReconstructionDrift.Judgement judged = verdict(drift, flipped);
    assertThat(judged.verdict()).isEqualTo(Verdict.DRIFT);
    assertThat(judged.pValue()).isLessThan(1e-6);
    assertThat(verdict(drift, Arrays.copyOf(flipped, 5)).verdict())
        .isEqualTo(Verdict.INSUFFICIENT_DATA);
  }

  @ParameterizedTest(name = "windows of {0}")
  @ValueSource(ints = {20, 200, 2000})
  void stationaryWindowsFalseAlarmAtMostAlpha(int size) {
    SplittableRandom random = new SplittableRandom(size);
    ReconstructionDrift drift =
        ReconstructionDrift.fit(List.of("x", "y", "u", "v"), correlated(random, 10_000));
    int windows = 1000;
    int drifted = 0;
    for (int w = 0; w < windows; w++) {
      drifted += verdict(drift, correlated(random, size)).verdict() == Verdict.DRIFT ? 1 : 0;
    }
    // the binomial's 1/1,000 upper quantile at alpha = 0.01 over 1,000 windows
    assertThat(drifted).isLessThanOrEqualTo(21);
  }

  @Test
  void featuresThatDoNotMoveTogetherHaveNothingToReconstruct() {
    SplittableRandom random = new SplittableRandom(9);
    double[][] independent = new double[1000][];
    for (int i = 0; i < independent.length; i++) {
      independent[i] = new double[] {random.nextGaussian(), random.nextGaussian()};
    }
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> ReconstructionModel.fit(independent, ReconstructionModel.DEFAULT_VARIANCE_SHARE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("takes all 2 components");
  }

  private static ReconstructionDrift.Judgement verdict(ReconstructionDrift drift, double[][] rows) {
    double mean = Arrays.stream(rows).mapToDouble(drift.model()::error).average().orElse(0);
    return drift.judge(mean, rows.length, 0.01, ReconstructionDrift.DEFAULT_MIN_ROWS);
  }

  /** Rows of two correlated pairs: (x, y) at 0.8, (u, v) at -0.5, v lognormal. */
  private static double[][] correlated(SplittableRandom random, int n) {
    double[][] rows = new double[n][];
    for (int i = 0; i < n; i++) {
      double a = random.nextGaussian();
      double b = random.nextGaussian();
      double c = random.nextGaussian();
      double d = random.nextGaussian();
      double x = a;
      double y = 0.8 * a + 0.6 * b;
      double u = 3 + c;
      double v = Math.exp(-0.5 * c + Math.sqrt(0.75) * d);
      rows[i] = new double[] {x, y, u, v};
    }
    return rows;
  }

  private static double meanError(double[][] rows) {
    return Arrays.stream(rows).mapToDouble(model::error).average().orElseThrow();
  }

  private static List<Sample> samples(double[][] rows) {
    List<Sample> samples = new ArrayList<>();
    for (int j = 0; j < rows[0].length; j++) {
      int column = j;
      double[] finite =
          Arrays.stream(rows).mapToDouble(r -> r[column]).filter(v -> !Double.isNaN(v)).toArray();
      long missing = rows.length - finite.length;
      samples.add(
          new NumericSample(
              golden.path("columns").get(j).asText(),
              finite,
              new MissingCounts(missing, 0, 0, 0),
              0));
    }
    return samples;
  }

  private static double[][] rows(JsonNode array) {
    double[][] rows = new double[array.size()][];
    for (int i = 0; i < rows.length; i++) {
      JsonNode row = array.get(i);
      rows[i] = new double[row.size()];
      for (int j = 0; j < row.size(); j++) {
        rows[i][j] = row.get(j).isNull() ? Double.NaN : row.get(j).asDouble();
      }
    }
    return rows;
  }
}
