package dev.featurewatch.app.repo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurewatch.app.Cli;
import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.offline.OfflineStore;
import java.io.IOException;
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
    ExampleRepository.copyWithEmptyFileSources(dir.resolve("repo"));
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

  @Test
  void eachEntityRowGetsTheFeaturesAsTheyWereAtItsTime() throws IOException {
    Path entities =
        Files.writeString(
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
    Path out = dir.resolve("training.csv");

    Cli run =
        run(
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
            dir.resolve("repo").toString());

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
            offline.toString(),
            "--repo",
            dir.resolve("repo").toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("feature view 'driver_hourly_stats' has no feature 'nope'");
  }
}
