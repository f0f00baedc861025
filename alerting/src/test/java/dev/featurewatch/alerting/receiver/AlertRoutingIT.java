package dev.featurewatch.alerting.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featurewatch.modelregistry.ModelRegistries;
import dev.featurewatch.modelregistry.ModelRegistry;
import dev.featurewatch.testing.AlertmanagerServer;
import dev.featurewatch.testing.MlflowModels;
import dev.featurewatch.testing.TestServices;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * featurewatch's Alertmanager configuration on the real Alertmanager, with the real receiver
 * writing to the real MLflow: model alerts reach the registry as tags, inhibited ones do not, and
 * MonitoringJobDown inhibits the drift alerts.
 */
class AlertRoutingIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  private final String model = "routing-it-" + UUID.randomUUID().toString().substring(0, 8);
  private final MlflowModels mlflow = new MlflowModels(TestServices.mlflowUrl());
  private final ModelRegistry registry = ModelRegistries.open(TestServices.mlflowUrl().toString());
  private AlertReceiver receiver;
  private String version;

  @BeforeEach
  void featurewatchsRoutingWithTheReceiver() throws Exception {
    // an alert another test left active (a MonitoringJobDown) would inhibit this test's
    resolveActiveAlerts();
    version = mlflow.createVersion(model);
    receiver = new AlertReceiver(registry, "127.0.0.1", 0);
    receiver.start();
    AlertmanagerServer.load(
        Path.of("alertmanager/alertmanager.yml"),
        Map.of("http://featurewatch-alerts:9095", "http://127.0.0.1:" + receiver.port()));
  }

  @AfterEach
  void resolveAndForget() throws Exception {
    try {
      // resolved now: nothing of this test may inhibit or page in the next one
      resolveActiveAlerts();
      AlertmanagerServer.reset();
    } finally {
      receiver.close();
      mlflow.deleteAll();
    }
  }

  private static void resolveActiveAlerts() throws Exception {
    ArrayNode resolved = JSON.createArrayNode();
    for (JsonNode alert : AlertmanagerServer.alerts()) {
      ObjectNode copy = resolved.addObject();
      copy.set("labels", alert.get("labels"));
      copy.put("startsAt", alert.get("startsAt").asText()).put("endsAt", Instant.now().toString());
    }
    AlertmanagerServer.post(resolved);
  }

  private ObjectNode alert(String name, String severity, String... labels) {
    ObjectNode alert = JSON.createObjectNode();
    ObjectNode l = alert.putObject("labels").put("alertname", name).put("severity", severity);
    l.put("team", "ml").put("test", model);
    for (int i = 0; i < labels.length; i += 2) {
      l.put(labels[i], labels[i + 1]);
    }
    alert.putObject("annotations").put("summary", name + " of " + model);
    // started now, as Prometheus sends a new alert: Alertmanager holds its group for group_wait,
    // in which the inhibitions of alerts posted with it take hold
    return alert.put("startsAt", Instant.now().toString());
  }

  private ObjectNode modelAlert(String name, String severity, String... labels) {
    ObjectNode alert = alert(name, severity, labels);
    ((ObjectNode) alert.get("labels")).put("model", model).put("model_version", version);
    return alert;
  }

  private Map<String, String> tags() {
    return registry.version(model, version).tags();
  }

  private Map<String, String> awaitTags(Predicate<Map<String, String>> accepted) throws Exception {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    Map<String, String> tags = tags();
    while (!accepted.test(tags)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "tags of " + model + " v" + version + " after " + PATIENCE + ": " + tags);
      }
      Thread.sleep(250);
      tags = tags();
    }
    return tags;
  }

  private static Predicate<JsonNode> states(String alertname, String state) {
    return alerts -> {
      for (JsonNode alert : alerts) {
        if (alert.path("labels").path("alertname").asText().equals(alertname)) {
          return alert.path("status").path("state").asText().equals(state);
        }
      }
      return false;
    };
  }

  @Test
  void modelAlertsReachTheRegistryAndAnInhibitedOneDoesNot() throws Exception {
    ArrayNode alerts = JSON.createArrayNode();
    alerts.add(
        modelAlert("FeatureDriftSustained", "warning", "segment", "all", "feature", "amount"));
    alerts.add(modelAlert("ModelPerformanceDegraded", "critical", "segment", "all"));
    alerts.add(modelAlert("ModelPerformanceChange", "warning", "segment", "all"));
    AlertmanagerServer.post(alerts);

    // the degraded page makes the change warning of the same version redundant
    AlertmanagerServer.await(
        states("ModelPerformanceChange", "suppressed"), PATIENCE, "test=\"" + model + "\"");
    Map<String, String> tags =
        awaitTags(
            t ->
                "FeatureDriftSustained.amount, ModelPerformanceDegraded"
                    .equals(t.get("featurewatch.alerts.firing")));
    assertThat(tags.get("featurewatch.alert.FeatureDriftSustained.amount"))
        .startsWith("firing since ")
        .endsWith("FeatureDriftSustained of " + model);
    assertThat(tags).doesNotContainKey("featurewatch.alert.ModelPerformanceChange");
  }

  @Test
  void noMonitoringJobInhibitsTheDriftAlertsItWouldLeaveStale() throws Exception {
    ArrayNode alerts = JSON.createArrayNode();
    alerts.add(alert("MonitoringJobDown", "critical"));
    alerts.add(
        modelAlert("FeatureDriftSustained", "warning", "segment", "all", "feature", "amount"));
    AlertmanagerServer.post(alerts);

    AlertmanagerServer.await(
        states("FeatureDriftSustained", "suppressed"), PATIENCE, "test=\"" + model + "\"");
    assertThat(
            AlertmanagerServer.alerts("test=\"" + model + "\"", "alertname=\"MonitoringJobDown\""))
        .singleElement()
        .satisfies(a -> assertThat(a.path("status").path("state").asText()).isEqualTo("active"));
  }
}
