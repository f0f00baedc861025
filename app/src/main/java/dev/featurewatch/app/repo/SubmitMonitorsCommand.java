package dev.featurewatch.app.repo;

import dev.featurewatch.app.input.InputException;
import dev.featurewatch.monitoring.job.MonitorClusterJob;
import dev.featurewatch.monitoring.job.MonitorJobArguments;
import dev.featurewatch.store.config.RepositoryConfig;
import dev.featurewatch.store.definition.ModelMonitor;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code featurewatch submit monitors}: the registry's model monitors as a job on a Flink cluster,
 * reading predictions and labels from Kafka, comparing them with the baselines of the model
 * registry (MLflow, or a directory every task manager shares), and writing results, metrics and
 * tags. The repository's settings are resolved here and passed to the job as arguments.
 */
@Command(
    name = "monitors",
    mixinStandardHelpOptions = true,
    description = {
      "Submit the monitoring job to a Flink cluster: it reads the monitors' Kafka topics, writes"
          + " results and model-registry tags, and runs until cancelled.",
      "With --print, only print the equivalent 'flink run' command."
    })
public final class SubmitMonitorsCommand implements Callable<Integer> {

  /** The results topic when none is given and Kafka is configured. */
  static final String DEFAULT_RESULTS = "kafka:featurewatch-monitoring-results";

  @Spec private picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--repo",
      defaultValue = ".",
      paramLabel = "DIR",
      description = "The feature repository whose settings and registry to use (default: .).")
  private Path repo;

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
      paramLabel = "URL|DIR",
      description =
          "The model registry: an MLflow tracking server, or a directory every task manager"
              + " shares (default: model_registry in <repo>/featurewatch.yaml).")
  private String modelRegistry;

  @Option(
      names = "--results",
      paramLabel = "kafka:TOPIC|DIR",
      description =
          "Where results go, one JSON line per window (default: "
              + DEFAULT_RESULTS
              + " when Kafka is configured).")
  private String results;

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

  @Mixin private ClusterOptions cluster;

  @Mixin private RegistryOption registryOption;

  @Override
  public Integer call() {
    cluster.check();
    if (latenessSeconds < 0 || pollSeconds < 1) {
      throw new InputException(
          "--lateness must be at least 0 and --baseline-poll at least 1, found "
              + latenessSeconds
              + " and "
              + pollSeconds);
    }
    PrintWriter out = spec.commandLine().getOut();
    RepositoryConfig settings = RepositoryConfig.read(repo);
    String brokers = kafka != null ? kafka : settings.streaming().kafka();
    String resultsAt = results != null ? results : brokers.isEmpty() ? "" : DEFAULT_RESULTS;
    if (resultsAt.isEmpty()) {
      throw new InputException(
          "--results: where should results go? give kafka:TOPIC (with Kafka configured) or a"
              + " directory every task manager shares");
    }
    List<ModelMonitor> monitors;
    try {
      monitors =
          MonitorClusterJob.monitors(
              registryOption.current(repo).repository(),
              monitorNames == null ? List.of() : monitorNames);
    } catch (IllegalArgumentException e) {
      throw new InputException("--monitors: " + e.getMessage(), e);
    }
    MonitorJobArguments arguments =
        new MonitorJobArguments(
            registryOption.location(repo),
            registryOption.name(repo),
            modelRegistry != null ? modelRegistry : settings.modelRegistry(),
            resultsAt,
            settings.streaming().deadLetters(),
            brokers,
            monitorNames == null ? List.of() : monitorNames,
            Duration.ofSeconds(latenessSeconds),
            Duration.ofSeconds(pollSeconds),
            settings.streaming().checkpointInterval(),
            cluster.metricsPorts(),
            repo.toAbsolutePath().normalize().toString());
    cluster.submit(
        out,
        MonitorClusterJob.class.getName(),
        arguments.toArgs(),
        MonitorClusterJob.NAME + ": " + monitors.stream().map(ModelMonitor::name).toList());
    return 0;
  }
}
