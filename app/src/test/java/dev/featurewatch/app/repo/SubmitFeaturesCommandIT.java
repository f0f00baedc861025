package dev.featurewatch.app.repo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.featurewatch.app.Cli;
import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.row.FeatureRow;
import dev.featurewatch.testing.FlinkCluster;
import dev.featurewatch.testing.KafkaFixture;
import dev.featurewatch.testing.TestServices;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distributed mode for real: a standalone Flink cluster (a JobManager and a TaskManager
 * process, on the classpath the job jar declares as provided), the example repository with Redis as
 * registry and online store, Kafka as source and dead letter. {@code featurewatch submit features}
 * runs the job jar; then the job is cancelled and resumed from its retained checkpoint with {@code
 * flink run} (the command {@code --print} gives), and the next day's trips follow. Both stores are
 * checked against windows computed directly from the trips file.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class SubmitFeaturesCommandIT {

  private static final List<String> BAD = List.of("{not json", "{\"driver_id\": 1001}");

  @RegisterExtension static final KafkaFixture KAFKA = new KafkaFixture();

  @TempDir static Path work;

  private static FlinkCluster flink;

  @BeforeAll
  static void startCluster() throws Exception {
    flink = StandaloneFlink.start(work.resolve("flink"));
  }

  @AfterAll
  static void stopCluster() throws InterruptedException {
    if (flink != null) {
      flink.close();
    }
  }

  @Test
  void submittedCancelledAndResumedWithFlinkRunTheClusterJobWritesEveryWindowOnce()
      throws Exception {
    Path repo = work.resolve("repo");
    ExampleRepository.copyTo(repo);
    // a Redis database of its own, emptied: the registry and the online store live there
    URI redis = TestServices.redisUri();
    String database = "redis://" + redis.getHost() + ":" + redis.getPort() + "/7";
    flushDatabase(database);
    Files.writeString(
        repo.resolve("featurewatch.yaml"),
        String.join(
            "\n",
            "registry: " + database,
            "online_store: " + database,
            "offline_store: offline",
            "streaming:",
            "  kafka: " + KAFKA.bootstrapServers(),
            "  dead_letters: kafka:driver-trips.dead-letters",
            "  checkpoint_interval_seconds: 1",
            ""));
    assertThat(Cli.run("apply", "--repo", repo.toString()).exitCode()).isZero();
    KAFKA.createTopic("driver-trips", 2);
    List<JsonNode> day1 = ExampleTrips.trips(repo, Duration.ZERO);
    KAFKA.send(ExampleTrips.messages(day1, "day 1"));
    KAFKA.send(
        BAD.stream().map(bad -> new ProducerRecord<String, String>("driver-trips", bad)).toList());
    int metricsPort = freePort();

    Cli submitted =
        Cli.run(
            "submit",
            "features",
            "--repo",
            repo.toString(),
            "--flink",
            flink.restUrl().toString(),
            "--parallelism",
            "2",
            "--metrics-port",
            Integer.toString(metricsPort));

    assertThat(submitted.exitCode()).as(submitted.err()).isZero();
    assertThat(submitted.out()).contains("submitted job ", "[driver_trip_stats]");
    String jobId = submitted.out().split("\\s+")[2];
    FeatureView view = ExampleRepository.read().featureView(ExampleTrips.VIEW).orElseThrow();
    Map<String, FeatureRow> expected1 = ExampleTrips.expectedWindows(view, day1);
    awaitOfflineRows(repo, view, expected1.size());
    ExampleTrips.assertOffline(repo.resolve("offline"), view, expected1);
    ExampleTrips.assertOnlineHoldsEachDriversLastWindow(database, view, expected1);
    assertThat(
            KAFKA
                .readValues("driver-trips.dead-letters", BAD.size(), Duration.ofSeconds(60))
                .stream()
                .map(letter -> ExampleTrips.json(letter).get("raw").asText())
                .distinct())
        .containsExactlyInAnyOrderElementsOf(BAD);
    String metrics = scrape(metricsPort);
    assertThat(metrics)
        .contains(
            "featurewatch_pipeline_dead_letters_total{feature_view=\"driver_trip_stats\","
                + "reason=\"invalid_json\"} 1");
    assertThat(TestServices.promtoolCheckMetrics(metrics)).isEmpty();

    String checkpoint = cancelKeepingCheckpoint(jobId);
    List<JsonNode> day2 = ExampleTrips.trips(repo, Duration.ofDays(1));
    KAFKA.send(ExampleTrips.messages(day2, "day 2"));
    Cli print =
        Cli.run(
            "submit",
            "features",
            "--repo",
            repo.toString(),
            "--parallelism",
            "2",
            "--metrics-port",
            "off",
            "--from-savepoint",
            checkpoint,
            "--print");
    assertThat(print.exitCode()).as(print.err()).isZero();
    flinkRun(print.out().trim());

    List<JsonNode> both = new ArrayList<>(day1);
    both.addAll(day2);
    Map<String, FeatureRow> expected = ExampleTrips.expectedWindows(view, both);
    awaitOfflineRows(repo, view, expected.size());
    ExampleTrips.assertOffline(repo.resolve("offline"), view, expected);
    ExampleTrips.assertOnlineHoldsEachDriversLastWindow(database, view, expected);
  }

  private static void awaitOfflineRows(Path repo, FeatureView view, int rows) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    int seen = 0;
    while (System.nanoTime() < deadline) {
      seen = ExampleTrips.offlineRows(repo.resolve("offline"), view).size();
      if (seen >= rows) {
        return;
      }
      Thread.sleep(250);
    }
    throw new AssertionError(
        "the offline store holds " + seen + " of " + rows + " windows:\n" + flink.logTail());
  }

  /**
   * Cancels the job and returns its latest retained checkpoint. It is read after the job has
   * stopped: checkpoints go on until then, and each new one replaces the one before on disk.
   */
  private static String cancelKeepingCheckpoint(String jobId) throws Exception {
    awaitCompletedCheckpoint(jobId);
    StandaloneFlink.cancel(flink, jobId);
    while (!flink.get("/jobs/" + jobId).path("state").asText().equals("CANCELED")) {
      Thread.sleep(200);
    }
    String path = awaitCompletedCheckpoint(jobId);
    assertThat(Path.of(URI.create(path)).resolve("_metadata")).as("retained on cancel").exists();
    return path;
  }

  /** The path of the job's latest completed checkpoint, once there is one. */
  private static String awaitCompletedCheckpoint(String jobId) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      String path =
          flink
              .get("/jobs/" + jobId + "/checkpoints")
              .path("latest")
              .path("completed")
              .path("external_path")
              .asText();
      if (!path.isEmpty()) {
        return path;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("job " + jobId + " completed no checkpoint within 30 s");
  }

  /** Runs the printed {@code flink run ...} with Flink's own CLI, against the test cluster. */
  private static void flinkRun(String printed) throws Exception {
    List<String> words = Arrays.asList(printed.split(" "));
    assertThat(words.subList(0, 2)).containsExactly("flink", "run");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(flink.jvmOptions());
    command.addAll(List.of("-cp", flink.classpath(), "org.apache.flink.client.cli.CliFrontend"));
    command.add("run");
    command.addAll(List.of("--jobmanager", flink.restUrl().getAuthority()));
    command.addAll(words.subList(2, words.size()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("FLINK_CONF_DIR", flink.confDir().toString());
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output).contains("Job has been submitted with JobID");
  }

  private static String scrape(int port) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  private static void flushDatabase(String database) {
    RedisClient client = RedisClient.create(database);
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      connection.sync().flushdb();
    } finally {
      client.shutdown();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
