package dev.featurewatch.drift.performance;

/**
 * A ROC AUC value.
 *
 * @param value the AUC, within [0, 1]
 * @param errorBound the largest possible distance between {@code value} and the exact AUC of the
 *     same data: 0 for {@link RocAuc#exact()}, see {@link RocAuc} for the bucketed form
 */
public record RocAucResult(double value, double errorBound) {

  public RocAucResult {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException("AUC must be within [0, 1]: " + value);
    }
    if (!(errorBound >= 0 && errorBound <= 0.5)) {
      throw new IllegalArgumentException("AUC error bound must be within [0, 0.5]: " + errorBound);
    }
  }
}
