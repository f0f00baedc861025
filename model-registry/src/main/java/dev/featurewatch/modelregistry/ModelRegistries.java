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
   * with the credentials of this process's environment ({@link MlflowModelRegistry}), anything else
   * a directory ({@link LocalModelRegistry}).
   */
  public static ModelRegistry open(String location) {
    if (isMlflow(location)) {
      return new MlflowModelRegistry(URI.create(location), TIMEOUT);
    }
    return new LocalModelRegistry(Path.of(location));
  }

  /**
   * Refuses now what {@link #open} would refuse, without opening anything: an MLflow URL with
   * credentials in it, MLflow credentials that this process's environment sets wrongly. For a
   * command that starts a job in this process which opens the registry: it fails with the message,
   * not the job.
   *
   * @throws ModelRegistryException {@code REFUSED}, saying what to change
   */
  public static void check(String location) {
    if (isMlflow(location)) {
      MlflowModelRegistry.checkUrl(URI.create(location));
      MlflowCredentials.fromEnvironment();
    }
  }

  private static boolean isMlflow(String location) {
    return location.startsWith("http://") || location.startsWith("https://");
  }

  private ModelRegistries() {}
}
