package dev.featurewatch.app.repo;

import dev.featurewatch.store.definition.FeatureRepository;
import dev.featurewatch.store.registry.FileRegistry;
import dev.featurewatch.store.repo.RepositoryReader;
import java.nio.file.Path;
import java.nio.file.Paths;

/** The shipped example feature repository, as the command tests use it. */
final class ExampleRepository {

  /** {@code examples/feature_repo}; tests run in the module's folder. */
  static final Path DIR =
      Paths.get("").toAbsolutePath().getParent().resolve("examples/feature_repo");

  private ExampleRepository() {}

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
}
