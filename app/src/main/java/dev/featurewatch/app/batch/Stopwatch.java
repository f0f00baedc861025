package dev.featurewatch.app.batch;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Wall-clock time of a command's phases, for {@code --timings}. */
final class Stopwatch {

  private final long start = System.nanoTime();
  private long last = start;
  private final List<String> laps = new ArrayList<>();

  /** Ends the phase that started at the previous lap (or at creation). */
  void lap(String phase) {
    long now = System.nanoTime();
    laps.add(String.format(Locale.ROOT, "%s %.2f s", phase, (now - last) / 1e9));
    last = now;
  }

  @Override
  public String toString() {
    return String.join(", ", laps)
        + String.format(Locale.ROOT, ", total %.2f s", (last - start) / 1e9);
  }
}
