/**
 * The monitoring job's Flink graph ({@link dev.featurewatch.monitoring.job.MonitorJob}) and its
 * operators: reading predictions and labels, the windows, the window families, the label join,
 * performance per window; the cluster entry class.
 */
package dev.featurewatch.monitoring.job;
