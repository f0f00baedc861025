package dev.featurewatch.monitoring.event;

import dev.featurewatch.annotation.Internal;
import java.util.Locale;

/**
 * Why a prediction or label event was not used: the {@code reason} of its dead letter and the label
 * of the dead-letter counter, a short fixed list so the metric stays bounded.
 */
@Internal
public enum Reason {
  /** Not JSON, or JSON but not an object. */
  INVALID_JSON,
  /** A required field ({@code prediction_id}, {@code model}, ...) is missing or null. */
  MISSING_FIELD,
  /** The timestamp is not ISO-8601 text or epoch milliseconds. */
  BAD_TIMESTAMP,
  /** A field holds a value of another type than the contract or the monitor declares. */
  WRONG_TYPE,
  /** No monitor of the event's source watches its model. */
  UNKNOWN_MODEL,
  /** Later than its window's close: the window's end plus the allowed lateness. */
  LATE;

  /** The name in dead letters and metrics: {@code invalid_json}, {@code unknown_model}, ... */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
