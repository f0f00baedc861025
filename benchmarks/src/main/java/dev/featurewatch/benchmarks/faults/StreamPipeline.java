package dev.featurewatch.benchmarks.faults;

import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.online.OnlineStore;
import dev.featurewatch.store.online.OnlineValue;
import dev.featurewatch.store.online.factory.OnlineStores;
import dev.featurewatch.store.repo.RepositoryReader;
import dev.featurewatch.store.row.EntityKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The real feature pipeline writing to a given online store, for a benchmark that loads that store
 * otherwise: a Kafka broker process ({@link KafkaProcess}), a copy of the example repository whose
 * {@code featurewatch.yaml} names that store and broker, its {@code run features} in a process of
 * its own ({@link AppProcess}: {@code driver_trip_stats}' one-hour windows every five minutes of
 * event time, checkpoints every 2 s) and a {@link TripStream} of trips at a steady rate. Its
 * progress: trips sent and acknowledged, windows in the offline store, and the newest window online
 * of ten drivers against the event clock.
 */
public final class StreamPipeline implements AutoCloseable {

  /** The drivers the trips are of: ids from {@link #FIRST_DRIVER}. */
  public static final int DRIVERS = 200;

  public static final long FIRST_DRIVER = 1_000_000L;

  private static final Pattern RUNNING = Pattern.compile("running 1 stream feature view");
  private static final Pattern TROUBLE = Pattern.compile("(?i)restart|fail|error|exception|WARN");

  private final KafkaProcess kafka;
  private final AppProcess features;
  private final TripStream trips;
  private final OnlineStore online;
  private final FeatureView view;
  private final Path repo;
  private final Path log;

  private StreamPipeline(
      KafkaProcess kafka,
      AppProcess features,
      TripStream trips,
      OnlineStore online,
      FeatureView view,
      Path repo,
      Path log) {
    this.kafka = kafka;
    this.features = features;
    this.trips = trips;
    this.online = online;
    this.view = view;
    this.repo = repo;
    this.log = log;
  }

  /**
   * Starts the broker in {@code dir/kafka}, applies the example repository copied to {@code
   * dir/repo} and starts its {@code run features} (log {@code dir/features.log}) into {@code
   * onlineStore}, then {@code tripsPerSecond} trips a second. Run from the repository root.
   */
  public static StreamPipeline start(Path dir, String onlineStore, int tripsPerSecond)
      throws Exception {
    Path app = Path.of("app").toAbsolutePath();
    Path repo = dir.resolve("repo");
    KafkaProcess kafka = KafkaProcess.start(dir.resolve("kafka"));
    try {
      copyExample(repo);
      writeConfig(repo, onlineStore, kafka.bootstrapServers());
      StackFaults.createTopics(kafka.bootstrapServers(), List.of(TripStream.TOPIC));
      AppProcess.run(app, dir.resolve("apply.log"), List.of("apply", "--repo", repo.toString()));
      FeatureView view = RepositoryReader.read(repo).featureView("driver_trip_stats").orElseThrow();
      AppProcess features =
          AppProcess.start(
              app,
              dir.resolve("features.log"),
              RUNNING,
              List.of("run", "features", "--repo", repo.toString(), "--no-serve"));
      TripStream trips =
          new TripStream(
              kafka.bootstrapServers(),
              tripsPerSecond,
              DRIVERS,
              Instant.now().truncatedTo(ChronoUnit.HOURS));
      return new StreamPipeline(
          kafka,
          features,
          trips,
          OnlineStores.open(onlineStore),
          view,
          repo,
          dir.resolve("features.log"));
    } catch (Exception e) {
      kafka.close();
      throw e;
    }
  }

  /** The example repository the pipeline runs, to serve. */
  public Path repository() {
    return repo;
  }

  public long tripsSent() {
    return trips.sent();
  }

  public long tripsAcknowledged() {
    return trips.acknowledged();
  }

  public long tripsFailed() {
    return trips.failed();
  }

  /** The process id of {@code run features}: the same at the end if it never restarted. */
  public long featuresPid() {
    return features.pid();
  }

  public boolean featuresAlive() {
    return ProcessHandle.of(features.pid()).map(ProcessHandle::isAlive).orElse(false);
  }

  /** The lines of {@code run features}' log that tell of a failure, an error or a restart. */
  public long featuresTrouble() throws IOException {
    try (Stream<String> lines = Files.lines(log)) {
      return lines.filter(line -> TROUBLE.matcher(line).find()).count();
    }
  }

  /** The windows {@code run features} has written to the offline store so far. */
  public long offlineWindows() {
    return FeatureChecks.offlineRows(repo.resolve(".featurewatch/offline"), view).values().stream()
        .mapToLong(List::size)
        .sum();
  }

  /** The event clock now minus the newest window end online of ten drivers; null if none yet. */
  public Duration onlineLag() {
    List<EntityKey> keys = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      keys.add(EntityKey.of("driver_id", FIRST_DRIVER + i));
    }
    Instant clock = trips.eventTime(System.nanoTime());
    return online.read(view, keys, clock).stream()
        .map(OnlineValue::eventTime)
        .filter(Objects::nonNull)
        .max(Instant::compareTo)
        .map(newest -> Duration.between(newest, clock))
        .orElse(null);
  }

  /** Stops the trips, {@code run features} (SIGTERM, its exit code) and the broker. */
  public int stop() throws InterruptedException {
    trips.close();
    int exit = features.terminate();
    kafka.stop();
    return exit;
  }

  @Override
  public void close() {
    trips.close();
    features.close();
    online.close();
    kafka.close();
  }

  /**
   * Creates a run's folder, which must not exist yet, and makes every process this JVM starts (the
   * broker, Redis, the commands) end with it: none outlives the run.
   */
  public static void newRunFolder(Path dir) throws IOException {
    if (Files.exists(dir)) {
      throw new IllegalArgumentException(dir + " exists: give a new folder");
    }
    Files.createDirectories(dir);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> ProcessHandle.current().descendants().forEach(ProcessHandle::destroy)));
  }

  /** The example repository's {@code featurewatch.yaml} for a given online store and broker. */
  static void writeConfig(Path repo, String onlineStore, String kafka) throws IOException {
    Files.writeString(
        repo.resolve("featurewatch.yaml"),
        String.join(
            "\n",
            "registry: .featurewatch/registry",
            "online_store: " + onlineStore,
            "offline_store: .featurewatch/offline",
            "streaming:",
            "  kafka: " + kafka,
            "  dead_letters: .featurewatch/dead-letters",
            "  checkpoint_interval_seconds: 2",
            ""));
  }

  /** Copies {@code examples/feature_repo} (from the repository root) to {@code repo}. */
  static void copyExample(Path repo) throws IOException {
    Path example = Path.of("examples/feature_repo").toAbsolutePath();
    try (Stream<Path> files = Files.walk(example)) {
      for (Path source : files.toList()) {
        Path copy = repo.resolve(example.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(copy);
        } else {
          Files.copy(source, copy);
        }
      }
    }
  }
}
