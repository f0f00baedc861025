package dev.featurewatch.monitoring.result;

import java.time.Instant;

/**
 * What the monitoring job reports: a window's drift and data quality ({@link MonitoringResult}), or
 * a window's performance once labels came ({@link PerformanceResult}). Both go to the same results
 * sink and to the model registry.
 */
public sealed interface MonitorOutput permits MonitoringResult, PerformanceResult {

  String monitor();

  String model();

  String modelVersion();

  String segment();

  /** The start of the window reported on. */
  Instant windowStart();

  /** The end of the window reported on, exclusive. */
  Instant windowEnd();
}
