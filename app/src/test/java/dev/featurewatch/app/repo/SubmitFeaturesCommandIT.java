package dev.featurewatch.app.repo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featurewatch.app.Cli;
import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.offline.OfflineStore;
import dev.featurewatch.store.online.OnlineStore;
import dev.featurewatch.store.online.OnlineStores;
import dev.featurewatch.store.online.OnlineValue;
import dev.featurewatch.store.row.EntityKey;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
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

  private static final String VIEW = "driver_trip_stats";
  private static final long CLOCK_DRIVER = 9_999;
  private static final Duration WINDOW = Duration.ofHours(1);
  private static final Duration SLIDE = Duration.ofMinutes(5);
  private static final List<String> BAD = List.of("{not json", "{\"driver_id\": 1001}");
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension static final KafkaFixture KAFKA = new KafkaFixture();

  @TempDir static Path work;

  private static FlinkCluster flink;

  @BeforeAll
  static void startCluster() throws Exception {
    List<String> jvmOptions =
        Arrays.asList(Files.readString(Path.of("target/jvm.options")).trim().split("\\s+"));
    flink =
        FlinkCluster.start(
            Path.of("../flink-dist/target/lib").toAbsolutePath().normalize(),
            work.resolve("flink"),
            2,
            jvmOptions);
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
    List<JsonNode> day1 = trips(repo, Duration.ZERO);
    send(day1, Duration.ZERO);
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
    FeatureView view = ExampleRepository.read().featureView(VIEW).orElseThrow();
    Map<String, FeatureRow> expected1 = expectedWindows(view, day1);
    awaitOfflineRows(repo, view, expected1.size());
    assertOffline(repo, view, expected1);
    assertOnlineHoldsEachDriversLastWindow(database, view, expected1);
    assertThat(
            KAFKA
                .readValues("driver-trips.dead-letters", BAD.size(), Duration.ofSeconds(60))
                .stream()
                .map(letter -> json(letter).get("raw").asText())
                .distinct())
        .containsExactlyInAnyOrderElementsOf(BAD);
    String metrics = scrape(metricsPort);
    assertThat(metrics)
        .contains(
            "featurewatch_pipeline_dead_letters_total{feature_view=\"driver_trip_stats\","
                + "reason=\"invalid_json\"} 1");
    assertThat(TestServices.promtoolCheckMetrics(metrics)).isEmpty();

    String checkpoint = cancelKeepingCheckpoint(jobId);
    List<JsonNode> day2 = trips(repo, Duration.ofDays(1));
    send(day2, Duration.ofDays(1));
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
    Map<String, FeatureRow> expected = expectedWindows(view, both);
    awaitOfflineRows(repo, view, expected.size());
    assertOffline(repo, view, expected);
    assertOnlineHoldsEachDriversLastWindow(database, view, expected);
  }

  /** The example's trips, {@code shift} later, with new trip ids for a shifted copy. */
  private static List<JsonNode> trips(Path repo, Duration shift) throws IOException {
    List<JsonNode> trips = new ArrayList<>();
    for (String line : Files.readAllLines(repo.resolve("data/driver_trips.jsonl"))) {
      ObjectNode trip = (ObjectNode) json(line);
      Instant time = Instant.parse(trip.get("event_timestamp").asText()).plus(shift);
      trip.put("event_timestamp", time.toString());
      trip.put("trip_id", trip.get("trip_id").asText() + "+" + shift.toDays());
      trips.add(trip);
    }
    return trips;
  }

  /**
   * Sends the trips keyed by driver, then a trip of {@link #CLOCK_DRIVER} eight hours after the
   * last in each partition, so the watermark passes every window of the others.
   */
  private static void send(List<JsonNode> trips, Duration shift) {
    List<ProducerRecord<String, String>> records = new ArrayList<>();
    for (JsonNode trip : trips) {
      records.add(
          new ProducerRecord<>("driver-trips", trip.get("driver_id").asText(), trip.toString()));
    }
    Instant last =
        trips.stream()
            .map(t -> Instant.parse(t.get("event_timestamp").asText()))
            .max(Instant::compareTo)
            .orElseThrow();
    for (int partition = 0; partition < 2; partition++) {
      ObjectNode clock = JSON.createObjectNode();
      clock.put("trip_id", "clock-" + partition + "+" + shift.toDays());
      clock.put("driver_id", CLOCK_DRIVER);
      clock.put("customer_id", "c-0000");
      clock.put("event_timestamp", last.plus(Duration.ofHours(8)).toString());
      clock.put("fare", 1.0);
      clock.put("distance_km", 1.0);
      clock.put("city", "Lisbon");
      records.add(new ProducerRecord<>("driver-trips", partition, null, clock.toString()));
    }
    KAFKA.send(records);
  }

  /**
   * Every window the view must write, by {@code driver end}, computed here from the trips: each
   * trip lies in the twelve one-hour windows ending at the next twelve five-minute marks; after a
   * driver's last non-empty window comes one empty window (count 0), which clears its online
   * values.
   */
  private static Map<String, FeatureRow> expectedWindows(FeatureView view, List<JsonNode> trips) {
    Map<Long, TreeMap<Instant, List<JsonNode>>> byDriver = new HashMap<>();
    long slide = SLIDE.toMillis();
    for (JsonNode trip : trips) {
      Instant time = Instant.parse(trip.get("event_timestamp").asText());
      long firstEnd = Math.floorDiv(time.toEpochMilli(), slide) * slide + slide;
      for (long end = firstEnd; end < firstEnd + WINDOW.toMillis(); end += slide) {
        byDriver
            .computeIfAbsent(trip.get("driver_id").asLong(), d -> new TreeMap<>())
            .computeIfAbsent(Instant.ofEpochMilli(end), e -> new ArrayList<>())
            .add(trip);
      }
    }
    Map<String, FeatureRow> windows = new TreeMap<>();
    byDriver.forEach(
        (driver, ends) -> {
          for (Map.Entry<Instant, List<JsonNode>> window : ends.entrySet()) {
            windows.put(
                driver + " " + window.getKey(),
                row(view, driver, window.getKey(), window.getValue()));
            Instant next = window.getKey().plus(SLIDE);
            if (!ends.containsKey(next)) {
              windows.put(driver + " " + next, row(view, driver, next, List.of()));
            }
          }
        });
    return windows;
  }

  /** A window's count, maximum fare and distance sum; the other features are not compared. */
  private static FeatureRow row(FeatureView view, long driver, Instant end, List<JsonNode> in) {
    Object[] values = new Object[view.features().size()];
    values[view.indexOf("trips_1h")] = (long) in.size();
    values[view.indexOf("fare_max_1h")] =
        in.isEmpty()
            ? null
            : in.stream().mapToDouble(t -> t.get("fare").asDouble()).max().orElseThrow();
    return new FeatureRow(
        VIEW, EntityKey.of("driver_id", driver), end, null, Arrays.asList(values));
  }

  private static void assertOffline(Path repo, FeatureView view, Map<String, FeatureRow> expected)
      throws IOException {
    List<FeatureRow> rows;
    try (OfflineStore offline = new OfflineStore(repo.resolve("offline"))) {
      rows = offline.readSorted(view, null, null);
    }
    List<String> written =
        rows.stream()
            .filter(r -> !r.key().values().get(0).equals(CLOCK_DRIVER))
            .map(r -> r.key().values().get(0) + " " + r.eventTime())
            .toList();
    assertThat(written).as("every window exactly once").doesNotHaveDuplicates();
    assertThat(new TreeSet<>(written)).isEqualTo(expected.keySet());
    for (FeatureRow row : rows) {
      FeatureRow want = expected.get(row.key().values().get(0) + " " + row.eventTime());
      if (want != null) {
        assertCompared(view, row.values(), want);
      }
    }
  }

  private static void assertOnlineHoldsEachDriversLastWindow(
      String database, FeatureView view, Map<String, FeatureRow> expected) {
    Map<Object, FeatureRow> last =
        expected.values().stream()
            .collect(
                Collectors.toMap(
                    r -> r.key().values().get(0),
                    r -> r,
                    (a, b) -> a.eventTime().isAfter(b.eventTime()) ? a : b));
    try (OnlineStore online = OnlineStores.open(database)) {
      for (FeatureRow want : last.values()) {
        // read as of the window's end: within the view's two-hour TTL
        OnlineValue value = online.read(view, List.of(want.key()), want.eventTime()).get(0);
        assertThat(value.eventTime()).as(want.key().toString()).isEqualTo(want.eventTime());
        assertCompared(view, value.values(), want);
      }
    }
  }

  private static void assertCompared(FeatureView view, List<Object> values, FeatureRow want) {
    for (String feature : List.of("trips_1h", "fare_max_1h")) {
      int i = view.indexOf(feature);
      assertThat(values.get(i))
          .as(want.key() + " " + want.eventTime() + " " + feature)
          .isEqualTo(want.values().get(i));
    }
  }

  private static void awaitOfflineRows(Path repo, FeatureView view, int rows) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    long seen = 0;
    while (System.nanoTime() < deadline) {
      if (Files.isDirectory(repo.resolve("offline").resolve(VIEW))) {
        try (OfflineStore offline = new OfflineStore(repo.resolve("offline"))) {
          seen =
              offline.readSorted(view, null, null).stream()
                  .filter(r -> !r.key().values().get(0).equals(CLOCK_DRIVER))
                  .count();
        }
        if (seen >= rows) {
          return;
        }
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
    HttpResponse<String> cancel =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(flink.restUrl().resolve("/jobs/" + jobId + "?mode=cancel"))
                    .method("PATCH", HttpRequest.BodyPublishers.noBody())
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(202);
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

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + text, e);
    }
  }
}
