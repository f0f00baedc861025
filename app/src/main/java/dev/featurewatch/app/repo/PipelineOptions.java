package dev.featurewatch.app.repo;

import dev.featurewatch.app.input.InputException;
import dev.featurewatch.store.config.RepositoryConfig;
import dev.featurewatch.store.definition.FeatureRepository;
import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.pipeline.job.FeatureJob;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The feature pipeline's options shared by {@code run features} and {@code submit features}: which
 * views, which brokers, how often to checkpoint; each falls back to the repository's settings.
 */
final class PipelineOptions {

  @Option(
      names = "--views",
      split = ",",
      paramLabel = "VIEW",
      description = "The stream feature views to run (default: all of the registry's).")
  private List<String> viewNames;

  @Option(
      names = "--kafka",
      paramLabel = "HOST:PORT,...",
      description =
          "Kafka brokers for sources that name none and for a kafka: dead-letter topic (default:"
              + " streaming.kafka in <repo>/featurewatch.yaml).")
  private String kafka;

  @Option(
      names = "--checkpoint-interval",
      paramLabel = "SECONDS",
      description =
          "Seconds between checkpoints: the most a restart recomputes, and how long rows wait"
              + " for the offline store (default: 10, or streaming.checkpoint_interval_seconds in"
              + " <repo>/featurewatch.yaml).")
  private Long checkpointSeconds;

  /** The names given with {@code --views}; empty for all. */
  List<String> viewNames() {
    return viewNames == null ? List.of() : List.copyOf(viewNames);
  }

  /**
   * The chosen stream feature views of {@code definitions}.
   *
   * @throws InputException a name that is not a stream feature view, or none at all
   */
  List<FeatureView> views(FeatureRepository definitions) {
    try {
      return FeatureJob.streamViews(definitions, viewNames());
    } catch (IllegalArgumentException e) {
      throw new InputException("--views: " + e.getMessage(), e);
    }
  }

  /** The brokers: the option, else the repository's {@code streaming.kafka} (may be empty). */
  String brokers(RepositoryConfig settings) {
    return kafka != null ? kafka : settings.streaming().kafka();
  }

  /**
   * The checkpoint interval: the option, else the repository's setting.
   *
   * @throws InputException the option is below one second
   */
  Duration checkpointInterval(RepositoryConfig settings) {
    if (checkpointSeconds == null) {
      return settings.streaming().checkpointInterval();
    }
    if (checkpointSeconds < 1) {
      throw new InputException(
          "--checkpoint-interval must be at least 1, found " + checkpointSeconds);
    }
    return Duration.ofSeconds(checkpointSeconds);
  }
}
