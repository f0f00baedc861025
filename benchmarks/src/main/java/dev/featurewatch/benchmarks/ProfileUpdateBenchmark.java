package dev.featurewatch.benchmarks;

import dev.featurewatch.drift.profile.BinEdges;
import dev.featurewatch.drift.profile.CategoricalAccumulator;
import dev.featurewatch.drift.profile.NumericAccumulator;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;

/**
 * Throughput of the per-record profile updates, {@link NumericAccumulator#add(double)} and {@link
 * CategoricalAccumulator#add(String)}: the cost every feature value pays in the streaming jobs, so
 * it bounds how many values one core can profile. The target is at least 20 million numeric
 * values a second per core.
 *
 * <p>Each invocation profiles {@value BenchmarkBase#RECORDS} pre-generated values into a fresh
 * accumulator, which is returned so that the work is not eliminated; {@code
 * OperationsPerInvocation} makes JMH's ops/s the values per second. A fresh accumulator per
 * invocation means every KLL sketch compaction of a 1M-value window is included; creating the
 * accumulator is a few kilobytes, negligible against a million adds.
 *
 * <ul>
 *   <li>numeric: standard normal values (seed 1); binned uses 10 quantile bins fitted with {@link
 *       BinEdges#fitQuantiles} on a separate reference sample of 100,000 values (seed 2), so about
 *       1 in 100,000 values falls in an outer bin, and the 11 edges take the branch-free scan;
 *   <li>categorical: 50 categories with Zipf-like frequencies (seed 3), each value a distinct
 *       {@code String} instance with its own character array, as decoded records would be. Their
 *       hash codes are cached on the instances after the first invocation, whereas freshly decoded
 *       strings compute theirs once per value: the figure leaves out hashing a 6-character string
 *       per value.
 * </ul>
 *
 * <p>Results (2026-11-23, commit 1afb6c2; AMD EPYC VM, 2 vCPUs, JDK 17.0.15, one thread, median of
 * 5 iterations of 2 s, quiet machine; details, spread and command in {@code BENCHMARKS.md}):
 *
 * <pre>
 * numericUnbinned   24.80 M values/s   (24.33 - 24.84)
 * numericBinned10   21.54 M values/s   (21.14 - 21.58)
 * categorical50    100.73 M values/s   (100.41 - 100.95)
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ProfileUpdateBenchmark extends BenchmarkBase {

  private static final int BINS = 10;
  private static final int CATEGORIES = 50;

  private double[] values;
  private BinEdges edges;
  private String[] categories;

  @Setup
  public void setUp() {
    values = Data.gaussian(RECORDS, 0, 1, 1);
    double[] reference = Data.gaussian(100_000, 0, 1, 2);
    Arrays.sort(reference);
    edges = BinEdges.fitQuantiles(reference, BINS);
    categories = Data.categoryValues(RECORDS, CATEGORIES, 3);
  }

  /** Moments, min/max and the KLL sketch only. */
  @Benchmark
  @OperationsPerInvocation(RECORDS)
  public NumericAccumulator numericUnbinned() {
    NumericAccumulator acc = NumericAccumulator.create("x");
    for (double v : values) {
      acc.add(v);
    }
    return acc;
  }

  /** As {@link #numericUnbinned} plus counts in 10 quantile bins and two outer bins. */
  @Benchmark
  @OperationsPerInvocation(RECORDS)
  public NumericAccumulator numericBinned10() {
    NumericAccumulator acc = NumericAccumulator.create("x", NumericAccumulator.DEFAULT_K, edges);
    for (double v : values) {
      acc.add(v);
    }
    return acc;
  }

  /** One hash lookup and a counter increment per value, 50 categories. */
  @Benchmark
  @OperationsPerInvocation(RECORDS)
  public CategoricalAccumulator categorical50() {
    CategoricalAccumulator acc = CategoricalAccumulator.create("c");
    for (String v : categories) {
      acc.add(v);
    }
    return acc;
  }
}
