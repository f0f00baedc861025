package dev.featurewatch.monitoring.job;

import dev.featurewatch.drift.detect.Direction;
import dev.featurewatch.drift.detect.PageHinkley;
import dev.featurewatch.drift.performance.PerformanceMetric;
import dev.featurewatch.drift.performance.SamplingError;
import dev.featurewatch.monitoring.label.PerformanceWindow;
import dev.featurewatch.monitoring.label.SeriesOutcome;
import dev.featurewatch.monitoring.metrics.MonitorMetrics;
import dev.featurewatch.monitoring.result.MonitoringResult;
import dev.featurewatch.monitoring.result.PerformanceResult;
import dev.featurewatch.monitoring.serde.MonitorTypes;
import dev.featurewatch.monitoring.window.Series;
import dev.featurewatch.monitoring.window.WindowEvaluator;
import dev.featurewatch.store.definition.ModelMonitor;
import dev.featurewatch.store.row.Times;
import dev.featurewatch.streaming.metrics.JobMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.BasicTypeInfo;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Performance per series and window, from the label join's outcomes: each labelled prediction
 * counts in the window it was made in (tumbling, the monitor's window size, or an hour for monitors
 * that count predictions only). The series' drift results bring the windows' prediction counts and
 * the baseline's training performance.
 *
 * <p>A window's performance is reported whenever the series' next drift result comes and new labels
 * came for it, and a last time, {@code complete}, once the watermark is past its end plus the
 * labels' maximum delay and the lateness: every prediction has its outcome then, so its coverage is
 * final, and its main metric, relative to the baseline's, joins the series on which Page-Hinkley
 * looks for a worsening (only when the baseline records that metric).
 */
