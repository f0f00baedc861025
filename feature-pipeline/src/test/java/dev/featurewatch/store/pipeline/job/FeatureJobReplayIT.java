package dev.featurewatch.store.pipeline.job;

import static dev.featurewatch.store.pipeline.Trips.at;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.featurewatch.store.definition.DataSource;
import dev.featurewatch.store.definition.FeatureRepository;
import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.offline.OfflineStore;
import dev.featurewatch.store.online.OnlineStore;
import dev.featurewatch.store.online.OnlineValue;
import dev.featurewatch.store.online.factory.OnlineStores;
import dev.featurewatch.store.pipeline.PipelineMetrics;
import dev.featurewatch.store.pipeline.StreamViews;
import dev.featurewatch.store.pipeline.Trips;
import dev.featurewatch.store.pipeline.Trips.Trip;
import dev.featurewatch.store.pipeline.event.DeadLetterReason;
import dev.featurewatch.store.pipeline.sink.OfflineStoreSink;
import dev.featurewatch.store.pipeline.sink.OnlineStoreSink;
import dev.featurewatch.store.row.EntityKey;
import dev.featurewatch.store.row.FeatureRow;
import dev.featurewatch.streaming.metrics.JobMetrics;
import dev.featurewatch.streaming.sink.LineSinks;
import dev.featurewatch.streaming.source.EventSources;
import dev.featurewatch.testing.TestServices;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline on a MiniCluster at parallelism 2, replaying a file of out-of-order trips with
 * bad and late events in it, into a real RocksDB online store and Arrow offline store; checked
 * against the reference computation of {@link Trips}.
 */
class FeatureJobReplayIT {

  private static final Duration LATE = Duration.ofMinutes(3);
  private static final FeatureView WINDOWED =
      StreamViews.windowed("trip_stats", Duration.ofMinutes(30), Duration.ofMinutes(10), LATE);
  private static final FeatureView LATEST = StreamViews.projections("latest_trip", LATE);

  @RegisterExtension static final MiniClusterExtension CLUSTER = MiniClusters.twoSlots();

  @TempDir Path dir;

  @Test
  void everyWindowLandsOnceOfflineAndTheLatestRowsOnline() throws Exception {
    List<Trip> trips = Trips.random(new Random(20261123), 600, LATE);
    // one trip from the first minutes, arriving after every window it belongs to was written
    Trip late = new Trip(3, at(1), "late", 77.0, "Faro");
    List<String> lines = new ArrayList<>();
    trips.forEach(t -> lines.add(t.json()));
    lines.add(300, "{\"driver_id\": 1, \"ts\": oops}");
    lines.add(301, "{\"ts\": " + at(100) + ", \"fare\": 1.0}");
    lines.add(302, "{\"driver_id\": 2, \"ts\": " + at(100) + ", \"fare\": \"ten\"}");
    lines.add(late.json());
    Files.write(dir.resolve("trips.jsonl"), lines);
    FeatureRepository repo = repository();
    Map<DeadLetterReason, Long> before = deadLetters();

    run(repo);

    // offline: every window of the reference, each exactly once; every projected trip
    OfflineStore offline = new OfflineStore(dir.resolve("offline"));
    assertThat(texts(offline, WINDOWED))
        .containsExactlyInAnyOrderElementsOf(Trips.windowRows("trip_stats", trips, 30, 10));
    List<Trip> projected = new ArrayList<>(trips);
    projected.add(late);
    assertThat(offline.readSorted(LATEST, null, null))
        .extracting(r -> r.key().values().get(0) + " " + r.eventTime() + " " + r.values())
        .containsExactlyInAnyOrderElementsOf(
            projected.stream()
                .map(
                    t ->
                        t.driver()
                            + " "
                            + Instant.ofEpochMilli(t.timeMillis())
                            + " "
                            + List.of(t.fare(), t.city()))
                .toList());
    assertThat(Files.list(dir.resolve("offline").resolve("trip_stats")).toList())
        .isNotEmpty()
        .allSatisfy(
            partition -> assertThat(hiddenFiles(partition)).as("nothing left staged").isEmpty());

    // online: each driver's last window row (the empty one once its trips left the window),
    // and its latest trip
    List<String> expectedWindows = Trips.windowRows("trip_stats", trips, 30, 10);
    try (OnlineStore online = OnlineStores.open(dir.resolve("online").toString())) {
      for (long d = 1; d <= 5; d++) {
        long driver = d;
        EntityKey key = EntityKey.of("driver_id", driver);
        OnlineValue windows = online.read(WINDOWED, List.of(key), Instant.now()).get(0);
        String lastWindow =
            expectedWindows.stream()
                .filter(r -> r.startsWith("trip_stats " + key.values().get(0) + " "))
                .max(Comparator.comparing(r -> r.split(" ")[2]))
                .orElseThrow();
        assertThat(
                Trips.text(
                    new FeatureRow("trip_stats", key, windows.eventTime(), null, windows.values())))
            .isEqualTo(lastWindow);

        OnlineValue latest = online.read(LATEST, List.of(key), Instant.now()).get(0);
        long newest = maxTime(trips, driver);
        Set<List<Object>> candidates =
            trips.stream()
                .filter(t -> t.driver() == driver && t.timeMillis() == newest)
                .map(t -> List.<Object>of(t.fare(), t.city()))
                .collect(Collectors.toSet());
        assertThat(latest.eventTime()).isEqualTo(Instant.ofEpochMilli(newest));
        assertThat(candidates).contains(latest.values());
      }
    }

    // dead letters: each bad line once, with its reason, and the late trip of the windowed view
    List<JsonNode> letters = deadLetterLines();
    assertThat(letters)
        .extracting(l -> l.get("feature_view").asText() + " " + l.get("reason").asText())
        .containsExactlyInAnyOrder(
            "trip_stats invalid_json",
            "trip_stats bad_key",
            "trip_stats wrong_type",
            "trip_stats late",
            "latest_trip invalid_json",
            "latest_trip bad_key",
            "latest_trip wrong_type");
    assertThat(letters)
        .filteredOn(l -> l.get("reason").asText().equals("wrong_type"))
        .extracting(l -> l.get("detail").asText())
        .allSatisfy(d -> assertThat(d).contains("field 'fare'").contains("\"ten\""));
    Map<DeadLetterReason, Long> after = deadLetters();
    assertThat(after.get(DeadLetterReason.LATE) - before.get(DeadLetterReason.LATE)).isEqualTo(1);
    assertThat(after.get(DeadLetterReason.BAD_KEY) - before.get(DeadLetterReason.BAD_KEY))
        .isEqualTo(1);
  }

