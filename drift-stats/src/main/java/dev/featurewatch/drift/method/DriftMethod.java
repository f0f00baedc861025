package dev.featurewatch.drift.method;

import dev.featurewatch.drift.profile.BinEdges;
import dev.featurewatch.drift.profile.FeatureType;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.datasketches.kll.KllDoublesSketch;

/**
 * The statistical tests and distances that compare a feature's current window with its reference.
 * Each method has a CLI id, a {@link ScoreKind}, a default threshold (Evidently's defaults) and the
 * feature types it applies to.
 *
 * <p>Inputs come in three forms:
 *
 * <ul>
 *   <li>raw numeric values ({@link #compare(double[], double[], double)}), finite only: callers
 *       count missing values separately and leave them out;
 *   <li>aligned counts ({@link #compare(long[], long[], double)}): category counts in the same
 *       category order on both sides, or histogram bins from the same {@link BinEdges}. Counts
 *       merge by addition, so these are also the streaming form of the histogram methods;
 *   <li>KLL sketches ({@link #compare(KllDoublesSketch, KllDoublesSketch, double)}), the streaming
 *       form of {@link #KS} and {@link #WASSERSTEIN} for windows that do not keep raw values.
 * </ul>
 *
 * <pre>{@code
 * DriftScore score = DriftMethod.KS.compare(referenceValues, currentValues);
 * if (score.isDrift()) { ... score.score() is the p-value ... }
 * DriftScore psi = DriftMethod.fromId("psi").compare(referenceCounts, currentCounts);
 * }</pre>
 *
 * A side with no values gives {@link DriftScore.Verdict#INSUFFICIENT_DATA}, never NaN.
 */
public enum DriftMethod {
  /**
   * Two-sample Kolmogorov–Smirnov test, two-sided. Statistic {@code D = max |F_ref - F_cur|} over
   * the empirical CDFs, in [0, 1]; score is its p-value, exact for samples up to 10,000 values and
   * asymptotic beyond, matching {@code scipy.stats.ks_2samp} (see {@link KolmogorovSmirnov}). Drift
   * when p &lt; 0.05 by default. Numeric features only.
   */
  KS("ks", ScoreKind.P_VALUE, 0.05, FeatureType.NUMERIC),

  /**
   * Pearson's chi-square test of homogeneity of the two samples' category counts, on the 2 × k
   * contingency table ({@code scipy.stats.chi2_contingency(..., correction=False)}): {@code χ² = Σ
   * (o - e)² / e} over both rows, {@code e = row total · column total / N}, with k - 1 degrees of
   * freedom after dropping categories empty on both sides. A two-sample test, not Evidently's
   * goodness of fit against the reference proportions, which treats the reference as exact and so
   * flags equal-sized samples of one distribution far more often than the threshold says (see
   * {@link CountTests#chiSquare}). Score is the p-value; drift when p &lt; 0.05 by default. A
   * single category on both sides gives χ² = 0, p = 1. Categorical features; on numeric values with
   * at most {@link MethodSelector#FEW_VALUES} distinct reference values each value is a category
   * (see {@link #compareValuesAsCategories}), on other numeric values the cells are the reference's
   * quantile bins and the two outer bins (see {@link #compareBins}).
   */
  CHI_SQUARE("chisquare", ScoreKind.P_VALUE, 0.05, FeatureType.CATEGORICAL),

  /**
   * Pooled two-proportion z-test, two-sided ({@code statsmodels proportions_ztest}) on the share of
   * the first category: {@code z = (p_ref - p_cur) / sqrt(p̄(1 - p̄)(1/n_ref + 1/n_cur))}, score
   * {@code 2(1 - Φ(|z|))}. Meant for exactly two categories; with more, the first is tested against
   * all others together. Equal shares give z = 0, p = 1. Drift when p &lt; 0.05 by default.
   * Categorical features; on numeric values with at most {@link MethodSelector#FEW_VALUES} distinct
   * reference values the smallest reference value is the first category. Not for other numeric
   * values: they have no two categories to compare.
   */
  Z_TEST("ztest", ScoreKind.P_VALUE, 0.05, FeatureType.CATEGORICAL),

