package dev.featurewatch.drift.calibration;

import dev.featurewatch.drift.method.DriftMethod;
import dev.featurewatch.drift.method.DriftScore;
import dev.featurewatch.drift.method.ScoreKind;
import dev.featurewatch.drift.profile.CategoricalProfile;
import dev.featurewatch.drift.profile.NumericProfile;
import dev.featurewatch.drift.profile.ValueCounts;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.datasketches.kll.KllDoublesSketch;

/**
 * What one drift method's score looks like between a reference profile and a window of {@code n}
 * values when nothing changed, and the calibrated verdicts it gives. Thread-safe; build one per
 * reference profile and method and keep it with the baseline: each window size is simulated once.
 *
 * <h2>How the null is estimated</h2>
 *
 * A baseline is one sample, fixed for every window compared with it: its own sampling error (and,
 * for KS and Wasserstein, its sketch's rank error) is the same offset in every window, not noise
 * that averages out. A two-sample null that draws a new reference per window holds α only on
 * average over references, and once windows outgrow the reference a fixed baseline false-alarms in
 * almost none or almost all of them. So the null is split in two, and the threshold holds α for
 * this baseline with probability 1 - α over how the baseline was drawn:
 *
 * <ul>
 *   <li>the <b>offset</b>: the score between the population (estimated by the reference) and a
 *       reference redrawn from it, at its 1 - α quantile;
 *   <li>the <b>noise</b>: the score between the actual reference and a window of {@code n} drawn
 *       from the population, at its 1 - α quantile.
 * </ul>
 *
 * The threshold is their sum: the scores are metrics (Wasserstein, KS's D, Jensen–Shannon distance,
 * Hellinger, TVD), so the triangle inequality bounds a window's score by the two; PSI and KL, which
 * are not, are combined on their square roots, which behave as metrics near 0 (an approximation);
 * chi-square and the z-test on metrics of their counts ({@link #countDistance}). The p-value is the
 * noise's, of the score less the offset. The price is power where the window is as large as the
 * baseline or larger: no verdict can see past the baseline's own error, so a small baseline makes a
 * blunt monitor (see the power table in BENCHMARKS.md).
 *
 * <p>Draws, from the reference:
 *
 * <ul>
 *   <li>Counts (bins, categories, values of a feature with few values): multinomially with the
 *       reference's proportions plus, for the cells the reference never saw (a value beyond its
 *       range, a new category), a share of the Good–Turing missing mass (the share of the
 *       reference's values seen once, at least one value's), and scored by the method on the two
 *       count vectors.
 *   <li>KS and Wasserstein (KLL sketches): values from the reference sketch's distribution
 *       (continuous features spread each item over the gap below it), sketched with the reference's
 *       accuracy {@code k}, so that sketch errors, which dominate large windows, are in the null.
 *       Redrawn references have the reference's size, at most {@value #MAX_SIMULATED_REFERENCE}
 *       values (more noise than a larger one has: on the safe side); {@value #REFERENCE_POOL} of
 *       them.
 * </ul>
 *
 * {@value #DRAWS} draws per window size up to {@value #SMALL_WINDOW} values, {@value
 * #LARGE_WINDOW_DRAWS} above (their cost grows with the size; the tail model keeps the p-values
 * below {@code 1/R} smooth). Sizes up to {@value #EXACT_SIZES} are simulated exactly; larger ones
 * in buckets a quarter octave wide, each judged by the null of its lower edge (a smaller window, so
 * a wider null: conservative within a bucket). Beyond {@value #MAX_SIMULATED_WINDOW} the noise is
 * scaled from the simulated nulls by its limit law: its spread goes as {@code sqrt(a + b/n)},
 * {@code b/n} the window's sampling and {@code a} what does not shrink with the window (the window
 * sketch's rank error), fitted to the 95th percentiles simulated at {@value #LOW_FIT} and {@value
 * #MAX_SIMULATED_WINDOW} values.
 *
 * <p>Tests use their own p-value where it holds ({@link #ownPValueHolds}): a two-sample p-value
 * holds for one baseline only while the window is small beside it (at most {@value
 * #OWN_P_MAX_WINDOW_SHARE} of its size), and then for KS between exact samples, for chi-square and
 * the z-test with every expected count at least {@value #MIN_EXPECTED} (Cochran's rule). Elsewhere,
 * as R's {@code chisq.test(simulate.p.value = TRUE)} does, their p-value is simulated, split as
 * above.
 *
 * <p>Draws are seeded by the feature, the method and the window size, so the same reference gives
 * the same thresholds on every run, but for one thing: DataSketches' KLL draws its compaction coins
 * from one static unseeded generator, which simulations reseed under a lock (see {@code
 * Sampling.FromSketch}); live sketches compacting in other threads meanwhile (in a task manager)
 * can still move a KS or Wasserstein threshold within its simulation error.
 */
