package dev.featurewatch.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Settings shared by all featurewatch benchmarks (JMH's annotations are inherited): one fork with a
 * fixed 2 GiB heap so that GC sizing does not differ between runs, one thread (figures are per
 * core), 3 warm-up and 5 measured iterations of 2 s. These fit a small shared machine; the command
 * line ({@code -f -wi -w -i -r -t}) overrides them, and {@code BENCHMARKS.md} records the command
 * actually used.
 *
 * <p>Subclasses choose the mode and unit, hold their inputs as fields set up once per trial from
 * {@link Data}, and return results from benchmark methods so that JMH consumes them.
 */
@State(Scope.Thread)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Threads(1)
@Warmup(iterations = 3, time = 2, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 2, timeUnit = TimeUnit.SECONDS)
public abstract class BenchmarkBase {

  /** Values per invocation of the per-record benchmarks; see {@code @OperationsPerInvocation}. */
  public static final int RECORDS = 1_000_000;
}
