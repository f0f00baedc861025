package dev.featurewatch.store.metrics;

import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Writing metrics in the Prometheus text exposition format (version 0.0.4), which the feature
 * server and the pipeline serve: families with HELP and TYPE, label values escaped, series in a
 * stable order.
 */
public final class PrometheusText {

  /** The content type of the text exposition format. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final StringBuilder out = new StringBuilder(4096);

  /** Starts a metric family. */
  public PrometheusText family(String name, String type, String help) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    return this;
  }

  /** One sample without labels. */
  public PrometheusText sample(String name, long value) {
    out.append(name).append(' ').append(value).append('\n');
    return this;
  }

  /**
   * One sample per series of {@code counters}, sorted by label values.
   *
   * @param labelNames the names of the labels, in the order of each key's values
   */
  public PrometheusText samples(
      String name, List<String> labelNames, Map<List<String>, LongAdder> counters) {
    for (Map.Entry<List<String>, LongAdder> e : sorted(counters).entrySet()) {
      out.append(name)
          .append('{')
          .append(labels(labelNames, e.getKey()))
          .append("} ")
          .append(e.getValue().sum())
          .append('\n');
    }
    return this;
  }

  /**
   * One sample per series of {@code gauges}, sorted by label values; NaN is written as such and
   * infinities as {@code +Inf} and {@code -Inf}.
   */
  public PrometheusText gauges(
      String name, List<String> labelNames, Map<List<String>, Double> gauges) {
    for (Map.Entry<List<String>, Double> e : sorted(gauges).entrySet()) {
      double value = e.getValue();
      out.append(name)
          .append('{')
          .append(labels(labelNames, e.getKey()))
          .append("} ")
          .append(Double.isInfinite(value) ? (value > 0 ? "+Inf" : "-Inf") : Double.toString(value))
          .append('\n');
    }
    return this;
  }

  /** One histogram per series of {@code histograms}, sorted by label values. */
  public PrometheusText histograms(
      String name, List<String> labelNames, Map<List<String>, Histogram> histograms) {
    for (Map.Entry<List<String>, Histogram> e : sorted(histograms).entrySet()) {
      e.getValue().write(out, name, labels(labelNames, e.getKey()));
    }
    return this;
  }

  @Override
  public String toString() {
    return out.toString();
  }

  /** {@code a="x",b="y"}, values escaped. */
  public static String labels(List<String> names, List<String> values) {
    StringBuilder labels = new StringBuilder();
    for (int i = 0; i < names.size(); i++) {
      if (i > 0) {
        labels.append(',');
      }
      labels.append(names.get(i)).append("=\"").append(escape(values.get(i))).append('"');
    }
    return labels.toString();
  }

  /** A label value escaped as the text format requires. */
  public static String escape(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  /** A bucket bound: plain decimal, {@code +Inf} for infinity. */
  static String number(double value) {
    if (value == Double.POSITIVE_INFINITY) {
      return "+Inf";
    }
    return BigDecimal.valueOf(value).toPlainString();
  }

  /** A snapshot sorted by labels, so that scrapes list series in a stable order. */
  private static <V> Map<List<String>, V> sorted(Map<List<String>, V> map) {
    Map<List<String>, V> sorted =
        new TreeMap<>(Comparator.comparing(k -> String.join("\u0000", k)));
    sorted.putAll(map);
    return sorted;
  }
}
