package dev.featurewatch.benchmarks;

import dev.featurewatch.drift.method.DriftMethod;
import dev.featurewatch.drift.method.DriftScore;
import dev.featurewatch.drift.profile.BinEdges;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;

/**
 * Average time of one {@link DriftMethod} comparison of a 10,000-value current window against a
 * 10,000-value reference: what a drift job pays per feature and window, on top of profiling. It
 * tells how many features a window close can score, and which methods are too dear for wide tables.
 *
 * <ul>
 *   <li>Raw values: reference standard normal (seed 11), current normal with mean 0.25 (seed 12),
 *       so every method sees drift. KS takes the exact p-value (used up to 10,000 values per side;
 *       for equal sizes an O(n) alternating sum), so one more value per side would switch it to the
 *       asymptotic one. The histogram methods (PSI, KL, JS, Hellinger, TVD) sort a copy of the
 *       reference, fit 10 quantile bins and count both sides on every call, which is what {@link
 *       DriftMethod#compare(double[], double[])} does; KS and Wasserstein sort copies of both
 *       sides.
 *   <li>Counts: chi-square on 20 aligned categories (10,000 Zipf-like draws per side, the current
 *       flatter; seeds 13, 14) and the z-test on 2 categories (shares 0.30 and 0.33, seeds 15, 16).
 *       These are the streaming forms, so {@link #psiBinCounts} (12 bins of the same windows) shows
 *       what the histogram methods cost once counts are kept instead of values.
 *   <li>Sketches: KS and Wasserstein between KLL sketches (k = 200) of the two raw windows, built
 *       in setup.
 * </ul>
 *
 * <p>Results (2026-11-23; AMD EPYC VM, 2 vCPUs, JDK 17.0.15, median of 5 iterations of 2 s, load
 * average about 2.5 from other work; details, spread and command in {@code BENCHMARKS.md}), in µs:
 *
 * <pre>
 * ks 1550, wasserstein 1491, psi 1011, kl 1017, jensenShannon 1041, hellinger 1062,
 * totalVariation 1115, psiBinCounts 0.28, chiSquare20Categories 0.31, zTest2Categories 0.085,
 * ksSketch 186, wassersteinSketch 9.3
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DriftMethodBenchmark extends BenchmarkBase {

  static final int WINDOW = 10_000;
  private static final int CATEGORIES = 20;

  private double[] reference;
  private double[] current;
  private long[] referenceCategories;
  private long[] currentCategories;
  private long[] referenceBinary;
  private long[] currentBinary;
  private long[] referenceBins;
  private long[] currentBins;
  private KllDoublesSketch referenceSketch;
  private KllDoublesSketch currentSketch;

  @Setup
  public void setUp() {
    reference = Data.gaussian(WINDOW, 0, 1, 11);
    current = Data.gaussian(WINDOW, 0.25, 1, 12);
    referenceCategories = Data.counts(Data.zipfIndexes(WINDOW, CATEGORIES, 0, 13), CATEGORIES);
    currentCategories = Data.counts(Data.zipfIndexes(WINDOW, CATEGORIES, 0.5, 14), CATEGORIES);
    referenceBinary = binaryCounts(Data.labels(WINDOW, 0.30, 15));
    currentBinary = binaryCounts(Data.labels(WINDOW, 0.33, 16));
    double[] sorted = reference.clone();
    Arrays.sort(sorted);
    BinEdges edges = BinEdges.fitQuantiles(sorted, DriftMethod.DEFAULT_BINS);
    referenceBins = edges.histogram(reference);
    currentBins = edges.histogram(current);
    referenceSketch = sketch(reference);
    currentSketch = sketch(current);
  }

  /** Counts of the two categories, label 1 first: the z-test tests the first one's share. */
  private static long[] binaryCounts(int[] labels) {
    long positives = 0;
    for (int label : labels) {
      positives += label;
    }
    return new long[] {positives, labels.length - positives};
  }

  private static KllDoublesSketch sketch(double[] values) {
    KllDoublesSketch sketch = KllDoublesSketch.newHeapInstance(200);
    for (double v : values) {
      sketch.update(v);
    }
    return sketch;
  }

  @Benchmark
  public DriftScore ks() {
    return DriftMethod.KS.compare(reference, current);
  }

  @Benchmark
  public DriftScore wasserstein() {
    return DriftMethod.WASSERSTEIN.compare(reference, current);
  }

  @Benchmark
  public DriftScore psi() {
    return DriftMethod.PSI.compare(reference, current);
  }

  @Benchmark
  public DriftScore kl() {
    return DriftMethod.KL.compare(reference, current);
  }

  @Benchmark
  public DriftScore jensenShannon() {
    return DriftMethod.JENSEN_SHANNON.compare(reference, current);
  }

  @Benchmark
  public DriftScore hellinger() {
    return DriftMethod.HELLINGER.compare(reference, current);
  }

  @Benchmark
  public DriftScore totalVariation() {
    return DriftMethod.TOTAL_VARIATION.compare(reference, current);
  }

  @Benchmark
  public DriftScore psiBinCounts() {
    return DriftMethod.PSI.compare(referenceBins, currentBins);
  }

  @Benchmark
  public DriftScore chiSquare20Categories() {
    return DriftMethod.CHI_SQUARE.compare(referenceCategories, currentCategories);
  }

  @Benchmark
  public DriftScore zTest2Categories() {
    return DriftMethod.Z_TEST.compare(referenceBinary, currentBinary);
  }

  @Benchmark
  public DriftScore ksSketch() {
    return DriftMethod.KS.compare(referenceSketch, currentSketch);
  }

  @Benchmark
  public DriftScore wassersteinSketch() {
    return DriftMethod.WASSERSTEIN.compare(referenceSketch, currentSketch);
  }
}
