package dev.featurewatch.store.pipeline.job;

import dev.featurewatch.annotation.Internal;
import dev.featurewatch.store.definition.FeatureRepository;
import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.streaming.job.LocalJobs;
import dev.featurewatch.streaming.source.EventSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The feature pipeline on a MiniCluster in this JVM, the embedded mode: see {@link LocalJobs}.
 *
 * @param outputs where rows and dead letters go (for the feature pipeline)
 * @param checkpoints where checkpoints go, and the latest is resumed from
 * @param checkpointInterval how often; also the delay of rows to the offline store
 * @param parallelism subtasks per operator
 * @param flinkMetricsPorts where Flink's own metrics are served, null for nowhere: see {@link
 *     LocalJobs}
 */
@Internal
public record LocalPipeline(
    Outputs outputs,
    Path checkpoints,
    Duration checkpointInterval,
    int parallelism,
    String flinkMetricsPorts) {

  /** The pipeline without Flink's metrics reporter. */
  public LocalPipeline(
      Outputs outputs, Path checkpoints, Duration checkpointInterval, int parallelism) {
    this(outputs, checkpoints, checkpointInterval, parallelism, null);
  }

  /**
   * Starts {@code views} and returns at once; the caller waits for the result or cancels.
   *
   * @param repo the definitions
   * @param source where events come from
   * @return the running job
   */
  public LocalJobs.Started start(
      FeatureRepository repo, List<FeatureView> views, EventSource source) throws Exception {
    return new LocalJobs(checkpoints, checkpointInterval, parallelism, flinkMetricsPorts)
        .start(
            "featurewatch features",
            env -> FeatureJob.build(env, repo, views, source, outputs.sinks(repo, views)));
  }

  /**
   * The newest complete checkpoint under {@code checkpoints}, if any: see {@link
   * LocalJobs#latestCheckpoint}.
   */
  static Optional<Path> latestCheckpoint(Path checkpoints) {
    return LocalJobs.latestCheckpoint(checkpoints);
  }
}
