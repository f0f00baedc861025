package dev.featurewatch.monitoring.event;

import dev.featurewatch.annotation.Internal;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A prediction event as a monitor reads it.
 *
 * @param predictionId what its label will name
 * @param model the registered model
 * @param modelVersion the model version that predicted
 * @param timeMicros the event time, in microseconds since the epoch
 * @param features the watched features' values, in the monitor's order; null where the event has
 *     none (a missing value, counted by data quality)
 * @param unexpected the names of features the event has but the monitor does not watch, in event
 *     order
 * @param prediction a {@link Double} (binary probability, regression), a {@link String} (class
 *     label) or a {@code Map<String, Double>} (class probabilities)
 */
@Internal
public record PredictionRecord(
    String predictionId,
    String model,
    String modelVersion,
    long timeMicros,
    List<Object> features,
    List<String> unexpected,
    Object prediction) {

  public PredictionRecord {
    Objects.requireNonNull(predictionId, "predictionId");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(modelVersion, "modelVersion");
    // nulls are values here: no List.copyOf
    features = Collections.unmodifiableList(features);
    unexpected = List.copyOf(unexpected);
    Objects.requireNonNull(prediction, "prediction");
  }
}
