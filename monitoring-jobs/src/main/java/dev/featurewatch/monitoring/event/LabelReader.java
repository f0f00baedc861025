package dev.featurewatch.monitoring.event;

import com.fasterxml.jackson.databind.JsonNode;
import dev.featurewatch.annotation.Internal;
import dev.featurewatch.json.JsonChecks;

/**
 * Reads label events, as DESIGN.md defines them: {@code prediction_id}, {@code timestamp} and
 * {@code label}: a number, a bool (read as 1 or 0) or a class name.
 */
@Internal
public final class LabelReader {

  private LabelReader() {}

  /**
   * One event.
   *
   * @throws BadRecordException naming the field, the rule and the value
   */
  public static LabelRecord read(String raw) throws BadRecordException {
    JsonNode event = JsonEvents.object(raw);
    String predictionId = JsonEvents.id(event, "prediction_id");
    long time = JsonEvents.timeMicros(event);
    JsonNode label = event.get("label");
    if (label == null || label.isNull()) {
      throw new BadRecordException(Reason.MISSING_FIELD, "'label' is missing");
    }
    Object value;
    if (label.isBoolean()) {
      value = label.booleanValue() ? 1.0 : 0.0;
    } else if (label.isNumber()) {
      value = JsonEvents.number(label, "'label'");
    } else if (label.isTextual() && !label.textValue().isBlank()) {
      value = label.textValue();
    } else {
      throw JsonChecks.wrongType(
          "'label'", "a number, a bool or a class name", label, JsonEvents.WRONG_TYPE);
    }
    return new LabelRecord(predictionId, time, value);
  }
}
