package dev.featurewatch.monitoring.event;

import dev.featurewatch.annotation.Internal;
import java.util.Objects;

/**
 * A label event: the true outcome of an earlier prediction.
 *
 * @param predictionId the prediction it labels
 * @param timeMicros when the outcome was known, in microseconds since the epoch
 * @param label a {@link Double} (a number, or a boolean as 1 or 0) or a {@link String} (a class)
 */
@Internal
public record LabelRecord(String predictionId, long timeMicros, Object label) {

  public LabelRecord {
    Objects.requireNonNull(predictionId, "predictionId");
    Objects.requireNonNull(label, "label");
  }
}