  /**
   * Normed first Wasserstein distance {@code W1(ref, cur) / max(std(ref), 0.001)}, where {@code W1
   * = ∫ |F_ref - F_cur| dx} ({@code scipy.stats.wasserstein_distance}) and {@code std} is the
   * population standard deviation ({@code np.std}, Evidently's convention). The floor makes a
   * constant reference give a finite score: a shift of a constant by {@code δ} scores {@code δ /
   * 0.001}. A distance in units of reference standard deviations, at least 0, unbounded; drift when
   * &ge; 0.1 by default. Numeric features only.
   */
  WASSERSTEIN("wasserstein", ScoreKind.DISTANCE, 0.1, FeatureType.NUMERIC),

  /**
   * Population stability index {@code Σ (c_i - r_i) ln(c_i / r_i)} over proportions, natural log,
   * empty proportions replaced by 1e-4 on either side (Evidently's smoothing, not renormalised). At
   * least 0, unbounded; drift when &ge; 0.1 by default. Numeric features are binned on {@link
   * #DEFAULT_BINS} reference quantiles plus two outer bins.
   */
  PSI("psi", ScoreKind.DISTANCE, 0.1, FeatureType.NUMERIC, FeatureType.CATEGORICAL),

  /**
   * Kullback–Leibler divergence of the current from the reference distribution, {@code KL(cur ‖
   * ref) = Σ c_i ln(c_i / r_i)}, natural log, empty proportions replaced by 1e-4 then both
   * renormalised ({@code scipy.stats.entropy(cur, ref)}). At least 0, unbounded, not symmetric;
   * drift when &ge; 0.1 by default. Numeric features are binned as for {@link #PSI}.
   */
  KL("kl", ScoreKind.DISTANCE, 0.1, FeatureType.NUMERIC, FeatureType.CATEGORICAL),

  /**
   * Jensen–Shannon distance with base-2 logarithms, {@code sqrt(½ KL(r ‖ m) + ½ KL(c ‖ m))}, {@code
   * m = (r + c) / 2} ({@code scipy.spatial.distance.jensenshannon(r, c, base=2)}). In [0, 1],
   * symmetric, no smoothing needed; drift when &ge; 0.1 by default. Numeric features are binned as
   * for {@link #PSI}.
   */
  JENSEN_SHANNON(
      "jensenshannon", ScoreKind.DISTANCE, 0.1, FeatureType.NUMERIC, FeatureType.CATEGORICAL),

  /**
   * Hellinger distance {@code sqrt(1 - Σ sqrt(r_i c_i))}, in [0, 1], symmetric, no smoothing needed
   * (computed as {@code sqrt(½ Σ (√r_i - √c_i)²)}, which avoids cancellation). Drift when &ge; 0.1
   * by default. Numeric features are binned as for {@link #PSI}.
   */
  HELLINGER("hellinger", ScoreKind.DISTANCE, 0.1, FeatureType.NUMERIC, FeatureType.CATEGORICAL),

  /**
   * Total variation distance {@code ½ Σ |r_i - c_i|}: the largest difference in probability the two
   * distributions give any set of bins or categories. In [0, 1], symmetric, no smoothing needed;
   * drift when &ge; 0.1 by default. Numeric features are binned as for {@link #PSI}.
   */
  TOTAL_VARIATION("tvd", ScoreKind.DISTANCE, 0.1, FeatureType.NUMERIC, FeatureType.CATEGORICAL);

  /** Number of reference-quantile bins used by the histogram methods on raw numeric values. */
  public static final int DEFAULT_BINS = 10;

  private final String id;
  private final ScoreKind scoreKind;
  private final double defaultThreshold;
  private final Set<FeatureType> featureTypes;

