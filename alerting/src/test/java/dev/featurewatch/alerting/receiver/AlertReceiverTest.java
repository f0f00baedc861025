package dev.featurewatch.alerting.receiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featurewatch.modelregistry.LocalModelRegistry;
import dev.featurewatch.modelregistry.ModelRegistry;
import dev.featurewatch.modelregistry.ModelRegistryException;
import dev.featurewatch.testing.RawHttp;
import dev.featurewatch.testing.TestCertificates;
import java.lang.reflect.Proxy;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlertReceiverTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ZERO = "0001-01-01T00:00:00Z";
  private static final Clock NOW =
      Clock.fixed(Instant.parse("2026-12-02T11:00:02.5Z"), ZoneOffset.UTC);

  @TempDir Path dir;
  private LocalModelRegistry registry;
  private AlertReceiver receiver;

  @BeforeEach
  void aModelVersion() {
    registry = new LocalModelRegistry(dir);
    registry.createVersion("fraud");
    receiver = new AlertReceiver(registry, "127.0.0.1", 0, NOW);
  }

  /** An alert as Alertmanager posts it. */
  private static ObjectNode alert(
      String status, Map<String, String> labels, String summary, String startsAt, String endsAt) {
    ObjectNode alert = JSON.createObjectNode().put("status", status);
    labels.forEach(alert.putObject("labels")::put);
    alert.putObject("annotations").put("summary", summary).put("runbook_url", "https://x/rb.md");
    return alert
        .put("startsAt", startsAt)
        .put("endsAt", endsAt)
        .put("generatorURL", "http://prometheus:9090/graph")
        .put("fingerprint", "c6e2a5f0e0a1b2c3");
  }

  private static String notification(ObjectNode... alerts) {
    ObjectNode body =
        JSON.createObjectNode()
            .put("version", "4")
            .put("groupKey", "{}:{alertname=\"FeatureDriftSustained\"}")
            .put("truncatedAlerts", 0)
            .put("status", alerts[0].get("status").asText())
            .put("receiver", "featurewatch-registry")
            .put("externalURL", "http://alertmanager:9093");
    body.putObject("groupLabels").put("alertname", "FeatureDriftSustained");
    body.putObject("commonLabels");
    body.putObject("commonAnnotations");
    ArrayNode array = body.putArray("alerts");
    for (ObjectNode alert : alerts) {
      array.add(alert);
    }
    return body.toString();
  }

  private static Map<String, String> drift(String feature) {
    return Map.of(
        "alertname", "FeatureDriftSustained",
        "model", "fraud",
        "model_version", "1",
        "segment", "all",
        "feature", feature,
        "method", "psi",
        "severity", "warning");
  }

  private Map<String, String> tags() {
    return registry.version("fraud", "1").tags();
  }

  @Test
  void firingAlertsAreWrittenToTheirVersionWithSinceWhenAndTheSummary() {
    AlertReceiver.Outcome outcome =
        receiver.receive(
            notification(
                alert(
                    "firing",
                    drift("amount"),
                    "fraud v1: feature amount drifted",
                    "2026-12-02T10:15:00.123456Z",
                    ZERO),
                alert("firing", drift("country"), "fraud v1: ...", "2026-12-02T10:20:00Z", ZERO)));

    assertThat(outcome.status()).isEqualTo(200);
    assertThat(outcome.body().get("written").asInt()).isEqualTo(2);
    assertThat(tags())
        .containsEntry(
            "featurewatch.alert.FeatureDriftSustained.amount",
            "firing since 2026-12-02T10:15:00Z (last confirmed 2026-12-02T11:00:02Z): fraud v1:"
                + " feature amount drifted")
        .containsEntry(
            "featurewatch.alerts.firing",
            "FeatureDriftSustained.amount, FeatureDriftSustained.country");
  }

  @Test
  void aResolvedAlertSaysWhenAndLeavesTheFiringList() {
    receiver.receive(
        notification(
            alert("firing", drift("amount"), "drifted", "2026-12-02T10:15:00Z", ZERO),
            alert("firing", drift("country"), "drifted", "2026-12-02T10:20:00Z", ZERO)));
    AlertReceiver.Outcome outcome =
        receiver.receive(
            notification(
                alert(
                    "resolved",
                    drift("amount"),
                    "drifted",
                    "2026-12-02T10:15:00Z",
                    "2026-12-02T11:00:00+01:00")));

    assertThat(outcome.status()).isEqualTo(200);
    assertThat(tags())
        .containsEntry(
            "featurewatch.alert.FeatureDriftSustained.amount",
            "resolved at 2026-12-02T10:00:00Z, firing since 2026-12-02T10:15:00Z: drifted")
        .containsEntry("featurewatch.alerts.firing", "FeatureDriftSustained.country");

    receiver.receive(
        notification(
            alert("resolved", drift("country"), "d", "2026-12-02T10:20:00Z", "2026-12-02T11:00Z")));
    assertThat(tags()).containsEntry("featurewatch.alerts.firing", "none");
  }

  @Test
  void alertsAboutNoModelAreSkipped() {
    AlertReceiver.Outcome outcome =
        receiver.receive(
            notification(
                alert(
                    "firing",
                    Map.of("alertname", "MonitoringJobDown", "severity", "critical"),
                    "no monitoring job",
                    "2026-12-02T10:15:00Z",
                    ZERO)));

    assertThat(outcome.status()).isEqualTo(200);
    assertThat(outcome.body().get("skipped").asInt()).isEqualTo(1);
    assertThat(tags()).doesNotContainKey("featurewatch.alerts.firing");
  }

  @Test
  void aSegmentsAlertHasItsOwnTagWithOnlyCharactersMlflowAccepts() {
    Map<String, String> labels =
        Map.of(
            "alertname", "LabelCoverageLow",
            "model", "fraud",
            "model_version", "1",
            "segment", "country=DE");
    receiver.receive(notification(alert("firing", labels, "low", "2026-12-02T10:15:00Z", ZERO)));

    assertThat(tags()).containsKey("featurewatch.alert.LabelCoverageLow.country_DE");
  }

  @Test
  void aVersionTheRegistryDoesNotHaveIs422AndTheOthersAreStillWritten() {
    Map<String, String> unknown = new HashMap<>(drift("amount"));
    unknown.put("model_version", "9");
    AlertReceiver.Outcome outcome =
        receiver.receive(
            notification(
                alert("firing", unknown, "drifted", "2026-12-02T10:15:00Z", ZERO),
                alert("firing", drift("amount"), "drifted", "2026-12-02T10:15:00Z", ZERO)));

    assertThat(outcome.status()).isEqualTo(422);
    assertThat(outcome.body().get("error").asText()).contains("fraud version 9");
    assertThat(outcome.body().get("written").asInt()).isEqualTo(1);
    assertThat(tags()).containsKey("featurewatch.alert.FeatureDriftSustained.amount");
  }

  @Test
  void twoAlertsOfOneTagInANotificationComeToTheFiringOne() {
    Map<String, String> otherTarget = new HashMap<>(drift("amount"));
    otherTarget.put("instance", "taskmanager-2:9250");
    AlertReceiver.Outcome outcome =
        receiver.receive(
            notification(
                alert("firing", drift("amount"), "drifted", "2026-12-02T10:15:00Z", ZERO),
                alert(
                    "resolved",
                    otherTarget,
                    "drifted",
                    "2026-12-02T09:00:00Z",
                    "2026-12-02T09:30:00Z")));

    assertThat(outcome.status()).isEqualTo(200);
    assertThat(tags().get("featurewatch.alert.FeatureDriftSustained.amount"))
        .startsWith("firing since 2026-12-02T10:15:00Z");
  }

  @Test
  void keysKeepToWhatMlflowTakes() {
    Map<String, String> labels = new HashMap<>(drift("a/../b" + "x".repeat(300)));
    receiver.receive(notification(alert("firing", labels, "d", "2026-12-02T10:15:00Z", ZERO)));

    assertThat(tags().keySet())
        .filteredOn(k -> k.startsWith("featurewatch.alert."))
        .singleElement()
        .satisfies(
            key -> {
              assertThat(key).startsWith("featurewatch.alert.FeatureDriftSustained.a_.._bxxx");
              assertThat(key).hasSize(250).doesNotContain("/");
            });
  }

  @Test
  void aRegistryThatCannotBeReachedIs503SoAlertmanagerRetries() {
    LocalModelRegistry real = registry;
    // a registry that is down: every call fails as MLflow's client fails when it cannot connect
    ModelRegistry down =
        (ModelRegistry)
            Proxy.newProxyInstance(
                ModelRegistry.class.getClassLoader(),
                new Class<?>[] {ModelRegistry.class},
                (proxy, method, args) -> {
                  throw new ModelRegistryException(
                      ModelRegistryException.Kind.UNAVAILABLE, "connection refused");
                });
    AlertReceiver.Outcome outcome =
        new AlertReceiver(down, "127.0.0.1", 0, NOW)
            .receive(
                notification(alert("firing", drift("amount"), "d", "2026-12-02T10:15:00Z", ZERO)));

    assertThat(outcome.status()).isEqualTo(503);
    assertThat(outcome.body().get("error").asText()).contains("connection refused");
    // the retry, once it is back, writes what the first attempt could not
    assertThat(
            new AlertReceiver(real, "127.0.0.1", 0, NOW)
                .receive(
                    notification(
                        alert("firing", drift("amount"), "d", "2026-12-02T10:15:00Z", ZERO)))
                .status())
        .isEqualTo(200);
    assertThat(tags()).containsKey("featurewatch.alert.FeatureDriftSustained.amount");
  }

  @Test
  void withTlsTheReceiverAnswersHttps() throws Exception {
    TestCertificates certificates = TestCertificates.create(dir.resolve("certs"));
    AlertReceiver secure = new AlertReceiver(registry, "127.0.0.1", 0, certificates.server());
    secure.start();
    try {
      HttpClient https = HttpClient.newBuilder().sslContext(certificates.trustingClient()).build();
      HttpResponse<String> ready =
          https.send(
              HttpRequest.newBuilder(
                      URI.create("https://localhost:" + secure.port() + "/health/ready"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(ready.statusCode()).isEqualTo(200);
    } finally {
      secure.close();
    }
  }

  /**
   * A refused request is answered once its body has arrived, and its connection then takes the
   * next: over TLS, a next request sent while the JDK's server still reads a refused body could
   * stay unseen in the TLS layer's buffer, never answered (see FeatureServer's readToEnd).
   */
  @Test
  void overTlsARefusedRequestIsAnsweredOnceItsBodyHasArrivedAndItsConnectionTakesTheNext()
      throws Exception {
    TestCertificates certificates = TestCertificates.create(dir.resolve("certs"));
    AlertReceiver secure = new AlertReceiver(registry, "127.0.0.1", 0, certificates.server());
    secure.start();
    try (SSLSocket socket =
        (SSLSocket)
            certificates
                .trustingClient()
                .getSocketFactory()
                .createSocket("localhost", secure.port())) {
      RawHttp http = new RawHttp(socket);
      http.send("POST /other HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2\r\n\r\n");
      // a receiver that answers before the body comes does so at once: a second is ample
      socket.setSoTimeout(1_000);
      assertThatThrownBy(http::peek)
          .as("an answer before the body was sent")
          .isInstanceOf(SocketTimeoutException.class);

      socket.setSoTimeout(60_000);
      http.send("{}");
      assertThat(http.answer()).startsWith("HTTP/1.1 404 ").contains("no such path: /other");
      http.send("GET /health/live HTTP/1.1\r\nHost: localhost\r\n\r\n");
      assertThat(http.answer()).startsWith("HTTP/1.1 200 ").contains("\"status\":\"ok\"");
    } finally {
      secure.close();
    }
  }

  @Test
  void aBodyThatIsNoNotificationIs400NamingTheField() {
    ObjectNode noStart = alert("firing", drift("amount"), "x", "2026-12-02T10:15:00Z", ZERO);
    noStart.remove("startsAt");
    ObjectNode badStatus = alert("pending", drift("amount"), "x", "2026-12-02T10:15:00Z", ZERO);
    ObjectNode badTime = alert("firing", drift("amount"), "x", "yesterday", ZERO);

    assertThat(receiver.receive("{not json").status()).isEqualTo(400);
    assertThat(receiver.receive("{\"alerts\": 3}").body().get("error").asText())
        .contains("alerts: must be an array of alerts, found 3");
    assertThat(receiver.receive(notification(noStart)).body().get("error").asText())
        .contains("alerts[0].startsAt: must be a string, found nothing");
    assertThat(receiver.receive(notification(badStatus)).body().get("error").asText())
        .contains("alerts[0].status: must be 'firing' or 'resolved', found 'pending'");
    assertThat(receiver.receive(notification(badTime)).body().get("error").asText())
        .contains("alerts[0].startsAt: must be an RFC 3339 time")
        .contains("found 'yesterday'");
    assertThat(tags()).isEmpty();
  }

  @Test
  void overHttpItAnswersAlertsHealthAndNothingElse() throws Exception {
    receiver.start();
    try {
      HttpClient http = HttpClient.newHttpClient();
      URI base = URI.create("http://127.0.0.1:" + receiver.port());
      HttpResponse<String> posted =
          http.send(
              HttpRequest.newBuilder(base.resolve("/alerts"))
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          notification(
                              alert(
                                  "firing",
                                  drift("amount"),
                                  "drifted",
                                  "2026-12-02T10:15:00Z",
                                  ZERO))))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);
      assertThat(tags()).containsKey("featurewatch.alert.FeatureDriftSustained.amount");

      for (String health : List.of("/health", "/health/live", "/health/ready")) {
        assertThat(status(http, HttpRequest.newBuilder(base.resolve(health)).GET()))
            .as(health)
            .isEqualTo(200);
      }
      HttpResponse<Void> notAllowed =
          http.send(
              HttpRequest.newBuilder(base.resolve("/alerts")).GET().build(),
              HttpResponse.BodyHandlers.discarding());
      assertThat(notAllowed.statusCode()).isEqualTo(405);
      assertThat(notAllowed.headers().firstValue("Allow")).hasValue("POST");
      HttpResponse<Void> healthPosted =
          http.send(
              HttpRequest.newBuilder(base.resolve("/health/ready"))
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      assertThat(healthPosted.statusCode()).isEqualTo(405);
      assertThat(healthPosted.headers().firstValue("Allow")).hasValue("GET");
      assertThat(
              status(
                  http,
                  HttpRequest.newBuilder(base.resolve("/other"))
                      .POST(HttpRequest.BodyPublishers.ofString("{}"))))
          .isEqualTo(404);
    } finally {
      receiver.close();
    }
  }

  private static int status(HttpClient http, HttpRequest.Builder request) throws Exception {
    return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
