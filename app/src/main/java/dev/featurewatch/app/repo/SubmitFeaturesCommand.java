package dev.featurewatch.app.repo;

import dev.featurewatch.app.input.InputException;
import dev.featurewatch.store.config.RepositoryConfig;
import dev.featurewatch.store.definition.FeatureRepository;
import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.pipeline.job.ClusterJob;
import dev.featurewatch.store.pipeline.job.JobArguments;
import dev.featurewatch.store.pipeline.job.Outputs;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code featurewatch submit features}: the stream feature views of the registry as a job on a
 * Flink cluster, reading Kafka and writing the shared stores. The repository's settings are
 * resolved here and passed to the job as arguments, so the cluster needs no copy of the repository.
 */
@Command(
    name = "features",
    mixinStandardHelpOptions = true,
    description = {
      "Submit the feature pipeline to a Flink cluster: it reads the Kafka sources, writes the Redis"
          + " online store and the shared offline store, and runs until cancelled.",
      "With --print, only print the equivalent 'flink run' command."
    })
public final class SubmitFeaturesCommand implements Callable<Integer> {

  @Spec private picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--repo",
      defaultValue = ".",
      paramLabel = "DIR",
      description = "The feature repository whose settings and registry to use (default: .).")
  private Path repo;

  @Option(
      names = "--offline",
      paramLabel = "DIR",
      description =
          "The offline store, a directory every task manager shares (default: offline_store in"
              + " <repo>/featurewatch.yaml).")
  private Path offline;

  @Mixin private ClusterOptions cluster;

  @Mixin private PipelineOptions pipelineOptions;

  @Mixin private OnlineStoreOption onlineOption;

  @Mixin private RegistryOption registryOption;

  @Override
  public Integer call() {
    cluster.check();
    PrintWriter out = spec.commandLine().getOut();
    RepositoryConfig settings = RepositoryConfig.read(repo);
    String online = onlineOption.location(repo);
    if (!RepositoryConfig.isRedis(online)) {
      throw new InputException(
          "online store "
              + online
              + ": a cluster job writes to Redis, which every feature server reads: set"
              + " online_store: redis://HOST:PORT in "
              + repo.resolve(RepositoryConfig.FILE_NAME)
              + ", or give --online; RocksDB is the embedded store ('featurewatch run features')");
    }
    FeatureRepository definitions = registryOption.current(repo).repository();
    List<FeatureView> chosen = pipelineOptions.views(definitions);
    JobArguments arguments =
        new JobArguments(
            registryOption.location(repo),
            registryOption.name(repo),
            new Outputs(
                online,
                (offline != null ? offline.toAbsolutePath().normalize() : settings.offlineStore())
                    .toString(),
                settings.streaming().deadLetters(),
                pipelineOptions.brokers(settings)),
            repo.toAbsolutePath().normalize().toString(),
            pipelineOptions.viewNames(),
            pipelineOptions.checkpointInterval(settings),
            cluster.metricsPorts());
    cluster.submit(
        out,
        ClusterJob.class.getName(),
        arguments.toArgs(),
        ClusterJob.NAME + ": " + chosen.stream().map(FeatureView::name).toList());
    return 0;
  }
}
