package dev.featurewatch.app.repo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurewatch.app.Cli;
import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.offline.OfflineStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoricalCommandTest {

  @TempDir Path dir;

  private Path registry;
  private Path offline;

  private static Cli run(String... args) {
    return Cli.run(args);
  }

  @BeforeEach
  void registerTheExampleAndWriteItsOfflineRows() throws IOException {
    registry = dir.resolve("registry");
    offline = dir.resolve("offline");
    registerTheExampleWithOfflineRows(registry, offline);
  }

  /**
   * The example in a file registry at {@code registry}, three driver rows in {@code offline}, and
   * the example's repository beside the registry ({@link #repo}) with its CSV file sources empty,
   * so that the rows joined are the offline store's.
   */
  static void registerTheExampleWithOfflineRows(Path registry, Path offline) throws IOException {
    ExampleRepository.copyWithEmptyFileSources(repo(registry));
    var repository = ExampleRepository.register(registry);
    FeatureView view = repository.featureView("driver_hourly_stats").orElseThrow();
    try (OfflineStore store = new OfflineStore(offline)) {
      store.append(
          view,
          List.of(
              ExampleRepository.driverStats(1001, "2026-11-01T08:00:00Z", 0.62, 0.91, 14),
              ExampleRepository.driverStats(1001, "2026-11-01T09:00:00Z", 0.65, 0.90, 15),
              ExampleRepository.driverStats(1002, "2026-11-01T08:00:00Z", 0.48, 0.77, 9)));
    }
  }

  /** Entity rows that match, fall beyond the ttl, are never seen, and come before any row. */
  static Path writeEntities(Path dir) throws IOException {
    return Files.writeString(
        dir.resolve("entities.csv"),
        String.join(
            "\n",
            "driver_id,event_timestamp",
            "1001,2026-11-01T08:30:00Z", // the 08:00 row: 09:00 is its future
            "1001,2026-11-01T09:00:00Z", // exactly at 09:00: that row
            "1002,2026-11-03T08:00:01Z", // 48 h later: beyond the view's 1 d ttl
            "1003,2026-11-01T10:00:00Z", // never seen
            "1001,2026-11-01T07:59:59Z", // before any row
            ""));
  }

  /** {@code historical} of two driver features of {@code entities} into {@code out}. */
  static Cli historical(Path entities, Path out, Path registry, Path offline) {
    return run(
        "historical",
        "--entities",
        entities.toString(),
        "--features",
        "driver_hourly_stats:conv_rate,driver_hourly_stats:avg_daily_trips",
        "--out",
        out.toString(),
        "--registry",
        registry.toString(),
        "--offline",
        offline.toString(),
        "--repo",
        repo(registry).toString());
  }

  /** The repository of the registry at {@code registry}. */
  static Path repo(Path registry) {
    return registry.resolveSibling("repo");
  }

  @Test
  void eachEntityRowGetsTheFeaturesAsTheyWereAtItsTime() throws IOException {
    Path out = dir.resolve("training.csv");

    Cli run = historical(writeEntities(dir), out, registry, offline);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("5 rows");
    assertThat(Files.readAllLines(out))
        .containsExactly(
            "driver_id,event_timestamp,conv_rate,avg_daily_trips",
            "1001,2026-11-01T08:30:00Z,0.62,14",
            "1001,2026-11-01T09:00:00Z,0.65,15",
            "1002,2026-11-03T08:00:01Z,,",
            "1003,2026-11-01T10:00:00Z,,",
            "1001,2026-11-01T07:59:59Z,,");
  }

  @Test
  void aParquetOutIsWrittenAsAParquetFile() throws IOException {
    Path out = dir.resolve("training.parquet");

    Cli run = historical(writeEntities(dir), out, registry, offline);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("wrote " + out + ": 5 rows, 4 columns");
    byte[] bytes = Files.readAllBytes(out);
    // a Parquet file starts and ends with its magic number; pandas reads it in HistoricalParquetIT
    assertThat(new String(bytes, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("PAR1");
    assertThat(new String(bytes, bytes.length - 4, 4, StandardCharsets.US_ASCII)).isEqualTo("PAR1");
  }

  @Test
  void anOutOfAnotherFormatIsABadInputListingTheFormats() throws IOException {
    Path out = dir.resolve("training.json");

    Cli run = historical(writeEntities(dir), out, registry, offline);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--out must end in .parquet, .arrow or .csv, found " + out);
    assertThat(Files.exists(out)).isFalse();
  }

  @Test
  void anUnknownFeatureIsABadInputNamingIt() throws IOException {
    Path entities = Files.writeString(dir.resolve("e.csv"), "driver_id,event_timestamp\n");

    Cli run =
        run(
            "historical",
            "--entities",
            entities.toString(),
            "--features",
            "driver_hourly_stats:nope",
            "--out",
            dir.resolve("t.csv").toString(),
            "--registry",
            registry.toString(),
            "--offline",
            offline.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("feature view 'driver_hourly_stats' has no feature 'nope'");
  }
}
