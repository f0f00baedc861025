package dev.featurewatch.drift.baseline;

import dev.featurewatch.drift.multivariate.CategoryEncoding;
import dev.featurewatch.drift.multivariate.ReconstructionDrift;
import dev.featurewatch.drift.multivariate.ReconstructionModel;
import dev.featurewatch.drift.performance.PerformanceMetric;
import dev.featurewatch.drift.performance.ProbabilityCalibration;
import dev.featurewatch.drift.profile.BinEdges;
import dev.featurewatch.drift.profile.CategoricalAccumulator;
import dev.featurewatch.drift.profile.NumericAccumulator;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The fixed data set behind the golden baseline files, and the generator that writes them. Twenty
 * rows, fewer values than the sketch's k, so the KLL sketch holds every value and its bytes do not
 * depend on KLL's random compaction.
 *
 * <p>To write the golden file of the current format version (only when adding a new version; old
 * golden files are never rewritten), from the repository root:
 *
 * <pre>
 * ./mvnw -B -q -pl drift-stats test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp drift-stats/target/test-classes:drift-stats/target/classes:$(cat drift-stats/target/cp.txt) \
 *   dev.featurewatch.drift.baseline.GoldenBaseline \
 *   drift-stats/src/test/resources/golden/baseline/baseline-v1.json
 * </pre>
 *
 * <p>Version 1 was rewritten once, before its release, when {@code value_counts} was added (with
 * the {@code children} column); the file as it was is kept as {@code
 * baseline-v1-without-value-counts.json} and still loads. It was rewritten a second time, also
 * before release, when the accumulator moved to per-batch moments: two variances changed in their
 * last bit, both towards numpy's values.
 */
final class GoldenBaseline {

  static final Instant CREATED_AT = Instant.parse("2025-01-31T12:00:00Z");
  static final String SOURCE = "golden data set of GoldenBaseline.java";

  /** Ages; null is an absent value. */
  static final Double[] AGE = {
    23.0,
    35.0,
    41.0,
    29.0,
    52.0,
    47.0,
    38.0,
    61.0,
    19.0,
    33.0,
    44.0,
    27.0,
    56.0,
    31.0,
    39.0,
    Double.NaN,
    null,
    48.0,
    25.0,
    Double.POSITIVE_INFINITY
  };

  /**
   * Few distinct values, so the profile keeps exact value counts; -0.0 is the value 0, NaN and null
   * are missing.
   */
  static final Double[] CHILDREN = {
    0.0,
    2.0,
    1.0,
    0.0,
    3.0,
    null,
    1.0,
    2.0,
    0.0,
    -0.0,
    1.0,
    4.0,
    2.0,
    0.0,
    1.0,
    Double.NaN,
    0.0,
    1.0,
    2.0,
    1.0
  };

  static final String[] COUNTRY = {
    "DE", "FR", "DE", "US", null, "DE", "FR", "", "IT", "US", "DE", "ES", "FR", "DE", "US", "NL",
    "DE", "FR", null, "US"
  };

  /** The model's predicted class per row: 12 "yes", 8 "no". */
  static final String[] APPROVED = {
    "yes", "no", "yes", "yes", "no", "yes", "no", "yes", "yes", "no", "yes", "yes", "no", "yes",
    "no", "yes", "no", "yes", "yes", "no"
  };

  /** Training performance as a model's evaluation reported it: the file keeps the numbers. */
  static final double ACCURACY = 0.85;

  static final double F1 = 0.8;

  /**
   * A score calibration as isotonic regression would give it: scores below 0.2 are positive 10 % of
   * the time, around 0.5 half the time, above 0.8 nine times in ten.
   */
  static final ProbabilityCalibration CALIBRATION =
      ProbabilityCalibration.of(new double[] {0.2, 0.5, 0.8}, new double[] {0.1, 0.5, 0.9});

  /**
   * A reconstruction model of age, country and children: age's and children's means and standard
   * deviations (as above), country's encoding counted by hand from {@link #COUNTRY} (the two nulls
   * imputed with DE, the most frequent: DE 8 of 20, FR and US 4, IT, ES, NL and the empty string 1
   * each) with a made-up mean and scale, one made-up component, and made-up held-out error
   * statistics (the file keeps them).
   */
  static final ReconstructionDrift MULTIVARIATE =
      ReconstructionDrift.of(
          List.of("age", "country", "children"),
          Map.of(
              "country",
              new CategoryEncoding(
                  Map.of(
                      "DE", 0.4, "FR", 0.2, "US", 0.2, "IT", 0.05, "ES", 0.05, "NL", 0.05, "",
                      0.05),
                  "DE")),
          ReconstructionModel.of(
              new double[] {38.11764705882353, 0.25, 1.1666666666666667},
              new double[] {11.671394, 0.125, 1.118033988749895},
              new double[][] {{0.48, 0.6, 0.64}}),
          0.625,
          0.25,
          8);

  private GoldenBaseline() {}

  /**
   * Age with 4 quantile bins, country with its top 4 categories, a column that is all null, and
   * children (unbinned) with its value counts; the predictions' profile, the performance and a
   * score calibration.
   */
  static Baseline baseline() {
    double[] finiteAges =
        Arrays.stream(AGE)
            .filter(v -> v != null && Double.isFinite(v))
            .mapToDouble(Double::doubleValue)
            .sorted()
            .toArray();
    NumericAccumulator age =
        NumericAccumulator.create(
            "age", NumericAccumulator.DEFAULT_K, BinEdges.fitQuantiles(finiteAges, 4));
    NumericAccumulator legacy = NumericAccumulator.create("legacy_score");
    NumericAccumulator children = NumericAccumulator.create("children");
    for (Double v : CHILDREN) {
      if (v == null) {
        children.addNull();
      } else {
        children.add(v);
      }
    }
    for (Double v : AGE) {
      if (v == null) {
        age.addNull();
      } else {
        age.add(v);
      }
      legacy.addNull();
    }
    CategoricalAccumulator country = CategoricalAccumulator.create("country");
    for (String v : COUNTRY) {
      country.add(v);
    }
    CategoricalAccumulator approved = CategoricalAccumulator.create("approved");
    for (String v : APPROVED) {
      approved.add(v);
    }
    return Baseline.builder()
        .createdAt(CREATED_AT)
        .source(SOURCE)
        .rowCount(AGE.length)
        .feature(age.toProfile())
        .feature(country.toProfile(4))
        .feature(legacy.toProfile())
        .feature(children.toProfile())
        .prediction(approved.toProfile())
        .performance(PerformanceMetric.ACCURACY, ACCURACY)
        .performance(PerformanceMetric.F1, F1)
        .calibration(CALIBRATION)
        .multivariate(MULTIVARIATE)
        .build();
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: GoldenBaseline <output file>");
    }
    BaselineFile.write(baseline(), Path.of(args[0]));
  }
}
