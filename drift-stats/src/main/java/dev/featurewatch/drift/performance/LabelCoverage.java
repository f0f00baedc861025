package dev.featurewatch.drift.performance;

import java.util.OptionalDouble;

/**
 * How many predictions have received their (delayed) true label. Immutable; merge with {@link
 * #plus(LabelCoverage)}.
 *
 * @param predictions predictions made
 * @param labelled those of them with a true label, at most {@code predictions}
 */
public record LabelCoverage(long predictions, long labelled) {

  /** No predictions. */
  public static final LabelCoverage NONE = new LabelCoverage(0, 0);

  public LabelCoverage {
    Checks.nonNegative("predictions", predictions);
    if (labelled < 0 || labelled > predictions) {
      throw new IllegalArgumentException(
          "labelled must be within [0, predictions = " + predictions + "]: " + labelled);
    }
  }

  /** {@code labelled / predictions}, or empty when there were no predictions. */
  public OptionalDouble ratio() {
    return predictions == 0
        ? OptionalDouble.empty()
        : OptionalDouble.of((double) labelled / predictions);
  }

  /** The counts of both together. */
  public LabelCoverage plus(LabelCoverage other) {
    return new LabelCoverage(predictions + other.predictions, labelled + other.labelled);
  }
}
