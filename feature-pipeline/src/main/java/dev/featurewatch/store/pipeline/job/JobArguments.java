package dev.featurewatch.store.pipeline.job;

import dev.featurewatch.annotation.Internal;
import dev.featurewatch.streaming.job.ProgramArguments;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The program arguments of {@link ClusterJob}: every location resolved, so the job needs no
 * repository directory on the cluster. {@code featurewatch submit} writes them with {@link
 * #toArgs()}; {@code flink run} users write them by hand:
 *
 * <pre>
 * --registry redis://HOST:PORT  --online-store redis://HOST:PORT  --offline-store /shared/offline
 * --dead-letters kafka:TOPIC|/shared/dir  [--registry-name default] [--kafka HOST:PORT,...]
 * [--views a,b] [--checkpoint-interval SECONDS] [--metrics-port PORT|FROM-TO] [--repo DIR]
 * </pre>
 *
 * @param registry a registry directory or Redis URL, read once when the job is built
 * @param registryName the registry's name in Redis
 * @param outputs where rows and dead letters go
 * @param repo the directory file sources are relative to; empty for none
 * @param views the stream feature views to run; empty for all
 * @param checkpointInterval time between checkpoints
 * @param metricsPorts the port, or range of ports, of each task manager's metrics endpoint; empty
 *     for none
 */
@Internal
public record JobArguments(
    String registry,
    String registryName,
    Outputs outputs,
    String repo,
    List<String> views,
    Duration checkpointInterval,
    String metricsPorts) {

  public JobArguments {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(registryName, "registryName");
    Objects.requireNonNull(outputs, "outputs");
    Objects.requireNonNull(repo, "repo");
    views = List.copyOf(views);
    Objects.requireNonNull(checkpointInterval, "checkpointInterval");
    Objects.requireNonNull(metricsPorts, "metricsPorts");
  }

  /** This job's own options; {@link ProgramArguments#SHARED_OPTIONS} are the others. */
  private static final List<String> OPTIONS =
      List.of("--online-store", "--offline-store", "--views");

  /**
   * Reads {@code --option value} pairs.
   *
   * @throws IllegalArgumentException an unknown or repeated option, a missing value, or a missing
   *     required option, named in the message
   */
  public static JobArguments parse(String... args) {
    ProgramArguments values = ProgramArguments.parse(OPTIONS, args);
    Duration interval = values.checkpointInterval();
    String metricsPorts = values.metricsPorts();
    return new JobArguments(
        values.registry(),
        values.registryName(),
        new Outputs(
            values.required("--online-store"),
            values.required("--offline-store"),
            values.deadLetters(),
            values.kafka()),
        values.repo(),
        values.list("--views"),
        interval,
        metricsPorts);
  }

  /** These arguments as {@link #parse} reads them. */
  public List<String> toArgs() {
    return new ProgramArguments.Writer()
        .registry(registry)
        .registryName(registryName)
        .add("--online-store", outputs.online())
        .add("--offline-store", outputs.offline())
        .deadLetters(outputs.deadLetters())
        .kafka(outputs.kafka())
        .add("--views", String.join(",", views))
        .checkpointInterval(checkpointInterval)
        .metricsPorts(metricsPorts)
        .repo(repo)
        .toList();
  }
}
