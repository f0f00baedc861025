package dev.featurewatch.benchmarks;

import java.util.Random;

/**
 * Seeded input data for the benchmarks, so that every run measures the same values. {@link Random}
 * is used rather than a newer generator because its sequence is specified and has not changed
 * between JDK releases.
 */
final class Data {

  private Data() {}

  /** {@code n} values of a normal distribution with the given mean and standard deviation. */
  static double[] gaussian(int n, double mean, double sd, long seed) {
    Random random = new Random(seed);
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = mean + sd * random.nextGaussian();
    }
    return values;
  }

  /** The category names {@code cat-00}, {@code cat-01}, ...: {@code k} of them. */
  static String[] categoryNames(int k) {
    String[] names = new String[k];
    for (int i = 0; i < k; i++) {
      names[i] = String.format("cat-%02d", i);
    }
    return names;
  }

  /**
   * {@code n} category indexes in {@code [0, k)}, Zipf-like: index {@code i} has weight {@code 1 /
   * (i + 1 + offset)}, so a larger offset flattens the distribution (a shifted current window).
   */
  static int[] zipfIndexes(int n, int k, double offset, long seed) {
    double[] cumulative = new double[k];
    double total = 0;
    for (int i = 0; i < k; i++) {
      total += 1.0 / (i + 1 + offset);
      cumulative[i] = total;
    }
    Random random = new Random(seed);
    int[] indexes = new int[n];
    for (int j = 0; j < n; j++) {
      double u = random.nextDouble() * total;
      int i = 0;
      while (i < k - 1 && cumulative[i] <= u) {
        i++;
      }
      indexes[j] = i;
    }
    return indexes;
  }

  /**
   * {@code n} category values drawn as {@link #zipfIndexes}, each a distinct {@code String}
   * instance, as values deserialized from a stream would be: equality then compares characters
   * rather than stopping at identity.
   */
  static String[] categoryValues(int n, int k, long seed) {
    String[] names = categoryNames(k);
    int[] indexes = zipfIndexes(n, k, 0, seed);
    String[] values = new String[n];
    for (int j = 0; j < n; j++) {
      values[j] = String.valueOf(names[indexes[j]].toCharArray());
    }
    return values;
  }

  /** Counts of each index in {@code [0, k)}. */
  static long[] counts(int[] indexes, int k) {
    long[] counts = new long[k];
    for (int i : indexes) {
      counts[i]++;
    }
    return counts;
  }

  /**
   * {@code n} binary labels, positive with probability {@code positiveRate}, as 0 or 1.
   *
   * @see #scores
   */
  static int[] labels(int n, double positiveRate, long seed) {
    Random random = new Random(seed);
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = random.nextDouble() < positiveRate ? 1 : 0;
    }
    return labels;
  }

  /**
   * Probability scores of a fair classifier for the labels: the logistic of a normal logit centred
   * at +1 for positives and -1 for negatives (an AUC near 0.92), rounded to {@code decimals} places
   * unless it is negative (then left continuous, every score distinct in practice).
   */
  static double[] scores(int[] labels, int decimals, long seed) {
    Random random = new Random(seed);
    double scale = decimals < 0 ? 0 : Math.pow(10, decimals);
    double[] scores = new double[labels.length];
    for (int i = 0; i < labels.length; i++) {
      double logit = (labels[i] == 1 ? 1.0 : -1.0) + random.nextGaussian();
      double p = 1.0 / (1.0 + Math.exp(-logit));
      scores[i] = decimals < 0 ? p : Math.round(p * scale) / scale;
    }
    return scores;
  }
}
