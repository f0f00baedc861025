package dev.featurewatch.app.repo;

import dev.featurewatch.store.config.RepositoryConfig;
import dev.featurewatch.store.definition.FeatureRepository;
import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.pipeline.PipelineMetrics;
import dev.featurewatch.store.pipeline.job.FeatureJob;
import dev.featurewatch.store.pipeline.job.LocalPipeline;
import dev.featurewatch.store.pipeline.job.Outputs;
import dev.featurewatch.streaming.job.LocalJobs;
import dev.featurewatch.streaming.metrics.JobMetrics;
import dev.featurewatch.streaming.source.EventSources;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * An embedded run of stream feature views, as {@code run features} and the demo start it: on a
 * MiniCluster in this process, resuming from the repository's retained checkpoints.
 *
 * @param repo the feature repository, for its replay files and checkpoints
 * @param views the stream feature views to run
 * @param replay read the sources' batch files and end, instead of Kafka
 * @param brokers Kafka brokers for sources that name none (may be empty)
 * @param outputs the stores and the dead letters
 * @param flinkMetricsPorts Flink's own metrics reporter's ports; null for none
 */
record FeatureRun(
    Path repo,
    FeatureRepository definitions,
    List<FeatureView> views,
    boolean replay,
    String brokers,
    Outputs outputs,
    Duration checkpointInterval,
    int parallelism,
    String flinkMetricsPorts) {

  FeatureRun {
    views = List.copyOf(views);
  }

  /** Every stream view replayed into the repository's own stores, as its settings say. */
  static FeatureRun replay(Path repo, RepositoryConfig settings, FeatureRepository definitions) {
    String brokers = settings.streaming().kafka();
    return new FeatureRun(
        repo,
        definitions,
        FeatureJob.streamViews(definitions, List.of()),
        true,
        brokers,
        new Outputs(
            settings.onlineStore(),
            settings.offlineStore().toString(),
            settings.streaming().deadLetters(),
            brokers),
        settings.streaming().checkpointInterval(),
        1,
        null);
  }

  LocalJobs.Started start() throws Exception {
    LocalPipeline pipeline =
        new LocalPipeline(
            outputs,
            repo.resolve(".featurewatch/checkpoints/features").toAbsolutePath(),
            checkpointInterval,
            parallelism,
            flinkMetricsPorts);
    return pipeline.start(
        definitions,
        views,
        replay
            ? EventSources.replay(definitions, repo)
            : EventSources.live(definitions, repo, brokers));
  }

  /** What the run wrote, view by view. */
  String summary() {
    PipelineMetrics metrics = JobMetrics.shared(PipelineMetrics.class, PipelineMetrics::new);
    StringBuilder text = new StringBuilder("done:");
    for (FeatureView view : views) {
      text.append(
          String.format(
              "%n  %-24s %8d rows online, %8d offline",
              view.name(),
              metrics.rowsWritten(view.name(), "online"),
              metrics.rowsWritten(view.name(), "offline")));
    }
    return text.toString();
  }
}
