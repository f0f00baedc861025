package dev.featurewatch.streaming.job;

import dev.featurewatch.annotation.Internal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A cluster job's program arguments: {@code --option value} pairs, each option at most once, read
 * against the options the job knows, and written back in the same form (options with empty values
 * left out).
 */
@Internal
public final class ProgramArguments {

  private final Map<String, String> values;

  private ProgramArguments(Map<String, String> values) {
    this.values = values;
  }

  /**
   * @throws IllegalArgumentException an unknown or repeated option, or a missing value, named
   */
  public static ProgramArguments parse(List<String> options, String... args) {
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

    public List<String> toList() {
      return List.copyOf(args);
    }
  }
}
