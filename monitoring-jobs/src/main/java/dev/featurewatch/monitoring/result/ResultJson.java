package dev.featurewatch.monitoring.result;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featurewatch.monitoring.result.MonitoringResult.ClosedBy;
import dev.featurewatch.monitoring.result.MonitoringResult.Status;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Monitoring results as JSON, one object per line in the results file or topic: snake_case keys,
 * times in ISO-8601, scores that could not be computed as null.
 */
public final class ResultJson {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ResultJson() {}

  /** One line of JSON. */
  public static String toJson(MonitoringResult result) {
    ObjectNode json = MAPPER.createObjectNode();
    json.put("monitor", result.monitor());
    json.put("model", result.model());
    json.put("model_version", result.modelVersion());
    json.put("segment", result.segment());
    json.put("window_start", result.windowStart().toString());
    json.put("window_end", result.windowEnd().toString());
    json.put("closed_by", result.closedBy().id());
    json.put("predictions", result.predictions());
    json.put("baseline", result.baseline());
    json.put("status", result.status().id());
    json.put("drifted_features", MAPPER.valueToTree(result.driftedFeatures()));
    ArrayNode features = json.putArray("features");
    result.features().forEach(f -> write(f, features.addObject()));
    if (result.prediction() != null) {
      write(result.prediction(), json.putObject("prediction"));
    }
    ObjectNode unexpected = json.putObject("unexpected_features");
    result.unexpectedFeatures().forEach(unexpected::put);
    json.set("problems", MAPPER.valueToTree(result.problems()));
    try {
      return MAPPER.writeValueAsString(json);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(FeatureResult f, ObjectNode json) {
    json.put("feature", f.feature());
    json.put("method", f.method());
    putNumber(json, "score", f.score());
    putNumber(json, "threshold", f.threshold());
    json.put("verdict", f.verdict());
    json.put("reason", f.reason());
    putNumber(json, "missing_share", f.missingShare());
    putNumber(json, "baseline_missing_share", f.baselineMissingShare());
    putNumber(json, "out_of_range_share", f.outOfRangeShare());
    json.put("unseen_count", f.unseenCount());
    json.set("unseen_categories", MAPPER.valueToTree(f.unseenCategories()));
  }

  private static void putNumber(ObjectNode json, String key, double value) {
    if (Double.isFinite(value)) {
      json.put(key, value);
    } else {
      json.putNull(key);
    }
  }

  /**
   * A result {@link #toJson} wrote.
   *
   * @throws IllegalArgumentException for text that is not such a result
   */
  public static MonitoringResult fromJson(String line) {
    JsonNode json;
    try {
      json = MAPPER.readTree(line);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a monitoring result: " + e.getOriginalMessage(), e);
    }
    List<FeatureResult> features = new ArrayList<>();
    json.path("features").forEach(f -> features.add(read(f)));
    Map<String, Long> unexpected = new LinkedHashMap<>();
    json.path("unexpected_features")
        .fields()
        .forEachRemaining(e -> unexpected.put(e.getKey(), e.getValue().asLong()));
    List<String> problems = new ArrayList<>();
    json.path("problems").forEach(p -> problems.add(p.asText()));
    return new MonitoringResult(
        json.path("monitor").asText(),
        json.path("model").asText(),
        json.path("model_version").asText(),
        json.path("segment").asText(),
        Instant.parse(json.path("window_start").asText()),
        Instant.parse(json.path("window_end").asText()),
        ClosedBy.valueOf(json.path("closed_by").asText().toUpperCase(Locale.ROOT)),
        json.path("predictions").asLong(),
        json.path("baseline").asText(),
        Status.valueOf(json.path("status").asText().toUpperCase(Locale.ROOT)),
        features,
        json.hasNonNull("prediction") ? read(json.get("prediction")) : null,
        unexpected,
        problems);
  }

  private static FeatureResult read(JsonNode f) {
    List<String> unseen = new ArrayList<>();
    f.path("unseen_categories").forEach(c -> unseen.add(c.asText()));
    return new FeatureResult(
        f.path("feature").asText(),
        f.path("method").asText(),
        number(f, "score"),
        number(f, "threshold"),
        f.path("verdict").asText(),
        f.path("reason").asText(),
        number(f, "missing_share"),
        number(f, "baseline_missing_share"),
        number(f, "out_of_range_share"),
        f.path("unseen_count").asLong(),
        unseen);
  }

  private static double number(JsonNode json, String key) {
    JsonNode value = json.get(key);
    return value == null || value.isNull() ? Double.NaN : value.asDouble();
  }
}
