package dev.featurewatch.streaming.metrics;

import dev.featurewatch.annotation.Internal;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

/**
 * The registry of the jobs' metrics in this JVM: featurewatch's one global accessor for metrics,
 * and on purpose. Registries are passed in everywhere else; Flink, though, makes operators on the
 * task managers from their serialized form, so nothing can hand them a registry, and they reach
 * this one in {@code open()} (a sink in {@code createWriter}).
 *
 * <p>There is one per loading of featurewatch's classes. On a cluster that is one per job in a task
 * manager: each submitted job has its own class loader, which its restarts reuse, and the {@link
 * MetricsEndpoint} serves it. In an embedded run the MiniCluster's operators load the process's
 * classes, so the registry is the process's, and the command serves it from the feature server's
 * {@code /metrics} too. Not {@link PrometheusRegistry#defaultRegistry}: client_java's own classes
 * could be loaded parent-first and shared by every job of a task manager.
 *
 * <p>Every subtask of a job adds to the same series, so each set of metrics (the pipeline's, the
 * monitor's) is registered once here, by the first operator that asks for it:
 *
 * <pre>{@code
 * public void open(OpenContext context) {
 *   metrics = JobMetrics.shared(PipelineMetrics.class, PipelineMetrics::new);
 * }
 * }</pre>
 */
@Internal
public final class JobMetrics {

  private static final PrometheusRegistry REGISTRY = new PrometheusRegistry();

  // the sets of metrics registered in REGISTRY, by class
  private static final ConcurrentMap<Class<?>, Object> SHARED = new ConcurrentHashMap<>();

  /** The registry of this JVM's jobs. */
  public static PrometheusRegistry registry() {
    return REGISTRY;
  }

  /**
   * This JVM's {@code type} of metrics on {@link #registry()}, made by {@code create} on the first
   * call.
   */
  public static <T> T shared(Class<T> type, Function<PrometheusRegistry, T> create) {
    return type.cast(SHARED.computeIfAbsent(type, t -> create.apply(REGISTRY)));
  }

  private JobMetrics() {}
}