  DriftMethod(String id, ScoreKind scoreKind, double defaultThreshold, FeatureType... types) {
    this.id = id;
    this.scoreKind = scoreKind;
    this.defaultThreshold = defaultThreshold;
    this.featureTypes = Set.of(types);
  }

  /** The id used on the command line and in configuration, e.g. {@code "ks"}. */
  public String id() {
    return id;
  }

  public ScoreKind scoreKind() {
    return scoreKind;
  }

  public double defaultThreshold() {
    return defaultThreshold;
  }

  /** Whether the method is meant for features of this type. */
  public boolean appliesTo(FeatureType type) {
    return featureTypes.contains(type);
  }

  /**
   * The method with this CLI id, case-insensitive.
   *
   * @throws IllegalArgumentException naming the valid ids
   */
  public static DriftMethod fromId(String id) {
    for (DriftMethod method : values()) {
      if (method.id.equals(id.toLowerCase(Locale.ROOT).trim())) {
        return method;
      }
    }
    throw new IllegalArgumentException(
        "unknown drift method '"
            + id
            + "': expected one of "
            + Arrays.stream(values()).map(DriftMethod::id).collect(Collectors.joining(", ")));
  }

  /** {@link #compare(double[], double[], double)} with the default threshold. */
  public DriftScore compare(double[] reference, double[] current) {
    return compare(reference, current, defaultThreshold);
  }

  /**
   * Compares raw numeric values. KS and Wasserstein use the values directly. On a reference with at
   * most {@link MethodSelector#FEW_VALUES} distinct values, chi-square and the z-test count each
   * value as a category ({@link #compareValuesAsCategories}); otherwise chi-square, like the
   * histogram methods, counts both sides in {@link #DEFAULT_BINS} quantile bins of the reference
   * ({@link BinEdges#fitQuantiles}) plus the two outer bins, and the z-test is refused.
   *
   * @param reference finite reference values, not modified
   * @param current finite current values, not modified
   * @throws IllegalArgumentException if a value is not finite, the threshold is out of range, or
   *     the z-test is asked for values with more than a few distinct values
   */
  public DriftScore compare(double[] reference, double[] current, double threshold) {
    checkThreshold(threshold);
    checkFinite("reference", reference);
    checkFinite("current", current);
    if (reference.length == 0 || current.length == 0) {
      return DriftScore.insufficient(this, threshold, emptySide(reference.length, current.length));
    }
    switch (this) {
      case KS -> {
        KolmogorovSmirnov.Result r = KolmogorovSmirnov.test(reference, current);
        return DriftScore.of(this, r.statistic(), r.pValue(), threshold);
      }
      case WASSERSTEIN -> {
        double normed = Wasserstein.distance(reference, current) / Wasserstein.scale(reference);
        return DriftScore.of(this, normed, normed, threshold);
      }
      default -> {
        double[] sorted = reference.clone();
        Arrays.sort(sorted);
        if ((this == CHI_SQUARE || this == Z_TEST) && hasFewValues(sorted)) {
          return compareValuesAsCategories(reference, current, threshold);
        }
        BinEdges edges = BinEdges.fitQuantiles(sorted, DEFAULT_BINS);
        return compareBins(edges.histogram(reference), edges.histogram(current), threshold);
      }
    }
  }

  /**
   * Compares numeric values as categories: each distinct value (in ascending order, {@code -0.0}
   * counted as {@code 0.0}) is a category. For numeric features with few distinct values (see
   * {@link MethodSelector}); not for KS and Wasserstein.
   *
   * @throws IllegalArgumentException if a value is not finite, the threshold is out of range, or
   *     the method needs values
   */
  public DriftScore compareValuesAsCategories(
      double[] reference, double[] current, double threshold) {
    checkFinite("reference", reference);
    checkFinite("current", current);
    long[][] counts = valuesAsCategories(reference, current);
    return compare(counts[0], counts[1], threshold);
  }