public final class NullModel {

  /** Simulated windows per size. */
  static final int DRAWS = 2000;

  /** The largest window simulated with {@value #DRAWS} draws. */
  static final int SMALL_WINDOW = 256;

  /** Simulated windows per size above {@value #SMALL_WINDOW} values. */
  static final int LARGE_WINDOW_DRAWS = 1000;

  /** Redrawn reference sketches for the offset of KS and Wasserstein. */
  static final int REFERENCE_POOL = 100;

  /** The largest reference simulated for KS and Wasserstein. */
  static final long MAX_SIMULATED_REFERENCE = 10_000;

  /** Window sizes up to this are simulated exactly. */
  static final int EXACT_SIZES = 32;

  /** The largest window simulated; larger ones are scaled from it. */
  static final int MAX_SIMULATED_WINDOW = 2048;

  private static final int LOW_FIT = 512;

  /** The smallest expected count for which chi-square and the z-test use their own p-value. */
  static final double MIN_EXPECTED = 5;

  /**
   * The largest window, as a share of the reference, for which a test's own two-sample p-value is
   * used: the reference's own error is then at most about a tenth of the comparison's variance, so
   * the verdict for one baseline stays near α.
   */
  static final double OWN_P_MAX_WINDOW_SHARE = 0.1;

  private final DriftMethod method;
  private final Simulator simulator;
  private final long referenceSize;
  private final long seed;
  private final ConcurrentMap<Integer, NullDistribution> bySize = new ConcurrentHashMap<>();
  private volatile NullDistribution offsets;

  private NullModel(DriftMethod method, Simulator simulator, long referenceSize, String feature) {
    this.method = method;
    this.simulator = simulator;
    this.referenceSize = referenceSize;
    this.seed = feature.hashCode() * 0x9E3779B97F4A7C15L + method.ordinal();
  }

