package dev.featurewatch.app.repo;

import dev.featurewatch.app.input.InputException;
import dev.featurewatch.app.report.MonitorHistory;
import dev.featurewatch.drift.performance.PerformanceMetric;
import dev.featurewatch.modelregistry.ModelRegistries;
import dev.featurewatch.monitoring.job.MonitorClusterJob;
import dev.featurewatch.monitoring.result.MonitorOutput;
import dev.featurewatch.monitoring.result.PerformanceResult;
import dev.featurewatch.monitoring.result.ResultsSummary;
import dev.featurewatch.store.config.RepositoryConfig;
import dev.featurewatch.store.definition.FeatureRepository;
import dev.featurewatch.store.definition.ModelMonitor;
import dev.featurewatch.streaming.job.LocalJobs;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code featurewatch run monitors}: the registry's model monitors on a MiniCluster in this
 * process, their windows compared with the baselines of the model registry, results as JSON lines,
 * metrics for Prometheus, verdicts written back to the model versions. Reads Kafka until stopped,
 * or replays files, prints what it found and ends.
 */
@Command(
    name = "monitors",
    mixinStandardHelpOptions = true,
    description = "Monitor models' live predictions against their training baselines, embedded.")
public final class RunMonitorsCommand implements Callable<Integer> {

  @Spec private picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--repo",
      defaultValue = ".",
      paramLabel = "DIR",
      description = "The feature repository whose registry and model registry to use (default: .).")
  private Path repo;

  @Option(
      names = "--replay",
      description =
          "Read each Kafka source's batch_source file (JSON lines) instead of the topic, then"
              + " stop.")
  private boolean replay;

  @Option(
      names = "--results",
      paramLabel = "DIR|kafka:TOPIC",
      description =
          "Where results go, one JSON line per window (default: <repo>/.featurewatch/results).")
  private String results;

  @Option(
      names = "--metrics-port",
      paramLabel = "PORT[-PORT]",
      description = "Serve the metrics at http://localhost:PORT/metrics (default: none).")
  private String metricsPort;

  @Option(
      names = "--parallelism",
      defaultValue = "1",
      paramLabel = "N",
      description = "Subtasks per operator (default: 1).")
  private int parallelism;

  @Mixin private MonitorOptions monitorOptions;

  @Mixin private FlinkMetricsOption flinkMetrics;

  @Mixin private RegistryOption registryOption;

  @Override
  public Integer call() throws Exception {
    if (parallelism < 1) {
      throw new InputException("--parallelism must be at least 1, found " + parallelism);
    }
    monitorOptions.check();
    PrintWriter out = spec.commandLine().getOut();
    RepositoryConfig settings = RepositoryConfig.read(repo);
    FeatureRepository definitions = registryOption.current(repo).repository();
    // the job opens the model registry on the MiniCluster: a refusal is said here, not by it
    ModelRegistries.check(monitorOptions.modelRegistry(settings));
    MonitorRun run =
        new MonitorRun(
            repo,
            settings,
            definitions,
            monitors(definitions),
            replay,
            monitorOptions.modelRegistry(settings),
            monitorOptions.brokers(settings),
            results != null ? results : MonitorRun.defaultResults(repo),
            metricsPort,
            monitorOptions.lateness(),
            monitorOptions.baselinePoll(),
            parallelism,
            flinkMetrics.ports());
    CompletableFuture<Void> stopped = new CompletableFuture<>();
    CountDownLatch closed = new CountDownLatch(1);
    Thread hook = ServeCommand.shutdownHook(() -> stopped.complete(null), closed);
    try {
      LocalJobs.Started started = run.start();
      out.printf(
          "monitoring %s against the baselines in %s; results in %s%s%n",
          run.monitors().stream().map(ModelMonitor::name).toList(),
          run.registry(),
          run.results(),
          metricsPort == null ? "" : "; metrics on port " + metricsPort + " at /metrics");
      out.flush();
      Runtime.getRuntime().addShutdownHook(hook);
      if (!LocalRun.awaitEnd(started, stopped, out, "the monitoring job")) {
        return 0;
      }
      if (!run.results().startsWith(RepositoryConfig.KAFKA_PREFIX)) {
        print(out, ResultsSummary.of(read(Path.of(run.results()))));
      }
      return 0;
    } finally {
      closed.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running: it is what stopped the wait
      }
    }
  }

  private List<ModelMonitor> monitors(FeatureRepository definitions) {
    try {
      return MonitorClusterJob.monitors(definitions, monitorOptions.monitorNames());
    } catch (IllegalArgumentException e) {
      throw new InputException("--monitors: " + e.getMessage(), e);
    }
  }

  /** Every result in the JSON-lines files of {@code dir}. */
  static List<MonitorOutput> read(Path dir) {
    return Files.isDirectory(dir) ? MonitorHistory.read(dir.toString(), "") : List.of();
  }

  /** The metric to summarise: the first the results have of AUC, accuracy, MAE. */
  private static PerformanceMetric primary(List<PerformanceResult> performance) {
    for (PerformanceMetric m :
        List.of(PerformanceMetric.ROC_AUC, PerformanceMetric.ACCURACY, PerformanceMetric.MAE)) {
      if (performance.stream().anyMatch(p -> p.metrics().containsKey(m))) {
        return m;
      }
    }
    return PerformanceMetric.ACCURACY;
  }

  /**
   * The first and last windows' estimates of the primary metric, from their predictions alone,
   * beside what their labels later showed.
   */
  private static void printEstimate(
      PrintWriter out, ResultsSummary.Version v, PerformanceMetric primary) {
    List<Map.Entry<Instant, Map<PerformanceMetric, Double>>> estimates =
        List.copyOf(v.estimated().entrySet());
    if (estimates.isEmpty() || !estimates.get(0).getValue().containsKey(primary)) {
      return;
    }
    out.printf(
        "    %s estimated before the labels (CBPE): %.3f in the first window, %.3f in the last%n",
        primary.id(),
        estimates.get(0).getValue().get(primary),
        estimates.get(estimates.size() - 1).getValue().getOrDefault(primary, Double.NaN));
  }

  static void print(PrintWriter out, List<ResultsSummary.Version> versions) {
    out.println("done:");
    for (ResultsSummary.Version v : versions) {
      out.printf(
          "  %s: %s version %s, %d windows %s%n",
          v.monitor(), v.model(), v.modelVersion(), v.windows(), v.byStatus());
      v.firstDrift()
          .forEach(
              (feature, at) ->
                  out.printf("    %-24s drifted from the window ending %s%n", feature, at));
      if (v.firstDrift().isEmpty()) {
        out.println("    no drift");
      }
      if (!v.performance().isEmpty()) {
        PerformanceMetric primary = primary(v.performance());
        PerformanceResult first = v.performance().get(0);
        PerformanceResult last = v.performance().get(v.performance().size() - 1);
        out.printf(
            "    %s %.3f in the first labelled window, %.3f in the last (training %s)%s%n",
            primary.id(),
            first.metrics().getOrDefault(primary, Double.NaN),
            last.metrics().getOrDefault(primary, Double.NaN),
            last.baseline().containsKey(primary)
                ? String.format(java.util.Locale.ROOT, "%.3f", last.baseline().get(primary))
                : "not recorded",
            v.degradedFrom().map(at -> "; degraded from the window ending " + at).orElse(""));
        printEstimate(out, v, primary);
        v.performance().stream()
            .filter(PerformanceResult::changeDetected)
            .findFirst()
            .ifPresent(
                p ->
                    out.printf(
                        "    a change in %s detected at the window ending %s%n",
                        primary.id(), p.windowEnd()));
      }
    }
    out.flush();
  }
}
