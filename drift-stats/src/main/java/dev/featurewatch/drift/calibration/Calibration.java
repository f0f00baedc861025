package dev.featurewatch.drift.calibration;

import dev.featurewatch.drift.method.DriftMethod;
import java.time.Duration;

/**
 * The defaults of calibrated drift decisions, and α from a tolerated false-alert interval.
 *
 * <h2>Minimum samples</h2>
 *
 * A window with fewer values of a feature than its method's minimum is not judged: its verdict is
 * {@code insufficient_data}, never drift and never no drift. Calibration already holds α at any
 * size; the minimum keeps verdicts that could not have seen anything but a gross change from
 * reading as "no drift". The defaults: {@value #DEFAULT_MIN_SAMPLES} values for every method but
 * PSI and KL, which need {@value #DEFAULT_MIN_SAMPLES_SMOOTHED}: with fewer values most of their
 * dozen bins are empty in every window, and the replacement proportion of empty bins (1e-4), not
 * the data, sets their score.
 *
 * <h2>Effect-size floor</h2>
 *
 * With 100,000 predictions a window, a calibrated test detects differences too small to matter. A
 * floor, in the method's units, raises the threshold: drift needs {@code p < α} <i>and</i> {@code
 * score >= floor}, that is {@code score >= max(null quantile at α, floor)}. No floor by default.
 *
 * <h2>Sequential false alarms</h2>
 *
 * An alert that needs {@code r} drifted windows in a row of one feature (FeatureDriftSustained:
 * {@value #SUSTAINED_WINDOWS}) waits, on a stationary stream whose windows false-alarm with
 * probability {@code p} independently, {@code (1 - p^r) / ((1 - p) p^r)} windows on average (the
 * expected waiting time for a run of {@code r} successes, Feller vol. I, XIII.7). With {@code F}
 * features alarming independently, the first false alert comes about {@code F} times sooner. {@link
 * #averageWindowsBetweenFalseAlerts} gives it; {@link #alphaFor} inverts it, so that a monitor can
 * say "at most one false drift alert per 90 days" and get its α (the expected run length
 * calibration of the change-detection literature).
 */
public final class Calibration {

  /** α when a monitor sets none: a feature's verdict false-alarms in 1 window of 100. */
  public static final double DEFAULT_ALPHA = 0.01;

  /** Values a window needs for a verdict, for all methods but PSI and KL. */
  public static final int DEFAULT_MIN_SAMPLES = 20;

  /** Values a window needs for a PSI or KL verdict. */
  public static final int DEFAULT_MIN_SAMPLES_SMOOTHED = 50;

  /** Drifted windows in a row that FeatureDriftSustained waits for. */
  public static final int SUSTAINED_WINDOWS = 3;

  private Calibration() {}

  /** The default minimum of values a window needs for a verdict by {@code method}. */
  public static int defaultMinSamples(DriftMethod method) {
    return method == DriftMethod.PSI || method == DriftMethod.KL
        ? DEFAULT_MIN_SAMPLES_SMOOTHED
        : DEFAULT_MIN_SAMPLES;
  }

  /**
   * The mean number of windows between two false alerts on a stationary stream: each of {@code
   * features} false-alarms independently with probability {@code alpha} per window, and an alert
   * needs {@code run} drifted windows in a row of one feature.
   */
  public static double averageWindowsBetweenFalseAlerts(double alpha, int features, int run) {
    if (!(alpha > 0 && alpha < 1) || features < 1 || run < 1) {
      throw new IllegalArgumentException(
          "alpha must be in (0, 1), features and run >= 1: "
              + alpha
              + ", "
              + features
              + ", "
              + run);
    }
    double pr = Math.pow(alpha, run);
    return (1 - pr) / ((1 - alpha) * pr) / features;
  }

  /**
   * The largest α whose false alerts come at most once per {@code interval} on average, for windows
   * of {@code window}, {@code features} features and alerts after {@code run} windows in a row.
   *
   * @throws IllegalArgumentException if the interval is not longer than a window
   */
  public static double alphaFor(Duration interval, Duration window, int features, int run) {
    if (window.isZero() || window.isNegative() || interval.compareTo(window) <= 0) {
      throw new IllegalArgumentException(
          "a false-alert interval must be longer than the window: " + interval + " vs " + window);
    }
    double windows = (double) interval.toMillis() / window.toMillis();
    // the average is decreasing in alpha: bisect on log alpha
    double lo = -40;
    double hi = Math.log(0.5);
    if (averageWindowsBetweenFalseAlerts(Math.exp(hi), features, run) >= windows) {
      return Math.exp(hi);
    }
    for (int i = 0; i < 100; i++) {
      double mid = (lo + hi) / 2;
      if (averageWindowsBetweenFalseAlerts(Math.exp(mid), features, run) >= windows) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return Math.exp(lo);
  }
}
