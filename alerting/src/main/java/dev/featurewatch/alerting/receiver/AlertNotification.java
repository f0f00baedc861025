package dev.featurewatch.alerting.receiver;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
      throw new IllegalArgumentException("must be a JSON object, found " + shorten(root));
    }
    JsonNode alerts = root.get("alerts");
    if (alerts == null || !alerts.isArray()) {
      throw new IllegalArgumentException(
          "alerts: must be an array of alerts, found " + shorten(alerts));
    }
    List<Alert> read = new ArrayList<>();
    for (int i = 0; i < alerts.size(); i++) {
      read.add(alert("alerts[" + i + "]", alerts.get(i)));
    }
    return new AlertNotification(read);
  }

  private static Alert alert(String where, JsonNode alert) {
    if (!alert.isObject()) {
      throw new IllegalArgumentException(where + ": must be an object, found " + shorten(alert));
    }
    String status = text(where + ".status", alert.get("status"));
    if (!status.equals("firing") && !status.equals("resolved")) {
      throw new IllegalArgumentException(
          where + ".status: must be 'firing' or 'resolved', found '" + status + "'");
    }
    Instant endsAt =
        alert.hasNonNull("endsAt") ? time(where + ".endsAt", alert.get("endsAt")) : NO_END;
    return new Alert(
        status.equals("firing"),
        strings(where + ".labels", alert.get("labels"), true),
        strings(where + ".annotations", alert.get("annotations"), false),
        time(where + ".startsAt", alert.get("startsAt")),
        endsAt.equals(NO_END) ? null : endsAt);
  }

  private static Map<String, String> strings(String where, JsonNode node, boolean required) {
    Map<String, String> values = new TreeMap<>();
    if (node == null && !required) {
      return values;
    }
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException(
          where + ": must be an object of strings, found " + shorten(node));
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      values.put(field.getKey(), text(where + "." + field.getKey(), field.getValue()));
    }
    return values;
  }

  private static String text(String where, JsonNode node) {
    if (node == null || !node.isTextual()) {
      throw new IllegalArgumentException(where + ": must be a string, found " + shorten(node));
    }
    return node.asText();
  }

  private static Instant time(String where, JsonNode node) {
    String text = text(where, node);
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          where + ": must be an RFC 3339 time like 2026-12-02T10:00:00Z, found '" + text + "'");
    }
  }

  private static String shorten(JsonNode node) {
    if (node == null) {
      return "nothing";
    }
    String text = node.toString();
    return text.length() > 60 ? text.substring(0, 60) + "..." : text;
  }
}
