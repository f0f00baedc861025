package dev.featurewatch.monitoring.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.featurewatch.json.JsonChecks;
import dev.featurewatch.json.Problems;
import dev.featurewatch.store.row.JsonFeatureValues;
import dev.featurewatch.store.row.Times;
import java.time.Instant;

/** The parts of the prediction and label contract (DESIGN.md) that both events share. */
final class JsonEvents {

  // the fast double parser: the JDK's is several times slower on the 17 digits of a double
  private static final ObjectMapper MAPPER =
      JsonMapper.builder().enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).build();

  /** A value of the wrong type: {@code 'field': must be ..., found ...}. */
  static final Problems<BadRecordException> WRONG_TYPE =
      (where, rule) -> new BadRecordException(Reason.WRONG_TYPE, where + ": " + rule);

  private static final Problems<BadRecordException> BAD_TIMESTAMP =
      (where, rule) -> new BadRecordException(Reason.BAD_TIMESTAMP, where + ": " + rule);

  private JsonEvents() {}

  /** The shared mapper, for streaming readers' trees of single values. */
  static ObjectMapper mapper() {
    return MAPPER;
  }

  /** The event as a JSON object. */
  static JsonNode object(String raw) throws BadRecordException {
    JsonNode event;
    try {
      event = MAPPER.readTree(raw);
    } catch (JsonProcessingException e) {
      throw new BadRecordException(
          Reason.INVALID_JSON, "not valid JSON: " + e.getOriginalMessage());
    }
    if (event == null || !event.isObject()) {
      throw new BadRecordException(
          Reason.INVALID_JSON,
          "an event must be a JSON object, found "
              + (event == null || event.isMissingNode() ? "nothing" : event.getNodeType()));
    }
    return event;
  }

  /** A required identifier: text, or a whole number written as one. */
  static String id(JsonNode event, String field) throws BadRecordException {
    return idValue(event.get(field), field);
  }

  /** {@link #id} of the field's value, null when absent. */
  static String idValue(JsonNode node, String field) throws BadRecordException {
    if (node == null || node.isNull()) {
      throw new BadRecordException(Reason.MISSING_FIELD, "'" + field + "' is missing");
    }
    if (node.isTextual() && !node.textValue().isBlank()) {
      return node.textValue();
    }
    if (node.isIntegralNumber()) {
      return node.asText();
    }
    throw JsonChecks.wrongType("'" + field + "'", "text or a whole number", node, WRONG_TYPE);
  }

  /** The required {@code timestamp}: ISO-8601 text or epoch milliseconds, in microseconds. */
  static long timeMicros(JsonNode event) throws BadRecordException {
    return timeMicrosValue(event.get("timestamp"));
  }

  /** {@link #timeMicros} of the field's value, null when absent. */
  static long timeMicrosValue(JsonNode node) throws BadRecordException {
    if (node == null || node.isNull()) {
      throw new BadRecordException(Reason.BAD_TIMESTAMP, "'timestamp' is missing");
    }
    try {
      if (node.isIntegralNumber() && node.canConvertToLong()) {
        return Math.multiplyExact(node.longValue(), 1_000L);
      }
      if (node.isTextual()) {
        Instant time = JsonFeatureValues.timestamp(node.textValue(), "'timestamp'");
        return Times.micros(time);
      }
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new BadRecordException(Reason.BAD_TIMESTAMP, e.getMessage());
    }
    throw JsonChecks.wrongType(
        "'timestamp'", "an ISO-8601 time or epoch milliseconds", node, BAD_TIMESTAMP);
  }

  /** A finite number. */
  static double number(JsonNode node, String where) throws BadRecordException {
    if (node.isNumber() && Double.isFinite(node.doubleValue())) {
      return node.doubleValue();
    }
    throw JsonChecks.wrongType(where, "a number", node, WRONG_TYPE);
  }
}
