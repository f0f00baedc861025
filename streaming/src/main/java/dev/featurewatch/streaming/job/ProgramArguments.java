package dev.featurewatch.streaming.job;

import dev.featurewatch.annotation.Internal;
import dev.featurewatch.streaming.metrics.MetricsEndpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A cluster job's program arguments: {@code --option value} pairs, each option at most once, read
 * against the options the job knows, and written back in the same form (options with empty values
 * left out).
 *
 * <p>The options both cluster jobs take are declared here once, with their defaults and checks
 * ({@link #SHARED_OPTIONS}; read with {@link #registry()} and its neighbours, written with the
 * {@link Writer}'s methods of the same names); each job declares only its own.
 *
 * <pre>{@code
 * ProgramArguments values = ProgramArguments.parse(List.of("--views"), args);
 * Duration interval = values.checkpointInterval();  // --checkpoint-interval, 10 s by default
 * }</pre>
 */
@Internal
public final class ProgramArguments {

  /** A registry directory or Redis URL; required. */
  public static final String REGISTRY = "--registry";

  /** The registry's name in Redis; {@value #DEFAULT_REGISTRY_NAME} by default. */
  public static final String REGISTRY_NAME = "--registry-name";

  /** Where dead letters go: a directory or {@code kafka:TOPIC}; required. */
  public static final String DEAD_LETTERS = "--dead-letters";

  /** The Kafka brokers of sources that name none and of the jobs' topics; none by default. */
  public static final String KAFKA = "--kafka";

  /**
   * Whole seconds between checkpoints, at least 1; {@value #DEFAULT_CHECKPOINT_SECONDS} by default.
   */
  public static final String CHECKPOINT_INTERVAL = "--checkpoint-interval";

  /** Each task manager's metrics port, or a range FROM-TO; none by default. */
  public static final String METRICS_PORT = "--metrics-port";

  /** The directory file sources are relative to; none by default. */
  public static final String REPO = "--repo";

  /** The options every cluster job takes. */
  public static final List<String> SHARED_OPTIONS =
      List.of(
          REGISTRY, REGISTRY_NAME, DEAD_LETTERS, KAFKA, CHECKPOINT_INTERVAL, METRICS_PORT, REPO);

  static final String DEFAULT_REGISTRY_NAME = "default";
  static final long DEFAULT_CHECKPOINT_SECONDS = 10;

  private final Map<String, String> values;

  private ProgramArguments(Map<String, String> values) {
    this.values = values;
  }

  /**
   * Reads the arguments of a job whose own options are {@code jobOptions}, besides {@link
   * #SHARED_OPTIONS}.
   *
   * @throws IllegalArgumentException an unknown or repeated option, or a missing value, named
   */
  public static ProgramArguments parse(List<String> jobOptions, String... args) {
    List<String> options = new ArrayList<>(SHARED_OPTIONS);
    options.addAll(jobOptions);
    Map<String, String> values = new HashMap<>();
    for (int i = 0; i < args.length; i += 2) {
      String option = args[i];
      if (!options.contains(option)) {
        throw new IllegalArgumentException(
            "unknown argument '" + option + "'; expected options: " + options);
      }
      if (i + 1 == args.length) {
        throw new IllegalArgumentException(option + " needs a value");
      }
      if (values.put(option, args[i + 1]) != null) {
        throw new IllegalArgumentException(option + " is given twice");
      }
    }
    return new ProgramArguments(values);
  }

  /** The option's value, or {@code fallback} when not given. */
  public String get(String option, String fallback) {
    return values.getOrDefault(option, fallback);
  }

  /**
   * @throws IllegalArgumentException when not given
   */
  public String required(String option) {
    String value = values.get(option);
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException(option + " is required");
    }
    return value;
  }

  /**
   * A whole number of seconds, at least {@code min}.
   *
   * @throws IllegalArgumentException for anything else, naming the option and the value
   */
  public Duration seconds(String option, long fallback, long min) {
    String text = values.getOrDefault(option, Long.toString(fallback));
    long seconds;
    try {
      seconds = Long.parseLong(text);
    } catch (NumberFormatException e) {
      seconds = min - 1;
    }
    if (seconds < min) {
      throw new IllegalArgumentException(
          option
              + " must be a whole number of seconds, at least "
              + min
              + ", found '"
              + text
              + "'");
    }
    return Duration.ofSeconds(seconds);
  }

  /** {@link #REGISTRY}. */
  public String registry() {
    return required(REGISTRY);
  }

  /** {@link #REGISTRY_NAME}. */
  public String registryName() {
    return get(REGISTRY_NAME, DEFAULT_REGISTRY_NAME);
  }

  /** {@link #DEAD_LETTERS}. */
  public String deadLetters() {
    return required(DEAD_LETTERS);
  }

  /** {@link #KAFKA}; empty when not given. */
  public String kafka() {
    return get(KAFKA, "");
  }

  /** {@link #CHECKPOINT_INTERVAL}. */
  public Duration checkpointInterval() {
    return seconds(CHECKPOINT_INTERVAL, DEFAULT_CHECKPOINT_SECONDS, 1);
  }

  /**
   * {@link #METRICS_PORT}, checked as {@link MetricsEndpoint#range} reads it; empty when not given.
   */
  public String metricsPorts() {
    String ports = get(METRICS_PORT, "");
    if (!ports.isEmpty()) {
      try {
        MetricsEndpoint.range(ports);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(METRICS_PORT + ": " + e.getMessage(), e);
      }
    }
    return ports;
  }

  /** {@link #REPO}; empty when not given. */
  public String repo() {
    return get(REPO, "");
  }

  /** A comma-separated list; empty when not given. */
  public List<String> list(String option) {
    String text = values.getOrDefault(option, "");
    return text.isEmpty() ? List.of() : List.of(text.split(","));
  }

  /** Builds arguments back: {@code --option value} pairs, in the order added. */
  public static final class Writer {
    private final List<String> args = new ArrayList<>();

    /** Adds the option unless {@code value} is empty. */
    public Writer add(String option, String value) {
      if (!value.isEmpty()) {
        args.add(option);
        args.add(value);
      }
      return this;
    }

    /** Adds a duration option in whole seconds, as {@link #seconds} reads it. */
    public Writer addSeconds(String option, Duration value) {
      return add(option, Long.toString(value.toSeconds()));
    }

    public Writer registry(String registry) {
      return add(REGISTRY, registry);
    }

    public Writer registryName(String name) {
      return add(REGISTRY_NAME, name);
    }

    public Writer deadLetters(String deadLetters) {
      return add(DEAD_LETTERS, deadLetters);
    }

    public Writer kafka(String kafka) {
      return add(KAFKA, kafka);
    }

    public Writer checkpointInterval(Duration interval) {
      return addSeconds(CHECKPOINT_INTERVAL, interval);
    }

    public Writer metricsPorts(String ports) {
      return add(METRICS_PORT, ports);
    }

    public Writer repo(String repo) {
      return add(REPO, repo);
    }

    public List<String> toList() {
      return List.copyOf(args);
    }
  }
}
