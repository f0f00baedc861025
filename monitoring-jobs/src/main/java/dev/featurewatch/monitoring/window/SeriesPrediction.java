package dev.featurewatch.monitoring.window;

import dev.featurewatch.annotation.Internal;
import dev.featurewatch.monitoring.event.PredictionRecord;
import java.util.Objects;

/**
 * A prediction on its way to the windows of one of its series: every prediction goes to its
 * version's {@code all} series and to one series per segment of the monitor.
 *
 * @param series the series' {@link dev.featurewatch.monitoring.window.Series#key() key}
 * @param record the prediction
 */
@Internal
public record SeriesPrediction(String series, PredictionRecord record) {
  public SeriesPrediction {
    Objects.requireNonNull(series, "series");
    Objects.requireNonNull(record, "record");
  }
}
