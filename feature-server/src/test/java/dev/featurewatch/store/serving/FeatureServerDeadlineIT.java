package dev.featurewatch.store.serving;

import static dev.featurewatch.store.serving.ServingFixtures.DRIVER_STATS;
import static dev.featurewatch.store.serving.ServingFixtures.FEAST_EVENT_TIME;
import static dev.featurewatch.store.serving.ServingFixtures.NOW;
import static dev.featurewatch.store.serving.ServingFixtures.REPOSITORY;
import static dev.featurewatch.store.serving.ServingFixtures.driverStats;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.featurewatch.store.online.OnlineStore;
import dev.featurewatch.store.online.redis.RedisOnlineStore;
import dev.featurewatch.testing.RedisServer;
import io.lettuce.core.RedisURI;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The feature server's deadline and health against a Redis of the test's own that is frozen,
 * stopped and restarted: every request is answered (503 with {@code Retry-After} past the deadline,
 * more requests at once than the server has threads), and the server serves again by itself.
 */
class FeatureServerDeadlineIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String READ =
      "{\"features\": [\"driver_hourly_stats:conv_rate\"], \"entities\": {\"driver_id\": [1001]}}";
  // the longest a client here waits for any answer: far above every deadline, so a slow machine
  // passes and a server that holds a request until the store returns does not
  private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(20);

  @TempDir Path dir;
  private final HttpClient http = HttpClient.newBuilder().build();
  private RedisServer redis;
  private OnlineStore store;
  private FeatureServer server;

  @BeforeEach
  void start() throws Exception {
    redis = RedisServer.start(dir.resolve("redis"));
    // the command timeout is the URI's: far above the server's deadline, which must answer first
    store =
        RedisOnlineStore.connect(
            RedisURI.create(redis.url() + "?timeout=120s"), "fw:", Duration.ofHours(1));
    store.write(DRIVER_STATS, List.of(driverStats(1001, FEAST_EVENT_TIME, 0.5, 0.25, 3L)));
    server =
        new FeatureServer(
            () -> REPOSITORY,
            store,
            null,
            Clock.fixed(NOW, ZoneOffset.UTC),
            ServerConfig.defaults(0).withDeadline(Duration.ofMillis(300)),
            new PrometheusRegistry());
    server.start();
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    store.close();
    redis.close();
  }

  @Test
  void aFrozenStoreGetsEveryRequestA503AtItsDeadlineAndTheServerRecoversWhenItThaws()
      throws Exception {
    assertThat(post(READ, null).statusCode()).isEqualTo(200);
    redis.freeze();

    // three times as many requests at once as the server has threads: none may queue behind
    // another's wait
    int concurrent = 3 * ServerConfig.defaults(0).threads();
    List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
    for (int i = 0; i < concurrent; i++) {
      answers.add(postAsync(READ, null));
    }
    answers.add(postAsync(READ, "50"));
    answers.add(
        postAsync(
            "{\"feature_view_name\": \"driver_hourly_stats\", \"df\": {\"driver_id\": [5],"
                + " \"event_timestamp\": [\"2021-12-31T23:59:00Z\"], \"conv_rate\": [1.0],"
                + " \"acc_rate\": [1.0], \"avg_daily_trips\": [1]}}",
            null,
            "/write-to-online-store"));
    for (CompletableFuture<HttpResponse<String>> answer : answers) {
      HttpResponse<String> response = answer.get(CLIENT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
      assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
      JsonNode error = JSON.readTree(response.body());
      assertThat(error.path("error").asText()).isEqualTo("deadline_exceeded");
    }
    assertThat(JSON.readTree(answers.get(concurrent).join().body()).path("detail").asText())
        .startsWith("the online store did not answer within 50 ms");
    assertThat(get("/health/live").statusCode()).isEqualTo(200);
    HttpResponse<String> ready = get("/health/ready");
    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(JSON.readTree(ready.body()).path("online_store").asText())
        .isEqualTo("does not answer within the deadline");
    String metrics = get("/metrics").body();
    assertThat(counter(metrics, "/get-online-features")).isEqualTo(concurrent + 1);
    assertThat(counter(metrics, "/write-to-online-store")).isEqualTo(1);

    redis.thaw();

    HttpResponse<String> served = awaitStatus(200, READ);
    assertThat(JSON.readTree(served.body()).path("results").get(1).path("values").get(0).asDouble())
        .isEqualTo(0.5);
    assertThat(get("/health/ready").statusCode()).isEqualTo(200);
  }

  @Test
  void aStoppedStoreGets503sAtOnceAndARestartedOneServesWithoutRestartingTheServer()
      throws Exception {
    redis.stop();

    HttpResponse<String> refused = post(READ, null);
    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(JSON.readTree(refused.body()).path("error").asText()).isEqualTo("store_unavailable");
    assertThat(get("/health/ready").statusCode()).isEqualTo(503);

    redis.restart();

    HttpResponse<String> served = awaitStatus(200, READ);
    assertThat(JSON.readTree(served.body()).path("results").get(1).path("values").get(0).asDouble())
        .isEqualTo(0.5);
    assertThat(get("/health/ready").statusCode()).isEqualTo(200);
  }

  @Test
  void aDeadlineHeaderThatIsNotAPositiveWholeNumberIsRefused() throws Exception {
    for (String bad : List.of("0", "-5", "soon", "1.5")) {
      HttpResponse<String> response = post(READ, bad);
      assertThat(response.statusCode()).as(bad).isEqualTo(400);
      assertThat(JSON.readTree(response.body()).path("detail").asText())
          .isEqualTo(
              "X-Deadline-Ms: must be a whole number of milliseconds of at least 1, found '"
                  + bad
                  + "'");
    }
  }

  private HttpResponse<String> awaitStatus(int status, String body) throws Exception {
    long deadline = System.nanoTime() + CLIENT_TIMEOUT.toNanos();
    while (true) {
      HttpResponse<String> response = post(body, null);
      if (response.statusCode() == status || System.nanoTime() > deadline) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return response;
      }
      Thread.sleep(50);
    }
  }

  private static double counter(String metrics, String path) {
    Matcher value =
        Pattern.compile(
                "featurewatch_serving_deadline_exceeded_total\\{path=\""
                    + Pattern.quote(path)
                    + "\"} (\\S+)")
            .matcher(metrics);
    assertThat(value.find()).as(metrics).isTrue();
    return Double.parseDouble(value.group(1));
  }

  private HttpResponse<String> post(String body, String deadlineMs) throws Exception {
    return postAsync(body, deadlineMs).get(CLIENT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  private CompletableFuture<HttpResponse<String>> postAsync(String body, String deadlineMs) {
    return postAsync(body, deadlineMs, "/get-online-features");
  }

  private CompletableFuture<HttpResponse<String>> postAsync(
      String body, String deadlineMs, String path) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .timeout(CLIENT_TIMEOUT)
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (deadlineMs != null) {
      request.header(FeatureServer.DEADLINE_HEADER, deadlineMs);
    }
    return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .timeout(CLIENT_TIMEOUT)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
