package dev.featurewatch.store.pipeline;

import dev.featurewatch.annotation.Internal;
import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.definition.StreamSpec;
import dev.featurewatch.store.metrics.Families;
import dev.featurewatch.store.pipeline.event.DeadLetterReason;
import io.prometheus.metrics.core.datapoints.GaugeDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Labels;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The feature pipeline's metrics, registered in a client_java registry. The jobs' operators share
 * one set per JVM ({@code JobMetrics.shared(PipelineMetrics.class, PipelineMetrics::new)}): on a
 * cluster per job in a task manager, in the embedded MiniCluster per process; every subtask adds to
 * the same series, served at one endpoint. Flink's own reporter would attach job, task and attempt
 * ids as labels and rename counters; these names are a contract (DESIGN.md) and their labels are
 * bounded: {@code feature_view} from the registry, {@code reason} from {@link DeadLetterReason},
 * {@code store} {@code online} or {@code offline}.
 */
@Internal
public final class PipelineMetrics {

  /** Freshness bucket bounds in seconds: 10 ms to 10 minutes. */
  static final double[] FRESHNESS_BUCKETS = {
    0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 600
  };

  private final Counter eventsIn;
  private final Counter deadLetters;
  private final Counter late;
  private final Counter rowsWritten;
  private final Histogram freshness;
  private final Gauge newestOnlineRow;
  private final Gauge expectedInterval;
  // several subtasks write rows of a view: the newest row's gauge only moves forward
  private final Object newestLock = new Object();

  /** The pipeline's families, registered in {@code registry}. */
  public PipelineMetrics(PrometheusRegistry registry) {
    eventsIn =
        Families.counter(
            registry,
            "featurewatch_pipeline_events_total",
            "Events read from the source of each stream feature view, good or bad.",
            "feature_view");
    deadLetters =
        Families.counter(
            registry,
            "featurewatch_pipeline_dead_letters_total",
            "Events not used, by feature view and reason (late events included).",
            "feature_view",
            "reason");
    late =
        Families.counter(
            registry,
            "featurewatch_pipeline_late_events_total",
            "Events behind the watermark by more than the view's allowed out-of-orderness.",
            "feature_view");
    rowsWritten =
        Families.counter(
            registry,
            "featurewatch_pipeline_rows_written_total",
            "Feature rows written by the pipeline, by feature view and store.",
            "feature_view",
            "store");
    freshness =
        Families.histogram(
            registry,
            "featurewatch_pipeline_freshness_seconds",
            "Time from a row's event time (a window's end) to its write to the online store.",
            FRESHNESS_BUCKETS,
            "feature_view");
    newestOnlineRow =
        Families.gauge(
            registry,
            "featurewatch_pipeline_newest_online_row_timestamp_seconds",
            "Event time (a window's end) of the newest row of each view written online, in Unix"
                + " seconds: time() minus it is the view's freshness.",
            "feature_view");
    expectedInterval =
        Families.gauge(
            registry,
            "featurewatch_pipeline_expected_interval_seconds",
            "The longest a healthy windowed view goes without a newer row online: its slide plus"
                + " its allowed out-of-orderness.",
            "feature_view");
  }

  /**
   * {@code view}'s events are read in this JVM: its counters start at zero, so that a rate of dead
   * letters is 0 rather than no data until the first bad event, and alerts and dashboards can tell
   * a clean stream from a missing one.
   */
  public void reads(String view) {
    eventsIn.initLabelValues(view);
    late.initLabelValues(view);
    for (DeadLetterReason reason : DeadLetterReason.values()) {
      deadLetters.initLabelValues(view, reason.id());
    }
  }

  /** An event of {@code view}'s source read, good or bad. */
  public void eventIn(String view) {
    eventsIn.labelValues(view).inc();
  }

  /** An event of {@code view} sent to the dead letter, late ones included. */
  public void deadLetter(String view, DeadLetterReason reason) {
    deadLetters.labelValues(view, reason.id()).inc();
  }

  /**
   * An event of {@code view} behind the watermark: for projections its row goes to the offline
   * store only, for windows the event goes to the dead letter (and is counted there too).
   */
  public void late(String view) {
    late.labelValues(view).inc();
  }

  /** Rows of {@code view} written to a store, {@code online} or {@code offline}. */
  public void rowsWritten(String view, String store, long rows) {
    rowsWritten.labelValues(view, store).inc(rows);
  }

  /** The time from a row's event time to its online write. */
  public void freshness(String view, double seconds) {
    freshness.labelValues(view).observe(seconds);
  }

  /**
   * {@code view} is written online by this JVM: for a windowed view its expected interval, the
   * longest a healthy view goes without a newer row online, is exported. A window closes every
   * slide, and is written once the watermark, which trails the newest event by the allowed
   * out-of-orderness, passes its end; so a row online is normally at most slide + out-of-orderness
   * old. Projections write when events arrive and have no such expectation.
   */
  public void writesOnline(FeatureView view) {
    expectedInterval(view.stream())
        .ifPresent(
            interval -> expectedInterval.labelValues(view.name()).set(interval.toNanos() / 1e9));
  }

  /** The expected interval of a view computed as {@code stream}: see {@link #writesOnline}. */
  static Optional<Duration> expectedInterval(StreamSpec stream) {
    if (stream == null || stream.slide() == null) {
      return Optional.empty();
    }
    return Optional.of(stream.slide().plus(stream.maxOutOfOrderness()));
  }

  /** A row of {@code view} with event time {@code eventTime} written to the online store. */
  public void onlineRow(String view, Instant eventTime) {
    double seconds = eventTime.toEpochMilli() / 1000.0;
    synchronized (newestLock) {
      GaugeDataPoint newest = newestOnlineRow.labelValues(view);
      if (seconds > newest.get()) {
        newest.set(seconds);
      }
    }
  }

  /** The current total of dead letters of {@code view} for {@code reason}. */
  public long deadLetters(String view, DeadLetterReason reason) {
    return count(deadLetters, Labels.of("feature_view", view, "reason", reason.id()));
  }

  /** The current total of rows of {@code view} written to {@code store}. */
  public long rowsWritten(String view, String store) {
    return count(rowsWritten, Labels.of("feature_view", view, "store", store));
  }

  /** The count of one series of {@code counter}, 0 when there is none (reading creates none). */
  private static long count(Counter counter, Labels series) {
    return counter.collect().getDataPoints().stream()
        .filter(p -> p.getLabels().equals(series))
        .mapToLong(p -> (long) p.getValue())
        .sum();
  }
}
