package dev.featurewatch.monitoring.window;

import dev.featurewatch.annotation.Internal;
import java.util.Objects;
import java.util.Optional;

/**
 * One series a monitor follows: a model version's predictions, all of them or one segment's.
 *
 * @param monitor the model monitor's name
 * @param modelVersion the version that made the predictions
 * @param segment {@value #ALL}, or {@code feature=value} ({@code feature=other} for the values the
 *     monitor does not list)
 */
@Internal
public record Series(String monitor, String modelVersion, String segment) {

  /** The segment of every prediction. */
  public static final String ALL = "all";

  /** A segment value's name for values the monitor does not list, or none. */
  public static final String OTHER = "other";

  public Series {
    Objects.requireNonNull(monitor, "monitor");
    Objects.requireNonNull(modelVersion, "modelVersion");
    Objects.requireNonNull(segment, "segment");
  }

  /** The feature whose value defines the segment; empty for {@value #ALL}. */
  public Optional<String> segmentFeature() {
    int equals = segment.indexOf('=');
    return equals < 0 ? Optional.empty() : Optional.of(segment.substring(0, equals));
  }

  /** The series as one string, the key of its state: parts joined by a character names lack. */
  public String key() {
    return monitor + '\u001f' + modelVersion + '\u001f' + segment;
  }

  /** The series of a {@link #key()}. */
  public static Series ofKey(String key) {
    String[] parts = key.split("\u001f", 3);
    if (parts.length != 3) {
      throw new IllegalArgumentException("not a series key: " + key);
    }
    return new Series(parts[0], parts[1], parts[2]);
  }
}
