package dev.featurewatch.drift.calibration;

import java.lang.reflect.Field;
import java.util.Random;
import java.util.SplittableRandom;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.kll.KllSketch;
import org.apache.datasketches.quantilescommon.DoublesSortedView;

/** Random draws for the null simulations. Seeded by the caller, so every run draws the same. */
final class Sampling {

  /** Below this mean a binomial is drawn exactly (inversion), above it by its normal limit. */
  private static final double EXACT_BINOMIAL_MEAN = 50;

  /** KLL's compaction coins (see {@link FromSketch#sketchOf}). */
  private static final Random KLL_RANDOM = kllRandom();

  private Sampling() {}

  private static Random kllRandom() {
    try {
      Field field = KllSketch.class.getDeclaredField("random");
      field.setAccessible(true);
      return (Random) field.get(null);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException(
          "DataSketches' KllSketch.random is needed to repeat simulations: is datasketches-java"
              + " 6.2 on the class path?",
          e);
    }
  }

  /**
   * Draws the cells of a categorical distribution in O(1) each (Walker's alias method, Vose's
   * construction). Immutable once built.
   */
  static final class Alias {
    private final double[] probability;
    private final int[] alias;

    /**
     * @param weights non-negative, with a positive sum
     */
    Alias(double[] weights) {
      int k = weights.length;
      double total = 0;
      for (double w : weights) {
        total += w;
      }
      probability = new double[k];
      alias = new int[k];
      double[] scaled = new double[k];
      int[] small = new int[k];
      int[] large = new int[k];
      int s = 0;
      int l = 0;
      for (int i = 0; i < k; i++) {
        scaled[i] = weights[i] * k / total;
        if (scaled[i] < 1) {
          small[s++] = i;
        } else {
          large[l++] = i;
        }
      }
      while (s > 0 && l > 0) {
        int less = small[--s];
        int more = large[--l];
        probability[less] = scaled[less];
        alias[less] = more;
        scaled[more] = scaled[more] + scaled[less] - 1;
        if (scaled[more] < 1) {
          small[s++] = more;
        } else {
          large[l++] = more;
        }
      }
      while (l > 0) {
        probability[large[--l]] = 1;
      }
      while (s > 0) {
        probability[small[--s]] = 1; // rounding leftovers
      }
    }

    int draw(SplittableRandom random) {
      int i = random.nextInt(probability.length);
      return random.nextDouble() < probability[i] ? i : alias[i];
    }

    /** Counts of {@code n} draws, one cell each. O(n + cells). */
    long[] counts(long n, SplittableRandom random) {
      long[] counts = new long[probability.length];
      for (long i = 0; i < n; i++) {
        counts[draw(random)]++;
      }
      return counts;
    }
  }

  /**
   * A multinomial draw of {@code n} over {@code p} (summing to 1) by conditional binomials:
   * O(cells) for any {@code n}, exact for cells whose expected count is below {@value
   * #EXACT_BINOMIAL_MEAN}, by the normal limit above it.
   */
  static long[] multinomial(long n, double[] p, SplittableRandom random) {
    long[] counts = new long[p.length];
    long left = n;
    double mass = 1;
    for (int i = 0; i < p.length - 1 && left > 0; i++) {
      double share = mass <= 0 ? 0 : Math.min(1, Math.max(0, p[i] / mass));
      counts[i] = binomial(left, share, random);
      left -= counts[i];
      mass -= p[i];
    }
    counts[p.length - 1] += left;
    return counts;
  }

  static long binomial(long n, double p, SplittableRandom random) {
    if (p <= 0 || n == 0) {
      return 0;
    }
    if (p >= 1) {
      return n;
    }
    if (p > 0.5) {
      return n - binomial(n, 1 - p, random);
    }
    double mean = n * p;
    if (mean >= EXACT_BINOMIAL_MEAN) {
      double x = Math.rint(mean + Math.sqrt(mean * (1 - p)) * gaussian(random));
      return (long) Math.min(n, Math.max(0, x));
    }
    // inversion from 0 by the recurrence P(k + 1) = P(k) (n - k) / (k + 1) p / (1 - p)
    double u = random.nextDouble();
    double odds = p / (1 - p);
    double prob = Math.pow(1 - p, n);
    double cumulative = prob;
    long k = 0;
    while (u > cumulative && k < n) {
      prob *= (double) (n - k) / (k + 1) * odds;
      k++;
      cumulative += prob;
      if (prob == 0 && cumulative < u) {
        break; // rounding: the rest of the mass is below double precision
      }
    }
    return k;
  }

  /** A standard normal draw. */
  static double gaussian(SplittableRandom random) {
    // Marsaglia's polar method, one of the pair
    double v1;
    double v2;
    double s;
    do {
      v1 = 2 * random.nextDouble() - 1;
      v2 = 2 * random.nextDouble() - 1;
      s = v1 * v1 + v2 * v2;
    } while (s >= 1 || s == 0);
    return v1 * Math.sqrt(-2 * Math.log(s) / s);
  }

  /**
   * Draws values from the distribution a KLL sketch describes: its retained items with their
   * weights; for a continuous feature (an item that is not an integer), each item's weight is
   * spread uniformly over the gap below it, so that draws have no ties the data would not have.
   * Immutable.
   */
  static final class FromSketch {
    private final double[] items;
    private final long[] cumulative;
    private final long n;
    private final boolean continuous;

    FromSketch(KllDoublesSketch sketch) {
      DoublesSortedView view = sketch.getSortedView();
      this.items = view.getQuantiles();
      this.cumulative = view.getCumulativeWeights();
      this.n = view.getN();
      boolean integral = true;
      for (double item : items) {
        integral &= item == Math.rint(item);
      }
      this.continuous = !integral;
    }

    double draw(SplittableRandom random) {
      long u = random.nextLong(n);
      int lo = 0;
      int hi = cumulative.length - 1;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (cumulative[mid] > u) {
          hi = mid;
        } else {
          lo = mid + 1;
        }
      }
      if (!continuous || lo == 0) {
        return items[lo];
      }
      return items[lo - 1] + (items[lo] - items[lo - 1]) * random.nextDouble();
    }

    /**
     * A sketch of accuracy {@code k} of {@code count} draws. KLL flips its compaction coins with
     * one static unseeded {@code java.util.Random} (DataSketches 6.2's {@code KllSketch.random}):
     * it is reseeded from {@code random} first, under a lock, so that simulations repeat. Live
     * sketches compacting in other threads at the same time draw from it too, and can still vary a
     * simulated sketch, within the simulation's own error.
     */
    KllDoublesSketch sketchOf(int k, long count, SplittableRandom random) {
      KllDoublesSketch sketch = KllDoublesSketch.newHeapInstance(k);
      synchronized (KLL_RANDOM) {
        KLL_RANDOM.setSeed(random.nextLong());
        for (long i = 0; i < count; i++) {
          sketch.update(draw(random));
        }
      }
      return sketch;
    }
  }
}
