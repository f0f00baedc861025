package dev.featurewatch.store.metrics;

import dev.featurewatch.annotation.Internal;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * Metric families as featurewatch registers them, the one place of that policy for the server's and
 * the jobs' metrics: client_java families without exemplars, histograms with classic buckets only.
 * Nothing in featurewatch traces, so exemplars would stay empty; sampling them would start
 * client_java's scheduler thread, which outlives a job's class loader on a task manager. Classic
 * buckets only: the bounds are part of the contract (the alert rules select {@code le="0.025"}),
 * and a scrape in the protobuf format would otherwise carry native buckets too.
 *
 * <pre>{@code
 * Counter events =
 *     Families.counter(registry, "featurewatch_pipeline_events_total", "Events read.", "feature_view");
 * events.labelValues("trip_stats").inc();
 * }</pre>
 *
 * <p>A registry takes a family once: registering a name again with the same labels throws {@link
 * IllegalArgumentException}.
 */
@Internal
public final class Families {

  /**
   * A counter registered in {@code registry}.
   *
   * @param name the name as exported, {@code _total} included
   */
  public static Counter counter(
      PrometheusRegistry registry, String name, String help, String... labelNames) {
    return Counter.builder()
        .name(name)
        .help(help)
        .labelNames(labelNames)
        .withoutExemplars()
        .register(registry);
  }

  /** A gauge registered in {@code registry}. */
  public static Gauge gauge(
      PrometheusRegistry registry, String name, String help, String... labelNames) {
    return Gauge.builder()
        .name(name)
        .help(help)
        .labelNames(labelNames)
        .withoutExemplars()
        .register(registry);
  }

  /**
   * A histogram registered in {@code registry}.
   *
   * @param buckets the upper bounds, ascending ({@code +Inf} is implied)
   */
  public static Histogram histogram(
      PrometheusRegistry registry,
      String name,
      String help,
      double[] buckets,
      String... labelNames) {
    return Histogram.builder()
        .name(name)
        .help(help)
        .labelNames(labelNames)
        .classicOnly()
        .classicUpperBounds(buckets)
        .withoutExemplars()
        .register(registry);
  }

  private Families() {}
}
