package dev.featurewatch.drift.detect;

import java.util.OptionalDouble;

/**
 * A sequential test for a change in the mean of a series, fed one value at a time.
 *
 * <pre>{@code
 * ChangeDetector detector = PageHinkley.builder().direction(Direction.DECREASE).build();
 * for (double accuracy : accuracyPerWindow) {
 *   if (detector.update(accuracy)) {
 *     // alert: the mean accuracy dropped
 *   }
 * }
 * }</pre>
 */
public interface ChangeDetector {

  /**
   * Adds the next value of the series.
   *
   * @param value a finite value
   * @return whether a change is detected at this value
   * @throws IllegalArgumentException if the value is not finite
   */
  boolean update(double value);

  /** The detector's estimate of the current mean, empty while {@link #width()} is 0. */
  OptionalDouble estimate();

  /** How many values the current estimate rests on. */
  long width();

  /** Forgets everything, as if newly built with the same parameters. */
  void reset();
}
