package dev.featurewatch.drift.method;

import java.util.Objects;

/**
 * The result of comparing one feature's current window with its reference. Never NaN in its
 * statistic and score: when a side has no usable values, or too few to judge, the verdict is {@link
 * Verdict#INSUFFICIENT_DATA}, {@code reason} says why, and the statistic and score hold the neutral
 * value of the method's kind (p-value 1, distance 0), which never reads as drift.
 *
 * <p>A verdict is either <b>calibrated</b> ({@link ThresholdSource#CALIBRATED}): drift when the
 * score's p-value under "nothing changed", at this reference and window size, is below α (and the
 * score reaches the effect-size floor, when one is set); or <b>fixed</b>: drift when the score
 * crosses a fixed threshold, and {@code falseAlarmRate} then estimates how often that threshold
 * flags a window of this size that did not change (NaN when not estimated).
 *
 * @param method the method that produced the score
 * @param statistic the raw test statistic (KS D, chi-square, z); equal to {@code score} for
 *     distances. Chi-square is {@code +inf} when a category unseen in the reference appears.
 * @param score the p-value or the distance that is compared with the threshold; for a calibrated
 *     test, the p-value that decided (its own, or the simulated one where its own does not hold)
 * @param threshold the threshold used for the verdict, in the score's units: α for a calibrated
 *     test, the null quantile at α (or the floor, if larger) for a calibrated distance
 * @param verdict drift, no drift, or not enough data to say; after the multiple-testing control of
 *     the family the score was judged in, when there was one ({@link #adjusted})
 * @param reason why the data were insufficient; empty for other verdicts
 * @param thresholdSource how the threshold was set
 * @param pValue the probability of a score at least this extreme when nothing changed: the test's
 *     own for a test whose null distribution holds, else estimated by simulation; NaN when unknown
 * @param falseAlarmRate the probability that this verdict says drift when nothing changed: α when
 *     calibrated, the fixed threshold's estimated rate at this window size, NaN when unknown
 * @param nullQuantile the distance at which the p-value reaches α (a calibrated threshold before
 *     the floor); NaN for tests and when not calibrated
 * @param adjustedPValue the p-value adjusted for the family's multiple testing
 *     (Benjamini–Hochberg); NaN when not adjusted
 * @param rawVerdict the verdict of this score alone, before the multiple-testing control
 */
public record DriftScore(
    DriftMethod method,
    double statistic,
    double score,
    double threshold,
    Verdict verdict,
    String reason,
    ThresholdSource thresholdSource,
    double pValue,
    double falseAlarmRate,
    double nullQuantile,
    double adjustedPValue,
    Verdict rawVerdict) {

  /** The outcome of a comparison. */
  public enum Verdict {
    DRIFT,
    NO_DRIFT,
    INSUFFICIENT_DATA
  }

  /** How a verdict's threshold was set. */
  public enum ThresholdSource {
    /** From the score's null distribution at α, for this reference and window size. */
    CALIBRATED,
    /** Given: a method's default or a configured {@code threshold}. */
    FIXED;

    /** The id in results and tags: {@code calibrated} or {@code fixed}. */
    public String id() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public DriftScore {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(thresholdSource, "thresholdSource");
    Objects.requireNonNull(rawVerdict, "rawVerdict");
    if (Double.isNaN(statistic) || Double.isNaN(score)) {
      throw new IllegalArgumentException(
          "drift score for "
              + method.id()
              + " must not be NaN: statistic "
              + statistic
              + ", score "
              + score);
    }
  }

  /**
   * A computed score, with the verdict taken from the method's score kind and a fixed threshold.
   * The p-value is the score for tests, unknown for distances.
   */
  static DriftScore of(DriftMethod method, double statistic, double score, double threshold) {
    Verdict verdict =
        method.scoreKind().isDrift(score, threshold) ? Verdict.DRIFT : Verdict.NO_DRIFT;
    double p = method.scoreKind() == ScoreKind.P_VALUE ? score : Double.NaN;
    return new DriftScore(
        method,
        statistic,
        score,
        threshold,
        verdict,
        "",
        ThresholdSource.FIXED,
        p,
        Double.NaN,
        Double.NaN,
        Double.NaN,
        verdict);
  }

  /** A score that could not be computed, or not judged, for the stated reason. */
  public static DriftScore insufficient(DriftMethod method, double threshold, String reason) {
    double neutral = method.scoreKind() == ScoreKind.P_VALUE ? 1.0 : 0.0;
    return new DriftScore(
        method,
        neutral,
        neutral,
        threshold,
        Verdict.INSUFFICIENT_DATA,
        reason,
        ThresholdSource.FIXED,
        Double.NaN,
        Double.NaN,
        Double.NaN,
        Double.NaN,
        Verdict.INSUFFICIENT_DATA);
  }

  /** This score, not judged: too few values, for the stated reason. */
  public DriftScore insufficient(String why) {
    return new DriftScore(
        method,
        statistic,
        score,
        threshold,
        Verdict.INSUFFICIENT_DATA,
        why,
        thresholdSource,
        pValue,
        falseAlarmRate,
        nullQuantile,
        Double.NaN,
        Verdict.INSUFFICIENT_DATA);
  }

  /**
   * This score judged at α by its p-value: drift when {@code p <= alpha} and, for a distance, the
   * score reaches {@code floor}. A test's score becomes {@code p}, the p-value that decided.
   *
   * @param p the score's p-value under "nothing changed"
   * @param nullQuantile the distance at which the p-value reaches α; NaN for tests
   * @param floor the smallest distance that may be drift (0 for none); ignored for tests
   */
  public DriftScore calibrated(double p, double alpha, double nullQuantile, double floor) {
    boolean test = method.scoreKind() == ScoreKind.P_VALUE;
    boolean effect = test || floor <= 0 || score >= floor;
    Verdict v = p <= alpha && effect ? Verdict.DRIFT : Verdict.NO_DRIFT;
    double limit = test ? alpha : Math.max(nullQuantile, floor);
    return new DriftScore(
        method,
        statistic,
        test ? p : score,
        limit,
        v,
        "",
        ThresholdSource.CALIBRATED,
        p,
        alpha,
        nullQuantile,
        Double.NaN,
        v);
  }

  /**
   * This fixed-threshold score with its p-value and its threshold's estimated false-alarm rate at
   * this window size.
   */
  public DriftScore withNull(double p, double rate) {
    return new DriftScore(
        method,
        statistic,
        score,
        threshold,
        verdict,
        reason,
        thresholdSource,
        p,
        rate,
        nullQuantile,
        adjustedPValue,
        rawVerdict);
  }

  /**
   * This calibrated score after the multiple-testing control of its family at level {@code q}:
   * still drift only if its adjusted p-value is at most {@code q}.
   */
  public DriftScore adjusted(double adjusted, double q) {
    Verdict v =
        rawVerdict != Verdict.DRIFT ? rawVerdict : adjusted <= q ? Verdict.DRIFT : Verdict.NO_DRIFT;
    return new DriftScore(
        method,
        statistic,
        score,
        threshold,
        v,
        reason,
        thresholdSource,
        pValue,
        falseAlarmRate,
        nullQuantile,
        adjusted,
        rawVerdict);
  }

  /** Whether the verdict is drift. */
  public boolean isDrift() {
    return verdict == Verdict.DRIFT;
  }
}
