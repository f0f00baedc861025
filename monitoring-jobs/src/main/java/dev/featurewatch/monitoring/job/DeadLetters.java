package dev.featurewatch.monitoring.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featurewatch.monitoring.event.PredictionRecord;
import dev.featurewatch.monitoring.event.Reason;
import dev.featurewatch.store.row.Times;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * The monitoring job's dead letters: the fields of DESIGN.md ({@code reason}, {@code source},
 * {@code raw}, {@code at}) and, to act on it, the {@code monitor} that refused the event (empty
 * when none watches its model) and a {@code detail} naming the field, the rule and the value.
 */
final class DeadLetters {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private DeadLetters() {}

  /**
   * A late prediction's letter: the prediction as the job read it (the raw event is gone by then),
   * as its {@code raw}.
   */
  static String late(String monitor, String detail, PredictionRecord record) {
    ObjectNode read = MAPPER.createObjectNode();
    read.put("prediction_id", record.predictionId());
    read.put("model", record.model());
    read.put("model_version", record.modelVersion());
    read.put("timestamp", Times.instant(record.timeMicros()).toString());
    return json(Reason.LATE.id(), "", monitor, detail, read.toString());
  }

  static String json(String reason, String source, String monitor, String detail, String raw) {
    ObjectNode json = MAPPER.createObjectNode();
    json.put("reason", reason);
    json.put("source", source);
    json.put("monitor", monitor);
    json.put("detail", detail);
    json.put("raw", raw);
    json.put("at", Instant.now().toString());
    try {
      return MAPPER.writeValueAsString(json);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
