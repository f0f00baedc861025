package dev.featurewatch.app.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featurewatch.alerting.receiver.AlertTags;
import dev.featurewatch.app.report.MonitorHistory;
import dev.featurewatch.drift.performance.PerformanceMetric;
import dev.featurewatch.modelregistry.ModelRegistry;
import dev.featurewatch.modelregistry.ModelRegistryException;
import dev.featurewatch.modelregistry.ModelVersion;
import dev.featurewatch.monitoring.result.MonitorOutput;
import dev.featurewatch.monitoring.writeback.MonitoringTags;
import dev.featurewatch.store.definition.FeatureRepository;
import dev.featurewatch.store.definition.ModelMonitor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The monitored model versions' health as the console shows it: from the model registry, the tags
 * the monitoring job and the alert receiver write on a version (status, drifted features, the last
 * performance and label coverage, the alerts firing); from the monitoring results, a version's
 * windows of its {@code all} series (the drift of each feature against its threshold, the
 * prediction's drift, the performance with its error band, the label coverage).
 */
final class ModelHealth {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  /** The main metric per prediction kind, in the order looked for: what the timeline plots. */
  private static final List<PerformanceMetric> PRIMARY =
      List.of(PerformanceMetric.ROC_AUC, PerformanceMetric.ACCURACY, PerformanceMetric.MAE);

  private ModelHealth() {}

  /**
   * Every monitored model version: those the repository's monitors name (a version, or what their
   * alias points at now), then the other versions of their models that carry a status tag. A
   * version the model registry cannot give is listed with its error.
   */
  static ArrayNode versions(FeatureRepository repository, ModelRegistry models) {
    Map<String, Set<String>> monitorsByVersion = new LinkedHashMap<>();
    Map<String, String> errors = new LinkedHashMap<>();
    Set<String> modelNames = new LinkedHashSet<>();
    for (ModelMonitor monitor : repository.modelMonitors()) {
      modelNames.add(monitor.model());
      String version = monitor.version();
      if (version.isEmpty()) {
        try {
          version = models.alias(monitor.model(), monitor.alias()).version();
        } catch (ModelRegistryException e) {
          errors.put(monitor.model() + "@" + monitor.alias(), e.getMessage());
          continue;
        }
      }
      monitorsByVersion
          .computeIfAbsent(monitor.model() + "\n" + version, k -> new LinkedHashSet<>())
          .add(monitor.name());
    }
    ArrayNode list = JSON.arrayNode();
    Set<String> listed = new LinkedHashSet<>();
    for (String model : modelNames) {
      List<ModelVersion> versions;
      try {
        versions = models.versions(model);
      } catch (ModelRegistryException e) {
        // said once per model: a monitor's alias failing says it already
        if (errors.keySet().stream().noneMatch(k -> k.startsWith(model + "@"))) {
          errors.put(model, e.getMessage());
        }
        continue;
      }
      for (ModelVersion v : versions) {
        String key = v.model() + "\n" + v.version();
        Set<String> monitors = monitorsByVersion.getOrDefault(key, Set.of());
        if (monitors.isEmpty() && !v.tags().containsKey(MonitoringTags.STATUS)) {
          continue;
        }
        listed.add(key);
        ObjectNode row = summary(v);
        ArrayNode names = row.putArray("monitors");
        monitors.forEach(names::add);
        list.add(row);
      }
    }
    monitorsByVersion.keySet().stream()
        .filter(key -> !listed.contains(key))
        .forEach(
            key -> {
              String[] parts = key.split("\n", 2);
              ObjectNode row = list.addObject();
              row.put("model", parts[0]);
              row.put("version", parts[1]);
              row.put("error", "the model registry has no such version");
            });
    errors.forEach(
        (what, message) -> {
          ObjectNode row = list.addObject();
          row.put("model", what);
          row.put("version", "");
          row.put("error", message);
        });
    return list;
  }

  /** A version's line in the list: status, drifted features, alerts firing, last window. */
  private static ObjectNode summary(ModelVersion v) {
    Map<String, String> tags = v.tags();
    ObjectNode row = JSON.objectNode();
    row.put("model", v.model());
    row.put("version", v.version());
    ArrayNode aliases = row.putArray("aliases");
    v.aliases().forEach(aliases::add);
    row.put("status", tags.getOrDefault(MonitoringTags.STATUS, ""));
    row.set("drifted_features", list(tags.get(MonitoringTags.DRIFTED_FEATURES), ","));
    row.set("alerts_firing", firing(tags));
    row.put("last_window_end", tags.getOrDefault(MonitoringTags.LAST_WINDOW, ""));
    return row;
  }

  /**
   * One version's health: its tags read (status, drift, performance, coverage, alerts) and its
   * timeline from {@code results}, the results of any model (filtered here) turned into windows by
   * {@link MonitorHistory#json}, as the history report has them.
   */
  static ObjectNode version(ModelVersion v, List<MonitorOutput> results) {
    Map<String, String> tags = v.tags();
    ObjectNode node = summary(v);
    node.set("insufficient_features", list(tags.get(MonitoringTags.INSUFFICIENT_FEATURES), ","));
    node.put("worst_drift", tags.getOrDefault(MonitoringTags.WORST_DRIFT, ""));
    node.put("monitor", tags.getOrDefault(MonitoringTags.MONITOR, ""));
    node.put("performance", tags.getOrDefault(MonitoringTags.PERFORMANCE, ""));
    node.put("label_coverage", tags.getOrDefault(MonitoringTags.LABEL_COVERAGE, ""));
    node.put("baseline", tags.getOrDefault(ModelRegistry.BASELINE_TAG, ""));
    ArrayNode alerts = node.putArray("alerts");
    tags.forEach(
        (key, value) -> {
          if (key.startsWith(AlertTags.PREFIX)) {
            alerts
                .addObject()
                .put("alert", key.substring(AlertTags.PREFIX.length()))
                .put("firing", value.startsWith("firing"))
                .put("state", value);
          }
        });
    ObjectNode all = node.putObject("tags");
    tags.forEach(all::put);
    List<JsonNode> windows = new ArrayList<>();
    List<JsonNode> performance = new ArrayList<>();
    // the history page's windows (MonitorHistory keeps each window's last performance, the
    // complete one once there is one), of this version's series of all predictions
    for (String monitor : MonitorHistory.monitors(results)) {
      ObjectNode history = MonitorHistory.json(results, monitor, null, null);
      ofVersion(history.get("drift"), v).forEach(windows::add);
      ofVersion(history.get("performance"), v).forEach(performance::add);
    }
    Comparator<JsonNode> byEnd =
        Comparator.comparing(w -> Instant.parse(w.get("window_end").asText()));
    windows.sort(byEnd);
    performance.sort(byEnd);
    node.set("timeline", timeline(windows));
    node.set("performance_timeline", performance(performance));
    return node;
  }

  private static List<JsonNode> ofVersion(JsonNode lines, ModelVersion v) {
    List<JsonNode> kept = new ArrayList<>();
    for (JsonNode line : lines) {
      if (line.path("model").asText().equals(v.model())
          && line.path("model_version").asText().equals(v.version())
          && line.path("segment").asText().equals("all")) {
        kept.add(line);
      }
    }
    return kept;
  }

  /** Windows × features: each cell the score, the threshold and whether it drifted. */
  private static ObjectNode timeline(List<JsonNode> windows) {
    ObjectNode node = JSON.objectNode();
    ArrayNode ends = node.putArray("windows");
    ArrayNode statuses = node.putArray("status");
    ArrayNode predictions = node.putArray("predictions");
    Set<String> names = new LinkedHashSet<>();
    windows.forEach(w -> w.path("features").forEach(f -> names.add(f.path("feature").asText())));
    ArrayNode features = node.putArray("features");
    names.forEach(features::add);
    ArrayNode cells = node.putArray("cells");
    Map<String, ArrayNode> rows = new LinkedHashMap<>();
    names.forEach(name -> rows.put(name, cells.addArray()));
    ObjectNode prediction = node.putObject("prediction");
    ArrayNode predictionScores = prediction.putArray("scores");
    ArrayNode predictionThresholds = prediction.putArray("thresholds");
    for (JsonNode w : windows) {
      ends.add(w.get("window_end").asText());
      statuses.add(w.path("status").asText());
      predictions.add(w.path("predictions").asLong());
      Map<String, JsonNode> byName = new LinkedHashMap<>();
      w.path("features").forEach(f -> byName.put(f.path("feature").asText(), f));
      rows.forEach((name, row) -> row.add(cell(byName.get(name))));
      JsonNode p = w.path("prediction");
      predictionScores.add(p.path("score").isNumber() ? p.get("score") : JSON.nullNode());
      predictionThresholds.add(
          p.path("threshold").isNumber() ? p.get("threshold") : JSON.nullNode());
    }
    return node;
  }

  private static JsonNode cell(JsonNode f) {
    if (f == null || f.path("method").asText().isEmpty()) {
      return JSON.nullNode();
    }
    ObjectNode cell = JSON.objectNode();
    cell.put("method", f.path("method").asText());
    cell.set("score", f.path("score").isNumber() ? f.get("score") : JSON.nullNode());
    cell.set("threshold", f.path("threshold").isNumber() ? f.get("threshold") : JSON.nullNode());
    cell.put("verdict", f.path("verdict").asText());
    return cell;
  }

  /** The windows' main metric with its standard error, its training value, the label coverage. */
  private static ObjectNode performance(List<JsonNode> results) {
    ObjectNode node = JSON.objectNode();
    String metric =
        PRIMARY.stream()
            .map(PerformanceMetric::id)
            .filter(m -> results.stream().anyMatch(r -> r.path("metrics").path(m).isNumber()))
            .findFirst()
            .orElse("");
    node.put("metric", metric);
    ArrayNode ends = node.putArray("windows");
    ArrayNode values = node.putArray("values");
    ArrayNode errors = node.putArray("standard_errors");
    ArrayNode coverage = node.putArray("label_coverage");
    ArrayNode degraded = node.putArray("degraded");
    JsonNode baseline = JSON.nullNode();
    for (JsonNode r : results) {
      ends.add(r.get("window_end").asText());
      coverage.add(numberOrNull(r.path("label_coverage")));
      degraded.add(r.path("degraded").asBoolean());
      values.add(numberOrNull(r.path("metrics").path(metric)));
      errors.add(numberOrNull(r.path("standard_errors").path(metric)));
      if (r.path("baseline_metrics").path(metric).isNumber()) {
        baseline = r.path("baseline_metrics").get(metric);
      }
    }
    node.set("baseline", baseline);
    return node;
  }

  private static JsonNode numberOrNull(JsonNode value) {
    return value.isNumber() ? value : JSON.nullNode();
  }

  private static ArrayNode firing(Map<String, String> tags) {
    String value = tags.getOrDefault(AlertTags.FIRING, "");
    return list(value.equals("none") ? "" : value, ",");
  }

  private static ArrayNode list(String joined, String separator) {
    ArrayNode array = JSON.arrayNode();
    if (joined != null && !joined.isBlank()) {
      Arrays.stream(joined.split(separator))
          .map(String::strip)
          .filter(s -> !s.isEmpty())
          .forEach(array::add);
    }
    return array;
  }
}