  /**
   * Compares counts over the bins of one {@link BinEdges}, outer bins included, as numeric profiles
   * keep them: {@link #compare(long[], long[], double)} for every method that compares counts but
   * the z-test, which needs two categories and refuses bins. The outer bins stay cells of their
   * own: the reference has no values there, and current values there are exactly the signal a test
   * of homogeneity should see.
   *
   * @throws IllegalArgumentException for {@link #Z_TEST}, KS and Wasserstein, if the lengths
   *     differ, or a count is negative
   */
  public DriftScore compareBins(long[] reference, long[] current, double threshold) {
    if (this == Z_TEST) {
      throw new IllegalArgumentException(
          "method ztest compares two categories, not the bins of a numeric feature");
    }
    return compare(reference, current, threshold);
  }

  /** Whether sorted values have at most {@link MethodSelector#FEW_VALUES} distinct values. */
  private static boolean hasFewValues(double[] sorted) {
    int distinct = 0;
    for (int i = 0; i < sorted.length && distinct <= MethodSelector.FEW_VALUES; i++) {
      if (i == 0 || sorted[i] != sorted[i - 1]) {
        distinct++;
      }
    }
    return distinct <= MethodSelector.FEW_VALUES;
  }

  /** {@link #compare(long[], long[], double)} with the default threshold. */
  public DriftScore compare(long[] reference, long[] current) {
    return compare(reference, current, defaultThreshold);
  }

  /**
   * Compares aligned counts: index {@code i} is the same category or bin on both sides. For all
   * methods but KS and Wasserstein, which need values.
   *
   * @throws IllegalArgumentException if the lengths differ, a count is negative, the threshold is
   *     out of range, or the method needs values
   */
  public DriftScore compare(long[] reference, long[] current, double threshold) {
    if (this == KS || this == WASSERSTEIN) {
      throw new IllegalArgumentException(
          "method " + id + " compares values or sketches, not counts");
    }
    checkThreshold(threshold);
    if (reference.length != current.length) {
      throw new IllegalArgumentException(
          "reference and current histograms must have the same length: "
              + reference.length
              + " vs "
              + current.length);
    }
    checkCounts("reference", reference);
    checkCounts("current", current);
    return compareCounts(reference, current, threshold);
  }

  /** {@link #compare(KllDoublesSketch, KllDoublesSketch, double)} with the default threshold. */
  public DriftScore compare(KllDoublesSketch reference, KllDoublesSketch current) {
    return compare(reference, current, defaultThreshold);
  }

  /**
   * The streaming form of {@link #KS} and {@link #WASSERSTEIN}, from KLL sketches of the two
   * samples; approximate, with the error bounds stated in {@link SketchForms}. The KS p-value is
   * always the asymptotic one, from the sketches' counts. Wasserstein is normed by the standard
   * deviation of the reference sketch's weighted items, which is only reliable for light-tailed
   * data: when the exact reference standard deviation is known (a profile keeps running moments),
   * use {@link #compareWasserstein(KllDoublesSketch, double, KllDoublesSketch, double)}.
   *
   * @throws IllegalArgumentException for other methods (they compare counts, which merge exactly)
   */
  public DriftScore compare(
      KllDoublesSketch reference, KllDoublesSketch current, double threshold) {
    if (this != KS && this != WASSERSTEIN) {
      throw new IllegalArgumentException(
          "method " + id + " compares counts, not sketches: use compare(long[], long[])");
    }
    checkThreshold(threshold);
    if (reference.isEmpty() || current.isEmpty()) {
      return DriftScore.insufficient(this, threshold, emptySide(reference.getN(), current.getN()));
    }
    if (this == KS) {
      double d = SketchForms.ksStatistic(reference, current);
      double p = KolmogorovSmirnov.asymptoticPValue(d, reference.getN(), current.getN());
      return DriftScore.of(this, d, p, threshold);
    }
    return compareWasserstein(reference, SketchForms.scale(reference), current, threshold);
  }

