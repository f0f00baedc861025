package dev.featurewatch.drift.performance;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Regression metrics, as defined in {@link RegressionAccumulator}.
 *
 * @param count predictions counted, at least 1
 * @param meanAbsoluteError MAE, in the unit of the target
 * @param rootMeanSquaredError RMSE, in the unit of the target
 * @param meanAbsolutePercentageError MAPE as a fraction (0.1 is 10 %)
 * @param r2 the coefficient of determination, at most 1; empty for fewer than two predictions
 */
public record RegressionMetrics(
    long count,
    double meanAbsoluteError,
    double rootMeanSquaredError,
    double meanAbsolutePercentageError,
    OptionalDouble r2) {

  public RegressionMetrics {
    if (count < 1) {
      throw new IllegalArgumentException("count must be >= 1: " + count);
    }
    Objects.requireNonNull(r2, "r2");
  }
}
