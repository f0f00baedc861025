/**
 * The Flink model-monitoring job: prediction and label streams, windowed profiles compared with
 * training baselines, Prometheus metrics and registry write-back. See this module's README.
 */
package dev.featurewatch.monitoring;
