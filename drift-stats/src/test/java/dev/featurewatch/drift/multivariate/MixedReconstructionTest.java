package dev.featurewatch.drift.multivariate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.featurewatch.drift.method.DriftScore.Verdict;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reconstruction with a categorical feature among the numeric ones, against NannyML's {@code
 * DataReconstructionDriftCalculator} on the seeded data of {@code
 * generate_reconstruction_golden.py} (reconstruction-mixed.json), to 1e-9: missing categories
 * imputed with the most frequent, categories encoded by their reference share, unseen ones as 0.
 */
class MixedReconstructionTest {

  private static JsonNode golden;
  private static List<String> columns;
  private static Set<String> categorical;

  @BeforeAll
  static void load() throws IOException {
    try (InputStream in =
        MixedReconstructionTest.class.getResourceAsStream(
            "/golden/multivariate/reconstruction-mixed.json")) {
      golden = new ObjectMapper().readTree(in);
    }
    columns = new ArrayList<>();
    golden.path("columns").forEach(c -> columns.add(c.asText()));
    List<String> names = new ArrayList<>();
    golden.path("categorical").forEach(c -> names.add(c.asText()));
    categorical = Set.copyOf(names);
  }

  @Test
  void meanReconstructionErrorIsNannyMlsWithACategoricalFeature() {
    // NannyML fits on the whole reference (ReconstructionDrift keeps half of it out)
    Object[][] reference = rows(golden.path("reference"));
    Map<String, CategoryEncoding> encodings = new HashMap<>();
    String[] e = new String[reference.length];
    int column = columns.indexOf("e");
    for (int i = 0; i < reference.length; i++) {
      e[i] = (String) reference[i][column];
    }
    encodings.put("e", CategoryEncoding.fit(e));
    double[][] encoded =
        Arrays.stream(reference)
            .map(r -> ReconstructionDrift.encode(columns, encodings, r))
            .toArray(double[][]::new);
    ReconstructionModel model =
        ReconstructionModel.fit(encoded, ReconstructionModel.DEFAULT_VARIANCE_SHARE);

    for (JsonNode w : golden.path("windows")) {
      double mean =
          Arrays.stream(rows(w.path("rows")))
              .mapToDouble(r -> model.error(ReconstructionDrift.encode(columns, encodings, r)))
              .average()
              .orElseThrow();
      assertThat(mean)
          .as(w.path("name").asText())
          .isCloseTo(w.path("reconstruction_error").asDouble(), within(1e-9));
    }
  }

  @Test
  void theCalibratedVerdictCatchesAReversedTieAndAnUnseenCategoryButNotTheUnchangedWindow() {
    ReconstructionDrift drift =
        ReconstructionDrift.fit(columns, categorical, rows(golden.path("reference")));
    JsonNode windows = golden.path("windows");
    assertThat(verdict(drift, rows(windows.get(0).path("rows")))).isEqualTo(Verdict.NO_DRIFT);
    assertThat(verdict(drift, rows(windows.get(1).path("rows")))).isEqualTo(Verdict.DRIFT);
    assertThat(verdict(drift, rows(windows.get(2).path("rows")))).isEqualTo(Verdict.DRIFT);
  }

  @Test
  void stationaryMixedWindowsFalseAlarmAtMostAlpha() {
    SplittableRandom random = new SplittableRandom(17);
    List<String> names = List.of("x", "y", "kind");
    ReconstructionDrift drift =
        ReconstructionDrift.fit(names, Set.of("kind"), mixed(random, 10_000));
    int drifted = 0;
    for (int w = 0; w < 1000; w++) {
      drifted += verdict(drift, mixed(random, 200)) == Verdict.DRIFT ? 1 : 0;
    }
    // the binomial's 1/1,000 upper quantile at alpha = 0.01 over 1,000 windows
    assertThat(drifted).isLessThanOrEqualTo(21);
  }

  @Test
  void theMostFrequentCategoryStandsForAMissingOneAndAnUnseenOneIsZero() {
    CategoryEncoding encoding = CategoryEncoding.fit(new String[] {"b", "a", "b", "a", null, "c"});

    // a and b tie: the smallest is imputed, as scikit-learn's most_frequent does
    assertThat(encoding.imputed()).isEqualTo("a");
    assertThat(encoding.encode("a")).isEqualTo(3.0 / 6);
    assertThat(encoding.encode(null)).isEqualTo(3.0 / 6);
    assertThat(encoding.encode("b")).isEqualTo(2.0 / 6);
    assertThat(encoding.encode("z")).isZero();
  }

  @Test
  void aCategoricalFeatureWithoutValuesIsRefusedByName() {
    Object[][] empty = {{1.0, null}, {2.0, null}, {3.0, null}, {4.0, null}};
    assertThatThrownBy(() -> ReconstructionDrift.fit(List.of("x", "k"), Set.of("k"), empty))
        .hasMessage("feature 'k': a categorical feature without reference values");
  }

  @Test
  void theEncodingsSurviveTheWindowStateFormat() throws IOException {
    ReconstructionDrift drift =
        ReconstructionDrift.fit(columns, categorical, rows(golden.path("reference")));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    drift.writeTo(new DataOutputStream(bytes));

    ReconstructionDrift read =
        ReconstructionDrift.readFrom(
            new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));

    assertThat(read).isEqualTo(drift);
    assertThat(read.categories().get("e").imputed()).isEqualTo("often");
  }

  private static Verdict verdict(ReconstructionDrift drift, Object[][] rows) {
    double mean = Arrays.stream(rows).mapToDouble(drift::error).average().orElse(0);
    return drift.judge(mean, rows.length, 0.01, ReconstructionDrift.DEFAULT_MIN_ROWS).verdict();
  }

  /** Rows (x, y, kind): y = 0.8 x + noise, kind "high" mostly when x > 0, a few missing. */
  private static Object[][] mixed(SplittableRandom random, int n) {
    Object[][] rows = new Object[n][];
    for (int i = 0; i < n; i++) {
      double x = random.nextGaussian();
      double y = 0.8 * x + 0.6 * random.nextGaussian();
      String kind = random.nextDouble() < 0.1 ? "other" : x > 0 ? "high" : "low";
      rows[i] = new Object[] {x, y, random.nextDouble() < 0.02 ? null : kind};
    }
    return rows;
  }

  private static Object[][] rows(JsonNode array) {
    Object[][] rows = new Object[array.size()][];
    for (int i = 0; i < rows.length; i++) {
      JsonNode row = array.get(i);
      rows[i] = new Object[row.size()];
      for (int j = 0; j < row.size(); j++) {
        JsonNode v = row.get(j);
        rows[i][j] = v.isNull() ? null : v.isTextual() ? v.asText() : (Object) v.asDouble();
      }
    }
    return rows;
  }
}
