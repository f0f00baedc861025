package dev.featurewatch.store.row;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The feature values of one entity at one event time, aligned with its view's features (null for a
 * missing value). Immutable.
 *
 * @param view the feature view's name
 * @param key the entity
 * @param eventTime when the values were true in the world; orders writes
 * @param createdTime when the row was produced; breaks ties between rows of one event time
 * @param values one per feature of the view, in the view's order; null allowed
 */
public record FeatureRow(
    String view, EntityKey key, Instant eventTime, Instant createdTime, List<Object> values) {

  public FeatureRow {
    Objects.requireNonNull(view, "view");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(eventTime, "eventTime");
    createdTime = createdTime == null ? eventTime : createdTime;
    values = Collections.unmodifiableList(new ArrayList<>(values));
  }

  /**
   * Whether this row should replace {@code other} of the same key: a later event time, or the same
   * event time and a later or equal created time (so that writing a row twice is idempotent).
   */
  public boolean supersedes(FeatureRow other) {
    int byEvent = eventTime.compareTo(other.eventTime);
    return byEvent > 0 || (byEvent == 0 && createdTime.compareTo(other.createdTime) >= 0);
  }
}
