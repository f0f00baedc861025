package dev.featurewatch.app.repo;

import dev.featurewatch.app.input.InputException;
import dev.featurewatch.store.config.RepositoryConfig;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The monitoring job's options shared by {@code run monitors} and {@code submit monitors}: which
 * monitors, which brokers and model registry, how late a prediction may be and how often baselines
 * are looked up; each falls back to the repository's settings.
 */
final class MonitorOptions {

  @Option(
      names = "--monitors",
      split = ",",
      paramLabel = "NAME",
      description = "The model monitors to run (default: all of the registry's).")
  private List<String> monitorNames;

  @Option(
      names = "--kafka",
      paramLabel = "HOST:PORT,...",
      description =
          "Kafka brokers for sources that name none and for kafka: outputs (default: streaming.kafka"
              + " in <repo>/featurewatch.yaml).")
  private String kafka;

  @Option(
      names = "--model-registry",
      paramLabel = "DIR|URL",
      description =
          "The model registry: a directory, or an MLflow tracking server's URL (default:"
              + " model_registry in <repo>/featurewatch.yaml, else <repo>/"
              + RepositoryConfig.DEFAULT_MODEL_REGISTRY
              + ").")
  private String modelRegistry;

  @Option(
      names = "--lateness",
      defaultValue = "5",
      paramLabel = "SECONDS",
      description = "How late after its window's end a prediction still counts (default: 5).")
  private long latenessSeconds;

  @Option(
      names = "--baseline-poll",
      defaultValue = "30",
      paramLabel = "SECONDS",
      description = "How often the model registry is asked for new baselines (default: 30).")
  private long pollSeconds;

  /**
   * @throws InputException a negative lateness or a poll under a second
   */
  void check() {
    if (latenessSeconds < 0 || pollSeconds < 1) {
      throw new InputException(
          "--lateness must be at least 0 and --baseline-poll at least 1, found "
              + latenessSeconds
              + " and "
              + pollSeconds);
    }
  }

  /** The names given with {@code --monitors}; empty for all. */
  List<String> monitorNames() {
    return monitorNames == null ? List.of() : List.copyOf(monitorNames);
  }

  String brokers(RepositoryConfig settings) {
    return kafka != null ? kafka : settings.streaming().kafka();
  }

  String modelRegistry(RepositoryConfig settings) {
    return modelRegistry != null ? modelRegistry : settings.modelRegistry();
  }

  Duration lateness() {
    return Duration.ofSeconds(latenessSeconds);
  }

  Duration baselinePoll() {
    return Duration.ofSeconds(pollSeconds);
  }
}
