package dev.featurewatch.monitoring.job;

import dev.featurewatch.annotation.Internal;
import dev.featurewatch.monitoring.writeback.WriteBackSink;
import dev.featurewatch.store.definition.FeatureRepository;
import dev.featurewatch.store.definition.ModelMonitor;
import dev.featurewatch.streaming.job.ClusterJobs;
import dev.featurewatch.streaming.sink.LineSinks;
import dev.featurewatch.streaming.source.EventSources;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The monitoring job on a Flink cluster: an entry class of the job jar, run by {@code featurewatch
 * submit monitors} or {@code flink run}. It reads the model monitors from the registry once, when
 * the job graph is built; predictions and labels come from Kafka; the state backend, the checkpoint
 * directory and the parallelism are the cluster's to choose. Checkpoints are kept when the job is
 * cancelled, so it can be resumed from the latest with {@code -s}.
 */
@Internal
public final class MonitorClusterJob {

  /** The job's name on the cluster. */
  public static final String NAME = "featurewatch monitors";

  /**
   * Builds and runs the job.
   *
   * @param args see {@link MonitorJobArguments}
   */
  public static void main(String[] args) throws Exception {
    MonitorJobArguments arguments = MonitorJobArguments.parse(args);
    FeatureRepository definitions =
        ClusterJobs.definitions(arguments.registry(), arguments.registryName());
    List<ModelMonitor> monitors = monitors(definitions, arguments.monitors());
    StreamExecutionEnvironment env =
        ClusterJobs.environment(arguments.checkpointInterval(), arguments.metricsPorts());
    Path repo = Path.of(arguments.repo().isEmpty() ? "." : arguments.repo());
    MonitorJob.build(
        env,
        definitions,
        monitors,
        EventSources.live(definitions, repo, arguments.kafka(), MonitorJob.GROUP_ID),
        new MonitorJob.Baselines(arguments.modelRegistry(), repo, arguments.baselinePoll(), false),
        arguments.lateness(),
        new MonitorJob.Sinks(
            LineSinks.of(
                arguments.results(), arguments.kafka(), "results", MonitorJob.identity(monitors)),
            LineSinks.of(
                arguments.deadLetters(),
                arguments.kafka(),
                "monitor-dead-letters",
                MonitorJob.identity(monitors)),
            new WriteBackSink(arguments.modelRegistry(), monitors)));
    env.execute(NAME);
  }

  /**
   * The monitors of {@code definitions} named, in that order; all of them when none is.
   *
   * @throws IllegalArgumentException a name that is not a monitor, or no monitors at all
   */
  public static List<ModelMonitor> monitors(FeatureRepository definitions, List<String> names) {
    List<ModelMonitor> all = definitions.modelMonitors();
    if (all.isEmpty()) {
      throw new IllegalArgumentException(
          "the registry has no model monitors: declare model_monitors and run 'featurewatch"
              + " apply'");
    }
    if (names.isEmpty()) {
      return all;
    }
    List<ModelMonitor> chosen = new ArrayList<>();
    for (String name : names) {
      chosen.add(
          definitions
              .modelMonitor(name)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "no model monitor '"
                              + name
                              + "'; the registry has "
                              + all.stream().map(ModelMonitor::name).toList())));
    }
    return chosen;
  }

  private MonitorClusterJob() {}
}
