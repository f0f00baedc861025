package dev.featurewatch.app.repo;

import dev.featurewatch.app.Main;
import dev.featurewatch.app.input.InputException;
import dev.featurewatch.store.config.RepositoryConfig;
import dev.featurewatch.store.definition.FeatureRepository;
import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.pipeline.job.ClusterJob;
import dev.featurewatch.store.pipeline.job.JobArguments;
import dev.featurewatch.store.pipeline.job.Outputs;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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

  /** Each task manager's pipeline metrics endpoint, unless --metrics-port says otherwise. */
  static final String DEFAULT_METRICS_PORTS = "9250-9259";

  @Spec private picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--repo",
      defaultValue = ".",
      paramLabel = "DIR",
      description = "The feature repository whose settings and registry to use (default: .).")
  private Path repo;

  @Option(
      names = "--flink",
      defaultValue = "http://localhost:8081",
      paramLabel = "URL",
      description = "The JobManager's REST address (default: http://localhost:8081).")
  private String flink;

  @Option(
      names = "--jar",
      paramLabel = "FILE",
      description = "The job jar (default: featurewatch-jobs.jar beside the featurewatch jar).")
  private Path jar;

  @Option(
      names = "--parallelism",
      paramLabel = "N",
      description = "Subtasks per operator (default: the cluster's parallelism.default).")
  private Integer parallelism;

  @Option(
      names = "--offline",
      paramLabel = "DIR",
      description =
          "The offline store, a directory every task manager shares (default: offline_store in"
              + " <repo>/featurewatch.yaml).")
  private Path offline;

  @Option(
      names = "--metrics-port",
      defaultValue = DEFAULT_METRICS_PORTS,
      paramLabel = "PORT|FROM-TO",
      description =
          "Each task manager serves the pipeline metrics at /metrics on the first free port of"
              + " this range (default: "
              + DEFAULT_METRICS_PORTS
              + "; 'off' for none).")
  private String metricsPorts;

  @Option(
      names = {"--from-savepoint", "-s"},
      paramLabel = "PATH",
      description = "Start from this savepoint or retained checkpoint (an upgrade, a restart).")
  private String savepoint;

  @Option(
      names = "--allow-non-restored-state",
      description = "With --from-savepoint: start even if a removed view's state is not restored.")
  private boolean allowNonRestoredState;

  @Option(
      names = "--print",
      description = "Print the 'flink run' command that submits the same job, and submit nothing.")
  private boolean print;

  @Mixin private PipelineOptions pipelineOptions;

  @Mixin private OnlineStoreOption onlineOption;

  @Mixin private RegistryOption registryOption;

  @Override
  public Integer call() {
    if (parallelism != null && parallelism < 1) {
      throw new InputException("--parallelism must be at least 1, found " + parallelism);
    }
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
            "off".equals(metricsPorts) ? "" : metricsPorts);
    Path jobJar = jar != null ? jar : defaultJar();
    if (!Files.isRegularFile(jobJar)) {
      throw new InputException(
          "--jar " + jobJar + ": no such file; build it with ./mvnw package -pl jobs -am");
    }
    if (print) {
      out.println(String.join(" ", flinkRun(jobJar, arguments)));
      return 0;
    }
    URI base = restAddress();
    FlinkRest rest = new FlinkRest(base);
    String jarId = rest.upload(jobJar);
    String jobId;
    try {
      jobId =
          rest.run(
              jarId,
              ClusterJob.class.getName(),
              arguments.toArgs(),
              parallelism,
              savepoint,
              allowNonRestoredState);
    } finally {
      rest.delete(jarId);
    }
    out.printf(
        "submitted job %s (%s: %s)%n  web UI: %s%n",
        jobId,
        ClusterJob.NAME,
        chosen.stream().map(FeatureView::name).toList(),
        base.resolve("/#/job/running/" + jobId + "/overview"));
    out.flush();
    return 0;
  }

  /** {@code flink run} with the same options and arguments. */
  private List<String> flinkRun(Path jobJar, JobArguments arguments) {
    List<String> command = new ArrayList<>(List.of("flink", "run", "--detached"));
    if (parallelism != null) {
      command.addAll(List.of("--parallelism", parallelism.toString()));
    }
    if (savepoint != null) {
      command.addAll(List.of("--fromSavepoint", savepoint));
      if (allowNonRestoredState) {
        command.add("--allowNonRestoredState");
      }
    }
    command.addAll(List.of("--class", ClusterJob.class.getName()));
    command.add(jobJar.toAbsolutePath().normalize().toString());
    command.addAll(arguments.toArgs());
    return command;
  }

  private URI restAddress() {
    try {
      URI uri = new URI(flink);
      if (uri.getHost() == null || !uri.getScheme().startsWith("http")) {
        throw new URISyntaxException(flink, "expected http://HOST:PORT");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new InputException("--flink " + flink + ": not an http(s)://HOST:PORT address", e);
    }
  }

  /** featurewatch-jobs.jar in the directory of the featurewatch jar (or of its classes). */
  private static Path defaultJar() {
    try {
      Path code = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return code.getParent().resolve("featurewatch-jobs.jar");
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot locate the featurewatch jar", e);
    }
  }
}
