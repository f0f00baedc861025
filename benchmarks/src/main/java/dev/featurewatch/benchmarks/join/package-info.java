/**
 * The point-in-time join benchmark: a plain main, not JMH (one multi-second operation per run);
 * results are recorded in BENCHMARKS.md at the repository root.
 */
package dev.featurewatch.benchmarks.join;
