package dev.featurewatch.monitoring.event;

import com.fasterxml.jackson.databind.JsonNode;
import dev.featurewatch.store.definition.Field;
import dev.featurewatch.store.definition.ModelMonitor;
import dev.featurewatch.store.definition.ModelMonitor.PredictionKind;
import dev.featurewatch.store.row.JsonFeatureValues;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads prediction events for one model monitor, as DESIGN.md defines them: {@code prediction_id},
 * {@code model}, {@code model_version}, {@code timestamp} (ISO-8601 or epoch milliseconds), {@code
 * features} (an object) and {@code prediction}, whose shape the monitor's prediction kind gives: a
 * probability in [0, 1], a class label, an object of class probabilities, or a number.
 *
 * <p>What makes an event unusable is a {@link BadRecordException} with its {@link Reason}: not
 * JSON, a contract field missing, a bad timestamp, or a value of the wrong type (a watched feature
 * included). What is a data-quality finding, not an error, is kept for the monitor to count: a
 * watched feature missing or null (null in {@link PredictionRecord#features()}), a feature the
 * monitor does not watch ({@link PredictionRecord#unexpected()}), a class outside the declared
 * ones. Whether the model and version are monitored is the job's decision, not the reader's.
 */
public final class PredictionReader implements Serializable {

  private static final long serialVersionUID = 1L;

  private final List<Field> features;
  private final HashMap<String, Integer> index = new HashMap<>();
  private final PredictionKind kind;

  public PredictionReader(ModelMonitor monitor) {
    this.features = List.copyOf(monitor.features());
    for (int i = 0; i < features.size(); i++) {
      index.put(features.get(i).name(), i);
    }
    this.kind = monitor.prediction().kind();
  }

  /**
   * One event.
   *
   * @throws BadRecordException naming the field, the rule and the value
   */
  public PredictionRecord read(String raw) throws BadRecordException {
    JsonNode event = JsonEvents.object(raw);
    String predictionId = JsonEvents.id(event, "prediction_id");
    String model = JsonEvents.id(event, "model");
    String version = JsonEvents.id(event, "model_version");
    long time = JsonEvents.timeMicros(event);
    JsonNode given = event.get("features");
    if (given == null || given.isNull()) {
      throw new BadRecordException(Reason.MISSING_FIELD, "'features' is missing");
    }
    if (!given.isObject()) {
      throw new BadRecordException(
          Reason.WRONG_TYPE,
          "'features': must be an object of feature values, found "
              + JsonFeatureValues.abbreviate(given));
    }
    Object[] values = new Object[features.size()];
    List<String> unexpected = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = given.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      Integer i = index.get(entry.getKey());
      if (i == null) {
        unexpected.add(entry.getKey());
        continue;
      }
      Field feature = features.get(i);
      try {
        values[i] =
            JsonFeatureValues.read(
                entry.getValue(), feature.type(), "feature '" + feature.name() + "'");
      } catch (IllegalArgumentException e) {
        throw new BadRecordException(Reason.WRONG_TYPE, e.getMessage());
      }
    }
    return new PredictionRecord(
        predictionId, model, version, time, Arrays.asList(values), unexpected, prediction(event));
  }

  private Object prediction(JsonNode event) throws BadRecordException {
    JsonNode node = event.get("prediction");
    if (node == null || node.isNull()) {
      throw new BadRecordException(Reason.MISSING_FIELD, "'prediction' is missing");
    }
    switch (kind) {
      case BINARY_PROBABILITY:
        double probability = JsonEvents.number(node, "'prediction'");
        if (probability < 0 || probability > 1) {
          throw new BadRecordException(
              Reason.WRONG_TYPE,
              "'prediction': a binary probability must be between 0 and 1, found " + probability);
        }
        return probability;
      case REGRESSION:
        return JsonEvents.number(node, "'prediction'");
      case CLASS_LABEL:
        if (node.isTextual() || node.isIntegralNumber() || node.isBoolean()) {
          return node.asText();
        }
        throw new BadRecordException(
            Reason.WRONG_TYPE,
            "'prediction': a class label must be text, a whole number or a bool, found "
                + JsonFeatureValues.abbreviate(node));
      case CLASS_PROBABILITIES:
        if (!node.isObject()) {
          throw new BadRecordException(
              Reason.WRONG_TYPE,
              "'prediction': class probabilities must be an object of class to number, found "
                  + JsonFeatureValues.abbreviate(node));
        }
        Map<String, Double> probabilities = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> entry = it.next();
          probabilities.put(
              entry.getKey(),
              JsonEvents.number(entry.getValue(), "'prediction." + entry.getKey() + "'"));
        }
        return Map.copyOf(probabilities);
      default:
        throw new IllegalStateException("a prediction kind without a reading: " + kind);
    }
  }
}
