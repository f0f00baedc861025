package dev.featurewatch.store.pipeline;

import java.time.Instant;

/** Microseconds since the epoch, the pipeline's event times, as {@link Instant}s. */
public final class Times {

  public static Instant instant(long micros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000), Math.floorMod(micros, 1_000_000) * 1_000L);
  }

  /** The microseconds of {@code instant}, its sub-microsecond part dropped. */
  public static long micros(Instant instant) {
    return Math.addExact(
        Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
  }

  private Times() {}
}