  /**
   * The null of a numeric feature's score.
   *
   * @param asValues whether the method compares the reference's values as categories (a feature
   *     with few values), else bins (histogram methods) or sketches (KS, Wasserstein)
   * @throws IllegalArgumentException for a reference without values, or without the bins or value
   *     counts the method compares
   */
  public static NullModel of(DriftMethod method, NumericProfile reference, boolean asValues) {
    if (reference.count() == 0) {
      throw new IllegalArgumentException(
          "no null distribution without reference values: '" + reference.name() + "'");
    }
    if (asValues) {
      ValueCounts values =
          reference
              .valueCounts()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "reference of '" + reference.name() + "' has no value counts"));
      long[] cells = Arrays.copyOf(values.counts(), values.size() + 1);
      return new NullModel(method, new Counts(method, cells), reference.count(), reference.name());
    }
    if (method == DriftMethod.KS || method == DriftMethod.WASSERSTEIN) {
      Sketches sketches =
          new Sketches(method, reference, Math.sqrt(reference.populationVariance()));
      return new NullModel(method, sketches, reference.count(), reference.name());
    }
    if (reference.binEdges().isEmpty()) {
      throw new IllegalArgumentException("reference of '" + reference.name() + "' has no bins");
    }
    return new NullModel(
        method, new Counts(method, reference.binCounts()), reference.count(), reference.name());
  }

  /** The null of a categorical feature's score, over its retained categories and "other". */
  public static NullModel of(DriftMethod method, CategoricalProfile reference) {
    if (reference.count() == 0) {
      throw new IllegalArgumentException(
          "no null distribution without reference values: '" + reference.name() + "'");
    }
    long[] cells = new long[reference.categories().size() + 1];
    int i = 0;
    for (long count : reference.categories().values()) {
      cells[i++] = count;
    }
    cells[i] = reference.other();
    return new NullModel(method, new Counts(method, cells), reference.count(), reference.name());
  }

  /**
   * Whether a count test's own p-value holds for these aligned counts: chi-square and the z-test,
   * while the window has at most {@value #OWN_P_MAX_WINDOW_SHARE} of the reference's values and
   * every expected count (of a cell either side has) is at least {@value #MIN_EXPECTED}. For other
   * methods, false.
   */
  public static boolean ownPValueHolds(DriftMethod method, long[] reference, long[] live) {
    if (method != DriftMethod.CHI_SQUARE && method != DriftMethod.Z_TEST) {
      return false;
    }
    long[][] sides =
        method == DriftMethod.Z_TEST
            ? new long[][] {firstVersusRest(reference), firstVersusRest(live)}
            : new long[][] {reference, live};
    double r = Arrays.stream(sides[0]).sum();
    double c = Arrays.stream(sides[1]).sum();
    if (c > OWN_P_MAX_WINDOW_SHARE * r) {
      return false;
    }
    for (int i = 0; i < sides[0].length; i++) {
      double column = sides[0][i] + sides[1][i];
      if (column > 0 && Math.min(r, c) * column / (r + c) < MIN_EXPECTED) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether KS's own p-value holds: between exact samples (raw values, or sketches that have not
   * compacted their values), while the window has at most {@value #OWN_P_MAX_WINDOW_SHARE} of the
   * reference's values.
   */
  public static boolean ownPValueHolds(
      long referenceSize, long windowSize, boolean referenceExact, boolean windowExact) {
    return referenceExact && windowExact && windowSize <= OWN_P_MAX_WINDOW_SHARE * referenceSize;
  }

  private static long[] firstVersusRest(long[] counts) {
    long rest = 0;
    for (int i = 1; i < counts.length; i++) {
      rest += counts[i];
    }
    return new long[] {counts.length == 0 ? 0 : counts[0], rest};
  }

  /**
   * A window's score, as the null model needs it.
   *
   * @param score the method's score, with any fixed threshold
   * @param windowSize the window's values compared (missing ones left out), at least 1
   * @param ownPValue whether the test's own p-value holds ({@link #ownPValueHolds})
   * @param referenceCounts the aligned counts chi-square and the z-test compared; null for other
   *     methods, and when {@code ownPValue}
   * @param liveCounts as {@code referenceCounts}, the window's side
   */
  public record Observation(
      DriftScore score,
      long windowSize,
      boolean ownPValue,
      long[] referenceCounts,
      long[] liveCounts) {}

  /**
   * The score judged at α: drift when its p-value is at most α (and, for distances, the score
   * reaches {@code floor}). A test's score becomes the p-value that decided.
   *
   * @param floor the effect-size floor in a distance's units, 0 for none
   */
  public DriftScore calibrate(Observation observed, double alpha, double floor) {
    checkAlpha(alpha);
    DriftScore score = observed.score();
    if (observed.ownPValue()) {
      return score.calibrated(score.score(), alpha, Double.NaN, floor);
    }
    double p = pValue(extremeness(observed), observed.windowSize(), alpha);
    double quantile =
        method.scoreKind() == ScoreKind.P_VALUE
            ? Double.NaN
            : toScore(quantile(alpha, observed.windowSize()));
    return score.calibrated(p, alpha, quantile, floor);
  }

  /**
   * A fixed-threshold score with its p-value at α = {@link Calibration#DEFAULT_ALPHA} and the
   * threshold's false-alarm rate at this window size: for a test whose own p-value holds, the
   * threshold itself; else an upper bound that holds for this reference with probability 1 - α (the
   * threshold less the reference's offset against the window's noise), unknown (NaN) for chi-square
   * and the z-test, whose fixed thresholds are on p-values this model does not simulate.
   */
  public DriftScore withFalseAlarmRate(Observation observed) {
    DriftScore fixed = observed.score();
    if (observed.ownPValue()) {
      return fixed.withNull(fixed.score(), fixed.threshold());
    }
    double alpha = Calibration.DEFAULT_ALPHA;
    long n = observed.windowSize();
    double p = pValue(extremeness(observed), n, alpha);
    double t = fixed.threshold();
    double rate =
        switch (method) {
          case KS -> pValue(ksStatisticAt(t, n), n, alpha);
          case CHI_SQUARE, Z_TEST -> Double.NaN;
          case PSI, KL -> pValue(Math.sqrt(t), n, alpha);
          default -> pValue(t, n, alpha);
        };
    return fixed.withNull(p, rate);
  }

  /**
   * The p-value of an extremeness in a window of {@code n}: that of the window's noise beyond the
   * reference's offset at its 1 - α quantile.
   */
  double pValue(double extremeness, long n, double alpha) {
    double e = extremeness - offset(alpha);
    if (e <= 0) {
      return 1;
    }
    if (n > MAX_SIMULATED_WINDOW) {
      return at(MAX_SIMULATED_WINDOW).pValue(e / shrink(n));
    }
    return at(bucket(n)).pValue(e);
  }

  /** The extremeness whose p-value is α in a window of {@code n}. */
  double quantile(double alpha, long n) {
    double noise =
        n > MAX_SIMULATED_WINDOW
            ? at(MAX_SIMULATED_WINDOW).quantile(alpha) * shrink(n)
            : at(bucket(n)).quantile(alpha);
    return noise + offset(alpha);
  }

  /** The 1 - α quantile of the reference's own offset from the population. */
  private double offset(double alpha) {
    NullDistribution d = offsets;
    if (d == null) {
      synchronized (this) {
        if (offsets == null) {
          SplittableRandom random = new SplittableRandom(seed ^ 0x94D049BB133111EBL);
          double[] draws = new double[simulator.offsetDraws()];
          for (int r = 0; r < draws.length; r++) {
            draws[r] = simulator.offset(random);
          }
          offsets = new NullDistribution(draws);
        }
        d = offsets;
      }
    }
    return d.quantile(alpha);
  }

  /** An extremeness back in the score's units (distances only). */
  private double toScore(double extremeness) {
    return method == DriftMethod.PSI || method == DriftMethod.KL
        ? extremeness * extremeness
        : extremeness;
  }

  /**
   * How much narrower the noise of a window of {@code n} is than that of the largest simulated one,
   * by the limit law {@code sqrt(a + b/n)} fitted to two simulated sizes; at most 1, above 0.
   */
  private double shrink(long n) {
    double high = at(MAX_SIMULATED_WINDOW).empiricalQuantile(0.95);
    if (high <= 0) {
      return 1;
    }
    double low = at(LOW_FIT).empiricalQuantile(0.95);
    double yLow = low * low;
    double yHigh = high * high;
    double b = Math.max(0, (yLow - yHigh) / (1.0 / LOW_FIT - 1.0 / MAX_SIMULATED_WINDOW));
    double a = Math.max(0, yHigh - b / MAX_SIMULATED_WINDOW);
    double shrunk = Math.sqrt(a + b / n) / high;
    return shrunk > 0 ? Math.min(1, shrunk) : 1;
  }

  /** The simulated noise of windows of exactly {@code size} values, simulated on first use. */
  private NullDistribution at(int size) {
    return bySize.computeIfAbsent(size, this::simulate);
  }

  private NullDistribution simulate(int size) {
    SplittableRandom random = new SplittableRandom(seed ^ (size * 0xBF58476D1CE4E5B9L));
    double[] draws = new double[size <= SMALL_WINDOW ? DRAWS : LARGE_WINDOW_DRAWS];
    for (int r = 0; r < draws.length; r++) {
      draws[r] = simulator.noise(size, random);
    }
    return new NullDistribution(draws);
  }

  /**
   * The simulated size that judges a window of {@code n}: {@code n} itself up to {@value
   * #EXACT_SIZES}, else the largest quarter-octave step {@code floor(32 * 2^(j/4))} not above it.
   */
  static int bucket(long n) {
    if (n <= EXACT_SIZES) {
      return (int) Math.max(1, n);
    }
    int j = (int) Math.floor(4 * (Math.log((double) n / EXACT_SIZES) / Math.log(2)) + 1e-9);
    int b = step(j);
    while (b > n) {
      b = step(--j);
    }
    return Math.min(b, MAX_SIMULATED_WINDOW);
  }

  private static int step(int j) {
    return (int) Math.floor(EXACT_SIZES * Math.pow(2, j / 4.0) + 1e-9);
  }

  /** The KS statistic whose p-value is {@code p} in a window of {@code n}, by bisection. */
  private double ksStatisticAt(double p, long n) {
    double lo = 0;
    double hi = 1;
    for (int i = 0; i < 60; i++) {
      double mid = (lo + hi) / 2;
      if (DriftMethod.ksPValue(mid, referenceSize, n) > p) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return hi;
  }

  private static void checkAlpha(double alpha) {
    if (!(alpha > 0 && alpha < 1)) {
      throw new IllegalArgumentException("alpha must be in (0, 1): " + alpha);
    }
  }

  private double extremeness(Observation observed) {
    if (method == DriftMethod.CHI_SQUARE || method == DriftMethod.Z_TEST) {
      if (observed.referenceCounts() == null || observed.liveCounts() == null) {
        throw new IllegalArgumentException(
            method.id() + " needs the aligned counts to be judged by simulation");
      }
      return countDistance(method, observed.referenceCounts(), observed.liveCounts());
    }
    return extremenessOf(method, observed.score());
  }

  /** Simulated scores' extremeness. */
  private interface Simulator {
    /** The actual reference against a window of {@code n} drawn from the population. */
    double noise(int n, SplittableRandom random);

    /** The population against a redrawn reference. */
    double offset(SplittableRandom random);

    /** How many offsets to draw. */
    int offsetDraws();
  }

  /** Counts over the reference's cells. */
  private static final class Counts implements Simulator {
    private final DriftMethod method;
    private final long[] reference;
    private final long referenceSize;
    private final double[] population;
    private final long[] populationCounts;
    private final Sampling.Alias window;

    Counts(DriftMethod method, long[] reference) {
      this.method = method;
      this.reference = reference.clone();
      long total = Arrays.stream(reference).sum();
      this.referenceSize = total;
      // a cell the reference never saw (a value beyond its range, a new category) gets about one
      // value's share, or more when the reference saw many values only once (Good–Turing)
      int unseen = 0;
      long singletons = 0;
      for (long c : reference) {
        unseen += c == 0 ? 1 : 0;
        singletons += c == 1 ? 1 : 0;
      }
      double missingMass = unseen == 0 ? 0 : Math.max(unseen, singletons) / (total + 1.0);
      this.population = new double[reference.length];
      for (int i = 0; i < reference.length; i++) {
        population[i] =
            reference[i] == 0 ? missingMass / unseen : (1 - missingMass) * reference[i] / total;
      }
      this.populationCounts = new long[reference.length];
      for (int i = 0; i < reference.length; i++) {
        // the population's proportions as counts, to the precision of a double
        populationCounts[i] = Math.round(population[i] * 1e12);
      }
      this.window = new Sampling.Alias(population);
    }

    @Override
    public double noise(int n, SplittableRandom random) {
      return score(reference, window.counts(n, random));
    }

    @Override
    public double offset(SplittableRandom random) {
      return score(populationCounts, Sampling.multinomial(referenceSize, population, random));
    }

    @Override
    public int offsetDraws() {
      return DRAWS;
    }

    private double score(long[] referenceSide, long[] liveSide) {
      if (method == DriftMethod.CHI_SQUARE || method == DriftMethod.Z_TEST) {
        return countDistance(method, referenceSide, liveSide);
      }
      return extremenessOf(
          method, method.compare(referenceSide, liveSide, method.defaultThreshold()));
    }
  }

  /** KLL sketches of values drawn from the reference sketch's distribution. */
  private static final class Sketches implements Simulator {
    private final DriftMethod method;
    private final KllDoublesSketch reference;
    private final Sampling.FromSketch population;
    private final int k;
    private final double std;
    private final long referenceSize;

    Sketches(DriftMethod method, NumericProfile reference, double std) {
      this.method = method;
      this.reference = reference.sketch();
      // builds the sorted view the sketch caches, before it is shared between threads
      this.reference.getSortedView();
      this.population = new Sampling.FromSketch(this.reference);
      this.k = reference.sketchK();
      this.std = std;
      this.referenceSize = Math.min(reference.count(), MAX_SIMULATED_REFERENCE);
    }

    @Override
    public double noise(int n, SplittableRandom random) {
      return score(reference, population.sketchOf(k, n, random));
    }

    @Override
    public double offset(SplittableRandom random) {
      return score(reference, population.sketchOf(k, referenceSize, random));
    }

    @Override
    public int offsetDraws() {
      return REFERENCE_POOL;
    }

    private double score(KllDoublesSketch referenceSide, KllDoublesSketch liveSide) {
      DriftScore score =
          method == DriftMethod.KS
              ? method.compare(referenceSide, liveSide, method.defaultThreshold())
              : method.compareWasserstein(referenceSide, std, liveSide, method.defaultThreshold());
      return extremenessOf(method, score);
    }
  }

  /**
   * How extreme a score is, larger meaning more drift, as a metric (or close to one) so that the
   * reference's offset and the window's noise add up: the distance itself, KS's D, the square roots
   * of PSI and KL.
   */
  private static double extremenessOf(DriftMethod method, DriftScore score) {
    return switch (method) {
      case KS -> score.statistic();
      case PSI, KL -> Math.sqrt(Math.max(0, score.score()));
      case CHI_SQUARE, Z_TEST ->
          throw new IllegalStateException(method.id() + " is judged on its counts");
      default -> score.score();
    };
  }

  /**
   * The metric on which chi-square and the z-test are judged by simulation: for chi-square the
   * square root of the triangular discrimination {@code Σ (r_i - c_i)² / (r_i + c_i)} of the two
   * proportions (a metric, and Pearson's statistic of equal-sized samples up to a constant); for
   * the z-test the difference of the first category's shares.
   */
  static double countDistance(DriftMethod method, long[] reference, long[] live) {
    double r = Arrays.stream(reference).sum();
    double c = Arrays.stream(live).sum();
    if (method == DriftMethod.Z_TEST) {
      return Math.abs(reference[0] / r - live[0] / c);
    }
    double sum = 0;
    for (int i = 0; i < reference.length; i++) {
      double p = reference[i] / r;
      double q = live[i] / c;
      if (p + q > 0) {
        sum += (p - q) * (p - q) / (p + q);
      }
    }
    return Math.sqrt(sum);
  }
}
