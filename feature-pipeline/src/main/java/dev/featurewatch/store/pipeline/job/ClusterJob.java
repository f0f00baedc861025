package dev.featurewatch.store.pipeline.job;

import dev.featurewatch.annotation.Internal;
import dev.featurewatch.store.config.RepositoryConfig;
import dev.featurewatch.store.definition.FeatureRepository;
import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.streaming.job.ClusterJobs;
import dev.featurewatch.streaming.source.EventSources;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The feature pipeline on a Flink cluster: the entry class of the job jar, run by {@code
 * featurewatch submit} or {@code flink run}. It reads the stream feature views from the registry
 * once, when the job graph is built; the state backend, the checkpoint directory and the
 * parallelism are the cluster's (or {@code flink run}'s) to choose. Checkpoints are kept when the
 * job is cancelled, so it can be resumed from the latest with {@code -s}.
 */
@Internal
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
    FeatureRepository definitions =
        ClusterJobs.definitions(arguments.registry(), arguments.registryName());
    List<FeatureView> views = FeatureJob.streamViews(definitions, arguments.views());

    StreamExecutionEnvironment env =
        ClusterJobs.environment(arguments.checkpointInterval(), arguments.metricsPorts());
    Path repo = Path.of(arguments.repo().isEmpty() ? "." : arguments.repo());
    FeatureJob.build(
        env,
        definitions,
        views,
        EventSources.live(definitions, repo, arguments.outputs().kafka()),
        arguments.outputs().sinks(definitions, views));
    env.execute(NAME);
  }

  private ClusterJob() {}
}
