/**
 * How featurewatch defines its Prometheus metrics on client_java, shared by the feature server and
 * the jobs: {@link dev.featurewatch.store.metrics.Families} registers counters, gauges and
 * histograms in a registry.
 */
package dev.featurewatch.store.metrics;
