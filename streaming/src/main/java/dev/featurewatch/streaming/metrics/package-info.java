/**
 * The jobs' metrics in a JVM: their registry ({@link
 * dev.featurewatch.streaming.metrics.JobMetrics}) and each TaskManager's endpoint serving it
 * ({@link dev.featurewatch.streaming.metrics.MetricsEndpoint}).
 */
package dev.featurewatch.streaming.metrics;
