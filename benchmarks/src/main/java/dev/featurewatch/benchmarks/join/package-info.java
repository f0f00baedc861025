/**
 * The point-in-time join benchmark: a plain main, not JMH (one multi-second operation per run);
 * results are recorded in BENCHMARKS.md at the repository root. {@code PitParquetSources} writes
 * the same views as Parquet file sources, for DuckDB's {@code read_parquet} and the file-source
 * reader.
 */
package dev.featurewatch.benchmarks.join;
