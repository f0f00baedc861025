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
import java.time.Instant;
import java.util.List;
import java.util.function.DoublePredicate;

/**
 * The test Prometheus, as a test uses it: have an endpoint scraped (a file_sd target, job {@code
 * featurewatch}) and wait for a query to give a value.
 */
public final class PrometheusServer {

  private static final ObjectMapper JSON = new ObjectMapper();

  private PrometheusServer() {}

  /**
   * Has Prometheus scrape {@code http://127.0.0.1:PORT/metrics} every second, as instance {@code
   * name}, until {@link #forget} is called.
   */
  public static void scrape(String name, int port) throws IOException {
    Path dir = TestServices.prometheusTargets();
    Path tmp = dir.resolve("." + name + ".tmp");
    Files.writeString(
        tmp,
        "[{\"targets\": [\"127.0.0.1:" + port + "\"], \"labels\": {\"test\": \"" + name + "\"}}]");
    Files.move(tmp, dir.resolve(name + ".json"), StandardCopyOption.ATOMIC_MOVE);
  }

  /** Stops scraping what {@link #scrape} named {@code name}. */
  public static void forget(String name) throws IOException {
    Files.deleteIfExists(TestServices.prometheusTargets().resolve(name + ".json"));
  }

  /**
   * Has Prometheus evaluate the rule files {@code rules} (copied into its rules directory) and
   * waits until it reports their groups loaded.
   */
  public static void loadRules(List<Path> rules) throws IOException, InterruptedException {
    int groups = 0;
    for (Path file : rules) {
      Files.copy(
          file,
          TestServices.prometheusRules().resolve(file.getFileName()),
          StandardCopyOption.REPLACE_EXISTING);
      groups +=
          (int) Files.readAllLines(file).stream().filter(l -> l.matches("  - name: .*")).count();
    }
    reload();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (get("/api/v1/rules").path("data").path("groups").size() < groups) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Prometheus did not load " + groups + " rule groups in 30 s");
      }
      Thread.sleep(200);
    }
  }

  /**
   * Waits until every rule group has been evaluated twice since now: what was scraped before this
   * call is in its alerts, and the alerts of the first evaluation were sent to Alertmanager before
   * the second began.
   */
  public static void awaitRuleEvaluations() throws IOException, InterruptedException {
    Instant since = Instant.now();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      JsonNode groups = get("/api/v1/rules").path("data").path("groups");
      boolean evaluated = groups.size() > 0;
      for (JsonNode group : groups) {
        Instant last = Instant.parse(group.path("lastEvaluation").asText("1970-01-01T00:00:00Z"));
        Duration interval = Duration.ofMillis((long) (group.path("interval").asDouble() * 1000));
        evaluated &= last.isAfter(since.plus(interval));
      }
      if (evaluated) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Prometheus did not evaluate its rules twice within 60 s");
      }
      Thread.sleep(200);
    }
  }

  /** Stops evaluating the rule files that {@link #loadRules} was given. */
  public static void removeRules(List<Path> rules) throws IOException, InterruptedException {
    for (Path file : rules) {
      Files.deleteIfExists(TestServices.prometheusRules().resolve(file.getFileName()));
    }
    reload();
  }

  private static void reload() throws IOException, InterruptedException {
    HttpResponse<String> reload =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(TestServices.prometheusUrl().resolve("/-/reload"))
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    if (reload.statusCode() != 200) {
      throw new AssertionError("Prometheus refused its rules: " + reload.body());
    }
  }

  /** The result of an instant query: an array of series, each with its metric and value. */
  public static JsonNode query(String promql) throws IOException, InterruptedException {
    JsonNode answer =
        get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    if (!answer.path("status").asText().equals("success")) {
      throw new AssertionError("Prometheus refused " + promql + ": " + answer);
    }
    return answer.path("data").path("result");
  }

  private static JsonNode get(String pathAndQuery) throws IOException, InterruptedException {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(TestServices.prometheusUrl().resolve(pathAndQuery)).build(),
                HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new AssertionError(
          "Prometheus answered "
              + response.statusCode()
              + " to "
              + pathAndQuery
              + ": "
              + response.body());
    }
    return JSON.readTree(response.body());
  }

  /**
   * The value of the one series {@code promql} gives, once it gives one satisfying {@code
   * accepted}, polling every 200 ms.
   *
   * @throws AssertionError none within {@code timeout}, with the last answer
   */
  public static double await(String promql, DoublePredicate accepted, Duration timeout)
      throws IOException, InterruptedException {
    URI query =
        TestServices.prometheusUrl()
            .resolve("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(HttpRequest.newBuilder(query).build(), HttpResponse.BodyHandlers.ofString());
      last = response.body();
      JsonNode result = JSON.readTree(last).path("data").path("result");
      if (result.size() == 1) {
        double value = Double.parseDouble(result.get(0).path("value").get(1).asText());
        if (accepted.test(value)) {
          return value;
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError(
        "Prometheus gave no accepted value for " + promql + " within " + timeout + ": " + last);
  }
}
