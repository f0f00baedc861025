/**
 * The monitoring job's Prometheus metrics ({@link
 * dev.featurewatch.monitoring.metrics.MonitorMetrics}).
 */
package dev.featurewatch.monitoring.metrics;
