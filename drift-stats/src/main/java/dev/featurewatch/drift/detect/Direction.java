package dev.featurewatch.drift.detect;

/** Which changes of the mean a one-sided test reports. */
public enum Direction {
  /** A drop of the mean: a performance metric like accuracy or AUC getting worse. */
  DECREASE,
  /** A rise of the mean: an error or loss metric getting worse. */
  INCREASE,
  /** Either. */
  BOTH
}
