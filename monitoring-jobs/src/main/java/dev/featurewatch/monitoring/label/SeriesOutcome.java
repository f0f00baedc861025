package dev.featurewatch.monitoring.label;

import dev.featurewatch.annotation.Internal;
import java.util.Objects;

/**
 * What became of one prediction, for one of its series: labelled, or not labelled in time.
 *
 * @param series the series' key
 * @param predictionMicros the prediction's event time, which places it in its window
 * @param prediction its value as performance compares it
 * @param label its label; null when none came within the maximum delay
 * @param lagSeconds from the prediction to its label; 0 without one
 */
@Internal
public record SeriesOutcome(
    String series, long predictionMicros, Object prediction, Object label, double lagSeconds) {

  public SeriesOutcome {
    Objects.requireNonNull(series, "series");
    Objects.requireNonNull(prediction, "prediction");
  }

  public boolean labelled() {
    return label != null;
  }
}
