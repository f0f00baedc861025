package dev.featurewatch.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The test Alertmanager, as a test uses it: run a given configuration, post alerts as Prometheus
 * does, and read its alerts back through its API (v2).
 */
public final class AlertmanagerServer {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private AlertmanagerServer() {}

  /**
   * Runs {@code config} with each key of {@code replacements} replaced by its value (a receiver's
   * address), and waits until Alertmanager reports it as its configuration.
   */
  public static void load(Path config, Map<String, String> replacements)
      throws IOException, InterruptedException {
    String text = Files.readString(config);
    for (Map.Entry<String, String> replace : replacements.entrySet()) {
      if (!text.contains(replace.getKey())) {
        throw new IllegalArgumentException(config + " has no '" + replace.getKey() + "'");
      }
      text = text.replace(replace.getKey(), replace.getValue());
    }
    install(text, config.toString());
  }

  /** Runs the test services' own configuration again: one receiver that notifies no one. */
  public static void reset() throws IOException, InterruptedException {
    install("route:\n  receiver: 'null'\nreceivers:\n  - name: 'null'\n", "the null receiver");
  }

  private static void install(String text, String what) throws IOException, InterruptedException {
    Path target = TestServices.alertmanagerConfig();
    Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
    Files.writeString(tmp, text);
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    HttpResponse<String> reload =
        send(HttpRequest.newBuilder(url("/-/reload")).POST(HttpRequest.BodyPublishers.noBody()));
    if (reload.statusCode() != 200) {
      throw new AssertionError("Alertmanager refused " + what + ": " + reload.body());
    }
  }

  /** Posts alerts (a JSON array, as {@code POST /api/v2/alerts} takes them). */
  public static void post(JsonNode alerts) throws IOException, InterruptedException {
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(url("/api/v2/alerts"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(alerts.toString())));
    if (response.statusCode() != 200) {
      throw new AssertionError("Alertmanager refused the alerts: " + response.body());
    }
  }

  /**
   * The alerts matching every matcher (such as {@code alertname="FeatureDriftSustained"}), active,
   * silenced and inhibited ones alike; each has {@code labels} and {@code status.state}.
   */
  public static JsonNode alerts(String... matchers) throws IOException, InterruptedException {
    StringBuilder query = new StringBuilder("/api/v2/alerts?active=true");
    for (String matcher : matchers) {
      query.append("&filter=").append(URLEncoder.encode(matcher, StandardCharsets.UTF_8));
    }
    HttpResponse<String> response = send(HttpRequest.newBuilder(url(query.toString())));
    if (response.statusCode() != 200) {
      throw new AssertionError("Alertmanager refused " + query + ": " + response.body());
    }
    return JSON.readTree(response.body());
  }

  /**
   * The alerts matching {@code matchers}, once they satisfy {@code accepted}, polling every 200 ms.
   *
   * @throws AssertionError not within {@code timeout}, with the last answer
   */
  public static JsonNode await(Predicate<JsonNode> accepted, Duration timeout, String... matchers)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    JsonNode last = alerts(matchers);
    while (!accepted.test(last)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "Alertmanager's alerts "
                + String.join(",", matchers)
                + " after "
                + timeout
                + ": "
                + last);
      }
      Thread.sleep(200);
      last = alerts(matchers);
    }
    return last;
  }

  private static URI url(String pathAndQuery) {
    return TestServices.alertmanagerUrl().resolve(pathAndQuery);
  }

  private static HttpResponse<String> send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    return HTTP.send(
        request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
