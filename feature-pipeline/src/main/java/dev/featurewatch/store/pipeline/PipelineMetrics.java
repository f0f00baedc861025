package dev.featurewatch.store.pipeline;

import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.definition.StreamSpec;
import dev.featurewatch.store.metrics.Histogram;
import dev.featurewatch.store.metrics.PrometheusText;
import dev.featurewatch.store.pipeline.event.DeadLetterReason;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/**
 * The feature pipeline's metrics, one set per loading of featurewatch's classes: on a cluster, per
 * job in a task manager (each submitted job has its own class loader, which its restarts reuse), in
 * the embedded MiniCluster per process; every subtask adds to the same counters, served at one
 * endpoint. Flink's own reporter would attach job, task and attempt ids as labels and rename
 * counters; these names are a contract (DESIGN.md) and their labels are bounded: {@code
 * feature_view} from the registry, {@code reason} from {@link DeadLetterReason}, {@code store}
 * {@code online} or {@code offline}.
 */
public final class PipelineMetrics {

  /** Freshness bucket bounds in seconds: 10 ms to 10 minutes. */
  static final double[] FRESHNESS_BUCKETS = {
    0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 600
  };

  private static final PipelineMetrics GLOBAL = new PipelineMetrics();

  private final ConcurrentMap<List<String>, LongAdder> eventsIn = new ConcurrentHashMap<>();
  private final ConcurrentMap<List<String>, LongAdder> deadLetters = new ConcurrentHashMap<>();
  private final ConcurrentMap<List<String>, LongAdder> late = new ConcurrentHashMap<>();
  private final ConcurrentMap<List<String>, LongAdder> rowsWritten = new ConcurrentHashMap<>();
  private final ConcurrentMap<List<String>, Histogram> freshness = new ConcurrentHashMap<>();
  private final ConcurrentMap<List<String>, LongAccumulator> newestOnlineRow =
      new ConcurrentHashMap<>();
  private final ConcurrentMap<List<String>, Double> expectedInterval = new ConcurrentHashMap<>();

  /** The metrics of this JVM. */
  public static PipelineMetrics global() {
    return GLOBAL;
  }

  /**
   * {@code view}'s events are read in this JVM: its counters start at zero, so that a rate of dead
   * letters is 0 rather than no data until the first bad event, and alerts and dashboards can tell
   * a clean stream from a missing one.
   */
  public void reads(String view) {
    counter(eventsIn, List.of(view));
    counter(late, List.of(view));
    for (DeadLetterReason reason : DeadLetterReason.values()) {
      counter(deadLetters, List.of(view, reason.id()));
    }
  }

  /** An event of {@code view}'s source read, good or bad. */
  public void eventIn(String view) {
    counter(eventsIn, List.of(view)).increment();
  }

  /** An event of {@code view} sent to the dead letter, late ones included. */
  public void deadLetter(String view, DeadLetterReason reason) {
    counter(deadLetters, List.of(view, reason.id())).increment();
  }

  /**
   * An event of {@code view} behind the watermark: for projections its row goes to the offline
   * store only, for windows the event goes to the dead letter (and is counted there too).
   */
  public void late(String view) {
    counter(late, List.of(view)).increment();
  }

  /** Rows of {@code view} written to a store, {@code online} or {@code offline}. */
  public void rowsWritten(String view, String store, long rows) {
    counter(rowsWritten, List.of(view, store)).add(rows);
  }

  /** The time from a row's event time to its online write. */
  public void freshness(String view, double seconds) {
    freshness
        .computeIfAbsent(List.of(view), k -> new Histogram(FRESHNESS_BUCKETS))
        .observe(seconds);
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
            interval -> expectedInterval.put(List.of(view.name()), interval.toNanos() / 1e9));
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
    newestOnlineRow
        .computeIfAbsent(List.of(view), k -> new LongAccumulator(Math::max, Long.MIN_VALUE))
        .accumulate(eventTime.toEpochMilli());
  }

  /** The current total of dead letters of {@code view} for {@code reason}. */
  public long deadLetters(String view, DeadLetterReason reason) {
    LongAdder count = deadLetters.get(List.of(view, reason.id()));
    return count == null ? 0 : count.sum();
  }

  /** The current total of rows of {@code view} written to {@code store}. */
  public long rowsWritten(String view, String store) {
    LongAdder count = rowsWritten.get(List.of(view, store));
    return count == null ? 0 : count.sum();
  }

  /** Every metric in the Prometheus text format. */
  public String scrape() {
    return new PrometheusText()
        .family(
            "featurewatch_pipeline_events_total",
            "counter",
            "Events read from the source of each stream feature view, good or bad.")
        .samples("featurewatch_pipeline_events_total", List.of("feature_view"), eventsIn)
        .family(
            "featurewatch_pipeline_dead_letters_total",
            "counter",
            "Events not used, by feature view and reason (late events included).")
        .samples(
            "featurewatch_pipeline_dead_letters_total",
            List.of("feature_view", "reason"),
            deadLetters)
        .family(
            "featurewatch_pipeline_late_events_total",
            "counter",
            "Events behind the watermark by more than the view's allowed out-of-orderness.")
        .samples("featurewatch_pipeline_late_events_total", List.of("feature_view"), late)
        .family(
            "featurewatch_pipeline_rows_written_total",
            "counter",
            "Feature rows written by the pipeline, by feature view and store.")
        .samples(
            "featurewatch_pipeline_rows_written_total",
            List.of("feature_view", "store"),
            rowsWritten)
        .family(
            "featurewatch_pipeline_freshness_seconds",
            "histogram",
            "Time from a row's event time (a window's end) to its write to the online store.")
        .histograms("featurewatch_pipeline_freshness_seconds", List.of("feature_view"), freshness)
        .family(
            "featurewatch_pipeline_newest_online_row_timestamp_seconds",
            "gauge",
            "Event time (a window's end) of the newest row of each view written online, in Unix"
                + " seconds: time() minus it is the view's freshness.")
        .gauges(
            "featurewatch_pipeline_newest_online_row_timestamp_seconds",
            List.of("feature_view"),
            newestOnlineRow.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get() / 1000.0)))
        .family(
            "featurewatch_pipeline_expected_interval_seconds",
            "gauge",
            "The longest a healthy windowed view goes without a newer row online: its slide plus"
                + " its allowed out-of-orderness.")
        .gauges(
            "featurewatch_pipeline_expected_interval_seconds",
            List.of("feature_view"),
            expectedInterval)
        .toString();
  }

  private static LongAdder counter(ConcurrentMap<List<String>, LongAdder> map, List<String> key) {
    return map.computeIfAbsent(key, k -> new LongAdder());
  }
}
