package dev.featurewatch.monitoring.label;

import dev.featurewatch.annotation.Internal;
import java.util.List;
import java.util.Objects;

/**
 * A prediction waiting in the label join for its label: what its performance needs.
 *
 * @param monitor the monitor that read it
 * @param predictionId what its label names
 * @param timeMicros its event time
 * @param prediction its value as performance compares it (see {@code Predictions.value})
 * @param series the keys of the series it belongs to: its version's, and one per segment
 */
@Internal
public record PredictionRef(
    String monitor, String predictionId, long timeMicros, Object prediction, List<String> series) {

  public PredictionRef {
    Objects.requireNonNull(monitor, "monitor");
    Objects.requireNonNull(predictionId, "predictionId");
    Objects.requireNonNull(prediction, "prediction");
    series = List.copyOf(series);
  }

  /** The join's key: predictions are unique per monitor by id. */
  public String joinKey() {
    return keyOf(monitor, predictionId);
  }

  /** The join key of {@code monitor}'s prediction {@code predictionId}, its label's too. */
  static String keyOf(String monitor, String predictionId) {
    return monitor + '\u001f' + predictionId;
  }
}
