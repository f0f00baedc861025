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
 * almost none or almost all of them. So for distances (and KS between sketches, a distance too) the
 * null is split in two, and the threshold holds α for this baseline with probability 1 - α over how
 * the baseline was drawn:
 *
 * <ul>
 *   <li>the <b>offset</b>: the score between the population (estimated by the reference) and a
 *       reference redrawn from it, at its 1 - α quantile;
 *   <li>the <b>noise</b>: the score between the actual reference and a window of {@code n} drawn
 *       from the population, at its 1 - α quantile.
 * </ul>
 *
 * The threshold is their sum: the methods are metrics (Wasserstein, KS's D, Jensen–Shannon
 * distance, Hellinger, TVD), so the triangle inequality bounds a window's score by the two; PSI and
 * KL, which are not, are combined on their square roots, which behave as metrics near 0 (an
 * approximation). The p-value is the noise's, of the score less the offset.
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
 *   <li>Chi-square and the z-test, when their own p-value does not hold: as a two-sample test, both
 *       sides redrawn, on {@code -ln p}.
 * </ul>
 *
 * {@value #DRAWS} draws per window size. Sizes up to {@value #EXACT_SIZES} are simulated exactly;
 * larger ones in buckets a quarter octave wide, each judged by the null of its lower edge (a
 * smaller window, so a wider null: conservative within a bucket). Beyond {@value
 * #MAX_SIMULATED_WINDOW} the noise is scaled from the simulated nulls by its limit law: its spread
 * goes as {@code sqrt(a + b/n)}, {@code b/n} the window's sampling and {@code a} what does not
 * shrink with the window (the window sketch's rank error), fitted to the 95th percentiles simulated
 * at {@value #LOW_FIT} and {@value #MAX_SIMULATED_WINDOW} values.
 *
 * <p>Tests whose null distribution holds use their own p-value ({@link #analyticHolds}): KS between
 * exact sketches, chi-square and the z-test with every expected count at least {@value
 * #MIN_EXPECTED} (Cochran's rule). Elsewhere, as R's {@code chisq.test(simulate.p.value = TRUE)}
 * does, their p-value is simulated. Chi-square and the z-test are two-sample tests: they hold α on
 * average over baselines, and for one baseline only while windows stay well below its size (the
 * automatic choice uses them for baselines of at most 1,000 values).
 *
 * <p>Draws are seeded by the feature, the method and the window size: the same reference gives the
 * same verdicts on every run and after every restart.
 */
public final class NullModel {

  /** Simulated windows per size. */
  static final int DRAWS = 2000;

  /** Redrawn reference sketches for the offset of KS and Wasserstein. */
  static final int REFERENCE_POOL = 200;

  /** The largest reference simulated for KS and Wasserstein. */
  static final long MAX_SIMULATED_REFERENCE = 20_000;

  /** Window sizes up to this are simulated exactly. */
  static final int EXACT_SIZES = 32;

  /** The largest window simulated; larger ones are scaled from it. */
  static final int MAX_SIMULATED_WINDOW = 4096;

  private static final int LOW_FIT = 1024;

  /** The smallest expected count for which chi-square and the z-test use their own p-value. */
  static final double MIN_EXPECTED = 5;

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
   * Whether a count test's own p-value holds for these aligned counts: chi-square and the z-test
   * when every expected count (of a cell either side has) is at least {@value #MIN_EXPECTED}. For
   * other methods, false.
   */
  public static boolean analyticHolds(DriftMethod method, long[] reference, long[] live) {
    if (method != DriftMethod.CHI_SQUARE && method != DriftMethod.Z_TEST) {
      return false;
    }
    long[][] sides =
        method == DriftMethod.Z_TEST
            ? new long[][] {firstVersusRest(reference), firstVersusRest(live)}
            : new long[][] {reference, live};
    double r = Arrays.stream(sides[0]).sum();
    double c = Arrays.stream(sides[1]).sum();
    for (int i = 0; i < sides[0].length; i++) {
      double column = sides[0][i] + sides[1][i];
      if (column > 0 && Math.min(r, c) * column / (r + c) < MIN_EXPECTED) {
        return false;
      }
    }
    return true;
  }

  /** Whether KS's own p-value holds between these sketches: neither has compacted its values. */
  public static boolean analyticHolds(KllDoublesSketch reference, KllDoublesSketch live) {
    return !reference.isEstimationMode() && !live.isEstimationMode();
  }

  private static long[] firstVersusRest(long[] counts) {
    long rest = 0;
    for (int i = 1; i < counts.length; i++) {
      rest += counts[i];
    }
    return new long[] {counts.length == 0 ? 0 : counts[0], rest};
  }

  /**
   * The score judged at α: drift when its p-value is below α and it reaches {@code floor}.
   *
   * @param observed the method's score of the window, with any fixed threshold
   * @param windowSize the window's values compared (missing ones left out), at least 1
   * @param analytic whether the test's own p-value holds ({@link #analyticHolds})
   * @param floor the effect-size floor in the score's units, 0 for none
   */
  public DriftScore calibrate(
      DriftScore observed, long windowSize, double alpha, double floor, boolean analytic) {
    checkAlpha(alpha);
    if (analytic) {
      return observed.calibrated(observed.score(), alpha, alpha, floor);
    }
    double p = pValue(extremenessOf(method, observed), windowSize, alpha);
    double quantile =
        method.scoreKind() == ScoreKind.P_VALUE && !split()
            ? alpha
            : toScore(quantile(alpha, windowSize));
    return observed.calibrated(p, alpha, quantile, floor);
  }

  /**
   * A fixed-threshold score with its p-value at α = {@link Calibration#DEFAULT_ALPHA} and the
   * threshold's estimated false-alarm rate at this window size.
   */
  public DriftScore withFalseAlarmRate(DriftScore fixed, long windowSize, boolean analytic) {
    if (analytic) {
      return fixed.withNull(fixed.score(), fixed.threshold());
    }
    double alpha = Calibration.DEFAULT_ALPHA;
    double p = pValue(extremenessOf(method, fixed), windowSize, alpha);
    double t = fixed.threshold();
    double atThreshold =
        switch (method) {
          case KS -> ksStatisticAt(t, windowSize);
          case CHI_SQUARE, Z_TEST -> -Math.log(t);
          case PSI, KL -> Math.sqrt(t);
          default -> t;
        };
    return fixed.withNull(p, pValue(atThreshold, windowSize, alpha));
  }

  /**
   * The p-value of an extremeness (see {@link #extremenessOf}) in a window of {@code n}: of the
   * noise beyond the offset's 1 - α quantile for split nulls.
   */
  double pValue(double extremeness, long n, double alpha) {
    double e = split() ? extremeness - offset(alpha) : extremeness;
    if (split() && e <= 0) {
      return 1;
    }
    if (n > MAX_SIMULATED_WINDOW) {
      double ratio = shrink(n);
      return at(MAX_SIMULATED_WINDOW).pValue(ratio == 0 ? e : e / ratio);
    }
    return at(bucket(n)).pValue(e);
  }

  /** The extremeness whose p-value is α in a window of {@code n}. */
  double quantile(double alpha, long n) {
    double noise =
        n > MAX_SIMULATED_WINDOW
            ? at(MAX_SIMULATED_WINDOW).quantile(alpha) * shrink(n)
            : at(bucket(n)).quantile(alpha);
    return split() ? noise + offset(alpha) : noise;
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
            draws[r] = simulator.offset(r, random);
          }
          offsets = new NullDistribution(draws);
        }
        d = offsets;
      }
    }
    return d.quantile(alpha);
  }

  /** Whether the null is split into the reference's offset and the window's noise. */
  private boolean split() {
    return method != DriftMethod.CHI_SQUARE && method != DriftMethod.Z_TEST;
  }

  /** An extremeness back in the score's units. */
  private double toScore(double extremeness) {
    return method == DriftMethod.PSI || method == DriftMethod.KL
        ? extremeness * extremeness
        : extremeness;
  }

  /**
   * How much narrower the null of a window of {@code n} is than that of the largest simulated one,
   * by the score's scaling law fitted to two simulated sizes.
   */
  private double shrink(long n) {
    double high = at(MAX_SIMULATED_WINDOW).empiricalQuantile(0.95);
    if (high <= 0 || !scales()) {
      return 1;
    }
    double low = at(LOW_FIT).empiricalQuantile(0.95);
    // every scaled extremeness is root-type (PSI and KL are on their square roots)
    double yLow = low * low;
    double yHigh = high * high;
    double b = Math.max(0, (yLow - yHigh) / (1.0 / LOW_FIT - 1.0 / MAX_SIMULATED_WINDOW));
    double a = Math.max(0, yHigh - b / MAX_SIMULATED_WINDOW);
    return Math.min(1, Math.sqrt(a + b / n) / high);
  }

  /** Whether the score's null narrows as windows grow: all but chi-square's and z's p-values. */
  private boolean scales() {
    return method != DriftMethod.CHI_SQUARE && method != DriftMethod.Z_TEST;
  }

  /** The simulated null of windows of exactly {@code size} values, simulated on first use. */
  private NullDistribution at(int size) {
    return bySize.computeIfAbsent(size, this::simulate);
  }

  private NullDistribution simulate(int size) {
    SplittableRandom random = new SplittableRandom(seed ^ (size * 0xBF58476D1CE4E5B9L));
    double[] draws = new double[DRAWS];
    for (int r = 0; r < DRAWS; r++) {
      draws[r] = split() ? simulator.noise(size, random) : simulator.twoSample(size, random);
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

  /** Simulated scores' extremeness. */
  private interface Simulator {
    /** The actual reference against a window of {@code n} drawn from the population. */
    double noise(int n, SplittableRandom random);

    /** The population against the {@code rep}-th redrawn reference. */
    double offset(int rep, SplittableRandom random);

    /** How many offsets to draw. */
    int offsetDraws();

    /** A redrawn reference against a window of {@code n}, both from the population. */
    double twoSample(int n, SplittableRandom random);
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
      // the cells the reference never saw share the Good–Turing missing mass: the share of values
      // seen once (singletons), at least one value's
      int unseen = 0;
      long singletons = 0;
      for (long c : reference) {
        unseen += c == 0 ? 1 : 0;
        singletons += c == 1 ? 1 : 0;
      }
      double missingMass = unseen == 0 ? 0 : Math.max(1.0, singletons) / (total + 1.0);
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
    public double offset(int rep, SplittableRandom random) {
      return score(populationCounts, Sampling.multinomial(referenceSize, population, random));
    }

    @Override
    public int offsetDraws() {
      return DRAWS;
    }

    @Override
    public double twoSample(int n, SplittableRandom random) {
      return score(
          Sampling.multinomial(referenceSize, population, random), window.counts(n, random));
    }

    private double score(long[] referenceSide, long[] liveSide) {
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
    public double offset(int rep, SplittableRandom random) {
      return score(reference, population.sketchOf(k, referenceSize, random));
    }

    @Override
    public int offsetDraws() {
      return REFERENCE_POOL;
    }

    @Override
    public double twoSample(int n, SplittableRandom random) {
      throw new IllegalStateException(method.id() + " has a split null");
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
   * How extreme a score is, larger meaning more drift: the distance itself, KS's D, and {@code -ln
   * p} of chi-square and the z-test (whose statistics' scales change with the cells left).
   */
  private static double extremenessOf(DriftMethod method, DriftScore score) {
    return switch (method) {
      case KS -> score.statistic();
      case CHI_SQUARE, Z_TEST -> -Math.log(Math.max(score.score(), Double.MIN_NORMAL));
      default -> score.score();
    };
  }
}
