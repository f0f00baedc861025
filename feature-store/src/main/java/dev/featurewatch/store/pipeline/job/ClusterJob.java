package dev.featurewatch.store.pipeline.job;

import dev.featurewatch.store.config.RepositoryConfig;
import dev.featurewatch.store.definition.FeatureRepository;
import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.pipeline.MetricsEndpoint;
import dev.featurewatch.store.pipeline.source.EventSources;
import dev.featurewatch.store.registry.Registries;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The feature pipeline on a Flink cluster: the entry class of the job jar, run by {@code
 * featurewatch submit} or {@code flink run}. It reads the stream feature views from the registry
 * once, when the job graph is built; the state backend, the checkpoint directory and the
 * parallelism are the cluster's (or {@code flink run}'s) to choose. Checkpoints are kept when the
 * job is cancelled, so it can be resumed from the latest with {@code -s}.
 */
public final class ClusterJob {

  /** The job's name on the cluster. */
  public static final String NAME = "featurewatch features";

  /**
   * Builds and runs the job.
   *
   * @param args see {@link JobArguments}
   */
  public static void main(String[] args) throws Exception {
    JobArguments arguments = JobArguments.parse(args);
    if (!RepositoryConfig.isRedis(arguments.outputs().online())) {
      throw new IllegalArgumentException(
          "--online-store "
              + arguments.outputs().online()
              + ": on a cluster the online store is Redis (redis://HOST:PORT), which every task"
              + " manager writes and every feature server reads; RocksDB is the embedded store");
    }
    FeatureRepository definitions = definitions(arguments.registry(), arguments.registryName());
    List<FeatureView> views = FeatureJob.streamViews(definitions, arguments.views());

    StreamExecutionEnvironment env =
        environment(arguments.checkpointInterval(), arguments.metricsPorts());
    Path repo = Path.of(arguments.repo().isEmpty() ? "." : arguments.repo());
    FeatureJob.build(
        env,
        definitions,
        views,
        EventSources.live(definitions, repo, arguments.outputs().kafka()),
        arguments.outputs().sinks(definitions, views));
    env.execute(NAME);
  }

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

  private ClusterJob() {}
}
