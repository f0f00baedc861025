/**
 * Metrics in the Prometheus text format, shared by the feature server and the pipeline: {@link
 * dev.featurewatch.store.metrics.PrometheusText} writes families, {@link
 * dev.featurewatch.store.metrics.Histogram} counts durations.
 */
package dev.featurewatch.store.metrics;
