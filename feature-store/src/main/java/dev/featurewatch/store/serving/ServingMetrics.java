package dev.featurewatch.store.serving;

import dev.featurewatch.store.online.FeatureStatus;
import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
  private final ConcurrentMap<String, LongAdder> rowsWritten = new ConcurrentHashMap<>();
  private final LongAdder entityRows = new LongAdder();
  private final LongAdder storeErrors = new LongAdder();

  /** Records one answered request. */
  void request(String method, String path, int status, double seconds) {
    requests
        .computeIfAbsent(List.of(method, path, Integer.toString(status)), k -> new Histogram())
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
    rowsWritten.computeIfAbsent(view, k -> new LongAdder()).add(count);
  }

  void storeError() {
    storeErrors.increment();
  }

  /** Every metric in the text exposition format. */
  String scrape() {
    StringBuilder out = new StringBuilder(4096);
    header(
        out,
        "featurewatch_serving_request_duration_seconds",
        "histogram",
        "Time to answer a feature server request, by method, path and HTTP status.");
    for (Map.Entry<List<String>, Histogram> e : sorted(requests).entrySet()) {
      String labels =
          "method=\""
              + escape(e.getKey().get(0))
              + "\",path=\""
              + escape(e.getKey().get(1))
              + "\",status=\""
              + escape(e.getKey().get(2))
              + "\"";
      e.getValue().write(out, "featurewatch_serving_request_duration_seconds", labels);
    }
    header(
        out,
        "featurewatch_serving_entity_rows_total",
        "counter",
        "Entity rows answered by get-online-features.");
    out.append("featurewatch_serving_entity_rows_total ").append(entityRows.sum()).append('\n');
    header(
        out,
        "featurewatch_serving_feature_values_total",
        "counter",
        "Feature values answered by get-online-features, by feature view and status.");
    for (Map.Entry<List<String>, LongAdder> e : sorted(featureValues).entrySet()) {
      out.append("featurewatch_serving_feature_values_total{feature_view=\"")
          .append(escape(e.getKey().get(0)))
          .append("\",status=\"")
          .append(e.getKey().get(1))
          .append("\"} ")
          .append(e.getValue().sum())
          .append('\n');
    }
    header(
        out,
        "featurewatch_serving_rows_written_total",
        "counter",
        "Feature rows written by push and write-to-online-store, by feature view.");
    for (Map.Entry<String, LongAdder> e : new TreeMap<>(rowsWritten).entrySet()) {
      out.append("featurewatch_serving_rows_written_total{feature_view=\"")
          .append(escape(e.getKey()))
          .append("\"} ")
          .append(e.getValue().sum())
          .append('\n');
    }
    header(
        out,
        "featurewatch_serving_store_errors_total",
        "counter",
        "Requests that failed because the online or offline store did not answer.");
    out.append("featurewatch_serving_store_errors_total ").append(storeErrors.sum()).append('\n');
    return out.toString();
  }

  /** A snapshot sorted by labels, so that scrapes list series in a stable order. */
  private static <V> Map<List<String>, V> sorted(Map<List<String>, V> map) {
    Map<List<String>, V> sorted =
        new TreeMap<>(Comparator.comparing(k -> String.join("\u0000", k)));
    sorted.putAll(map);
    return sorted;
  }

  private static void header(StringBuilder out, String name, String type, String help) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  /** A label value escaped as the text format requires. */
  static String escape(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  private static String number(double value) {
    if (value == Double.POSITIVE_INFINITY) {
      return "+Inf";
    }
    return BigDecimal.valueOf(value).toPlainString();
  }

  /** A fixed-bucket histogram; counts per bucket, made cumulative when written. */
  private static final class Histogram {
    private final long[] counts = new long[BUCKETS.length];
    private long count;
    private double sum;

    synchronized void observe(double value) {
      for (int i = 0; i < BUCKETS.length; i++) {
        if (value <= BUCKETS[i]) {
          counts[i]++;
          break;
        }
      }
      count++;
      sum += value;
    }

    synchronized void write(StringBuilder out, String name, String labels) {
      long cumulative = 0;
      for (int i = 0; i < BUCKETS.length; i++) {
        cumulative += counts[i];
        out.append(name)
            .append("_bucket{")
            .append(labels)
            .append(",le=\"")
            .append(number(BUCKETS[i]))
            .append("\"} ")
            .append(cumulative)
            .append('\n');
      }
      out.append(name)
          .append("_bucket{")
          .append(labels)
          .append(",le=\"+Inf\"} ")
          .append(count)
          .append('\n');
      out.append(name)
          .append("_sum{")
          .append(labels)
          .append("} ")
          .append(Double.toString(sum))
          .append('\n');
      out.append(name).append("_count{").append(labels).append("} ").append(count).append('\n');
    }
  }
}
