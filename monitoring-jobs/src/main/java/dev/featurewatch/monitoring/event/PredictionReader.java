package dev.featurewatch.monitoring.event;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.featurewatch.annotation.Internal;
import dev.featurewatch.json.JsonChecks;
import dev.featurewatch.store.definition.Field;
import dev.featurewatch.store.definition.ModelMonitor;
import dev.featurewatch.store.definition.ModelMonitor.PredictionKind;
import dev.featurewatch.store.definition.ValueType;
import dev.featurewatch.store.row.JsonFeatureValues;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
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
@Internal
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
   * One event, read in one pass: the features are typed as they are met, without a tree of the
   * whole event (a few contract fields are read as small trees, to share their checks).
   *
   * @throws BadRecordException naming the field, the rule and the value
   */
  public PredictionRecord read(String raw) throws BadRecordException {
    Object[] values = new Object[features.size()];
    List<String> unexpected = new ArrayList<>();
    JsonNode predictionId = null;
    JsonNode model = null;
    JsonNode version = null;
    JsonNode timestamp = null;
    JsonNode prediction = null;
    boolean featuresSeen = false;
    BadRecordException featureError = null;
    try (JsonParser parser = JsonEvents.mapper().createParser(raw)) {
      JsonToken first = parser.nextToken();
      if (first != JsonToken.START_OBJECT) {
        throw new BadRecordException(
            Reason.INVALID_JSON,
            "an event must be a JSON object, found " + (first == null ? "nothing" : kind(first)));
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        parser.nextToken();
        switch (field) {
          case "prediction_id" -> predictionId = parser.readValueAsTree();
          case "model" -> model = parser.readValueAsTree();
          case "model_version" -> version = parser.readValueAsTree();
          case "timestamp" -> timestamp = parser.readValueAsTree();
          case "prediction" -> prediction = parser.readValueAsTree();
          case "features" -> {
            featuresSeen = parser.currentToken() != JsonToken.VALUE_NULL;
            if (parser.currentToken() == JsonToken.START_OBJECT) {
              featureError = readFeatures(parser, values, unexpected);
            } else if (featuresSeen) {
              JsonNode given = parser.readValueAsTree();
              featureError =
                  JsonChecks.wrongType(
                      "'features'", "an object of feature values", given, JsonEvents.WRONG_TYPE);
            }
          }
          default -> parser.skipChildren();
        }
      }
    } catch (JsonProcessingException e) {
      throw new BadRecordException(
          Reason.INVALID_JSON, "not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a String does not fail to read
    }
    // the checks in the contract's order, whatever the order of the fields
    String id = JsonEvents.idValue(predictionId, "prediction_id");
    String modelName = JsonEvents.idValue(model, "model");
    try {
      String modelVersion = JsonEvents.idValue(version, "model_version");
      long time = JsonEvents.timeMicrosValue(timestamp);
      if (!featuresSeen) {
        throw new BadRecordException(Reason.MISSING_FIELD, "'features' is missing");
      }
      if (featureError != null) {
        throw featureError;
      }
      return new PredictionRecord(
          id,
          modelName,
          modelVersion,
          time,
          Arrays.asList(values),
          unexpected,
          prediction(prediction));
    } catch (BadRecordException e) {
      // the model is known: the job leaves the event to that model's monitors
      throw new BadRecordException(e.reason(), e.getMessage(), modelName);
    }
  }

  /**
   * The features object, from its start: each watched value typed in place (numbers, text and bools
   * without a tree), others listed as unexpected.
   *
   * @return the first wrong value's error, or null
   */
  private BadRecordException readFeatures(
      JsonParser parser, Object[] values, List<String> unexpected) throws IOException {
    BadRecordException error = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken token = parser.nextToken();
      Integer i = index.get(name);
      if (i == null) {
        unexpected.add(name);
        parser.skipChildren();
        continue;
      }
      Field feature = features.get(i);
      ValueType type = feature.type();
      if (token == JsonToken.VALUE_NULL) {
        values[i] = null;
      } else if (type == ValueType.DOUBLE && token.isNumeric()) {
        values[i] = parser.getDoubleValue();
      } else if (type == ValueType.INT64
          && token == JsonToken.VALUE_NUMBER_INT
          && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
        values[i] = parser.getLongValue();
      } else if (type == ValueType.STRING && token == JsonToken.VALUE_STRING) {
        values[i] = parser.getText();
      } else if (type == ValueType.BOOL && token.isBoolean()) {
        values[i] = parser.getBooleanValue();
      } else {
        // the rest (timestamps, lists, whole floats for int64) and every wrong type: as a tree
        JsonNode node = parser.readValueAsTree();
        try {
          values[i] = JsonFeatureValues.read(node, type, "feature '" + name + "'");
        } catch (IllegalArgumentException e) {
          error = error != null ? error : new BadRecordException(Reason.WRONG_TYPE, e.getMessage());
        }
      }
    }
    return error;
  }

  private static String kind(JsonToken token) {
    return switch (token) {
      case START_ARRAY -> "ARRAY";
      case VALUE_STRING -> "STRING";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "NUMBER";
      case VALUE_TRUE, VALUE_FALSE -> "BOOLEAN";
      case VALUE_NULL -> "NULL";
      default -> token.name();
    };
  }

  private Object prediction(JsonNode node) throws BadRecordException {
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
        if (node.isBoolean()) {
          return node.booleanValue() ? "1" : "0"; // as labels read true and false
        }
        if (node.isTextual() || node.isIntegralNumber()) {
          return node.asText();
        }
        throw JsonEvents.WRONG_TYPE.at(
            "'prediction'",
            "a class label must be text, a whole number or a bool, found "
                + JsonChecks.describe(node));
      case CLASS_PROBABILITIES:
        if (!node.isObject()) {
          throw JsonEvents.WRONG_TYPE.at(
              "'prediction'",
              "class probabilities must be an object of class to number, found "
                  + JsonChecks.describe(node));
        }
        if (node.isEmpty()) {
          throw new BadRecordException(
              Reason.WRONG_TYPE, "'prediction': class probabilities must name at least one class");
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
