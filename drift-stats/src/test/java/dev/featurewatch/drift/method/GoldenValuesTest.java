package dev.featurewatch.drift.method;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.featurewatch.drift.profile.BinEdges;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Compares every method with scipy, statsmodels and numpy on the inputs stored in {@code
 * golden/method/drift_methods.json} (written by {@code src/test/python/generate_method_golden.py}).
 *
 * <p>Tolerances: KS D to 1e-12 absolute; p-values to 1e-9 relative; distances to 1e-9 (absolute
 * below 1, relative above); bin edges to 1e-12 and bin counts exactly.
 */
class GoldenValuesTest {

  private static final double D_TOLERANCE = 1e-12;
  private static final double P_RELATIVE = 1e-9;
  private static final double DISTANCE_TOLERANCE = 1e-9;

  private static final JsonNode GOLDEN = load();

  private static JsonNode load() {
    try (InputStream in =
        GoldenValuesTest.class.getResourceAsStream("/golden/method/drift_methods.json")) {
      return JsonMapper.builder()
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .build()
          .readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Stream<Named<JsonNode>> numericCases() {
    return cases("numeric");
  }

  static Stream<Named<JsonNode>> countCases() {
    return cases("counts");
  }

  static Stream<Named<JsonNode>> kstwoCases() {
    return StreamSupport.stream(GOLDEN.get("kstwo_sf").spliterator(), false)
        .map(c -> Named.of("n=" + c.get("n").asInt() + " x=" + c.get("x").asDouble(), c));
  }

  private static Stream<Named<JsonNode>> cases(String group) {
    return StreamSupport.stream(GOLDEN.get(group).spliterator(), false)
        .map(c -> Named.of(c.get("name").asText(), c));
  }

  @ParameterizedTest
  @MethodSource("numericCases")
  void ksMatchesScipyKs2samp(JsonNode c) {
    DriftScore score =
        DriftMethod.KS.compare(doubles(c.get("reference")), doubles(c.get("current")));
    assertThat(score.statistic())
        .isCloseTo(c.get("ks").get("statistic").asDouble(), within(D_TOLERANCE));
    assertPValue(score.score(), c.get("ks").get("pvalue").asDouble());
  }

  @ParameterizedTest
  @MethodSource("numericCases")
  void wassersteinMatchesScipyOnEveryNumericCase(JsonNode c) {
    double[] reference = doubles(c.get("reference"));
    double[] current = doubles(c.get("current"));
    assertDistance(Wasserstein.distance(reference, current), c.get("wasserstein").asDouble());
    assertDistance(
        DriftMethod.WASSERSTEIN.compare(reference, current).score(),
        c.get("wasserstein_normed").asDouble());
  }

  @ParameterizedTest
  @MethodSource("numericCases")
  void quantileBinsMatchNumpyQuantileAndHistogram(JsonNode c) {
    double[] reference = doubles(c.get("reference"));
    double[] sorted = reference.clone();
    Arrays.sort(sorted);
    BinEdges edges = BinEdges.fitQuantiles(sorted, GOLDEN.get("bins").asInt());
    JsonNode bins = c.get("bins");
    // numpy interpolates as b - (b - a)(1 - t) when t >= 0.5, BinEdges as a + t(b - a): the
    // edges may differ in the last bit, the counts must not
    assertThat(edges.edges()).containsExactly(doubles(bins.get("edges")), within(1e-12));
    assertThat(edges.histogram(reference)).containsExactly(longs(bins.get("reference_counts")));
    assertThat(edges.histogram(doubles(c.get("current"))))
        .containsExactly(longs(bins.get("current_counts")));
  }

  @ParameterizedTest
  @MethodSource("numericCases")
  void binnedDistancesOnValuesMatchNumpy(JsonNode c) {
    double[] reference = doubles(c.get("reference"));
    double[] current = doubles(c.get("current"));
    assertDistance(DriftMethod.PSI.compare(reference, current).score(), c.get("psi").asDouble());
    assertDistance(DriftMethod.KL.compare(reference, current).score(), c.get("kl").asDouble());
    assertDistance(
        DriftMethod.JENSEN_SHANNON.compare(reference, current).score(),
        c.get("jensenshannon").asDouble());
    assertDistance(
        DriftMethod.HELLINGER.compare(reference, current).score(), c.get("hellinger").asDouble());
    assertDistance(
        DriftMethod.TOTAL_VARIATION.compare(reference, current).score(), c.get("tvd").asDouble());
  }

  @ParameterizedTest
  @MethodSource("countCases")
  void histogramDistancesMatchScipyAndNumpy(JsonNode c) {
    long[] reference = longs(c.get("reference"));
    long[] current = longs(c.get("current"));
    assertDistance(DriftMethod.PSI.compare(reference, current).score(), c.get("psi").asDouble());
    assertDistance(DriftMethod.KL.compare(reference, current).score(), c.get("kl").asDouble());
    assertDistance(
        DriftMethod.JENSEN_SHANNON.compare(reference, current).score(),
        c.get("jensenshannon").asDouble());
    assertDistance(
        DriftMethod.HELLINGER.compare(reference, current).score(), c.get("hellinger").asDouble());
    assertDistance(
        DriftMethod.TOTAL_VARIATION.compare(reference, current).score(), c.get("tvd").asDouble());
  }

  @ParameterizedTest
  @MethodSource("countCases")
  void chiSquareMatchesScipyChisquare(JsonNode c) {
    DriftScore score =
        DriftMethod.CHI_SQUARE.compare(longs(c.get("reference")), longs(c.get("current")));
    JsonNode expected = c.get("chisquare");
    if (expected.isNull()) {
      assertThat(score.statistic()).isZero();
      assertThat(score.score()).isEqualTo(1.0);
      return;
    }
    double statistic = expected.get("statistic").asDouble();
    if (Double.isInfinite(statistic)) {
      assertThat(score.statistic()).isEqualTo(statistic);
    } else {
      assertThat(score.statistic()).isCloseTo(statistic, within(1e-9 * Math.max(1, statistic)));
    }
    assertPValue(score.score(), expected.get("pvalue").asDouble());
  }

  @ParameterizedTest
  @MethodSource("countCases")
  void zTestMatchesStatsmodelsOnTheFirstCategory(JsonNode c) {
    DriftScore score =
        DriftMethod.Z_TEST.compare(longs(c.get("reference")), longs(c.get("current")));
    JsonNode expected = c.get("ztest");
    if (expected.isNull()) {
      assertThat(score.statistic()).isZero();
      assertThat(score.score()).isEqualTo(1.0);
      return;
    }
    assertThat(score.statistic()).isCloseTo(expected.get("statistic").asDouble(), within(1e-9));
    assertPValue(score.score(), expected.get("pvalue").asDouble());
  }

  @ParameterizedTest
  @MethodSource("kstwoCases")
  void kolmogorovSurvivalMatchesScipyKstwo(JsonNode c) {
    assertPValue(
        KolmogorovDistribution.survival(c.get("n").asInt(), c.get("x").asDouble()),
        c.get("sf").asDouble());
  }

  private static void assertPValue(double actual, double expected) {
    assertThat(actual).isCloseTo(expected, within(P_RELATIVE * expected + 1e-300));
  }

  private static void assertDistance(double actual, double expected) {
    assertThat(actual)
        .isCloseTo(expected, within(DISTANCE_TOLERANCE * Math.max(1, Math.abs(expected))));
  }

  private static double[] doubles(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false)
        .mapToDouble(JsonNode::asDouble)
        .toArray();
  }

  private static long[] longs(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).mapToLong(JsonNode::asLong).toArray();
  }
}