  /**
   * The normed Wasserstein distance from KLL sketches with the reference's exact population
   * standard deviation (floored at 0.001 like the exact form). Only for {@link #WASSERSTEIN}.
   *
   * @throws IllegalArgumentException for other methods, or a negative or non-finite deviation
   */
  public DriftScore compareWasserstein(
      KllDoublesSketch reference, double referenceStd, KllDoublesSketch current, double threshold) {
    if (this != WASSERSTEIN) {
      throw new IllegalArgumentException("compareWasserstein is for wasserstein, not " + id);
    }
    if (!(referenceStd >= 0 && Double.isFinite(referenceStd))) {
      throw new IllegalArgumentException(
          "reference standard deviation must be finite and >= 0: " + referenceStd);
    }
    checkThreshold(threshold);
    if (reference.isEmpty() || current.isEmpty()) {
      return DriftScore.insufficient(this, threshold, emptySide(reference.getN(), current.getN()));
    }
    double normed =
        SketchForms.wasserstein(reference, current) / Math.max(referenceStd, Wasserstein.MIN_SCALE);
    return DriftScore.of(this, normed, normed, threshold);
  }

  /**
   * {@link #KS} or {@link #WASSERSTEIN} of exact current values against a reference KLL sketch, as
   * when a baseline (which keeps sketches) is compared with raw data. Only the reference side is
   * approximate, so the error is at most that of {@link #compare(KllDoublesSketch,
   * KllDoublesSketch, double)} and the result is the same on every run for the same sketch (KLL's
   * compaction is random, so a sketch built from the current values would not be). The KS p-value
   * is the asymptotic one.
   *
   * @param referenceStd the reference's exact population standard deviation, for Wasserstein's norm
   *     (floored at 0.001 like the exact form); ignored by KS
   * @param current finite current values, not modified
   * @throws IllegalArgumentException for other methods, a non-finite value or deviation, or a
   *     threshold out of range
   */
  public DriftScore compareToSketch(
      KllDoublesSketch reference, double referenceStd, double[] current, double threshold) {
    if (this != KS && this != WASSERSTEIN) {
      throw new IllegalArgumentException(
          "method " + id + " compares counts, not sketches: use compare(long[], long[])");
    }
    if (!(referenceStd >= 0 && Double.isFinite(referenceStd))) {
      throw new IllegalArgumentException(
          "reference standard deviation must be finite and >= 0: " + referenceStd);
    }
    checkThreshold(threshold);
    checkFinite("current", current);
    if (reference.isEmpty() || current.length == 0) {
      return DriftScore.insufficient(this, threshold, emptySide(reference.getN(), current.length));
    }
    double[] sorted = current.clone();
    Arrays.sort(sorted);
    if (this == KS) {
      double d = SketchForms.ksStatistic(reference, sorted);
      double p = KolmogorovSmirnov.asymptoticPValue(d, reference.getN(), sorted.length);
      return DriftScore.of(this, d, p, threshold);
    }
    double normed =
        SketchForms.wasserstein(reference, sorted) / Math.max(referenceStd, Wasserstein.MIN_SCALE);
    return DriftScore.of(this, normed, normed, threshold);
  }

  /**
   * The p-value {@link #KS} gives a statistic {@code d} between samples of {@code n1} and {@code
   * n2} values compared through sketches: {@code scipy.stats.kstwo.sf(d, round(n1 n2 / (n1 +
   * n2)))}.
   */
  public static double ksPValue(double d, long n1, long n2) {
    return KolmogorovSmirnov.asymptoticPValue(d, n1, n2);
  }

