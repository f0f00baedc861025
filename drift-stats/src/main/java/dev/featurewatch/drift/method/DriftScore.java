package dev.featurewatch.drift.method;

import java.util.Objects;

/**
 * The result of comparing one feature's current window with its reference. Never NaN: when a side
 * has no usable values the verdict is {@link Verdict#INSUFFICIENT_DATA}, {@code reason} says why,
 * and the statistic and score hold the neutral value of the method's kind (p-value 1, distance 0),
 * which never reads as drift.
 *
 * @param method the method that produced the score
 * @param statistic the raw test statistic (KS D, chi-square, z); equal to {@code score} for
 *     distances. Chi-square is {@code +inf} when a category unseen in the reference appears.
 * @param score the p-value or the distance that is compared with the threshold
 * @param threshold the threshold used for the verdict
 * @param verdict drift, no drift, or not enough data to say
 * @param reason why the data were insufficient; empty for other verdicts
 */
public record DriftScore(
    DriftMethod method,
    double statistic,
    double score,
    double threshold,
    Verdict verdict,
    String reason) {

  /** The outcome of a comparison. */
  public enum Verdict {
    DRIFT,
    NO_DRIFT,
    INSUFFICIENT_DATA
  }

  public DriftScore {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(reason, "reason");
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

  /** A computed score, with the verdict taken from the method's score kind and the threshold. */
  static DriftScore of(DriftMethod method, double statistic, double score, double threshold) {
    Verdict verdict =
        method.scoreKind().isDrift(score, threshold) ? Verdict.DRIFT : Verdict.NO_DRIFT;
    return new DriftScore(method, statistic, score, threshold, verdict, "");
  }

  /** A score that could not be computed, for the stated reason. */
  public static DriftScore insufficient(DriftMethod method, double threshold, String reason) {
    double neutral = method.scoreKind() == ScoreKind.P_VALUE ? 1.0 : 0.0;
    return new DriftScore(method, neutral, neutral, threshold, Verdict.INSUFFICIENT_DATA, reason);
  }

  /** Whether the verdict is drift. */
  public boolean isDrift() {
    return verdict == Verdict.DRIFT;
  }
}
