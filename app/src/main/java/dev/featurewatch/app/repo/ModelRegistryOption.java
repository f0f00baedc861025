package dev.featurewatch.app.repo;

import dev.featurewatch.modelregistry.ModelRegistries;
import dev.featurewatch.modelregistry.ModelRegistry;
import dev.featurewatch.store.config.RepositoryConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Which model registry a command uses, for the commands that only need that of a repository: the
 * one given with {@code --model-registry}, else the {@code model_registry} of {@code --repo}'s
 * settings.
 */
public final class ModelRegistryOption {

  @Option(
      names = "--repo",
      defaultValue = ".",
      paramLabel = "DIR",
      description = "The feature repository whose model_registry to use (default: .).")
  private Path repo;

  @Option(
      names = "--model-registry",
      paramLabel = "DIR|URL",
      description =
          "The model registry: a directory, or an MLflow tracking server http://HOST:PORT"
              + " (default: model_registry in <repo>/featurewatch.yaml, else"
              + " <repo>/"
              + RepositoryConfig.DEFAULT_MODEL_REGISTRY
              + ").")
  private String location;

  /** The registry's location, as {@code ModelRegistries.open} takes it. */
  public String location() {
    return location != null ? location : RepositoryConfig.read(repo).modelRegistry();
  }

  /** The registry at {@link #location()}. */
  public ModelRegistry open() {
    return ModelRegistries.open(location());
  }
}
