package dev.featurewatch.store.pipeline.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.featurewatch.store.definition.DataSource;
import dev.featurewatch.store.definition.FeatureRepository;
import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.offline.OfflineStore;
import dev.featurewatch.store.online.OnlineStore;
import dev.featurewatch.store.online.OnlineValue;
import dev.featurewatch.store.online.factory.OnlineStores;
import dev.featurewatch.store.pipeline.StreamViews;
import dev.featurewatch.store.pipeline.Trips;
import dev.featurewatch.store.pipeline.Trips.Trip;
import dev.featurewatch.store.row.EntityKey;
import dev.featurewatch.store.row.FeatureRow;
import dev.featurewatch.streaming.job.LocalJobs;
import dev.featurewatch.streaming.source.EventSources;
import dev.featurewatch.testing.KafkaFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline reading a real Kafka topic (the in-JVM KRaft broker) at parallelism 2, stopped
 * abruptly mid-stream and restarted from its last retained checkpoint, as {@code featurewatch run
 * features} does: the offline store must then hold every window of the reference computation
 * exactly once, and the online store each driver's last window, as a run without failure would.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class FeatureJobKafkaIT {

  private static final Duration LATE = Duration.ofMinutes(3);
  private static final List<String> BAD =
      List.of("not json", "{\"driver_id\": 1}", "{\"driver_id\": \"one\", \"ts\": 0}");
  private static final FeatureView VIEW =
      StreamViews.windowed("trip_stats", Duration.ofMinutes(30), Duration.ofMinutes(10), LATE);

  @RegisterExtension static final KafkaFixture KAFKA = new KafkaFixture();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void aJobStoppedMidStreamAndResumedFromItsCheckpointLosesAndDoublesNothing() throws Exception {
    KAFKA.createTopic("trips", 2);
    List<Trip> trips = Trips.random(new Random(42), 2_000, LATE);
    FeatureRepository repo = repository();
    LocalPipeline pipeline =
        new LocalPipeline(
            new Outputs(
                dir.resolve("online").toString(),
                dir.resolve("offline").toString(),
                "kafka:trips.dead-letters",
                KAFKA.bootstrapServers()),
            dir.resolve("checkpoints"),
            Duration.ofMillis(200),
            2);

    send(trips.subList(0, 1_200));
    KAFKA.send(BAD.stream().map(bad -> new ProducerRecord<String, String>("trips", bad)).toList());
    LocalJobs.Started first =
        pipeline.start(repo, List.of(VIEW), EventSources.live(repo, dir, KAFKA.bootstrapServers()));
    assertThat(first.resumedFrom()).isEmpty();
    awaitCheckpointAfterRows(first);
    // abruptly: no savepoint, no final checkpoint; rows since the last checkpoint are in flight
    first.job().cancel().get();
    awaitTerminal(first);
    List<String> expected = Trips.windowRows("trip_stats", trips, 30, 10);
    try (OfflineStore offline = new OfflineStore(dir.resolve("offline"))) {
      assertThat(offline.readSorted(VIEW, null, null)).hasSizeLessThan(expected.size());
    }

    send(trips.subList(1_200, trips.size()));
    // a trip of driver 99 hours later in each partition: the watermark passes every window
    sendClock(Trips.at(8 * 60));
    LocalJobs.Started second =
        pipeline.start(repo, List.of(VIEW), EventSources.live(repo, dir, KAFKA.bootstrapServers()));
    assertThat(second.resumedFrom()).isPresent();
    awaitOfflineRows(expected.size());
    // two more checkpoints: a doubled window would be published by now
    awaitNewerCheckpoints(2);
    second.job().cancel().get();
    awaitTerminal(second);

    // at least once: a letter sent after the last checkpoint before the cancel comes again
    assertThat(
            KAFKA.readValues("trips.dead-letters", BAD.size(), Duration.ofSeconds(30)).stream()
                .map(FeatureJobKafkaIT::rawOf)
                .distinct())
        .containsExactlyInAnyOrderElementsOf(BAD);
    try (OfflineStore offline = new OfflineStore(dir.resolve("offline"))) {
      assertThat(
              offline.readSorted(VIEW, null, null).stream()
                  .filter(r -> !r.key().values().get(0).equals(99L))
                  .map(Trips::text)
                  .toList())
          .containsExactlyInAnyOrderElementsOf(expected);
    }
    try (OnlineStore online = OnlineStores.open(dir.resolve("online").toString())) {
      for (long driver = 1; driver <= 5; driver++) {
        EntityKey key = EntityKey.of("driver_id", driver);
        OnlineValue value = online.read(VIEW, List.of(key), Instant.now()).get(0);
        String prefix = "trip_stats " + driver + " ";
        String last =
            expected.stream()
                .filter(r -> r.startsWith(prefix))
                .max(Comparator.comparing(r -> r.split(" ")[2]))
                .orElseThrow();
        assertThat(
                Trips.text(
                    new FeatureRow("trip_stats", key, value.eventTime(), null, value.values())))
            .isEqualTo(last);
      }
    }
  }

  /** Waits until a checkpoint is retained after rows reached the online store. */
  private void awaitCheckpointAfterRows(LocalJobs.Started run) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (LocalPipeline.latestCheckpoint(dir.resolve("checkpoints")).isPresent()
          && dir.resolve("offline").resolve("trip_stats").toFile().exists()) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no checkpoint with committed rows within 60 s: " + run.job());
  }

  /** Waits until {@code count} checkpoints newer than the latest now have been retained. */
  private void awaitNewerCheckpoints(int count) throws InterruptedException {
    Path checkpoints = dir.resolve("checkpoints");
    for (int i = 0; i < count; i++) {
      Optional<Path> seen = LocalPipeline.latestCheckpoint(checkpoints);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (LocalPipeline.latestCheckpoint(checkpoints).equals(seen)) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("no new checkpoint within 30 s after " + seen);
        }
        Thread.sleep(50);
      }
    }
  }

  /** Waits until the offline store holds {@code rows} rows of drivers other than 99. */
  private void awaitOfflineRows(int rows) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    int seen = 0;
    while (System.nanoTime() < deadline) {
      try (OfflineStore offline = new OfflineStore(dir.resolve("offline"))) {
        seen =
            (int)
                offline.readSorted(VIEW, null, null).stream()
                    .filter(r -> !r.key().values().get(0).equals(99L))
                    .count();
      }
      if (seen >= rows) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the offline store holds " + seen + " of " + rows + " rows");
  }

  /** A trip of driver 99 at {@code timeMillis} in every partition. */
  private static void sendClock(long timeMillis) {
    List<ProducerRecord<String, String>> clocks = new ArrayList<>();
    for (int partition = 0; partition < 2; partition++) {
      String trip = new Trip(99, timeMillis, "clock" + partition, 1.0, "Lisbon").json();
      clocks.add(new ProducerRecord<>("trips", partition, "99", trip));
    }
    KAFKA.send(clocks);
  }

  /** Waits until the cancelled job has ended, and its MiniCluster with it. */
  private static void awaitTerminal(LocalJobs.Started run) {
    Throwable ended = run.job().getJobExecutionResult().handle((r, e) -> e).join();
    assertThat(ended).as("the job ends cancelled, not finished").isNotNull();
  }

  private static String rawOf(String deadLetter) {
    try {
      return JSON.readTree(deadLetter).get("raw").asText();
    } catch (JsonProcessingException e) {
      throw new AssertionError("a dead letter that is not JSON: " + deadLetter, e);
    }
  }

  private static void send(List<Trip> trips) {
    // keyed by driver: one driver's trips stay in one partition, in the order sent
    KAFKA.send(
        trips.stream()
            .map(t -> new ProducerRecord<>("trips", Long.toString(t.driver()), t.json()))
            .toList());
  }

  private static FeatureRepository repository() {
    FeatureRepository base = StreamViews.repository(VIEW);
    return FeatureRepository.of(
        base.entities(),
        List.of(
            new DataSource(
                "trips", new DataSource.KafkaSettings("trips", "", ""), "ts", "", "", Map.of())),
        base.featureViews(),
        List.of());
  }
}
