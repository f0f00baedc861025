package dev.featurewatch.alerting.receiver;

import dev.featurewatch.alerting.receiver.AlertNotification.Alert;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How an alert's state is written to the model version it is about, as tags under {@code
 * featurewatch.alert.}: one tag per alert (and feature, for feature alerts), whose value says
 * whether it fires and since when, with the alert's summary; and {@link #FIRING}, the alerts of the
 * version firing now.
 *
 * <pre>
 * featurewatch.alert.FeatureDriftSustained.income = firing since 2026-12-02T10:15:00Z (last confirmed 2026-12-02T11:15:02Z): ...
 * featurewatch.alert.ModelPerformanceDegraded     = resolved at 2026-12-02T12:00:00Z, firing since 2026-12-02T11:05:00Z: ...
 * featurewatch.alerts.firing                      = FeatureDriftSustained.income, PredictionDrift
 * </pre>
 */
public final class AlertTags {

  /** The prefix of every alert's tag. */
  public static final String PREFIX = "featurewatch.alert.";

  /** The tag listing the version's firing alerts, {@code none} when none fires. */
  public static final String FIRING = "featurewatch.alerts.firing";

  // MLflow's tag keys: letters, digits, '_', '-', '.', ' ' and '/', where '/' must not make a path
  // MLflow would normalize ("a//b", "a/../b"): none here
  private static final Pattern NOT_IN_KEY = Pattern.compile("[^A-Za-z0-9_\\-. ]");

  // MLflow's longest tag key
  static final int MAX_KEY = 250;

  // MLflow keeps at most 5,000 characters of a model version tag's value
  static final int MAX_VALUE = 5_000;

  private AlertTags() {}

  /** The model version an alert is about: its {@code model} and {@code model_version} labels. */
  public record Version(String model, String version) {}

  /** The version {@code alert} is about; null when its labels name none. */
  public static Version version(Alert alert) {
    String model = alert.label("model");
    String version = alert.label("model_version");
    return model.isEmpty() || version.isEmpty() ? null : new Version(model, version);
  }

  /**
   * The tag of {@code alert}: its name, then its feature and its segment when it has them (other
   * than {@code all}), so each drifted feature has its own tag.
   */
  public static String key(Alert alert) {
    StringBuilder key = new StringBuilder(PREFIX).append(alert.label("alertname"));
    for (String name : List.of("feature", "segment")) {
      String value = alert.label(name);
      if (!value.isEmpty() && !(name.equals("segment") && value.equals("all"))) {
        key.append('.').append(value);
      }
    }
    String safe = NOT_IN_KEY.matcher(key).replaceAll("_");
    return safe.length() > MAX_KEY ? safe.substring(0, MAX_KEY) : safe;
  }

  /**
   * The tag's value: {@code firing since T (last confirmed C): summary}, C being when this
   * notification came (Alertmanager repeats a firing alert's notification every repeat_interval, so
   * an old C tells a reader the state may be stale: a resolution Alertmanager muted, say); or
   * {@code resolved at T, firing since S: summary}.
   */
  public static String value(Alert alert, Instant confirmed) {
    String since = "firing since " + time(alert.startsAt());
    String state =
        alert.firing()
            ? since + " (last confirmed " + time(confirmed) + ")"
            : "resolved at " + time(alert.endsAt()) + ", " + since;
    String summary = alert.annotations().getOrDefault("summary", "");
    String value = summary.isEmpty() ? state : state + ": " + summary;
    return value.length() > MAX_VALUE ? value.substring(0, MAX_VALUE - 3) + "..." : value;
  }

  /**
   * The value of {@link #FIRING} for a version whose tags are {@code tags}: its firing alerts' tag
   * names without the prefix, sorted, comma-separated; {@code none} when none fires.
   */
  public static String firing(Map<String, String> tags) {
    List<String> firing =
        tags.entrySet().stream()
            .filter(t -> t.getKey().startsWith(PREFIX) && t.getValue().startsWith("firing"))
            .map(t -> t.getKey().substring(PREFIX.length()))
            .sorted()
            .toList();
    return firing.isEmpty() ? "none" : String.join(", ", firing);
  }

  private static String time(Instant instant) {
    return instant == null ? "?" : instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
