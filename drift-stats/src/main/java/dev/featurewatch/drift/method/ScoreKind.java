package dev.featurewatch.drift.method;

/** What a drift score measures, and so which side of the threshold means drift. */
public enum ScoreKind {
  /** A p-value in [0, 1]: small means the samples are unlikely to share a distribution. */
  P_VALUE,
  /** A distance, at least 0: large means the distributions differ a lot. */
  DISTANCE;

  /** Whether {@code score} is on the drift side of {@code threshold}. */
  public boolean isDrift(double score, double threshold) {
    return this == P_VALUE ? score < threshold : score >= threshold;
  }
}
