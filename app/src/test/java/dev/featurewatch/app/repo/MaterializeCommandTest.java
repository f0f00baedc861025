package dev.featurewatch.app.repo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurewatch.app.Cli;
import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.offline.OfflineStore;
import dev.featurewatch.store.online.OnlineValue;
import dev.featurewatch.store.online.rocksdb.RocksDbOnlineStore;
import dev.featurewatch.store.row.EntityKey;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaterializeCommandTest {

  @TempDir Path dir;

  private FeatureView stats;

  /** Runs {@code command} on the test's registry and offline store, and the given ones. */
  private Cli runOn(Path online, Path state, String... command) {
    List<String> args = new ArrayList<>(List.of(command));
    args.addAll(
        List.of(
            "--repo",
            dir.toString(),
            "--registry",
            dir.resolve("registry").toString(),
            "--offline",
            dir.resolve("offline").toString(),
            "--online",
            online.toString()));
    if (state != null) {
      args.addAll(List.of("--state", state.toString()));
    }
    return Cli.run(args.toArray(String[]::new));
  }

  private Cli run(String... command) {
    return runOn(dir.resolve("online"), dir.resolve("state.json"), command);
  }

  @BeforeEach
  void registerTheExampleAndWriteItsOfflineRows() throws IOException {
    ExampleRepository.copyWithEmptyFileSources(dir);
    var repository = ExampleRepository.register(dir.resolve("registry"));
    stats = repository.featureView("driver_hourly_stats").orElseThrow();
    try (OfflineStore store = new OfflineStore(dir.resolve("offline"))) {
      store.append(
          stats,
          List.of(
              ExampleRepository.driverStats(1001, "2026-11-01T08:00:00Z", 0.62, 0.91, 14),
              ExampleRepository.driverStats(1001, "2026-11-02T09:00:00Z", 0.65, 0.90, 15),
              ExampleRepository.driverStats(1002, "2026-11-01T08:00:00Z", 0.48, 0.77, 9),
              ExampleRepository.driverStats(1003, "2026-11-03T08:00:00Z", 0.10, 0.10, 1)));
    }
  }

  private Object onlineTrips(long driver) {
    try (RocksDbOnlineStore online = RocksDbOnlineStore.open(dir.resolve("online"))) {
      OnlineValue value =
          online
              .read(
                  stats,
                  List.of(EntityKey.of("driver_id", driver)),
                  Instant.parse("2026-11-02T10:00:00Z"))
              .get(0);
      return value.found() ? value.value(2) : null;
    }
  }

  @Test
  void materializeWritesTheLatestRowPerDriverAndShowsProgress() {
    Cli run =
        run(
            "materialize",
            "--start",
            "2026-11-01",
            "--end",
            "2026-11-03T00:00:00Z",
            "--views",
            "driver_hourly_stats");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("driver_hourly_stats: 1/2 partitions, 1 rows read, 1 keys written (50%)")
        .contains("driver_hourly_stats: 2 partitions, 3 rows read, 2 keys written (100%)")
        .contains("materialized 1 view");
    assertThat(onlineTrips(1001)).isEqualTo(15L);
    assertThat(onlineTrips(1002)).isEqualTo(9L);
    assertThat(onlineTrips(1003)).as("after --end").isNull();
  }

  @Test
  void materializeIncrementalContinuesFromTheLastEndAndTwiceWritesNothingTheSecondTime() {
    // the view's ttl is 1d: never materialized, incremental would start at the real now - 1d
    Cli range = run("materialize", "--start", "2026-11-01", "--end", "2026-11-03");
    Cli first =
        run("materialize-incremental", "--end", "2026-11-04", "--views", "driver_hourly_stats");
    Cli second = run("materialize-incremental", "2026-11-04", "--views", "driver_hourly_stats");

    assertThat(range.exitCode()).as(range.err()).isZero();
    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(first.out())
        .contains("driver_hourly_stats: 1 partition, 1 rows read, 1 keys written (100%)");
    assertThat(second.exitCode()).as(second.err()).isZero();
    assertThat(onlineTrips(1003)).isEqualTo(1L);
    assertThat(second.out())
        .contains("driver_hourly_stats: 0 partitions, 0 rows read, 0 keys written (100%)");
  }

  @Test
  void eachOnlineStoreKeepsItsOwnCheckpoint() {
    String[] range = {
      "materialize",
      "--start",
      "2026-11-01",
      "--end",
      "2026-11-03",
      "--views",
      "driver_hourly_stats"
    };

    Cli first = runOn(dir.resolve("online"), null, range);
    Cli second = runOn(dir.resolve("another"), null, range);

    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(second.exitCode()).as(second.err()).isZero();
    // the second store starts empty: nothing of the first store's checkpoint applies to it
    assertThat(second.out())
        .contains("driver_hourly_stats: 2 partitions, 3 rows read, 2 keys written (100%)");
    assertThat(dir.resolve(MaterializeCommand.DEFAULT_STATE_DIRECTORY))
        .isDirectoryContaining("regex:.*/rocksdb-online-[0-9a-f]{8}\\.json")
        .isDirectoryContaining("regex:.*/rocksdb-another-[0-9a-f]{8}\\.json");
  }

  @Test
  void anUnknownViewIsABadInputNamingIt() {
    Cli run = run("materialize", "--start", "2026-11-01", "--end", "2026-11-02", "--views", "nope");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--views: no feature view 'nope' in the registry");
  }

  @Test
  void anEndBeforeTheStartIsABadInputNamingBoth() {
    Cli run = run("materialize", "--start", "2026-11-02", "--end", "2026-11-01");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains("--end must be after --start: --start 2026-11-02, --end 2026-11-01");
  }

  @Test
  void aMalformedTimeIsABadInputNamingTheOptionAndValue() {
    Cli run = run("materialize", "--start", "yesterday", "--end", "2026-11-01");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains("--start must be an ISO-8601 instant")
        .contains("found 'yesterday'");
  }
}
