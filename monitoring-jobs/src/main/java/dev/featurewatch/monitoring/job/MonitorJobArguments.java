package dev.featurewatch.monitoring.job;

import dev.featurewatch.annotation.Internal;
import dev.featurewatch.streaming.job.ProgramArguments;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The program arguments of {@link MonitorClusterJob}: every location resolved, so the job needs no
 * repository directory on the cluster. {@code featurewatch submit monitors} writes them with {@link
 * #toArgs()}; {@code flink run} users write them by hand:
 *
 * <pre>
 * --registry redis://HOST:PORT  --model-registry http://mlflow:5000  --results kafka:TOPIC|/shared/dir
 * --dead-letters kafka:TOPIC|/shared/dir  [--registry-name default] [--kafka HOST:PORT,...]
 * [--monitors a,b] [--lateness SECONDS] [--baseline-poll SECONDS] [--checkpoint-interval SECONDS]
 * [--metrics-port PORT|FROM-TO] [--repo DIR]
 * </pre>
 *
 * @param registry a registry directory or Redis URL, read once when the job is built
 * @param registryName the registry's name in Redis
 * @param modelRegistry the model registry (MLflow, or a directory every task manager sees)
 * @param results where results go: a directory or {@code kafka:TOPIC}
 * @param deadLetters where dead letters go: a directory or {@code kafka:TOPIC}
 * @param kafka the brokers of sources that name none and of topics above; empty for none
 * @param monitors the model monitors to run; empty for all
 * @param lateness how late after its window's end a prediction still counts
 * @param baselinePoll how often the model registry is asked for new baselines
 * @param checkpointInterval time between checkpoints
 * @param metricsPorts each task manager's metrics port or range; empty for none
 * @param repo the directory file sources and baseline files are relative to; empty for none
 */
@Internal
public record MonitorJobArguments(
    String registry,
    String registryName,
    String modelRegistry,
    String results,
    String deadLetters,
    String kafka,
    List<String> monitors,
    Duration lateness,
    Duration baselinePoll,
    Duration checkpointInterval,
    String metricsPorts,
    String repo) {

  public MonitorJobArguments {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(registryName, "registryName");
    Objects.requireNonNull(modelRegistry, "modelRegistry");
    Objects.requireNonNull(results, "results");
    Objects.requireNonNull(deadLetters, "deadLetters");
    Objects.requireNonNull(kafka, "kafka");
    monitors = List.copyOf(monitors);
    Objects.requireNonNull(lateness, "lateness");
    Objects.requireNonNull(baselinePoll, "baselinePoll");
    Objects.requireNonNull(checkpointInterval, "checkpointInterval");
    Objects.requireNonNull(metricsPorts, "metricsPorts");
    Objects.requireNonNull(repo, "repo");
  }

  /** This job's own options; {@link ProgramArguments#SHARED_OPTIONS} are the others. */
  private static final List<String> OPTIONS =
      List.of("--model-registry", "--results", "--monitors", "--lateness", "--baseline-poll");

  /**
   * Reads {@code --option value} pairs.
   *
   * @throws IllegalArgumentException an unknown or repeated option, a missing value, a value out of
   *     range, or a missing required option, named in the message
   */
  public static MonitorJobArguments parse(String... args) {
    ProgramArguments values = ProgramArguments.parse(OPTIONS, args);
    String metricsPorts = values.metricsPorts();
    return new MonitorJobArguments(
        values.registry(),
        values.registryName(),
        values.required("--model-registry"),
        values.required("--results"),
        values.deadLetters(),
        values.kafka(),
        values.list("--monitors"),
        values.seconds("--lateness", 5, 0),
        values.seconds("--baseline-poll", 30, 1),
        values.checkpointInterval(),
        metricsPorts,
        values.repo());
  }

  /** These arguments as {@link #parse} reads them. */
  public List<String> toArgs() {
    return new ProgramArguments.Writer()
        .registry(registry)
        .registryName(registryName)
        .add("--model-registry", modelRegistry)
        .add("--results", results)
        .deadLetters(deadLetters)
        .kafka(kafka)
        .add("--monitors", String.join(",", monitors))
        .addSeconds("--lateness", lateness)
        .addSeconds("--baseline-poll", baselinePoll)
        .checkpointInterval(checkpointInterval)
        .metricsPorts(metricsPorts)
        .repo(repo)
        .toList();
  }
}
