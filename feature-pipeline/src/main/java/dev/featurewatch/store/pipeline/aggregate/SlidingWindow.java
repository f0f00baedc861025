package dev.featurewatch.store.pipeline.aggregate;

import dev.featurewatch.annotation.Internal;
import dev.featurewatch.store.row.Times;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * An event-time window of {@code size} that starts every {@code slide} (tumbling when the two are
 * equal), cut into panes of the greatest common divisor of the two: every window is a whole number
 * of panes, and an event lands in one pane only, so a 1 h window sliding every 5 minutes keeps 12
 * five-minute {@link PaneAggregate}s per key rather than 12 copies of each event. Windows are
 * aligned to the epoch, as Flink aligns them: {@code [end - size, end)} for every multiple {@code
 * end} of the slide. Times are microseconds since the epoch, as in feature rows.
 *
 * @param size the window's length, a positive whole number of milliseconds
 * @param slide how often a window starts, positive, at most {@code size}
 */
@Internal
public record SlidingWindow(Duration size, Duration slide) implements Serializable {

  /**
   * @throws IllegalArgumentException a length is not a positive whole number of milliseconds, or
   *     the slide is longer than the window (which would leave events in no window)
   */
  public SlidingWindow {
    Objects.requireNonNull(size, "size");
    Objects.requireNonNull(slide, "slide");
    checkMillis("size", size);
    checkMillis("slide", slide);
    if (slide.compareTo(size) > 0) {
      throw new IllegalArgumentException(
          "slide must be at most the window's size " + size + ", found " + slide);
    }
  }

  /** A tumbling window: one window every {@code size}. */
  public static SlidingWindow tumbling(Duration size) {
    return new SlidingWindow(size, size);
  }

  private static void checkMillis(String what, Duration length) {
    if (length.isNegative() || length.isZero() || length.toNanos() % 1_000_000 != 0) {
      throw new IllegalArgumentException(
          what + " must be a positive whole number of milliseconds, found " + length);
    }
  }

  /** The pane length in microseconds: the greatest common divisor of size and slide. */
  public long paneMicros() {
    long a = sizeMicros();
    long b = slideMicros();
    while (b != 0) {
      long r = a % b;
      a = b;
      b = r;
    }
    return a;
  }

  /** The start of the pane holding {@code timeMicros}. */
  public long paneStart(long timeMicros) {
    long pane = paneMicros();
    return Math.floorDiv(timeMicros, pane) * pane;
  }

  /** The end of the first window holding the pane that starts at {@code paneStart}. */
  public long firstWindowEnd(long paneStart) {
    long slide = slideMicros();
    return Math.floorDiv(paneStart, slide) * slide + slide;
  }

  /**
   * The end of the last window holding the pane that starts at {@code paneStart}: windows end every
   * slide from {@link #firstWindowEnd} to here; after it the pane can be dropped.
   */
  public long lastWindowEnd(long paneStart) {
    long slide = slideMicros();
    // the latest end e, a multiple of the slide, with e - size <= paneStart
    return Math.floorDiv(paneStart + sizeMicros(), slide) * slide;
  }

  /** The window's size in microseconds. */
  public long sizeMicros() {
    return Times.micros(size);
  }

  /** The slide in microseconds. */
  public long slideMicros() {
    return Times.micros(slide);
  }
}
