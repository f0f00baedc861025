package dev.featurewatch.app.repo;

import dev.featurewatch.store.definition.FeatureRepository;
import dev.featurewatch.store.registry.FileRegistry;
import dev.featurewatch.store.repo.RepositoryReader;
import dev.featurewatch.store.row.EntityKey;
import dev.featurewatch.store.row.FeatureRow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

/** The shipped example feature repository, as the command tests use it. */
final class ExampleRepository {

  /** {@code examples/feature_repo}; tests run in the module's folder. */
  static final Path DIR =
      Paths.get("").toAbsolutePath().getParent().resolve("examples/feature_repo");

  private ExampleRepository() {}

  /** Copies the example, files and folders, into {@code target}, for a test to change or fill. */
  static void copyTo(Path target) throws IOException {
    try (Stream<Path> files = Files.walk(DIR)) {
      for (Path source : files.toList()) {
        Path copy = target.resolve(DIR.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(copy);
        } else {
          Files.copy(source, copy);
        }
      }
    }
  }

  /**
   * Copies the example into {@code target} with its CSV file sources holding their header only: for
   * the tests of the offline store's own rows of the drivers' views.
   */
  static void copyWithEmptyFileSources(Path target) throws IOException {
    copyTo(target);
    Path data = target.resolve("data");
    for (String csv : List.of("driver_hourly_stats.csv", "driver_profile.csv")) {
      Path file = data.resolve(csv);
      Files.writeString(file, Files.readAllLines(file).get(0) + "\n");
    }
  }

  /** The example's definitions. */
  static FeatureRepository read() {
    return RepositoryReader.read(DIR);
  }

  /** Stores the example as the first version of a file registry in {@code registry}. */
  static FeatureRepository register(Path registry) {
    FeatureRepository repository = read();
    new FileRegistry(registry).apply(repository, false);
    return repository;
  }

  /** A row of the example's {@code driver_hourly_stats}, created when it happened. */
  static FeatureRow driverStats(long driver, String at, double conv, double acc, long trips) {
    Instant time = Instant.parse(at);
    return new FeatureRow(
        "driver_hourly_stats",
        EntityKey.of("driver_id", driver),
        time,
        time,
        List.of(conv, acc, trips));
  }
}
