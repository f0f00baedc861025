package dev.featurewatch.monitoring.baseline;

import dev.featurewatch.annotation.Internal;
import java.util.Objects;

/**
 * What the monitoring job learns of a monitor's baseline: the model version it watches now and the
 * baseline to compare that version's windows with, or why there is none. Sent to every window
 * operator when it changes; a {@linkplain #tick tick} says only that nothing did.
 *
 * @param monitor the model monitor's name; empty for a tick
 * @param version the watched model version (an alias resolved)
 * @param digest the baseline's {@code sha256:...}; empty when there is none
 * @param baseline the baseline file's bytes; null when there is none
 * @param problem why there is no baseline, for people; empty when there is one
 * @param ready whether every monitor's baseline has been looked up at least once: from then on the
 *     windows may close, since none would close without the baseline it should be compared with
 */
@Internal
public record BaselineUpdate(
    String monitor, String version, String digest, byte[] baseline, String problem, boolean ready) {

  public BaselineUpdate {
    Objects.requireNonNull(monitor, "monitor");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(problem, "problem");
  }

  /** Nothing changed. */
  public static BaselineUpdate tick(boolean ready) {
    return new BaselineUpdate("", "", "", null, "", ready);
  }

  public boolean isTick() {
    return monitor.isEmpty();
  }

  /** The same update, marked ready. */
  BaselineUpdate markedReady() {
    return new BaselineUpdate(monitor, version, digest, baseline, problem, true);
  }
}
