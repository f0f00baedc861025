package dev.featurewatch.drift.method;

import dev.featurewatch.drift.profile.FeatureType;

/**
 * The default ("auto") drift method for a feature, by Evidently's rule (data drift preset, 0.4+):
 *
 * <table>
 *   <caption>auto method</caption>
 *   <tr><th>reference size</th><th>numeric, &gt; 5 distinct values</th>
 *       <th>categorical, or numeric with &le; 5 distinct values</th></tr>
 *   <tr><td>&le; 1000</td><td>{@link DriftMethod#KS}</td>
 *       <td>{@link DriftMethod#Z_TEST} if &le; 2 categories, else {@link DriftMethod#CHI_SQUARE}</td></tr>
 *   <tr><td>&gt; 1000</td><td>{@link DriftMethod#WASSERSTEIN} (normed)</td>
 *       <td>{@link DriftMethod#JENSEN_SHANNON}</td></tr>
 * </table>
 *
 * Small references get a hypothesis test, whose p-value accounts for sampling noise; large ones get
 * a distance, because with many values every test rejects even a negligible shift. A numeric
 * feature with at most 5 distinct reference values is compared as categorical, each value a
 * category ({@link Choice#compareAs()}), as Evidently does: quantile bins would merge its values.
 */
public final class MethodSelector {

  /** Largest reference for which a hypothesis test is chosen. */
  public static final long SMALL_REFERENCE = 1000;

  /**
   * A numeric feature with at most this many distinct reference values is compared as categories.
   */
  public static final long FEW_VALUES = 5;

  private MethodSelector() {}

  /**
   * The method, and how to feed it: {@link FeatureType#NUMERIC} means raw values ({@link
   * DriftMethod#compare(double[], double[], double)}), {@link FeatureType#CATEGORICAL} means
   * category counts ({@link DriftMethod#compare(long[], long[], double)} or, for numeric values,
   * {@link DriftMethod#compareValuesAsCategories}).
   */
  public record Choice(DriftMethod method, FeatureType compareAs) {}

  /**
   * @param type the feature's declared type
   * @param referenceSize number of non-missing reference values, at least 0
   * @param distinctValues number of distinct non-missing reference values (categories), at least 0
   */
  public static Choice select(FeatureType type, long referenceSize, long distinctValues) {
    if (referenceSize < 0 || distinctValues < 0) {
      throw new IllegalArgumentException(
          "reference size and distinct values must be >= 0: "
              + referenceSize
              + ", "
              + distinctValues);
    }
    boolean small = referenceSize <= SMALL_REFERENCE;
    if (type == FeatureType.NUMERIC && distinctValues > FEW_VALUES) {
      return new Choice(small ? DriftMethod.KS : DriftMethod.WASSERSTEIN, FeatureType.NUMERIC);
    }
    DriftMethod method;
    if (!small) {
      method = DriftMethod.JENSEN_SHANNON;
    } else if (distinctValues <= 2) {
      method = DriftMethod.Z_TEST;
    } else {
      method = DriftMethod.CHI_SQUARE;
    }
    return new Choice(method, FeatureType.CATEGORICAL);
  }
}
