/**
 * The materialize benchmark in one warm process, as Feast's is timed: a plain main, not JMH (one
 * multi-second operation per run); {@code benchmarks/e2e/materialize_bench.sh} runs it after the
 * command's cold runs, and BENCHMARKS.md records both beside Feast's figure.
 */
package dev.featurewatch.benchmarks.materialize;
