package dev.featurewatch.streaming.job;

import dev.featurewatch.annotation.Internal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Jobs on a MiniCluster in this JVM: the embedded mode. State on the heap, checkpoints in a
 * directory and kept when the job stops, and a new run resumes from the latest of them, so stopping
 * the process (even with kill -9) and starting it again loses and doubles nothing.
 *
 * @param checkpoints where checkpoints go, and the latest is resumed from
 * @param checkpointInterval how often
 * @param parallelism subtasks per operator
 * @param flinkMetricsPorts where Flink's own metrics (checkpoints, sources' lag, ...) are served
 *     for Prometheus by its reporter, a port or a range {@code FROM-TO}; null for none. The
 *     reporter ({@code flink-metrics-prometheus}) must be on the classpath.
 */
@Internal
public record LocalJobs(
    Path checkpoints, Duration checkpointInterval, int parallelism, String flinkMetricsPorts) {

  /** Jobs without Flink's metrics reporter. */
  public LocalJobs(Path checkpoints, Duration checkpointInterval, int parallelism) {
    this(checkpoints, checkpointInterval, parallelism, null);
  }

  /**
   * Starts the job that {@code job} adds to the environment, and returns at once; the caller waits
   * for the result or cancels.
   */
  public Started start(String name, Consumer<StreamExecutionEnvironment> job) throws Exception {
    Configuration conf = new Configuration();
    conf.set(StateBackendOptions.STATE_BACKEND, "hashmap");
    conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
    conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, checkpointInterval);
    conf.set(
        CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
        ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    Optional<Path> resumed = latestCheckpoint(checkpoints);
    resumed.ifPresent(path -> conf.set(StateRecoveryOptions.SAVEPOINT_PATH, path.toString()));
    if (flinkMetricsPorts != null) {
      // Flink's Prometheus reporter, as a Flink cluster configures it: metrics.reporter.prom.*
      Configuration reporter = MetricOptions.forReporter(conf, "prom");
      reporter.set(
          MetricOptions.REPORTER_FACTORY_CLASS,
          "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
      // the reporter's own option, which Flink's core does not declare
      reporter.set(ConfigOptions.key("port").stringType().noDefaultValue(), flinkMetricsPorts);
    }
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(conf);
    env.setParallelism(parallelism);
    job.accept(env);
    return new Started(env.executeAsync(name), resumed);
  }

  /**
   * A started run.
   *
   * @param job the job, to wait for or cancel
   * @param resumedFrom the checkpoint it resumed from, if any
   */
  public record Started(JobClient job, Optional<Path> resumedFrom) {}

  /**
   * The newest complete checkpoint under {@code checkpoints} ({@code <job id>/chk-<n>} with a
   * {@code _metadata} file), if any.
   */
  public static Optional<Path> latestCheckpoint(Path checkpoints) {
    if (!Files.isDirectory(checkpoints)) {
      return Optional.empty();
    }
    try (Stream<Path> metadata =
        Files.find(
            checkpoints,
            3,
            (path, attributes) ->
                path.getFileName().toString().equals("_metadata")
                    && path.getParent().getFileName().toString().startsWith("chk-"))) {
      return metadata.max(Comparator.comparing(LocalJobs::modified)).map(Path::getParent);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot look for checkpoints in " + checkpoints, e);
    }
  }

  private static FileTime modified(Path path) {
    try {
      return Files.getLastModifiedTime(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
