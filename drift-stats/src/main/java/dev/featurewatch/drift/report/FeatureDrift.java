package dev.featurewatch.drift.report;

import dev.featurewatch.drift.method.DriftMethod;
import dev.featurewatch.drift.method.DriftScore;
import dev.featurewatch.drift.profile.FeatureType;
import java.util.List;
import java.util.Objects;

/**
 * How one feature compares between the reference and the current data.
 *
 * @param feature the column name
 * @param type the feature's type
 * @param method the drift method used
 * @param comparedAs how the method saw the values: numeric features with few distinct values are
 *     compared as categories (see {@code MethodSelector})
 * @param score the drift score, threshold and verdict
 * @param reference sizes and missing values on the reference side
 * @param current sizes and missing values on the current side
 * @param outOfRangeShare share of the current finite values outside the reference's [min, max], for
 *     numeric features; 0 otherwise
 * @param unseenCategories current categories the reference does not have, most frequent first, at
 *     most {@link DriftAnalyzer#MAX_UNSEEN_LISTED}; numeric features have none
 * @param unseenCount current values in categories the reference does not have
 */
public record FeatureDrift(
    String feature,
    FeatureType type,
    DriftMethod method,
    FeatureType comparedAs,
    DriftScore score,
    SideSummary reference,
    SideSummary current,
    double outOfRangeShare,
    List<String> unseenCategories,
    long unseenCount) {

  public FeatureDrift {
    Objects.requireNonNull(feature, "feature");
    Objects.requireNonNull(score, "score");
    unseenCategories = List.copyOf(unseenCategories);
  }

  /** This comparison with another verdict on the same score (after multiple-testing control). */
  public FeatureDrift withScore(DriftScore judged) {
    return new FeatureDrift(
        feature,
        type,
        method,
        comparedAs,
        judged,
        reference,
        current,
        outOfRangeShare,
        unseenCategories,
        unseenCount);
  }

  /**
   * The rows of one side of a comparison.
   *
   * @param rows all rows
   * @param values rows with a usable value
   * @param missing nulls, NaN and infinities
   * @param invalid text that could not be read as the column's type
   */
  public record SideSummary(long rows, long values, long missing, long invalid) {

    /** Share of rows without a usable value (missing or invalid); 0 when there are no rows. */
    public double missingShare() {
      return rows == 0 ? 0 : (double) (missing + invalid) / rows;
    }
  }
}
