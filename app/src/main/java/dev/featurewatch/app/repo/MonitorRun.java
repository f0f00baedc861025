package dev.featurewatch.app.repo;

import dev.featurewatch.monitoring.job.MonitorJob;
import dev.featurewatch.monitoring.writeback.WriteBackSink;
import dev.featurewatch.store.config.RepositoryConfig;
import dev.featurewatch.store.definition.FeatureRepository;
import dev.featurewatch.store.definition.ModelMonitor;
import dev.featurewatch.streaming.job.LocalJobs;
import dev.featurewatch.streaming.metrics.MetricsEndpoint;
import dev.featurewatch.streaming.sink.LineSinks;
import dev.featurewatch.streaming.source.EventSource;
import dev.featurewatch.streaming.source.EventSources;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;

/**
 * An embedded run of model monitors, as {@code run monitors} and the demo start it: on a
 * MiniCluster in this process, resuming from the repository's retained checkpoints.
 *
 * @param repo the feature repository, for its replay files, baselines and checkpoints
 * @param monitors the model monitors to run
 * @param replay read the sources' batch files and end, instead of Kafka
 * @param registry the model registry: a directory or an MLflow URL
 * @param brokers Kafka brokers for sources that name none and for kafka: outputs (may be empty)
 * @param results where results go: a directory or {@code kafka:TOPIC}
 * @param metricsPorts the monitoring metrics' port or range; null for none
 * @param flinkMetricsPorts Flink's own metrics reporter's ports; null for none
 */
record MonitorRun(
    Path repo,
    RepositoryConfig settings,
    FeatureRepository definitions,
    List<ModelMonitor> monitors,
    boolean replay,
    String registry,
    String brokers,
    String results,
    String metricsPorts,
    Duration lateness,
    Duration baselinePoll,
    int parallelism,
    String flinkMetricsPorts) {

  MonitorRun {
    monitors = List.copyOf(monitors);
  }

  /** The default place of the results: {@code <repo>/.featurewatch/results}. */
  static String defaultResults(Path repo) {
    return repo.resolve(".featurewatch/results").toAbsolutePath().toString();
  }

  /**
   * Every monitor replayed against the repository's model registry, as its settings say, with
   * predictions up to {@code lateness} late.
   */
  static MonitorRun replay(
      Path repo, RepositoryConfig settings, FeatureRepository definitions, Duration lateness) {
    return new MonitorRun(
        repo,
        settings,
        definitions,
        definitions.modelMonitors(),
        true,
        settings.modelRegistry(),
        settings.streaming().kafka(),
        defaultResults(repo),
        null,
        lateness,
        Duration.ofSeconds(30),
        1,
        null);
  }

  LocalJobs.Started start() throws Exception {
    EventSource source =
        replay
            ? EventSources.replay(definitions, repo)
            : EventSources.live(definitions, repo, brokers, MonitorJob.GROUP_ID);
    MonitorJob.Sinks sinks =
        new MonitorJob.Sinks(
            LineSinks.of(results, brokers, "results", MonitorJob.identity(monitors)),
            LineSinks.of(
                settings.streaming().deadLetters(),
                brokers,
                "monitor-dead-letters",
                MonitorJob.identity(monitors)),
            new WriteBackSink(registry, monitors));
    LocalJobs jobs =
        new LocalJobs(
            repo.resolve(".featurewatch/checkpoints/monitors").toAbsolutePath(),
            settings.streaming().checkpointInterval(),
            parallelism,
            flinkMetricsPorts);
    return jobs.start(
        "featurewatch monitors",
        env -> {
          if (metricsPorts != null) {
            env.getConfig()
                .setGlobalJobParameters(
                    Configuration.fromMap(Map.of(MetricsEndpoint.PORTS, metricsPorts)));
          }
          MonitorJob.build(
              env,
              definitions,
              monitors,
              source,
              new MonitorJob.Baselines(registry, repo.toAbsolutePath(), baselinePoll, replay),
              lateness,
              sinks);
        });
  }
}
