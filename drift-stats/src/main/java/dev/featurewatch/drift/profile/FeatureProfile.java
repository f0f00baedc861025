package dev.featurewatch.drift.profile;

/**
 * What is known about one feature's values in a data set or a window: the read side of an
 * accumulator, immutable, and comparable with a reference profile by a drift method.
 *
 * <p>{@link #count()} counts the values that can be compared (finite numbers, non-null categories);
 * {@link #missing()} counts the rest by kind, so every value seen is in exactly one of the two.
 */
public sealed interface FeatureProfile permits NumericProfile, CategoricalProfile {

  /** The feature's name, never empty. */
  String name();

  FeatureType type();

  /** Values that can be compared: finite numbers, or non-null categories. */
  long count();

  /** Values that cannot be compared, by kind. */
  MissingCounts missing();

  /**
   * Share of all values seen that were missing, in {@code [0, 1]}; 0 when nothing was seen, so that
   * an empty window does not read as a data-quality problem.
   */
  default double missingShare() {
    long missing = missing().total();
    long all = count() + missing;
    return all == 0 ? 0.0 : (double) missing / all;
  }
}