  private DriftScore compareCounts(long[] reference, long[] current, double threshold) {
    // doubles: long counts near Long.MAX_VALUE must not wrap around to an "empty" side
    double referenceTotal = Arrays.stream(reference).asDoubleStream().sum();
    double currentTotal = Arrays.stream(current).asDoubleStream().sum();
    if (referenceTotal == 0 || currentTotal == 0) {
      return DriftScore.insufficient(
          this, threshold, emptySide(referenceTotal == 0 ? 0 : 1, currentTotal == 0 ? 0 : 1));
    }
    return switch (this) {
      case CHI_SQUARE -> {
        CountTests.Result r = CountTests.chiSquare(reference, current);
        yield DriftScore.of(this, r.statistic(), r.pValue(), threshold);
      }
      case Z_TEST -> {
        CountTests.Result r =
            CountTests.proportionsZ(firstVersusRest(reference), firstVersusRest(current));
        yield DriftScore.of(this, r.statistic(), r.pValue(), threshold);
      }
      case PSI -> distance(HistogramDistances.psi(reference, current), threshold);
      case KL -> distance(HistogramDistances.kl(reference, current), threshold);
      case JENSEN_SHANNON ->
          distance(HistogramDistances.jensenShannon(reference, current), threshold);
      case HELLINGER -> distance(HistogramDistances.hellinger(reference, current), threshold);
      case TOTAL_VARIATION ->
          distance(HistogramDistances.totalVariation(reference, current), threshold);
      case KS, WASSERSTEIN -> throw new IllegalStateException(id + " has no count form");
    };
  }

  private DriftScore distance(double value, double threshold) {
    return DriftScore.of(this, value, value, threshold);
  }

  private static long[] firstVersusRest(long[] counts) {
    long rest = 0;
    for (int i = 1; i < counts.length; i++) {
      rest += counts[i];
    }
    return new long[] {counts[0], rest};
  }

  /** Counts of each distinct value, categories in ascending value order, aligned on both sides. */
  /**
   * Counts per distinct value: the reference's values in ascending order first, then values only
   * the current data has, ascending. So the first category (the z-test's) is the smallest reference
   * value, whatever the current data holds, as when comparing with a baseline's value counts.
   */
  private static long[][] valuesAsCategories(double[] reference, double[] current) {
    TreeSet<Double> referenceValues = new TreeSet<>();
    for (double v : reference) {
      referenceValues.add(v + 0.0); // -0.0 counts as 0.0
    }
    TreeSet<Double> unseen = new TreeSet<>();
    for (double v : current) {
      if (!referenceValues.contains(v + 0.0)) {
        unseen.add(v + 0.0);
      }
    }
    Map<Double, Integer> index = new HashMap<>();
    for (double v : referenceValues) {
      index.put(v, index.size());
    }
    for (double v : unseen) {
      index.put(v, index.size());
    }
    return new long[][] {countEach(index, reference), countEach(index, current)};
  }

  private static long[] countEach(Map<Double, Integer> index, double[] values) {
    long[] counts = new long[index.size()];
    for (double v : values) {
      counts[index.get(v + 0.0)]++;
    }
    return counts;
  }

  /**
   * Checks a threshold for this method: a p-value in (0, 1), or a finite distance &gt; 0.
   *
   * @throws IllegalArgumentException naming the method, the rule and the value
   */
  public void checkThreshold(double threshold) {
    if (scoreKind == ScoreKind.P_VALUE && !(threshold > 0 && threshold < 1)) {
      throw new IllegalArgumentException(
          "threshold for " + id + " is a p-value and must be in (0, 1): " + threshold);
    }
    if (scoreKind == ScoreKind.DISTANCE && !(threshold > 0 && Double.isFinite(threshold))) {
      throw new IllegalArgumentException(
          "threshold for " + id + " is a distance and must be finite and > 0: " + threshold);
    }
  }

  private static void checkFinite(String side, double[] values) {
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        throw new IllegalArgumentException(
            side
                + " values must be finite (count missing values separately): "
                + values[i]
                + " at index "
                + i);
      }
    }
  }

  private static void checkCounts(String side, long[] counts) {
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] < 0) {
        throw new IllegalArgumentException(
            "counts must be >= 0: " + side + "[" + i + "] = " + counts[i]);
      }
    }
  }

  private static String emptySide(long referenceCount, long currentCount) {
    if (referenceCount == 0 && currentCount == 0) {
      return "reference and current have no values";
    }
    return referenceCount == 0 ? "reference has no values" : "current has no values";
  }
}
