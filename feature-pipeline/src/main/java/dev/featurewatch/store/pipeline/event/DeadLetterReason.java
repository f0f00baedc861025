package dev.featurewatch.store.pipeline.event;

import dev.featurewatch.annotation.Internal;
import java.util.Locale;

/**
 * Why an event was not used: the {@code reason} of a dead letter and the label of the dead-letter
 * counter, a short fixed list so the metric stays bounded.
 */
@Internal
public enum DeadLetterReason {
  /** Not JSON, or JSON but not an object. */
  INVALID_JSON,
  /** A join key of the view is missing, null, or not of its type. */
  BAD_KEY,
  /** The timestamp field is missing, null, or not a timestamp. */
  BAD_TIMESTAMP,
  /** A field the view reads holds a value of another type. */
  WRONG_TYPE,
  /**
   * Later than the view's allowed out-of-orderness, after every window it belongs to has been
   * written.
   */
  LATE;

  /** The name in dead letters and metrics: {@code invalid_json}, {@code late}, ... */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
