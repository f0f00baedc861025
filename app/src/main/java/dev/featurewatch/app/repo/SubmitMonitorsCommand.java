package dev.featurewatch.app.repo;

import dev.featurewatch.app.input.InputException;
import dev.featurewatch.monitoring.job.MonitorClusterJob;
import dev.featurewatch.monitoring.job.MonitorJobArguments;
import dev.featurewatch.store.config.RepositoryConfig;
import dev.featurewatch.store.definition.ModelMonitor;
import java.io.PrintWriter;
import java.nio.file.Path;
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
      names = "--results",
      paramLabel = "kafka:TOPIC|DIR",
      description =
          "Where results go, one JSON line per window (default: "
              + DEFAULT_RESULTS
              + " when Kafka is configured).")
  private String results;

  @Mixin private ClusterOptions cluster;

  @Mixin private MonitorOptions monitorOptions;

  @Mixin private RegistryOption registryOption;

  @Override
  public Integer call() {
    cluster.check();
    monitorOptions.check();
    PrintWriter out = spec.commandLine().getOut();
    RepositoryConfig settings = RepositoryConfig.read(repo);
    String brokers = monitorOptions.brokers(settings);
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
              registryOption.current(repo).repository(), monitorOptions.monitorNames());
    } catch (IllegalArgumentException e) {
      throw new InputException("--monitors: " + e.getMessage(), e);
    }
    MonitorJobArguments arguments =
        new MonitorJobArguments(
            registryOption.location(repo),
            registryOption.name(repo),
            monitorOptions.modelRegistry(settings),
            resultsAt,
            settings.streaming().deadLetters(),
            brokers,
            monitorOptions.monitorNames(),
            monitorOptions.lateness(),
            monitorOptions.baselinePoll(),
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
