package dev.featurewatch.monitoring.result;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featurewatch.drift.performance.PerformanceMetric;
import dev.featurewatch.json.JsonChecks;
import dev.featurewatch.json.Problems;
import dev.featurewatch.monitoring.result.MonitoringResult.ClosedBy;
import dev.featurewatch.monitoring.result.MonitoringResult.Status;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Monitoring results as JSON, one object per line in the results file or topic: snake_case keys,
 * times in ISO-8601, scores that could not be computed as null, and a {@code type}: {@code drift}
 * for a window's {@link MonitoringResult}, {@code performance} for a {@link PerformanceResult}.
 */
public final class ResultJson {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Problems<IllegalArgumentException> PROBLEMS =
      (path, rule) ->
          new IllegalArgumentException("not a monitoring result: " + path + ": " + rule);

  private ResultJson() {}

  /** One line of JSON. */
  public static String toJson(MonitorOutput output) {
    ObjectNode json =
        output instanceof MonitoringResult drift
            ? drift(drift)
            : performance((PerformanceResult) output);
    try {
      return MAPPER.writeValueAsString(json);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ObjectNode performance(PerformanceResult result) {
    ObjectNode json = MAPPER.createObjectNode();
    json.put("type", "performance");
    series(json, result);
    json.put("window_start", result.windowStart().toString());
    json.put("window_end", result.windowEnd().toString());
    json.put("predictions", result.predictions());
    json.put("labelled", result.labelled());
    json.put("unlabelled", result.unlabelled());
    putNumber(json, "label_coverage", result.coverage());
    putNumber(json, "mean_label_lag_seconds", result.meanLagSeconds());
    putMetrics(json.putObject("metrics"), result.metrics());
    putMetrics(json.putObject("standard_errors"), result.standardErrors());
    putMetrics(json.putObject("baseline_metrics"), result.baseline());
    json.put("degraded", result.degraded());
    json.put("change_detected", result.changeDetected());
    json.put("complete", result.complete());
    return json;
  }

  private static void series(ObjectNode json, MonitorOutput output) {
    json.put("monitor", output.monitor());
    json.put("model", output.model());
    json.put("model_version", output.modelVersion());
    json.put("segment", output.segment());
  }

  private static void putMetrics(ObjectNode json, Map<PerformanceMetric, Double> metrics) {
    metrics.forEach((metric, value) -> putNumber(json, metric.id(), value));
  }

  private static ObjectNode drift(MonitoringResult result) {
    ObjectNode json = MAPPER.createObjectNode();
    json.put("type", "drift");
    json.put("monitor", result.monitor());
    json.put("model", result.model());
    json.put("model_version", result.modelVersion());
    json.put("segment", result.segment());
    json.put("window_start", result.windowStart().toString());
    json.put("window_end", result.windowEnd().toString());
    json.put("closed_by", result.closedBy().id());
    json.put("predictions", result.predictions());
    json.put("baseline", result.baseline());
    putMetrics(json.putObject("baseline_performance"), result.baselinePerformance());
    putMetrics(json.putObject("estimated_performance"), result.estimatedPerformance());
    json.put("status", result.status().id());
    result.driftedFeatures().forEach(json.putArray("drifted_features")::add);
    ArrayNode features = json.putArray("features");
    result.features().forEach(f -> write(f, features.addObject()));
    if (result.prediction() != null) {
      write(result.prediction(), json.putObject("prediction"));
    }
    if (result.multivariate() != null) {
      write(result.multivariate(), json.putObject("multivariate"));
    }
    ObjectNode unexpected = json.putObject("unexpected_features");
    result.unexpectedFeatures().forEach(unexpected::put);
    json.set("problems", MAPPER.valueToTree(result.problems()));
    return json;
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
    json.put("drifted_windows", f.driftedWindows());
    FeatureResult.Judgement j = f.judgement();
    json.put("threshold_source", j.thresholdSource());
    putNumber(json, "p_value", j.pValue());
    putNumber(json, "adjusted_p_value", j.adjustedPValue());
    putNumber(json, "false_alarm_rate", j.falseAlarmRate());
    putNumber(json, "null_quantile", j.nullQuantile());
    json.put("raw_verdict", j.rawVerdict());
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
  public static MonitorOutput fromJson(String line) {
    JsonNode json;
    try {
      json = MAPPER.readTree(line);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a monitoring result: " + e.getOriginalMessage(), e);
    }
    return switch (json.path("type").asText()) {
      case "drift" -> drift(json);
      case "performance" -> performance(json);
      default ->
          throw PROBLEMS.at(
              "type",
              "must be drift or performance, found " + JsonChecks.describe(json.get("type")));
    };
  }

  private static Instant instant(JsonNode json, String key) {
    JsonNode value = json.get(key);
    try {
      return Instant.parse(JsonChecks.text(value, key, PROBLEMS));
    } catch (DateTimeParseException e) {
      throw PROBLEMS.at(key, "must be an ISO-8601 instant, found " + JsonChecks.describe(value));
    }
  }

  private static PerformanceResult performance(JsonNode json) {
    return new PerformanceResult(
        json.path("monitor").asText(),
        json.path("model").asText(),
        json.path("model_version").asText(),
        json.path("segment").asText(),
        instant(json, "window_start"),
        instant(json, "window_end"),
        json.path("predictions").asLong(),
        json.path("labelled").asLong(),
        json.path("unlabelled").asLong(),
        number(json, "mean_label_lag_seconds"),
        metrics(json.path("metrics")),
        // absent from the results before standard errors: none known
        metrics(json.path("standard_errors")),
        metrics(json.path("baseline_metrics")),
        json.path("degraded").asBoolean(),
        json.path("change_detected").asBoolean(),
        json.path("complete").asBoolean());
  }

  private static Map<PerformanceMetric, Double> metrics(JsonNode json) {
    Map<PerformanceMetric, Double> metrics = new LinkedHashMap<>();
    json.fields()
        .forEachRemaining(
            e -> metrics.put(PerformanceMetric.fromId(e.getKey()), number(json, e.getKey())));
    return metrics;
  }

  private static MonitoringResult drift(JsonNode json) {
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
        instant(json, "window_start"),
        instant(json, "window_end"),
        ClosedBy.valueOf(json.path("closed_by").asText().toUpperCase(Locale.ROOT)),
        json.path("predictions").asLong(),
        json.path("baseline").asText(),
        metrics(json.path("baseline_performance")),
        // absent from the results before estimated performance: none
        metrics(json.path("estimated_performance")),
        Status.valueOf(json.path("status").asText().toUpperCase(Locale.ROOT)),
        features,
        json.hasNonNull("prediction") ? read(json.get("prediction")) : null,
        json.hasNonNull("multivariate") ? read(json.get("multivariate")) : null,
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
        unseen,
        // absent from the results of versions before it: no run known
        f.path("drifted_windows").asInt(0),
        // absent from the results before calibrated verdicts: not known
        new FeatureResult.Judgement(
            f.path("threshold_source").asText(""),
            number(f, "p_value"),
            number(f, "adjusted_p_value"),
            number(f, "false_alarm_rate"),
            number(f, "null_quantile"),
            f.path("raw_verdict").asText("")));
  }

  /** A score: NaN when it could not be computed (null) or is absent (an older result). */
  private static double number(JsonNode json, String key) {
    JsonNode value = json.get(key);
    return value == null ? Double.NaN : JsonChecks.nullableNumber(value, key, PROBLEMS);
  }
}
