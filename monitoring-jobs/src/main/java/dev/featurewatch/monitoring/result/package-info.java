/**
 * What the monitoring job publishes per window: drift and data quality ({@link
 * dev.featurewatch.monitoring.result.MonitoringResult}), performance, their JSON, and a summary of
 * a run's results.
 */
package dev.featurewatch.monitoring.result;
