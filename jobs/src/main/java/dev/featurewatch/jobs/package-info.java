/**
 * The job jar for a Flink cluster, {@code target/featurewatch-jobs.jar}: featurewatch's jobs and
 * what they need that a Flink distribution does not bring. Its entry classes are {@link
 * dev.featurewatch.store.pipeline.job.ClusterJob} (the feature pipeline) and {@link
 * dev.featurewatch.monitoring.job.MonitorClusterJob} (the monitoring job); this module has no code
 * of its own.
 */
package dev.featurewatch.jobs;
