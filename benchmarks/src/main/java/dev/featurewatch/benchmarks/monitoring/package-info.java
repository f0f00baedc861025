/** The monitoring job's benchmarks: detection power, and throughput end to end. */
package dev.featurewatch.benchmarks.monitoring;
