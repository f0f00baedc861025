/**
 * The serving benchmark: {@code featurewatch serve} in its own process, driven by an open-loop HTTP
 * client; a plain main, not JMH (the measured thing is another process). Results are recorded in
 * BENCHMARKS.md at the repository root.
 */
package dev.featurewatch.benchmarks.serving;
