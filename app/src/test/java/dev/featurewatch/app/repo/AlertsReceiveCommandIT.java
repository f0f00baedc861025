package dev.featurewatch.app.repo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurewatch.modelregistry.LocalModelRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code featurewatch alerts receive} as a process: it takes Alertmanager's notification, writes
 * the alert to the model version, and stops cleanly on SIGTERM.
 */
class AlertsReceiveCommandIT {

  @TempDir Path dir;

  @Test
  void aNotificationBecomesATagOfTheVersion() throws Exception {
    LocalModelRegistry registry = new LocalModelRegistry(dir);
    registry.createVersion("loan-default");

    try (CommandProcess receive =
        CommandProcess.start(
            Map.of(),
            Pattern.compile("at http://127.0.0.1:(\\d+)/alerts"),
            "alerts",
            "receive",
            "--port",
            "0",
            "--model-registry",
            dir.toString())) {
      HttpResponse<String> response = postDrift(receive, "loan-default", "1");

      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      Map<String, String> tags = registry.version("loan-default", "1").tags();
      assertThat(tags.get("featurewatch.alert.PredictionDrift"))
          .startsWith("firing since 2026-12-02T10:15:00Z (last confirmed ")
          .endsWith("): its predictions drifted");
      assertThat(tags).containsEntry("featurewatch.alerts.firing", "PredictionDrift");
      // stopped as a service manager stops it; 143 is SIGTERM's exit status
      assertThat(receive.terminate()).as(receive.output()).isEqualTo(143);
    }
  }

  /**
   * Posts Alertmanager's notification of one firing {@code PredictionDrift} about a version to a
   * receiver that printed its port ({@code at http://127.0.0.1:(\d+)/alerts}).
   */
  static HttpResponse<String> postDrift(CommandProcess receive, String model, String version)
      throws IOException, InterruptedException {
    String notification =
        """
        {"version": "4", "status": "firing", "receiver": "featurewatch-registry",
         "groupLabels": {}, "commonLabels": {}, "commonAnnotations": {},
         "externalURL": "http://alertmanager:9093",
         "alerts": [{"status": "firing",
                     "labels": {"alertname": "PredictionDrift", "model": "%s",
                                "model_version": "%s", "segment": "all", "method": "ks"},
                     "annotations": {"summary": "its predictions drifted"},
                     "startsAt": "2026-12-02T10:15:00Z", "endsAt": "0001-01-01T00:00:00Z"}]}
        """
            .formatted(model, version);
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + receive.ready().group(1) + "/alerts"))
                .POST(HttpRequest.BodyPublishers.ofString(notification))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