  @Test
  void thePipelineMetricsPassPromtool() throws Exception {
    Files.write(
        dir.resolve("trips.jsonl"),
        List.of(
            new Trip(1, at(1), "a", 10.0, "Lisbon").json(),
            "not json",
            new Trip(1, at(90), "b", 5.0, "Porto").json()));
    run(repository());
    // the operators ran in this JVM: their metrics are in its jobs' registry
    String metrics =
        PrometheusTextFormatWriter.create().toDebugString(JobMetrics.registry().scrape());

    assertThat(metrics)
        .contains(
            "featurewatch_pipeline_events_total{feature_view=\"trip_stats\"}",
            "featurewatch_pipeline_dead_letters_total{feature_view=\"trip_stats\",reason=\"invalid_json\"}",
            "featurewatch_pipeline_freshness_seconds_bucket{feature_view=\"trip_stats\",le=\"+Inf\"}",
            "featurewatch_pipeline_newest_online_row_timestamp_seconds{feature_view=\"latest_trip\"}",
            "featurewatch_pipeline_expected_interval_seconds{feature_view=\"trip_stats\"} 780.0");
    assertThat(TestServices.promtoolCheckMetrics(metrics)).as(metrics).isBlank();
  }

  private void run(FeatureRepository repo) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    env.enableCheckpointing(200);
    FeatureJob.build(
        env,
        repo,
        List.of(WINDOWED, LATEST),
        EventSources.replay(repo, dir),
        new FeatureJob.Sinks(
            new OnlineStoreSink(
                dir.resolve("online").toString(),
                List.of(WINDOWED, LATEST),
                OnlineStoreSink.Settings.DEFAULT),
            new OfflineStoreSink(
                dir.resolve("offline").toString(),
                List.of(WINDOWED, LATEST),
                Map.of(
                    WINDOWED.name(), repo.joinKeys(WINDOWED),
                    LATEST.name(), repo.joinKeys(LATEST))),
            LineSinks.directory(dir.resolve("dead-letters"), "dead-letters")));
    env.execute("feature pipeline replay test");
  }

  private static FeatureRepository repository() {
    FeatureRepository base = StreamViews.repository(WINDOWED, LATEST);
    return FeatureRepository.of(
        base.entities(),
        List.of(
            new DataSource(
                "trips",
                new DataSource.KafkaSettings("trips", "", "trips_file"),
                "ts",
                "",
                "",
                Map.of()),
            new DataSource(
                "trips_file",
                new DataSource.FileSettings("trips.jsonl", DataSource.FileFormat.JSONL),
                "ts",
                "",
                "",
                Map.of())),
        base.featureViews(),
        List.of());
  }

  private static List<String> texts(OfflineStore offline, FeatureView view) {
    return offline.readSorted(view, null, null).stream().map(Trips::text).toList();
  }

  private static long maxTime(List<Trip> trips, long driver) {
    return trips.stream()
        .filter(t -> t.driver() == driver)
        .mapToLong(Trip::timeMillis)
        .max()
        .orElseThrow();
  }

  private static List<Path> hiddenFiles(Path partition) throws IOException {
    try (Stream<Path> files = Files.list(partition)) {
      return files.filter(f -> f.getFileName().toString().startsWith(".")).toList();
    }
  }

  private List<JsonNode> deadLetterLines() throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> letters = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir.resolve("dead-letters"))) {
      for (Path file : files.toList()) {
        for (String line : Files.readAllLines(file)) {
          letters.add(json.readTree(line));
        }
      }
    }
    return letters;
  }

  private static Map<DeadLetterReason, Long> deadLetters() {
    Map<DeadLetterReason, Long> counts = new TreeMap<>();
    for (DeadLetterReason reason : DeadLetterReason.values()) {
      counts.put(
          reason,
          JobMetrics.shared(PipelineMetrics.class, PipelineMetrics::new)
              .deadLetters("trip_stats", reason));
    }
    return counts;
  }
}
