package dev.featurewatch.modelregistry;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/** Opens a model registry by its location, as configuration names it. */
public final class ModelRegistries {

  /** How long one call to a remote registry may take. */
  public static final Duration TIMEOUT = Duration.ofSeconds(10);

  /**
   * The registry at {@code location}: {@code http(s)://HOST:PORT} is an MLflow tracking server,
   * anything else a directory ({@link LocalModelRegistry}).
   */
  public static ModelRegistry open(String location) {
    if (location.startsWith("http://") || location.startsWith("https://")) {
      return new MlflowModelRegistry(URI.create(location), TIMEOUT);
    }
    return new LocalModelRegistry(Path.of(location));
  }

  private ModelRegistries() {}
}
