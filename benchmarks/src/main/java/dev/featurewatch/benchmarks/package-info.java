/** JMH benchmarks; results are recorded in BENCHMARKS.md at the repository root. */
package dev.featurewatch.benchmarks;