final class PerformanceWindows
    extends KeyedCoProcessFunction<String, SeriesOutcome, MonitoringResult, PerformanceResult> {

  private static final long serialVersionUID = 1L;

  /** The performance window of monitors without a window size. */
  static final Duration DEFAULT_WINDOW = Duration.ofHours(1);

  /** Complete windows' main metric kept per series for the change detector. */
  static final int HISTORY = 500;

  private final Map<String, ModelMonitor> monitors = new HashMap<>();
  private final long latenessMillis;

  private transient MapState<Long, PerformanceWindow> windows;
  private transient ValueState<String> baseline;
  private transient ListState<Double> history;
  private transient MonitorMetrics metrics;

  public PerformanceWindows(List<ModelMonitor> monitors, Duration lateness) {
    monitors.forEach(m -> this.monitors.put(m.name(), m));
    this.latenessMillis = lateness.toMillis();
  }

  @Override
  public void open(OpenContext context) {
    metrics = JobMetrics.shared(MonitorMetrics.class, MonitorMetrics::new);
    monitors.values().forEach(m -> metrics.degradedMargin(m.model(), m.labels().degradedMargin()));
    windows =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "performance", BasicTypeInfo.LONG_TYPE_INFO, MonitorTypes.PERFORMANCE_WINDOW));
    baseline =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>("baseline-performance", BasicTypeInfo.STRING_TYPE_INFO));
    history =
        getRuntimeContext()
            .getListState(new ListStateDescriptor<>("history", BasicTypeInfo.DOUBLE_TYPE_INFO));
  }

  @Override
  public void processElement1(SeriesOutcome outcome, Context ctx, Collector<PerformanceResult> out)
      throws Exception {
    ModelMonitor monitor = monitor(ctx.getCurrentKey());
    long start = start(monitor, outcome.predictionMicros());
    if (completeAt(monitor, start) <= ctx.timerService().currentWatermark()) {
      return; // its window was reported complete already: a late outcome changes it no more
    }
    PerformanceWindow window = window(monitor, start);
    if (outcome.labelled()) {
      window.labelled(outcome.prediction(), outcome.label(), outcome.lagSeconds());
    } else {
      window.expired();
    }
    windows.put(start, window);
    ctx.timerService().registerEventTimeTimer(completeAt(monitor, start));
  }

  @Override
  public void processElement2(
      MonitoringResult result, Context ctx, Collector<PerformanceResult> out) throws Exception {
    ModelMonitor monitor = monitor(ctx.getCurrentKey());
    baseline.update(encode(result.baselinePerformance()));
    long start = start(monitor, Times.micros(result.windowStart()));
    if (completeAt(monitor, start) > ctx.timerService().currentWatermark()) {
      PerformanceWindow window = window(monitor, start);
      window.predictions(result.predictions());
      windows.put(start, window);
      ctx.timerService().registerEventTimeTimer(completeAt(monitor, start));
    }
    List<Long> starts = new ArrayList<>();
    windows.keys().forEach(starts::add);
    for (long s : starts) {
      PerformanceWindow w = windows.get(s);
      if (w.changed() && w.labelled() > 0) {
        out.collect(report(ctx.getCurrentKey(), monitor, s, w, false, false));
        w.reported();
        windows.put(s, w);
      }
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<PerformanceResult> out)
      throws Exception {
    ModelMonitor monitor = monitor(ctx.getCurrentKey());
    // every window complete by now, by its own time (a restore with other settings included)
    List<Long> due = new ArrayList<>();
    for (long start : windows.keys()) {
      if (completeAt(monitor, start) <= timestamp) {
        due.add(start);
      }
    }
    for (long start : due) {
      complete(ctx.getCurrentKey(), monitor, start, windows.get(start), out);
    }
  }

  private void complete(
      String key,
      ModelMonitor monitor,
      long start,
      PerformanceWindow window,
      Collector<PerformanceResult> out)
      throws Exception {
    windows.remove(start);
    boolean change = false;
    PerformanceMetric primary = PerformanceWindow.primary(monitor.prediction().kind());
    Double raw = window.metrics().get(primary);
    Double trained = decode(baseline.value()).get(primary);
    if (raw != null && trained != null && trained != 0) {
      double value = raw / trained;
      List<Double> values = new ArrayList<>();
      history.get().forEach(values::add);
      values.add(value);
      if (values.size() > HISTORY) {
        values = new ArrayList<>(values.subList(values.size() - HISTORY, values.size()));
      }
      history.update(values);
      change = changeAtLast(values, primary.higherIsBetter());
    }
    out.collect(report(key, monitor, start, window, true, change));
  }

  /**
   * Whether Page-Hinkley, fed the series from its start, detects a worsening at its last value:
   * replayed, so the detector needs no state of its own (a few hundred values, once per window).
   * The values are relative to the baseline's (1 is as good as in training), so one scaling fits
   * every metric: a tolerated drift of 0.5 % a window and an alarm at an accumulated 50 %, which
   * finds a 10 % drop within a few windows (ADWIN, made for per-record streams, needs dozens of
   * windows to be that sure).
   */
  static boolean changeAtLast(List<Double> relative, boolean higherIsBetter) {
    PageHinkley detector =
        PageHinkley.builder()
            .delta(0.005)
            .threshold(0.5)
            .minObservations(5)
            .direction(higherIsBetter ? Direction.DECREASE : Direction.INCREASE)
            .build();
    boolean last = false;
    for (double v : relative) {
      last = detector.update(v);
    }
    return last;
  }

  private PerformanceResult report(
      String key,
      ModelMonitor monitor,
      long start,
      PerformanceWindow window,
      boolean complete,
      boolean change)
      throws Exception {
    Series series = Series.ofKey(key);
    Map<PerformanceMetric, Double> metrics = window.metrics();
    Map<PerformanceMetric, Double> trained = decode(baseline.value());
    // judged by the main metric: precision or recall on a few hundred labels swing by more
    PerformanceMetric primary = PerformanceWindow.primary(monitor.prediction().kind());
    Map<PerformanceMetric, Double> errors = window.standardErrors();
    boolean degraded =
        metrics.containsKey(primary)
            && trained.containsKey(primary)
            && PerformanceResult.worse(
                primary,
                metrics.get(primary),
                errors.getOrDefault(primary, Double.NaN),
                SamplingError.bandWidth(WindowEvaluator.alpha(monitor)),
                trained.get(primary),
                monitor.labels().degradedMargin());
    long sizeMicros = Times.micros(size(monitor));
    return new PerformanceResult(
        series.monitor(),
        monitor.model(),
        series.modelVersion(),
        series.segment(),
        Times.instant(start),
        Times.instant(start + sizeMicros),
        window.predictions(),
        window.labelled(),
        window.unlabelled(),
        window.meanLagSeconds(),
        metrics,
        errors,
        trained,
        degraded,
        change,
        complete);
  }

  private PerformanceWindow window(ModelMonitor monitor, long start) throws Exception {
    PerformanceWindow window = windows.get(start);
    return window != null
        ? window
        : new PerformanceWindow(monitor.prediction().kind(), monitor.prediction().threshold());
  }

  private ModelMonitor monitor(String key) {
    return monitors.get(Series.ofKey(key).monitor());
  }

  private static Duration size(ModelMonitor monitor) {
    return monitor.window().size().isZero() ? DEFAULT_WINDOW : monitor.window().size();
  }

  private static long start(ModelMonitor monitor, long micros) {
    long sizeMicros = Times.micros(size(monitor));
    return Math.floorDiv(micros, sizeMicros) * sizeMicros;
  }

  /** When a window is complete: its end, plus the labels' maximum delay and the lateness. */
  private long completeAt(ModelMonitor monitor, long start) {
    long end = start + Times.micros(size(monitor));
    return end / 1_000 + monitor.labels().maxDelay().toMillis() + latenessMillis;
  }

  private static String encode(Map<PerformanceMetric, Double> metrics) {
    StringBuilder text = new StringBuilder();
    metrics.forEach(
        (metric, value) ->
            text.append(text.length() == 0 ? "" : ",")
                .append(metric.id())
                .append('=')
                .append(value));
    return text.toString();
  }

  private static Map<PerformanceMetric, Double> decode(String text) {
    Map<PerformanceMetric, Double> metrics = new EnumMap<>(PerformanceMetric.class);
    if (text == null || text.isEmpty()) {
      return metrics;
    }
    for (String pair : text.split(",")) {
      String[] parts = pair.split("=", 2);
      metrics.put(PerformanceMetric.fromId(parts[0]), Double.parseDouble(parts[1]));
    }
    return metrics;
  }
}
