package dev.featurewatch.monitoring.label;

import dev.featurewatch.annotation.Internal;
import java.util.Objects;

/**
 * A label for one monitor's prediction, checked against the monitor's prediction kind.
 *
 * @param monitor the monitor whose labels source it came from
 * @param predictionId the prediction it labels
 * @param timeMicros when the outcome was known
 * @param label a {@link Double} (0 or 1 for binary models) or a class name
 */
@Internal
public record MonitorLabel(String monitor, String predictionId, long timeMicros, Object label) {

  public MonitorLabel {
    Objects.requireNonNull(monitor, "monitor");
    Objects.requireNonNull(predictionId, "predictionId");
    Objects.requireNonNull(label, "label");
  }

  public String joinKey() {
    return PredictionRef.keyOf(monitor, predictionId);
  }
}
