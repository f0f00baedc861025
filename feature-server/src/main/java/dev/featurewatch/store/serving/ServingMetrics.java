package dev.featurewatch.store.serving;

import dev.featurewatch.store.metrics.Histogram;
import dev.featurewatch.store.metrics.PrometheusText;
import dev.featurewatch.store.online.FeatureStatus;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The feature server's metrics, written in the Prometheus text exposition format (version 0.0.4).
 *
 * <p>Labels are bounded: {@code method} and {@code path} come from the fixed set of endpoints
 * (anything else is {@code path="other"}), {@code status} from HTTP codes or {@link FeatureStatus},
 * {@code feature_view} from the registry. Entity keys and values never appear.
 *
 * <p>Thread-safe: counters are {@link LongAdder}s; a histogram updates under its own lock.
 */
final class ServingMetrics {

  /** Request latency bucket bounds in seconds: 100 µs to 5 s. */
  static final double[] BUCKETS = {
    0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5
  };

  private final ConcurrentMap<List<String>, Histogram> requests = new ConcurrentHashMap<>();
  private final ConcurrentMap<List<String>, LongAdder> featureValues = new ConcurrentHashMap<>();
  private final ConcurrentMap<List<String>, LongAdder> rowsWritten = new ConcurrentHashMap<>();
  private final LongAdder entityRows = new LongAdder();
  private final LongAdder storeErrors = new LongAdder();

  /** Records one answered request. */
  void request(String method, String path, int status, double seconds) {
    requests
        .computeIfAbsent(
            List.of(method, path, Integer.toString(status)), k -> new Histogram(BUCKETS))
        .observe(seconds);
  }

  void featureValues(String view, FeatureStatus status, long count) {
    if (count > 0) {
      featureValues.computeIfAbsent(List.of(view, status.name()), k -> new LongAdder()).add(count);
    }
  }

  void entityRows(long count) {
    entityRows.add(count);
  }

  void rowsWritten(String view, long count) {
    rowsWritten.computeIfAbsent(List.of(view), k -> new LongAdder()).add(count);
  }

  void storeError() {
    storeErrors.increment();
  }

  /** Every metric in the text exposition format. */
  String scrape() {
    return new PrometheusText()
        .family(
            "featurewatch_serving_request_duration_seconds",
            "histogram",
            "Time to answer a feature server request, by method, path and HTTP status.")
        .histograms(
            "featurewatch_serving_request_duration_seconds",
            List.of("method", "path", "status"),
            requests)
        .family(
            "featurewatch_serving_entity_rows_total",
            "counter",
            "Entity rows answered by get-online-features.")
        .sample("featurewatch_serving_entity_rows_total", entityRows.sum())
        .family(
            "featurewatch_serving_feature_values_total",
            "counter",
            "Feature values answered by get-online-features, by feature view and status.")
        .samples(
            "featurewatch_serving_feature_values_total",
            List.of("feature_view", "status"),
            featureValues)
        .family(
            "featurewatch_serving_rows_written_total",
            "counter",
            "Feature rows written by push and write-to-online-store, by feature view.")
        .samples("featurewatch_serving_rows_written_total", List.of("feature_view"), rowsWritten)
        .family(
            "featurewatch_serving_store_errors_total",
            "counter",
            "Requests that failed because the online or offline store did not answer.")
        .sample("featurewatch_serving_store_errors_total", storeErrors.sum())
        .toString();
  }
}
