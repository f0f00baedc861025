package dev.featurewatch.drift.profile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurewatch.drift.KllRandom;
import java.util.Arrays;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.lifecycle.BeforeTry;
import org.apache.datasketches.kll.KllDoublesSketch;

/**
 * Splitting a column anywhere, accumulating the parts separately and merging them gives the profile
 * of the whole: exactly for counts, extremes and bins, to rounding for the moments, and within
 * KLL's rank error for quantiles.
 */
class MergePropertiesTest {

  @BeforeTry
  void seedKll() {
    KllRandom.seed(20240611);
  }

  private static final BinEdges EDGES = BinEdges.of(-500_000, -1_000, 0, 1_000, 500_000);
  private static final double[] RANKS = {0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99};

  @Provide
  Arbitrary<List<Double>> column() {
    Arbitrary<Double> finite =
        Arbitraries.oneOf(
            Arbitraries.doubles().between(-1e6, 1e6),
            Arbitraries.doubles().between(-10, 10),
            Arbitraries.of(0.0, 1.0, 1e6));
    return Arbitraries.frequencyOf(
            Tuple.of(90, finite),
            Tuple.of(4, Arbitraries.just(Double.NaN)),
            Tuple.of(3, Arbitraries.just(Double.POSITIVE_INFINITY)),
            Tuple.of(3, Arbitraries.just(Double.NEGATIVE_INFINITY)))
        .injectNull(0.03)
        .list()
        .ofMaxSize(5_000);
  }

  @Property(tries = 200, seed = "20250101")
  void mergingTwoPartsOfANumericColumnEqualsTheWhole(
      @ForAll("column") List<Double> column,
      @ForAll @DoubleRange(min = 0, max = 1) double splitAt) {
    int split = (int) Math.round(splitAt * column.size());

    NumericProfile whole = numeric(column).toProfile();
    NumericAccumulator merged = numeric(column.subList(0, split));
    merged.merge(numeric(column.subList(split, column.size())));

    assertEquivalent(merged.toProfile(), whole, column);
  }

  @Property(tries = 100, seed = "20250101")
  void numericMergeIsAssociative(
      @ForAll("column") List<Double> column,
      @ForAll @DoubleRange(min = 0, max = 1) double first,
      @ForAll @DoubleRange(min = 0, max = 1) double second) {
    int i = (int) Math.round(Math.min(first, second) * column.size());
    int j = (int) Math.round(Math.max(first, second) * column.size());
    List<Double> a = column.subList(0, i);
    List<Double> b = column.subList(i, j);
    List<Double> c = column.subList(j, column.size());

    NumericAccumulator left = numeric(a);
    left.merge(numeric(b));
    left.merge(numeric(c));
    NumericAccumulator bc = numeric(b);
    bc.merge(numeric(c));
    NumericAccumulator right = numeric(a);
    right.merge(bc);

    assertEquivalent(left.toProfile(), right.toProfile(), column);
    assertEquivalent(
        numeric(a)
            .toProfile()
            .mergedWith(numeric(b).toProfile().mergedWith(numeric(c).toProfile())),
        left.toProfile(),
        column);
  }

  @Provide
  Arbitrary<List<Double>> fewValues() {
    // 0..19 so that columns fall on both sides of the 16-value cap; -0.0 is the value 0
    Arbitrary<Double> finite =
        Arbitraries.oneOf(
            Arbitraries.integers().between(0, 19).map(Integer::doubleValue),
            Arbitraries.integers().between(0, 4).map(Integer::doubleValue),
            Arbitraries.just(-0.0));
    return Arbitraries.frequencyOf(Tuple.of(95, finite), Tuple.of(5, Arbitraries.just(Double.NaN)))
        .injectNull(0.03)
        .list()
        .ofMaxSize(300);
  }

  private static final NumericProfile FEW_VALUES_REFERENCE =
      NumericProfile.ofReference("x", new double[] {0, 1, 1, 2, 3, 3}, 4);

