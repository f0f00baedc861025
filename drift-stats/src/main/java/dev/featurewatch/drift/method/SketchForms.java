package dev.featurewatch.drift.method;

import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.quantilescommon.DoublesSortedView;

/**
 * KS and Wasserstein from two KLL sketches instead of raw values. A sketch's sorted view is a
 * weighted sample (retained items with their weights) whose CDF approximates the data's CDF to
 * within the sketch's rank error; both forms below are the exact KS statistic and W1 between those
 * two weighted samples.
 *
 * <p>Accuracy at {@code k = 200}, measured against the exact forms on the same data: normal,
 * shifted normal, uniform against normal, discrete and lognormal data, reference n = 10,000 and
 * 100,000, current n/2. The bounds are asserted by {@code SketchFormsTest} on one seeded trial per
 * case; the worst of 200 unseeded trials, measured once during development (not a committed test),
 * is in brackets:
 *
 * <ul>
 *   <li>{@code |D_sketch - D_exact| <= 0.02} [0.016]. This is KLL's normalised rank error (about
 *       1.3% per sketch at 99% confidence) on each side. It is of the order of the KS critical
 *       value once both windows exceed a few thousand values ({@code 1.36 sqrt(1/n1 + 1/n2)} is
 *       0.017 at 10,000 + 5,000), so sketch KS p-values then flag drift that is not there: use a
 *       larger {@code k}, or Wasserstein, for large windows.
 *   <li>{@code |W1_sketch - W1_exact| / std(reference) <= 0.06} for light-tailed data [0.047],
 *       {@code <= 0.15} for lognormal data [0.12], with the exact reference standard deviation.
 *   <li>The standard deviation of the reference sketch's items is within 3% of the exact one for
 *       light-tailed data, but can be off by more than 100% for lognormal data, where a few heavy
 *       items carry large weights: pass the exact deviation when it is known.
 * </ul>
 */
final class SketchForms {

  private SketchForms() {}

  /** {@code max_t |F_ref(t) - F_cur(t)|} over the union of the retained items. */
  static double ksStatistic(KllDoublesSketch reference, KllDoublesSketch current) {
    return ksStatistic(new Cdf(reference.getSortedView()), new Cdf(current.getSortedView()));
  }

  /**
   * As {@link #ksStatistic(KllDoublesSketch, KllDoublesSketch)} against exact current values: only
   * the reference side is approximate, and the result is the same on every run for a given sketch.
   */
  static double ksStatistic(KllDoublesSketch reference, double[] sortedCurrent) {
    return ksStatistic(new Cdf(reference.getSortedView()), Cdf.exact(sortedCurrent));
  }

  private static double ksStatistic(Cdf a, Cdf b) {
    double max = 0;
    while (a.hasNext() || b.hasNext()) {
      double t = nextPoint(a, b);
      a.advanceTo(t);
      b.advanceTo(t);
      max = Math.max(max, Math.abs(a.value() - b.value()));
    }
    return max;
  }

  /** {@code ∫ |F_ref(x) - F_cur(x)| dx} between the step CDFs of the two sorted views. */
  static double wasserstein(KllDoublesSketch reference, KllDoublesSketch current) {
    return wasserstein(
        new Cdf(reference.getSortedView()),
        new Cdf(current.getSortedView()),
        Math.min(reference.getMinItem(), current.getMinItem()));
  }

  /** As {@link #wasserstein(KllDoublesSketch, KllDoublesSketch)} against exact current values. */
  static double wasserstein(KllDoublesSketch reference, double[] sortedCurrent) {
    return wasserstein(
        new Cdf(reference.getSortedView()),
        Cdf.exact(sortedCurrent),
        Math.min(reference.getMinItem(), sortedCurrent[0]));
  }

  private static double wasserstein(Cdf a, Cdf b, double start) {
    double previous = start;
    double sum = 0;
    while (a.hasNext() || b.hasNext()) {
      double t = nextPoint(a, b);
      sum += Math.abs(a.value() - b.value()) * (t - previous);
      a.advanceTo(t);
      b.advanceTo(t);
      previous = t;
    }
    return sum;
  }

  /**
   * The population standard deviation of the sketch's weighted items, floored at {@link
   * Wasserstein#MIN_SCALE} like the exact form.
   */
  static double scale(KllDoublesSketch reference) {
    DoublesSortedView view = reference.getSortedView();
    double[] items = view.getQuantiles();
    long[] cumulative = view.getCumulativeWeights();
    double n = view.getN();
    double mean = 0;
    for (int i = 0; i < items.length; i++) {
      mean += items[i] * weight(cumulative, i);
    }
    mean /= n;
    double squares = 0;
    for (int i = 0; i < items.length; i++) {
      double d = items[i] - mean;
      squares += d * d * weight(cumulative, i);
    }
    return Math.max(Math.sqrt(squares / n), Wasserstein.MIN_SCALE);
  }

  private static long weight(long[] cumulative, int i) {
    return i == 0 ? cumulative[0] : cumulative[i] - cumulative[i - 1];
  }

  private static double nextPoint(Cdf a, Cdf b) {
    if (!b.hasNext()) {
      return a.peek();
    }
    if (!a.hasNext()) {
      return b.peek();
    }
    return Math.min(a.peek(), b.peek());
  }

  /** A cursor over a sorted view's right-continuous CDF. Mutable, local to one computation. */
  private static final class Cdf {
    private final double[] items;
    private final long[] cumulative;
    private final double n;
    private int next;

    Cdf(DoublesSortedView view) {
      this(view.getQuantiles(), view.getCumulativeWeights(), view.getN());
    }

    private Cdf(double[] items, long[] cumulative, double n) {
      this.items = items;
      this.cumulative = cumulative;
      this.n = n;
    }

    /** The empirical CDF of sorted values, each of weight one. */
    static Cdf exact(double[] sorted) {
      long[] cumulative = new long[sorted.length];
      for (int i = 0; i < sorted.length; i++) {
        cumulative[i] = i + 1;
      }
      return new Cdf(sorted, cumulative, sorted.length);
    }

    boolean hasNext() {
      return next < items.length;
    }

    double peek() {
      return items[next];
    }

    void advanceTo(double t) {
      while (next < items.length && items[next] <= t) {
        next++;
      }
    }

    /** {@code F(t)} for the last {@code t} advanced to. */
    double value() {
      return next == 0 ? 0.0 : cumulative[next - 1] / n;
    }
  }
}
