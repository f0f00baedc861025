package dev.featurewatch.streaming.job;

import dev.featurewatch.annotation.Internal;
import dev.featurewatch.store.definition.FeatureRepository;
import dev.featurewatch.store.registry.Registries;
import dev.featurewatch.streaming.metrics.MetricsEndpoint;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * What the jobs submitted to a Flink cluster (the feature pipeline's and the monitoring job's entry
 * classes) set up alike: their definitions and their environment.
 */
@Internal
public final class ClusterJobs {

  /**
   * The registry's current definitions, read once when a cluster job is built.
   *
   * @throws IllegalArgumentException when nothing was applied
   */
  public static FeatureRepository definitions(String registry, String registryName) {
    try (Registries.Opened opened = Registries.open(registry, registryName)) {
      return opened
          .registry()
          .current()
          .orElseThrow(
              () ->
                  new IllegalArgumentException(
                      "the registry " + registry + " is empty: run 'featurewatch apply' first"))
          .repository();
    }
  }

  /**
   * A cluster job's environment: checkpoints every {@code checkpointInterval}, kept when the job is
   * cancelled; each task manager's metrics endpoint on {@code metricsPorts} (none when empty).
   */
  public static StreamExecutionEnvironment environment(
      Duration checkpointInterval, String metricsPorts) {
    Configuration conf = new Configuration();
    conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, checkpointInterval);
    conf.set(
        CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
        ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    if (!metricsPorts.isEmpty()) {
      conf.set(PipelineOptions.GLOBAL_JOB_PARAMETERS, Map.of(MetricsEndpoint.PORTS, metricsPorts));
    }
    return StreamExecutionEnvironment.getExecutionEnvironment(conf);
  }

  private ClusterJobs() {}
}
