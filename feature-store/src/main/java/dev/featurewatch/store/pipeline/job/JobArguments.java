package dev.featurewatch.store.pipeline.job;

import dev.featurewatch.store.pipeline.MetricsEndpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

  private static final List<String> OPTIONS =
      List.of(
          "--registry",
          "--registry-name",
          "--online-store",
          "--offline-store",
          "--dead-letters",
          "--kafka",
          "--views",
          "--checkpoint-interval",
          "--metrics-port",
          "--repo");

  /**
   * Reads {@code --option value} pairs.
   *
   * @throws IllegalArgumentException an unknown or repeated option, a missing value, or a missing
   *     required option, named in the message
   */
  public static JobArguments parse(String... args) {
    Map<String, String> values = new HashMap<>();
    for (int i = 0; i < args.length; i += 2) {
      String option = args[i];
      if (!OPTIONS.contains(option)) {
        throw new IllegalArgumentException(
            "unknown argument '" + option + "'; expected options: " + OPTIONS);
      }
      if (i + 1 == args.length) {
        throw new IllegalArgumentException(option + " needs a value");
      }
      if (values.put(option, args[i + 1]) != null) {
        throw new IllegalArgumentException(option + " is given twice");
      }
    }
    String interval = values.getOrDefault("--checkpoint-interval", "10");
    long seconds;
    try {
      seconds = Long.parseLong(interval);
    } catch (NumberFormatException e) {
      seconds = 0;
    }
    if (seconds < 1) {
      throw new IllegalArgumentException(
          "--checkpoint-interval must be a whole number of seconds, at least 1, found '"
              + interval
              + "'");
    }
    String metricsPorts = values.getOrDefault("--metrics-port", "");
    if (!metricsPorts.isEmpty()) {
      try {
        MetricsEndpoint.range(metricsPorts);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--metrics-port: " + e.getMessage(), e);
      }
    }
    String views = values.getOrDefault("--views", "");
    return new JobArguments(
        required(values, "--registry"),
        values.getOrDefault("--registry-name", "default"),
        new Outputs(
            required(values, "--online-store"),
            required(values, "--offline-store"),
            required(values, "--dead-letters"),
            values.getOrDefault("--kafka", "")),
        values.getOrDefault("--repo", ""),
        views.isEmpty() ? List.of() : Arrays.asList(views.split(",")),
        Duration.ofSeconds(seconds),
        metricsPorts);
  }

  /** These arguments as {@link #parse} reads them. */
  public List<String> toArgs() {
    List<String> args = new ArrayList<>();
    add(args, "--registry", registry);
    add(args, "--registry-name", registryName);
    add(args, "--online-store", outputs.online());
    add(args, "--offline-store", outputs.offline());
    add(args, "--dead-letters", outputs.deadLetters());
    add(args, "--kafka", outputs.kafka());
    add(args, "--views", String.join(",", views));
    add(args, "--checkpoint-interval", Long.toString(checkpointInterval.toSeconds()));
    add(args, "--metrics-port", metricsPorts);
    add(args, "--repo", repo);
    return args;
  }

  private static void add(List<String> args, String option, String value) {
    if (!value.isEmpty()) {
      args.add(option);
      args.add(value);
    }
  }

  private static String required(Map<String, String> values, String option) {
    String value = values.get(option);
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException(option + " is required");
    }
    return value;
  }
}