  @Property(tries = 300, seed = "20250101")
  void mergingTwoPartsGivesTheValueCountsOfTheWhole(
      @ForAll("fewValues") List<Double> column,
      @ForAll @DoubleRange(min = 0, max = 1) double splitAt) {
    int split = (int) Math.round(splitAt * column.size());
    SortedMap<Double, Long> expected = new TreeMap<>();
    for (Double v : column) {
      if (v != null && Double.isFinite(v)) {
        expected.merge(v + 0.0, 1L, Long::sum);
      }
    }

    NumericAccumulator merged = numeric(column.subList(0, split));
    merged.merge(numeric(column.subList(split, column.size())));
    NumericProfile profile = merged.toProfile();

    assertThat(profile.valueCounts()).isEqualTo(numeric(column).toProfile().valueCounts());
    assertThat(
            numeric(column.subList(0, split))
                .toProfile()
                .mergedWith(numeric(column.subList(split, column.size())).toProfile())
                .valueCounts())
        .isEqualTo(profile.valueCounts());
    if (expected.isEmpty() || expected.size() > NumericProfile.MAX_TRACKED_VALUES) {
      assertThat(profile.valueCounts()).isEmpty();
    } else {
      ValueCounts counts = profile.valueCounts().orElseThrow();
      assertThat(counts.values())
          .containsExactly(expected.keySet().stream().mapToDouble(Double::doubleValue).toArray());
      assertThat(counts.counts())
          .containsExactly(expected.values().stream().mapToLong(Long::longValue).toArray());
    }
    assertThat(profile.distinctValuesCapped())
        .isEqualTo(Math.min(expected.size(), NumericProfile.MAX_TRACKED_VALUES + 1));
  }

  @Property(tries = 300, seed = "20250101")
  void mergingTwoPartsGivesTheCountsAgainstTheReferenceValuesOfTheWhole(
      @ForAll("fewValues") List<Double> column,
      @ForAll @DoubleRange(min = 0, max = 1) double splitAt) {
    int split = (int) Math.round(splitAt * column.size());
    long[] expected = new long[5]; // reference values 0, 1, 2, 3, then other
    for (Double v : column) {
      if (v != null && Double.isFinite(v)) {
        expected[v >= 0 && v <= 3 ? v.intValue() : 4]++;
      }
    }

    NumericAccumulator merged = aligned(column.subList(0, split));
    merged.merge(aligned(column.subList(split, column.size())));
    AlignedCounts counts = merged.toProfile().valueCountsAlignedTo(FEW_VALUES_REFERENCE);

    assertThat(counts.live()).containsExactly(expected);
    assertThat(counts.reference()).containsExactly(1, 2, 1, 2, 0);
    assertThat(
            aligned(column.subList(0, split))
                .toProfile()
                .mergedWith(aligned(column.subList(split, column.size())).toProfile())
                .valueCountsAlignedTo(FEW_VALUES_REFERENCE))
        .isEqualTo(counts);
    assertThat(aligned(column).toProfile().valueCountsAlignedTo(FEW_VALUES_REFERENCE).live())
        .containsExactly(expected);
  }

  private static NumericAccumulator aligned(List<Double> values) {
    NumericAccumulator acc = NumericAccumulator.alignedTo(FEW_VALUES_REFERENCE);
    for (Double v : values) {
      if (v == null) {
        acc.addNull();
      } else {
        acc.add(v);
      }
    }
    return acc;
  }

  @Provide
  Arbitrary<List<String>> categories() {
    return Arbitraries.strings()
        .withCharRange('a', 'f')
        .ofMinLength(0)
        .ofMaxLength(2)
        .injectNull(0.05)
        .list()
        .ofMaxSize(2_000);
  }

  @Property(tries = 200, seed = "20250101")
  void mergingTwoPartsOfACategoricalColumnEqualsTheWhole(
      @ForAll("categories") List<String> column,
      @ForAll @DoubleRange(min = 0, max = 1) double splitAt) {
    int split = (int) Math.round(splitAt * column.size());

    CategoricalAccumulator merged = categorical(column.subList(0, split));
    merged.merge(categorical(column.subList(split, column.size())));

    assertThat(merged.toProfile(10)).isEqualTo(categorical(column).toProfile(10));
  }

  @Property(tries = 100, seed = "20250101")
  void categoricalMergeIsAssociative(
      @ForAll("categories") List<String> column,
      @ForAll @DoubleRange(min = 0, max = 1) double first,
      @ForAll @DoubleRange(min = 0, max = 1) double second) {
    int i = (int) Math.round(Math.min(first, second) * column.size());
    int j = (int) Math.round(Math.max(first, second) * column.size());
    List<String> a = column.subList(0, i);
    List<String> b = column.subList(i, j);
    List<String> c = column.subList(j, column.size());

    CategoricalAccumulator left = categorical(a);
    left.merge(categorical(b));
    left.merge(categorical(c));
    CategoricalAccumulator bc = categorical(b);
    bc.merge(categorical(c));
    CategoricalAccumulator right = categorical(a);
    right.merge(bc);

    assertThat(left.toProfile()).isEqualTo(right.toProfile());
  }

