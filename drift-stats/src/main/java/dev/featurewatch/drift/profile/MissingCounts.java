package dev.featurewatch.drift.profile;

/**
 * Values that cannot be placed on the number line, counted by kind. For categorical features only
 * {@code nulls} is used.
 *
 * @param nulls absent or empty values
 * @param nan not-a-number values
 * @param positiveInfinity {@code +inf}
 * @param negativeInfinity {@code -inf}
 */
public record MissingCounts(long nulls, long nan, long positiveInfinity, long negativeInfinity) {

  public static final MissingCounts NONE = new MissingCounts(0, 0, 0, 0);

  public MissingCounts {
    if (nulls < 0 || nan < 0 || positiveInfinity < 0 || negativeInfinity < 0) {
      throw new IllegalArgumentException(
          "missing counts must be >= 0: "
              + nulls
              + ", "
              + nan
              + ", "
              + positiveInfinity
              + ", "
              + negativeInfinity);
    }
  }

  /** All missing values together. */
  public long total() {
    return nulls + nan + positiveInfinity + negativeInfinity;
  }

  public MissingCounts plus(MissingCounts other) {
    return new MissingCounts(
        nulls + other.nulls,
        nan + other.nan,
        positiveInfinity + other.positiveInfinity,
        negativeInfinity + other.negativeInfinity);
  }
}
