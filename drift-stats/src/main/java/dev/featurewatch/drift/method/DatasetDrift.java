package dev.featurewatch.drift.method;

import dev.featurewatch.drift.method.DriftScore.Verdict;
import java.util.Collection;

/**
 * Whether a dataset (all monitored features of a model) drifted: the share of drifted features
 * among those with a verdict, compared with a threshold, as Evidently's dataset drift. Features
 * with {@link Verdict#INSUFFICIENT_DATA} are left out of the share and counted separately, so that
 * an empty window for one feature neither hides nor fakes drift.
 *
 * @param drifted features whose verdict is drift
 * @param judged features with a drift or no-drift verdict
 * @param insufficient features without enough data for a verdict
 * @param share {@code drifted / judged}, 0 when nothing was judged
 * @param threshold the share at and above which the dataset drifted
 * @param verdict drift when {@code share >= threshold}; insufficient data when no feature was
 *     judged
 */
public record DatasetDrift(
    int drifted, int judged, int insufficient, double share, double threshold, Verdict verdict) {

  /** Evidently's default: the dataset drifted when half of its features did. */
  public static final double DEFAULT_THRESHOLD = 0.5;

  /** The dataset verdict with the default threshold. */
  public static DatasetDrift of(Collection<DriftScore> features) {
    return of(features, DEFAULT_THRESHOLD);
  }

  /**
   * @param threshold share of drifted features, in (0, 1]
   */
  public static DatasetDrift of(Collection<DriftScore> features, double threshold) {
    if (!(threshold > 0 && threshold <= 1)) {
      throw new IllegalArgumentException(
          "dataset drift threshold is a share and must be in (0, 1]: " + threshold);
    }
    int drifted = 0;
    int judged = 0;
    int insufficient = 0;
    for (DriftScore score : features) {
      switch (score.verdict()) {
        case DRIFT -> {
          drifted++;
          judged++;
        }
        case NO_DRIFT -> judged++;
        case INSUFFICIENT_DATA -> insufficient++;
      }
    }
    if (judged == 0) {
      return new DatasetDrift(0, 0, insufficient, 0.0, threshold, Verdict.INSUFFICIENT_DATA);
    }
    double share = (double) drifted / judged;
    Verdict verdict = share >= threshold ? Verdict.DRIFT : Verdict.NO_DRIFT;
    return new DatasetDrift(drifted, judged, insufficient, share, threshold, verdict);
  }
}