  @Property(tries = 100, seed = "20250101")
  void categoricalTotalsStayExactBeyondTheCap(
      @ForAll("categories") List<String> column,
      @ForAll @DoubleRange(min = 0, max = 1) double splitAt) {
    int split = (int) Math.round(splitAt * column.size());
    CategoricalAccumulator merged = CategoricalAccumulator.create("f", 3);
    CategoricalAccumulator second = CategoricalAccumulator.create("f", 3);
    column.subList(0, split).forEach(merged::add);
    column.subList(split, column.size()).forEach(second::add);

    merged.merge(second);
    CategoricalProfile p = merged.toProfile();

    long nonNull = column.stream().filter(v -> v != null && !v.isEmpty()).count();
    assertThat(p.count()).isEqualTo(nonNull);
    assertThat(p.missing().nulls()).isEqualTo(column.size() - nonNull);
    assertThat(p.categories().values().stream().mapToLong(Long::longValue).sum() + p.other())
        .isEqualTo(nonNull);
  }

  private static NumericAccumulator numeric(List<Double> values) {
    NumericAccumulator acc = NumericAccumulator.create("x", NumericAccumulator.DEFAULT_K, EDGES);
    for (Double v : values) {
      if (v == null) {
        acc.addNull();
      } else {
        acc.add(v);
      }
    }
    return acc;
  }

  private static CategoricalAccumulator categorical(List<String> values) {
    CategoricalAccumulator acc = CategoricalAccumulator.create("f");
    values.forEach(acc::add);
    return acc;
  }

  private static void assertEquivalent(
      NumericProfile actual, NumericProfile expected, List<Double> column) {
    assertThat(actual.count()).isEqualTo(expected.count());
    assertThat(actual.missing()).isEqualTo(expected.missing());
    // Double.compare, so that the NaN of an empty profile equals itself
    assertThat(Double.compare(actual.min(), expected.min())).as("min").isZero();
    assertThat(Double.compare(actual.max(), expected.max())).as("max").isZero();
    assertThat(actual.binCounts()).isEqualTo(expected.binCounts());
    assertThat(actual.valueCounts()).isEqualTo(expected.valueCounts());
    double scale = Math.max(Math.abs(expected.min()), Math.abs(expected.max()));
    assertClose(actual.mean(), expected.mean(), scale);
    assertClose(actual.populationVariance(), expected.populationVariance(), scale * scale);
    assertWithinRankError(actual.sketch(), column);
  }

  /**
   * Within 1e-9 relative, or 1e-12 of the data's scale when the value is near 0 (a variance of
   * near-identical values is all rounding).
   */
  private static void assertClose(double actual, double expected, double scale) {
    if (Double.isNaN(expected)) {
      assertThat(actual).isNaN();
      return;
    }
    double tolerance = Math.max(1e-9 * Math.abs(expected), 1e-12 * scale);
    assertThat(Math.abs(actual - expected)).isLessThanOrEqualTo(tolerance);
  }

  /**
   * Each sketch quantile's true rank in the data is within the sketch's stated rank error (which
   * holds per query with 99% confidence; KLL's random source is seeded before each try, so the
   * outcome is the same on every run).
   */
  private static void assertWithinRankError(KllDoublesSketch sketch, List<Double> column) {
    double[] sorted =
        column.stream()
            .filter(v -> v != null && Double.isFinite(v))
            .mapToDouble(Double::doubleValue)
            .sorted()
            .toArray();
    assertThat(sketch.getN()).isEqualTo(sorted.length);
    if (sorted.length == 0) {
      return;
    }
    double epsilon = sketch.getNormalizedRankError(false);
    for (double rank : RANKS) {
      double q = sketch.getQuantile(rank);
      double below = lowerBound(sorted, q) / (double) sorted.length;
      double atOrBelow = upperBound(sorted, q) / (double) sorted.length;
      assertThat(rank)
          .as("rank %s of quantile %s, true ranks [%s, %s]", rank, q, below, atOrBelow)
          .isBetween(below - epsilon, atOrBelow + epsilon);
    }
  }

  private static int lowerBound(double[] sorted, double v) {
    int i = Arrays.binarySearch(sorted, v);
    if (i < 0) {
      return -i - 1;
    }
    while (i > 0 && sorted[i - 1] == v) {
      i--;
    }
    return i;
  }

  private static int upperBound(double[] sorted, double v) {
    int i = Arrays.binarySearch(sorted, v);
    if (i < 0) {
      return -i - 1;
    }
    while (i < sorted.length && sorted[i] == v) {
      i++;
    }
    return i;
  }
}
