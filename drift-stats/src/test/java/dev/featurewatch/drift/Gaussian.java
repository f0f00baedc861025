package dev.featurewatch.drift;

import java.util.SplittableRandom;

/** Normally distributed test data, the same for the same seed. */
public final class Gaussian {

  private Gaussian() {}

  /** {@code n} values from N(mean, 1), by Box-Muller. */
  public static double[] values(int n, double mean, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      double u = random.nextDouble();
      double v = random.nextDouble();
      values[i] = mean + Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }
    return values;
  }
}
