package dev.featurewatch.app.repo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurewatch.app.Cli;
import dev.featurewatch.store.config.RepositoryConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApplyCommandTest {

  @TempDir Path repo;

  private static Cli run(String... args) {
    return Cli.run(args);
  }

  @BeforeEach
  void copyTheExampleRepository() throws IOException {
    ExampleRepository.copyTo(repo);
  }

  private void replaceIn(String file, String from, String to) throws IOException {
    Path path = repo.resolve(file);
    Files.writeString(path, Files.readString(path).replaceFirst(from, to));
  }

  @Test
  void theExampleAppliesAsVersionOneAndAgainWithoutChanges() {
    Cli first = run("apply", "--repo", repo.toString());
    Cli second = run("apply", "--repo", repo.toString());

    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(first.out())
        .contains("+ feature view driver_hourly_stats")
        .contains("+ feature service driver_ranking")
        .contains("stored registry version 1");
    assertThat(second.out()).contains("no changes: registry version 1 stays current");
    assertThat(repo.resolve(RepositoryConfig.DEFAULT_REGISTRY).resolve("registry.json")).exists();
  }

  @Test
  void aFileSourceWithoutItsFilesIsAWarningNotARefusal() throws IOException {
    Files.delete(repo.resolve("data/driver_profile.csv"));

    Cli run = run("apply", "--repo", repo.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err())
        .contains(
            "warning: source 'driver_profile_file': path "
                + repo.resolve("data/driver_profile.csv")
                + " does not exist (historical and materialize will fail on it here)");
    assertThat(run.out()).contains("stored registry version 1");
  }

  @Test
  void aTypeChangeIsRefusedUnlessForced() throws IOException {
    run("apply", "--repo", repo.toString());
    replaceIn("drivers.yaml", "type: int64", "type: double");

    Cli refused = run("apply", "--repo", repo.toString());
    Cli forced = run("apply", "--repo", repo.toString(), "--force");

    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.err()).contains("avg_daily_trips").contains("--force");
    assertThat(forced.exitCode()).as(forced.err()).isZero();
    assertThat(forced.out()).contains("~ feature view driver_hourly_stats").contains("version 2");
  }

  @Test
  void everyProblemIsReportedWithFileLineAndPath() throws IOException {
    replaceIn("drivers.yaml", "type: double", "type: float");
    replaceIn("drivers.yaml", "ttl: 1d", "ttl: -5m");

    Cli run = run("apply", "--repo", repo.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains("drivers.yaml:")
        .contains("feature_views[0].schema[0].type: unknown value type 'float'")
        .contains("feature_views[0].ttl")
        .contains("-5m");
  }

  @Test
  void aDryRunShowsTheChangesAndStoresNothing() {
    Cli run = run("apply", "--repo", repo.toString(), "--dry-run");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("+ entity driver").contains("dry run: nothing stored");
    assertThat(repo.resolve(RepositoryConfig.DEFAULT_REGISTRY).resolve("registry.json"))
        .doesNotExist();
  }

  @Test
  void theRegistryListsAndDescribesWhatWasApplied() {
    run("apply", "--repo", repo.toString());

    Cli list = run("registry", "list", "--repo", repo.toString());
    Cli describe = run("registry", "describe", "driver_hourly_stats", "--repo", repo.toString());
    Cli stream = run("registry", "describe", "driver_trip_stats", "--repo", repo.toString());
    Cli unknown = run("registry", "describe", "nope", "--repo", repo.toString());
    Cli monitor = run("registry", "describe", "ranking_champion", "--repo", repo.toString());

    assertThat(list.out())
        .contains("registry version 1")
        .contains("driver_hourly_stats          3 features, entities [driver], ttl 1d");
    assertThat(describe.out())
        .contains("feature view driver_hourly_stats")
        .contains("join keys [driver_id int64]")
        .contains("avg_daily_trips");
    assertThat(stream.out())
        .contains("stream:      1h window every 5m, events up to 30s out of order")
        .containsPattern("fare_mean_1h +double +mean\\(fare\\)");
    assertThat(list.out())
        .contains(
            "ranking_champion             driver-ranking alias champion, 4 features, windows of 5m"
                + " or 5000 predictions");
    assertThat(monitor.out())
        .contains("model monitor ranking_champion")
        .contains(
            "  predictions: driver_ranking_predictions, binary_probability (positive at or above"
                + " 0.5)")
        .contains("  labels:      driver_ranking_labels, joined up to 1d later")
        .contains(
            "  drift:       auto from 20 values, calibrated at alpha 0.01; acc_rate: wasserstein"
                + " floor 0.05; conv_rate: psi fixed at 0.2")
        .contains("  segments:    vehicle_type [sedan, suv, van]")
        .contains("  write-back:  on change and every 10m")
        .contains(
            "  features:    (service driver_ranking) [conv_rate double, acc_rate double, rating"
                + " double, vehicle_type string]");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("nothing named 'nope' in the registry");
  }

  @Test
  void anEmptyRegistryTellsHowToFillIt() {
    Cli run = run("registry", "list", "--repo", repo.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("the registry is empty: run 'featurewatch apply --repo");
  }
}
