package dev.featurewatch.drift.performance;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Accumulates regression predictions against true values: MAE, RMSE, MAPE and R².
 *
 * <p>For n pairs of prediction {@code f_i} and true value {@code y_i}, with {@code e_i = f_i -
 * y_i}:
 *
 * <ul>
 *   <li>MAE {@code = (1/n) sum |e_i|}; RMSE {@code = sqrt((1/n) sum e_i^2)};
 *   <li>MAPE {@code = (1/n) sum |e_i| / max(|y_i|, eps)} with {@code eps = 2^-52}, as scikit-learn:
 *       a fraction, not a percentage, and a zero true value with a nonzero error gives a huge
 *       (finite) term rather than a division by zero;
 *   <li>R² {@code = 1 - SS_res / SS_tot}, {@code SS_res = sum e_i^2}, {@code SS_tot = sum (y_i -
 *       mean(y))^2}. As scikit-learn's {@code force_finite=True}: when the true values are constant
 *       ({@code SS_tot = 0}) R² is 1 if the predictions are perfect and 0 otherwise. Undefined
 *       (empty) for fewer than two pairs, where scikit-learn warns and returns NaN.
 * </ul>
 *
 * {@code SS_tot} is kept with Welford's update and Chan et al.'s merge, so it stays accurate for
 * values far from zero; the other sums are plain sums.
 *
 * <p>Mutable and not thread-safe. {@code add} is O(1) and allocates nothing; memory is six numbers.
 */
public final class RegressionAccumulator {

  /** The floor on {@code |y|} in MAPE's denominator, {@code 2^-52}. */
  public static final double MAPE_EPSILON = Math.ulp(1.0);

  private long count;
  private double absoluteErrorSum;
  private double squaredErrorSum;
  private double absolutePercentageErrorSum;
  private double meanActual;
  private double actualSquaredDeviationSum;

  /**
   * Counts one prediction.
   *
   * @param predicted the predicted value, finite
   * @param actual the true value, finite
   */
  public void add(double predicted, double actual) {
    Checks.finite("predicted value", predicted);
    Checks.finite("true value", actual);
    double error = Math.abs(predicted - actual);
    count++;
    absoluteErrorSum += error;
    squaredErrorSum += error * error;
    absolutePercentageErrorSum += error / Math.max(Math.abs(actual), MAPE_EPSILON);
    double delta = actual - meanActual;
    meanActual += delta / count;
    actualSquaredDeviationSum += delta * (actual - meanActual);
  }

  /** Adds the sums of {@code other}, which is left unchanged. */
  public void merge(RegressionAccumulator other) {
    if (other.count == 0) {
      return;
    }
    long n = count + other.count;
    double delta = other.meanActual - meanActual;
    actualSquaredDeviationSum +=
        other.actualSquaredDeviationSum + delta * delta * ((double) count * other.count / n);
    meanActual += delta * ((double) other.count / n);
    count = n;
    absoluteErrorSum += other.absoluteErrorSum;
    squaredErrorSum += other.squaredErrorSum;
    absolutePercentageErrorSum += other.absolutePercentageErrorSum;
  }

  /** The metrics so far, or empty before the first prediction. */
  public Optional<RegressionMetrics> result() {
    if (count == 0) {
      return Optional.empty();
    }
    return Optional.of(
        new RegressionMetrics(
            count,
            absoluteErrorSum / count,
            Math.sqrt(squaredErrorSum / count),
            absolutePercentageErrorSum / count,
            r2()));
  }

  private OptionalDouble r2() {
    if (count < 2) {
      return OptionalDouble.empty();
    }
    if (actualSquaredDeviationSum == 0) {
      return OptionalDouble.of(squaredErrorSum == 0 ? 1.0 : 0.0);
    }
    return OptionalDouble.of(1 - squaredErrorSum / actualSquaredDeviationSum);
  }
}
