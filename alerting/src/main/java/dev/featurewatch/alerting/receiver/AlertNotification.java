package dev.featurewatch.alerting.receiver;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.featurewatch.json.JsonChecks;
import dev.featurewatch.json.JsonFields;
import dev.featurewatch.json.Problems;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What Alertmanager's webhook receiver posts (payload version 4): a group's alerts, each firing or
 * resolved, with its labels, annotations and times. Only what featurewatch uses is read; unknown
 * fields are ignored, as Alertmanager adds fields over time.
 *
 * @param alerts the group's alerts
 */
record AlertNotification(List<Alert> alerts) {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Problems<IllegalArgumentException> PROBLEMS =
      (path, rule) -> new IllegalArgumentException(path.isEmpty() ? rule : path + ": " + rule);

  // Alertmanager's zero time: a firing alert that has no end yet
  private static final Instant NO_END = Instant.parse("0001-01-01T00:00:00Z");

  public AlertNotification {
    alerts = List.copyOf(alerts);
  }

  /**
   * One alert of the group.
   *
   * @param firing true when firing, false when resolved
   * @param labels its labels: {@code alertname}, {@code model}, {@code feature}, ...
   * @param annotations its annotations: {@code summary}, {@code runbook_url}, ...
   * @param startsAt when it started firing
   * @param endsAt when it was resolved; null while it fires
   */
  public record Alert(
      boolean firing,
      Map<String, String> labels,
      Map<String, String> annotations,
      Instant startsAt,
      Instant endsAt) {
    public Alert {
      labels = Map.copyOf(labels);
      annotations = Map.copyOf(annotations);
      Objects.requireNonNull(startsAt, "startsAt");
    }

    /** The value of label {@code name}, empty when it has none. */
    public String label(String name) {
      return labels.getOrDefault(name, "");
    }
  }

  /**
   * Reads a notification.
   *
   * @throws IllegalArgumentException not JSON, or a field missing or of the wrong kind; the message
   *     names the field, the rule and the value
   */
  public static AlertNotification parse(String body) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "not JSON: " + e.getOriginalMessage() + " at line " + e.getLocation().getLineNr());
    }
    if (root == null || !root.isObject()) {
      throw JsonChecks.wrongType("", "a JSON object", root, PROBLEMS);
    }
    JsonNode alerts = root.get("alerts");
    if (alerts == null || !alerts.isArray()) {
      throw JsonChecks.wrongType("alerts", "an array of alerts", alerts, PROBLEMS);
    }
    List<Alert> read = new ArrayList<>();
    for (int i = 0; i < alerts.size(); i++) {
      read.add(alert(JsonFields.of(alerts.get(i), JsonChecks.index("alerts", i), PROBLEMS)));
    }
    return new AlertNotification(read);
  }

  private static Alert alert(JsonFields<IllegalArgumentException> alert) {
    String status = text(alert, "status");
    if (!status.equals("firing") && !status.equals("resolved")) {
      throw alert.problem("status", "must be 'firing' or 'resolved', found '" + status + "'");
    }
    Instant endsAt = alert.has("endsAt") ? time(alert, "endsAt") : NO_END;
    return new Alert(
        status.equals("firing"),
        strings(alert, "labels", true),
        strings(alert, "annotations", false),
        time(alert, "startsAt"),
        endsAt.equals(NO_END) ? null : endsAt);
  }

  private static Map<String, String> strings(
      JsonFields<IllegalArgumentException> alert, String key, boolean required) {
    Map<String, String> values = new TreeMap<>();
    JsonNode node = alert.get(key);
    if (node == null && !required) {
      return values;
    }
    if (node == null || !node.isObject()) {
      throw JsonChecks.wrongType(alert.pathOf(key), "an object of strings", node, PROBLEMS);
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String path = JsonChecks.child(alert.pathOf(key), field.getKey());
      values.put(field.getKey(), JsonChecks.text(field.getValue(), path, PROBLEMS));
    }
    return values;
  }

  /** The string at {@code key}; a missing one is "found nothing". */
  private static String text(JsonFields<IllegalArgumentException> alert, String key) {
    return JsonChecks.text(alert.get(key), alert.pathOf(key), PROBLEMS);
  }

  private static Instant time(JsonFields<IllegalArgumentException> alert, String key) {
    String text = text(alert, key);
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw alert.problem(
          key, "must be an RFC 3339 time like 2026-12-02T10:00:00Z, found '" + text + "'");
    }
  }
}
