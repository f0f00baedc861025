package dev.featurewatch.store.metrics;

/**
 * A fixed-bucket histogram in seconds: counts per bucket, made cumulative when written. Updates
 * take its lock; they are cheap next to what they measure (a request, a store write).
 */
public final class Histogram {

  private final double[] bounds;
  private final long[] counts;
  private long count;
  private double sum;

  /** A histogram with these upper bucket bounds, ascending ({@code +Inf} is implied). */
  public Histogram(double[] bounds) {
    this.bounds = bounds.clone();
    this.counts = new long[bounds.length];
  }

  public synchronized void observe(double value) {
    for (int i = 0; i < bounds.length; i++) {
      if (value <= bounds[i]) {
        counts[i]++;
        break;
      }
    }
    count++;
    sum += value;
  }

  synchronized void write(StringBuilder out, String name, String labels) {
    long cumulative = 0;
    for (int i = 0; i < bounds.length; i++) {
      cumulative += counts[i];
      out.append(name)
          .append("_bucket{")
          .append(labels)
          .append(",le=\"")
          .append(PrometheusText.number(bounds[i]))
          .append("\"} ")
          .append(cumulative)
          .append('\n');
    }
    out.append(name).append("_bucket{").append(labels).append(",le=\"+Inf\"} ").append(count);
    out.append('\n');
    out.append(name).append("_sum{").append(labels).append("} ").append(Double.toString(sum));
    out.append('\n');
    out.append(name).append("_count{").append(labels).append("} ").append(count).append('\n');
  }
}
