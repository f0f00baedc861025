package dev.featurewatch.store.pipeline;

import java.time.Instant;

/** Microseconds since the epoch, the pipeline's event times, as {@link Instant}s. */
public final class Times {

  public static Instant instant(long micros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000), Math.floorMod(micros, 1_000_000) * 1_000L);
  }

  private Times() {}
}
