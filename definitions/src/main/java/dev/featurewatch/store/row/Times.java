package dev.featurewatch.store.row;

import java.time.Duration;
import java.time.Instant;

/**
 * Microseconds since the epoch, the unit of rows' event times (and of the pipelines' and the
 * offline store's), as {@link Instant}s: the one place they are converted.
 */
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

  /**
   * The microseconds of {@code duration}, its sub-microsecond part dropped.
   *
   * @throws ArithmeticException beyond the int64 range (about 292,000 years)
   */
  public static long micros(Duration duration) {
    return Math.addExact(
        Math.multiplyExact(duration.getSeconds(), 1_000_000L), duration.getNano() / 1_000);
  }

  private Times() {}
}
