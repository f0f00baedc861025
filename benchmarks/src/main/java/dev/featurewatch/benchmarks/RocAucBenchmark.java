package dev.featurewatch.benchmarks;

import dev.featurewatch.drift.performance.BinaryScoreAccumulator;
import dev.featurewatch.drift.performance.RocAuc;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * Throughput of the per-prediction model-monitoring updates: {@link RocAuc#add(double, int)} in its
 * exact form (a sorted map of counts per distinct score) and its bucketed form (1000 buckets),
 * alone and inside {@link BinaryScoreAccumulator#add(double, int)}, which adds the confusion
 * matrix, log loss and Brier score. It shows what the exact AUC costs over the bucketed one, and
 * when.
 *
 * <p>Each invocation adds {@value BenchmarkBase#RECORDS} pre-generated (score, label) pairs to a
 * fresh accumulator, returned so that the work is kept; ops/s is pairs per second. Labels are
 * positive with probability 0.3 (seed 21); scores are the logistic of N(+1, 1) for positives and
 * N(-1, 1) for negatives (seed 22, AUC about 0.92), either
 *
 * <ul>
 *   <li>{@code rounded3}: rounded to 3 decimals, at most 1001 distinct values, as many served
 *       models report them: the exact map stays small and hot in cache;
 *   <li>{@code continuous}: full doubles, so nearly every pair inserts a new map entry: the exact
 *       form's worst case, with a map of a million entries (about 100 MB) built per invocation.
 * </ul>
 *
 * <p>Results (2026-11-23; AMD EPYC VM, 2 vCPUs, JDK 17.0.15, median of 5 iterations of 2 s, load
 * average 2 to 3 from other work; details, spread and command in {@code BENCHMARKS.md}), in million
 * pairs per second, rounded3 / continuous:
 *
 * <pre>
 * bucketed              240.6 / 262.4
 * exact                  13.4 /   1.03
 * accumulatorBucketed    63.7 /  63.6
 * accumulatorExact       10.7 /   0.74
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RocAucBenchmark extends BenchmarkBase {

  private static final int BUCKETS = 1000;
  private static final double THRESHOLD = 0.5;

  @Param({"rounded3", "continuous"})
  public String scores;

  private double[] score;
  private int[] label;

  @Setup
  public void setUp() {
    label = Data.labels(RECORDS, 0.3, 21);
    score = Data.scores(label, "rounded3".equals(scores) ? 3 : -1, 22);
  }

  @Benchmark
  @OperationsPerInvocation(RECORDS)
  public RocAuc exact() {
    RocAuc auc = RocAuc.exact();
    for (int i = 0; i < score.length; i++) {
      auc.add(score[i], label[i]);
    }
    return auc;
  }

  @Benchmark
  @OperationsPerInvocation(RECORDS)
  public RocAuc bucketed() {
    RocAuc auc = RocAuc.bucketed(BUCKETS);
    for (int i = 0; i < score.length; i++) {
      auc.add(score[i], label[i]);
    }
    return auc;
  }

  @Benchmark
  @OperationsPerInvocation(RECORDS)
  public BinaryScoreAccumulator accumulatorExact() {
    BinaryScoreAccumulator acc = BinaryScoreAccumulator.withExactAuc(THRESHOLD);
    for (int i = 0; i < score.length; i++) {
      acc.add(score[i], label[i]);
    }
    return acc;
  }

  @Benchmark
  @OperationsPerInvocation(RECORDS)
  public BinaryScoreAccumulator accumulatorBucketed() {
    BinaryScoreAccumulator acc = BinaryScoreAccumulator.withBucketedAuc(THRESHOLD, BUCKETS);
    for (int i = 0; i < score.length; i++) {
      acc.add(score[i], label[i]);
    }
    return acc;
  }
}
