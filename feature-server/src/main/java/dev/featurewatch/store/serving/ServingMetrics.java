package dev.featurewatch.store.serving;

import dev.featurewatch.store.metrics.Families;
import dev.featurewatch.store.online.FeatureStatus;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The feature server's metrics, registered in the registry its {@code /metrics} serves.
 *
 * <p>Labels are bounded: {@code method} and {@code path} come from the fixed set of endpoints
 * (anything else is {@code path="other"}), {@code status} from HTTP codes or {@link FeatureStatus},
 * {@code feature_view} from the registry. Entity keys and values never appear.
 *
 * <p>Thread-safe, as client_java's counters and histograms are.
 */
final class ServingMetrics {

  /** Request latency bucket bounds in seconds: 100 µs to 5 s. */
  static final double[] BUCKETS = {
    0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5
  };

  private final PrometheusRegistry registry;
  private final Histogram requests;
  private final Counter entityRows;
  private final Counter featureValues;
  private final Counter rowsWritten;
  private final Counter storeErrors;
  private final Counter deadlinesExceeded;
  // each view's data point per status, looked up once: labelValues allocates on every call, and an
  // answer counts every column it wrote
  private final ConcurrentMap<String, AtomicReferenceArray<CounterDataPoint>> valuesByView =
      new ConcurrentHashMap<>();

  /** The server's families, registered in {@code registry}. */
  ServingMetrics(PrometheusRegistry registry) {
    this.registry = registry;
    requests =
        Families.histogram(
            registry,
            "featurewatch_serving_request_duration_seconds",
            "Time to answer a feature server request, by method, path and HTTP status.",
            BUCKETS,
            "method",
            "path",
            "status");
    entityRows =
        Families.counter(
            registry,
            "featurewatch_serving_entity_rows_total",
            "Entity rows answered by get-online-features.");
    featureValues =
        Families.counter(
            registry,
            "featurewatch_serving_feature_values_total",
            "Feature values answered by get-online-features, by feature view and status.",
            "feature_view",
            "status");
    rowsWritten =
        Families.counter(
            registry,
            "featurewatch_serving_rows_written_total",
            "Feature rows written by push and write-to-online-store, by feature view.",
            "feature_view");
    storeErrors =
        Families.counter(
            registry,
            "featurewatch_serving_store_errors_total",
            "Requests that failed because the online or offline store did not answer.");
    deadlinesExceeded =
        Families.counter(
            registry,
            "featurewatch_serving_deadline_exceeded_total",
            "Requests answered 503 because the online store did not answer within their deadline,"
                + " by path.",
            "path");
  }

  /** Records one answered request. */
  void request(String method, String path, int status, double seconds) {
    requests.labelValues(method, path, Integer.toString(status)).observe(seconds);
  }

  void featureValues(String view, FeatureStatus status, long count) {
    if (count > 0) {
      AtomicReferenceArray<CounterDataPoint> points =
          valuesByView.computeIfAbsent(
              view, v -> new AtomicReferenceArray<>(FeatureStatus.values().length));
      CounterDataPoint point = points.get(status.ordinal());
      if (point == null) {
        // two threads may both look it up: labelValues gives both the same data point
        point = featureValues.labelValues(view, status.name());
        points.set(status.ordinal(), point);
      }
      point.inc(count);
    }
  }

  void entityRows(long count) {
    entityRows.inc(count);
  }

  void rowsWritten(String view, long count) {
    rowsWritten.labelValues(view).inc(count);
  }

  void storeError() {
    storeErrors.inc();
  }

  void deadlineExceeded(String path) {
    deadlinesExceeded.labelValues(path).inc();
  }

  /** Takes the families out of the registry; a second call does nothing. */
  void unregister() {
    for (Collector family :
        List.of(requests, entityRows, featureValues, rowsWritten, storeErrors, deadlinesExceeded)) {
      registry.unregister(family);
    }
  }
}
