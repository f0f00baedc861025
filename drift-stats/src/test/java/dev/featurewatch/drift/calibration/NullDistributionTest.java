package dev.featurewatch.drift.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NullDistributionTest {

  @Test
  void theQuantileIsTheSmallestExtremenessWhosePValueReachesAlpha() {
    SplittableRandom random = new SplittableRandom(3);
    for (int r : new int[] {100, 200, 1000, 2000}) {
      double[] draws = new double[r];
      for (int i = 0; i < r; i++) {
        // an exponential tail, and a discrete one with heavy ties
        draws[i] =
            i % 2 == 0 ? -Math.log(random.nextDouble()) : Math.floor(4 * random.nextDouble());
      }
      NullDistribution d = new NullDistribution(draws);
      for (double alpha = 0.0005; alpha < 0.5; alpha *= 1.1) {
        double q = d.quantile(alpha);
        if (Double.isInfinite(q)) {
          continue;
        }
        assertThat(d.pValue(q)).as("R %d, alpha %s", r, alpha).isLessThanOrEqualTo(alpha);
        assertThat(d.pValue(Math.nextDown(Math.nextDown(q))))
            .as("R %d, alpha %s: just below the quantile", r, alpha)
            .isGreaterThan(alpha);
      }
    }
  }

  @Test
  void theTailModelFollowsAnExponentialBeyondTheDraws() {
    SplittableRandom random = new SplittableRandom(5);
    double[] draws = new double[2000];
    for (int i = 0; i < draws.length; i++) {
      draws[i] = -Math.log(random.nextDouble());
    }
    NullDistribution d = new NullDistribution(draws);
    // P(X >= 10) = e^-10 = 4.5e-5, far beyond 1/2000: the fitted tail says so within a factor 3
    assertThat(Math.log(d.pValue(10))).isCloseTo(-10, within(Math.log(3)));
    // and p-values never read 0, nor above 1
    assertThat(d.pValue(1e6)).isPositive();
    assertThat(d.pValue(-1)).isEqualTo(1.0);
  }
}
