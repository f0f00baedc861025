package dev.featurewatch.store.online;

/** The status of one served feature value, as Feast's {@code FieldStatus} names it. */
public enum FeatureStatus {
  /** A value within the view's max age. */
  PRESENT,
  /** No row for this entity key (or it was cleaned up after expiring). */
  NOT_FOUND,
  /** A row exists but this feature's value is null. */
  NULL_VALUE,
  /** A row exists but it is older than the view's ttl at read time. */
  OUTSIDE_MAX_AGE,
  /**
   * A row exists but cannot be read as the view now declares it: its schema changed since the row
   * was written (an apply with {@code --force}), or the value is corrupt. Rematerialize the view.
   */
  INVALID
}
