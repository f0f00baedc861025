package dev.featurewatch.monitoring.result;

import java.util.List;
import java.util.Objects;

/**
 * One watched feature (or the prediction) in one window: its drift against the baseline and its
 * data quality.
 *
 * @param feature the feature's name, or the prediction's as the baseline names it
 * @param method the drift method's id; empty when the feature could not be compared
 * @param score the score: a p-value or a distance, as the method gives it; NaN when not compared
 * @param threshold the method's threshold; NaN when not compared
 * @param verdict {@code drift}, {@code no_drift} or {@code insufficient_data}
 * @param reason why the data was insufficient or the feature not compared; empty otherwise
 * @param missingShare the window's share of missing values (null, NaN, infinite)
 * @param baselineMissingShare the baseline's share of them
 * @param outOfRangeShare the share of values outside the baseline's [min, max] (numeric features)
 * @param unseenCount values in categories the baseline does not have
 * @param unseenCategories some of those categories, most frequent first
 * @param driftedWindows windows of the series in a row, up to this one, in which it drifted: 0 when
 *     it did not drift here; a window that could not compare or judge it keeps the run as it was
 * @param judgement how the verdict was reached: calibrated or fixed, with the p-value
 */
public record FeatureResult(
    String feature,
    String method,
    double score,
    double threshold,
    String verdict,
    String reason,
    double missingShare,
    double baselineMissingShare,
    double outOfRangeShare,
    long unseenCount,
    List<String> unseenCategories,
    int driftedWindows,
    Judgement judgement) {

  /** The verdict of a drifted feature. */
  public static final String DRIFT = "drift";

  /** The verdict of a feature compared and found unchanged. */
  public static final String NO_DRIFT = "no_drift";

  /** The verdict of a feature that could not be compared, or had too little data. */
  public static final String INSUFFICIENT_DATA = "insufficient_data";

  public FeatureResult {
    Objects.requireNonNull(feature, "feature");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(verdict, "verdict");
    reason = reason == null ? "" : reason;
    unseenCategories = List.copyOf(unseenCategories);
    Objects.requireNonNull(judgement, "judgement");
  }

  /**
   * How a feature's verdict was reached (drift-stats' {@code DriftScore}).
   *
   * @param thresholdSource {@code calibrated} (from the score's null distribution at α) or {@code
   *     fixed} (a configured threshold); empty when not judged
   * @param pValue the score's p-value when nothing changed; NaN when unknown
   * @param adjustedPValue the p-value after Benjamini–Hochberg over the window's family (its
   *     features, prediction and multivariate verdict, in every series of the model version when
   *     the window closed by time); NaN when not in that family
   * @param falseAlarmRate the verdict's probability of saying drift when nothing changed: α when
   *     calibrated, a fixed threshold's estimated rate at this window's size; NaN when unknown
   * @param nullQuantile the score at which the p-value reaches α; NaN when not calibrated
   * @param rawVerdict the feature's own verdict at α, before the multiple-testing control; empty
   *     when not judged
   */
  public record Judgement(
      String thresholdSource,
      double pValue,
      double adjustedPValue,
      double falseAlarmRate,
      double nullQuantile,
      String rawVerdict) {

    /** The judgement of a feature that was not judged. */
    public static final Judgement NONE =
        new Judgement("", Double.NaN, Double.NaN, Double.NaN, Double.NaN, "");

    public Judgement {
      Objects.requireNonNull(thresholdSource, "thresholdSource");
      Objects.requireNonNull(rawVerdict, "rawVerdict");
    }
  }

  /** A feature the window could not compare, with the reason and what was counted. */
  public static FeatureResult notCompared(String feature, String reason, double missingShare) {
    return new FeatureResult(
        feature,
        "",
        Double.NaN,
        Double.NaN,
        INSUFFICIENT_DATA,
        reason,
        missingShare,
        0,
        0,
        0,
        List.of(),
        0,
        Judgement.NONE);
  }

  /** This result with its run of drifted windows. */
  public FeatureResult withDriftedWindows(int run) {
    return with(verdict, run, judgement);
  }

  /**
   * This result judged in another false-discovery family: its p-value adjusted to {@code adjusted},
   * its verdict drift when its raw verdict was and {@code adjusted} is at most {@code alpha}.
   * Unchanged when it was in no family (not calibrated, or not judged).
   */
  public FeatureResult judgedInFamily(double adjusted, double alpha) {
    if (!inFamily()) {
      return this;
    }
    boolean rawDrift = DRIFT.equals(judgement.rawVerdict());
    return with(
        rawDrift ? (adjusted <= alpha ? DRIFT : NO_DRIFT) : verdict,
        driftedWindows,
        new Judgement(
            judgement.thresholdSource(),
            judgement.pValue(),
            adjusted,
            judgement.falseAlarmRate(),
            judgement.nullQuantile(),
            judgement.rawVerdict()));
  }

  private FeatureResult with(String verdict, int driftedWindows, Judgement judgement) {
    return new FeatureResult(
        feature,
        method,
        score,
        threshold,
        verdict,
        reason,
        missingShare,
        baselineMissingShare,
        outOfRangeShare,
        unseenCount,
        unseenCategories,
        driftedWindows,
        judgement);
  }

  /** Whether the feature is in its window's false-discovery family (calibrated and judged). */
  public boolean inFamily() {
    return !Double.isNaN(judgement.adjustedPValue());
  }

  public boolean drifted() {
    return DRIFT.equals(verdict);
  }

  /** Whether the feature got a verdict: it was compared, with enough values. */
  public boolean judged() {
    return !method.isEmpty() && !INSUFFICIENT_DATA.equals(verdict);
  }
}
