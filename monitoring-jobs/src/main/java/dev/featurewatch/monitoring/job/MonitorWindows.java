package dev.featurewatch.monitoring.job;

import dev.featurewatch.drift.baseline.Baseline;
import dev.featurewatch.drift.baseline.BaselineFile;
import dev.featurewatch.monitoring.baseline.BaselineUpdate;
import dev.featurewatch.monitoring.event.PredictionRecord;
import dev.featurewatch.monitoring.metrics.MonitorMetrics;
import dev.featurewatch.monitoring.result.MonitoringResult;
import dev.featurewatch.monitoring.result.MonitoringResult.ClosedBy;
import dev.featurewatch.monitoring.serde.MonitorTypes;
import dev.featurewatch.monitoring.window.Series;
import dev.featurewatch.monitoring.window.SeriesPrediction;
import dev.featurewatch.monitoring.window.WindowEvaluator;
import dev.featurewatch.monitoring.window.WindowProfile;
import dev.featurewatch.store.definition.ModelMonitor;
import dev.featurewatch.store.row.Times;
import dev.featurewatch.streaming.metrics.JobMetrics;
import dev.featurewatch.streaming.time.KeptWatermark;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.BasicTypeInfo;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The windows of every series, keyed by series: predictions are profiled against their version's
 * baseline, and a window is compared with it when the watermark passes its end (tumbling, in event
 * time, after the allowed lateness) or when it holds the monitor's predictions per window,
 * whichever comes first. Each closed window gives a {@link MonitoringResult}, judged on its own
 * series; {@link WindowFamilies} judges it again with the other series of its window.
 *
 * <p>The baselines come in as broadcast state: per monitor, the version it watches now and the
 * digest of that version's baseline, and the baselines by digest. A window keeps the digest it was
 * opened with and is compared with that baseline, so a baseline attached while a window is open
 * applies from the next window. Predictions of a version the monitor does not watch are dropped
 * before ({@link ReadPredictions}); one that passed there just before the alias moved is counted
 * and skipped here. Predictions that arrive before the first baselines wait in state; no window can
 * close before then, as the baseline source holds the watermark back until it has looked every
 * monitor up.
 *
 * <p>A prediction later than its window's close goes to {@link #LATE} (from the {@code all} series
 * only, so once). The watermark is kept in operator state, as in the feature pipeline, so that a
 * prediction replayed after a restore cannot reopen a window already given.
 */
final class MonitorWindows
    extends KeyedBroadcastProcessFunction<
        String, SeriesPrediction, BaselineUpdate, MonitoringResult>
    implements CheckpointedFunction {

  private static final long serialVersionUID = 1L;

  /** Per monitor: the version watched, the baseline's digest and the problem, as one string. */
  public static final MapStateDescriptor<String, String> ACTIVE =
      new MapStateDescriptor<>(
          "active-baselines", BasicTypeInfo.STRING_TYPE_INFO, BasicTypeInfo.STRING_TYPE_INFO);

  /** Baseline files by digest. */
  public static final MapStateDescriptor<String, byte[]> BASELINES =
      new MapStateDescriptor<>(
          "baselines",
          BasicTypeInfo.STRING_TYPE_INFO,
          PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);

  /** Predictions that came after their window had closed. */
  public static final OutputTag<SeriesPrediction> LATE =
      new OutputTag<>("late-predictions", MonitorTypes.SERIES_PREDICTION);

  // the end-of-input timer of windows without a time limit: only a final watermark reaches it
  private static final long END_OF_INPUT = Long.MAX_VALUE - 1;

  private final Map<String, ModelMonitor> monitors;
  private final long latenessMillis;

  private transient Map<String, WindowEvaluator> evaluators;
  // per record these would be parsed again: the series of a key, a monitor's entry
  private transient Map<String, Series> seriesByKey;
  private transient Map<String, Active> activeByEncoding;
  private transient Map<String, Baseline> parsed;
  private transient MapState<Long, WindowProfile> windows;
  private transient ListState<SeriesPrediction> pending;
  private transient KeptWatermark watermark;
  private transient MonitorMetrics metrics;

  /**
   * @param lateness how long after a window's end its predictions may still arrive
   */
  public MonitorWindows(List<ModelMonitor> monitors, Duration lateness) {
    this.monitors = new HashMap<>();
    monitors.forEach(m -> this.monitors.put(m.name(), m));
    this.latenessMillis = lateness.toMillis();
  }

  @Override
  public void open(OpenContext context) {
    metrics = JobMetrics.shared(MonitorMetrics.class, MonitorMetrics::new);
    evaluators = new HashMap<>();
    monitors.forEach((name, monitor) -> evaluators.put(name, new WindowEvaluator(monitor)));
    // the estimated-performance alert compares with training's value less this margin, with labels
    // or without (then the default)
    monitors
        .values()
        .forEach(
            m ->
                metrics.degradedMargin(
                    m.model(),
                    m.labels() == null
                        ? ModelMonitor.Labels.DEFAULT_DEGRADED_MARGIN
                        : m.labels().degradedMargin()));
    parsed = new HashMap<>();
    seriesByKey = new HashMap<>();
    activeByEncoding = new HashMap<>();
    windows =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "windows", BasicTypeInfo.LONG_TYPE_INFO, MonitorTypes.WINDOW_PROFILE));
    pending =
        getRuntimeContext()
            .getListState(new ListStateDescriptor<>("pending", MonitorTypes.SERIES_PREDICTION));
  }

  @Override
  public void initializeState(FunctionInitializationContext context) throws Exception {
    watermark = new KeptWatermark();
    watermark.initialize(context);
  }

  @Override
  public void snapshotState(FunctionSnapshotContext context) throws Exception {
    watermark.snapshot();
  }

  @Override
  public void processBroadcastElement(
      BaselineUpdate update, Context ctx, Collector<MonitoringResult> out) throws Exception {
    if (update.isTick()) {
      return;
    }
    BroadcastState<String, String> active = ctx.getBroadcastState(ACTIVE);
    BroadcastState<String, byte[]> baselines = ctx.getBroadcastState(BASELINES);
    Active previous = Active.decode(active.get(update.monitor()));
    List<String> recent = new ArrayList<>();
    if (previous != null) {
      recent.add(previous.digest());
      recent.addAll(previous.recent());
    }
    recent.removeIf(d -> d.isEmpty() || d.equals(update.digest()));
    active.put(
        update.monitor(),
        new Active(
                update.version(),
                update.digest(),
                update.problem(),
                recent.subList(0, Math.min(recent.size(), Active.RECENT)))
            .encode());
    if (update.baseline() != null) {
      baselines.put(update.digest(), update.baseline());
    }
    if (previous != null && !previous.version().equals(update.version())) {
      // the alias moved: the old version's windows may still close, but its gauges must go
      metrics.forgetVersion(monitors.get(update.monitor()).model(), previous.version());
    }
    // keep the baselines watched now and the few before, for the windows still open on them
    Set<String> kept = new HashSet<>();
    for (Map.Entry<String, String> e : active.entries()) {
      Active a = Active.decode(e.getValue());
      kept.add(a.digest());
      kept.addAll(a.recent());
    }
    for (Iterator<Map.Entry<String, byte[]>> it = baselines.iterator(); it.hasNext(); ) {
      if (!kept.contains(it.next().getKey())) {
        it.remove();
      }
    }
    parsed.keySet().retainAll(kept);
  }

  @Override
  public void processElement(
      SeriesPrediction prediction, ReadOnlyContext ctx, Collector<MonitoringResult> out)
      throws Exception {
    Scope scope = new Scope(ctx, out);
    if (scope.active() == null) {
      pending.add(prediction);
      ctx.timerService().registerEventTimeTimer(timerOf(scope.monitor(), prediction.record()));
      return;
    }
    drainPending(scope);
    add(scope, prediction, true);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<MonitoringResult> out)
      throws Exception {
    Scope scope = new Scope(ctx, out);
    if (timestamp != END_OF_INPUT) {
      watermark.reached(timestamp); // the final watermark is no event time to keep
    }
    if (scope.active() != null) {
      drainPending(scope);
    }
    ModelMonitor monitor = scope.monitor();
    // every window due by now, found by its own close time (not by inverting the timer: a restore
    // with another lateness or window size must still close the windows of the checkpoint)
    List<Long> due = new ArrayList<>();
    for (long interval : windows.keys()) {
      if (timestamp == END_OF_INPUT || timerOf(monitor, interval) <= timestamp) {
        due.add(interval);
      }
    }
    ClosedBy closedBy =
        timestamp == END_OF_INPUT && monitor.window().size().isZero()
            ? ClosedBy.END_OF_INPUT
            : ClosedBy.TIME;
    for (long interval : due) {
      close(scope, interval, closedBy);
    }
  }

  private void drainPending(Scope scope) throws Exception {
    Iterable<SeriesPrediction> waiting = pending.get();
    if (waiting == null || !waiting.iterator().hasNext()) {
      return;
    }
    List<SeriesPrediction> drained = new ArrayList<>();
    waiting.forEach(drained::add);
    pending.clear();
    for (SeriesPrediction p : drained) {
      // on time when it came: the watermark was held back until the baselines were known
      add(scope, p, false);
    }
  }

  /**
   * @param mayBeLate whether a prediction behind the watermark is late: not for one that waited for
   *     the first baselines
   */
  private void add(Scope scope, SeriesPrediction prediction, boolean mayBeLate) throws Exception {
    Series series = scope.series();
    ModelMonitor monitor = scope.monitor();
    PredictionRecord record = prediction.record();
    Active active = scope.active();
    boolean all = Series.ALL.equals(series.segment());
    if (!active.version().equals(series.modelVersion())) {
      // the alias moved between ReadPredictions' update and this operator's: rare, and bounded
      if (all) {
        metrics.unmonitored(monitor.model());
      }
      return;
    }
    long interval = intervalOf(monitor, record.timeMicros());
    long now = watermark.current(scope.timers().currentWatermark());
    long timer = timerOf(monitor, record);
    if (mayBeLate && timer <= now) {
      if (all) {
        scope.late().accept(prediction);
      }
      return;
    }
    WindowProfile window = windows.get(interval);
    if (window == null) {
      window =
          active.digest().isEmpty() || scope.baseline(active.digest()) == null
              ? WindowProfile.countingOnly(monitor)
              : WindowProfile.alignedTo(monitor, scope.baseline(active.digest()), active.digest());
      scope.timers().registerEventTimeTimer(timer);
    }
    window.add(record);
    windows.put(interval, window);
    long perWindow = monitor.window().predictions();
    if (perWindow > 0 && window.predictions() >= perWindow) {
      close(scope, interval, ClosedBy.COUNT);
    }
  }

  /** Evaluates and forgets the window of {@code interval}, if it holds predictions. */
  private void close(Scope scope, long interval, ClosedBy closedBy) throws Exception {
    WindowProfile window = windows.get(interval);
    if (window == null) {
      return;
    }
    windows.remove(interval);
    if (window.predictions() == 0) {
      return;
    }
    ModelMonitor monitor = scope.monitor();
    long sizeMicros = Times.micros(monitor.window().size());
    Instant start;
    Instant end;
    if (closedBy == ClosedBy.TIME) {
      start = Times.instant(interval);
      end = Times.instant(interval + sizeMicros);
    } else {
      start = Times.instant(window.firstMicros());
      end = Times.instant(window.lastMicros() + 1);
    }
    String digest = window.baselineDigest();
    Baseline baseline = digest.isEmpty() ? null : scope.baseline(digest);
    String problem =
        digest.isEmpty()
            ? scope.active().problem()
            : baseline == null
                ? "baseline "
                    + digest
                    + " was replaced "
                    + Active.RECENT
                    + " times while the window was open"
                : "";
    MonitoringResult result =
        evaluators
            .get(monitor.name())
            .evaluate(scope.series(), window, baseline, problem, start, end, closedBy);
    scope.out().collect(result);
  }

  private static long intervalOf(ModelMonitor monitor, long timeMicros) {
    long sizeMicros = Times.micros(monitor.window().size());
    return sizeMicros == 0 ? 0 : Math.floorDiv(timeMicros, sizeMicros) * sizeMicros;
  }

  /** When the window of this prediction closes. */
  private long timerOf(ModelMonitor monitor, PredictionRecord record) {
    return timerOf(monitor, intervalOf(monitor, record.timeMicros()));
  }

  /** When the window of {@code interval} closes: its last millisecond, plus the lateness. */
  private long timerOf(ModelMonitor monitor, long interval) {
    long sizeMicros = Times.micros(monitor.window().size());
    if (sizeMicros == 0) {
      return END_OF_INPUT;
    }
    return Math.floorDiv(interval + sizeMicros, 1_000) - 1 + latenessMillis;
  }

  /** What a prediction or timer of one series works with. */
  private final class Scope {
    private final Series series;
    private final ReadOnlyBroadcastState<String, String> active;
    private final ReadOnlyBroadcastState<String, byte[]> baselines;
    private final TimerService timers;
    private final Consumer<SeriesPrediction> late;
    private final Collector<MonitoringResult> out;

    Scope(ReadOnlyContext ctx, Collector<MonitoringResult> out) throws Exception {
      this.series = seriesByKey.computeIfAbsent(ctx.getCurrentKey(), Series::ofKey);
      this.active = ctx.getBroadcastState(ACTIVE);
      this.baselines = ctx.getBroadcastState(BASELINES);
      this.timers = ctx.timerService();
      this.late = prediction -> ctx.output(LATE, prediction);
      this.out = out;
    }

    Series series() {
      return series;
    }

    ModelMonitor monitor() {
      return monitors.get(series.monitor());
    }

    Active active() throws Exception {
      String encoded = active.get(series.monitor());
      return encoded == null ? null : activeByEncoding.computeIfAbsent(encoded, Active::decode);
    }

    /** The baseline of {@code digest}, parsed once per task; null when no longer kept. */
    Baseline baseline(String digest) throws Exception {
      Baseline baseline = parsed.get(digest);
      if (baseline == null) {
        byte[] bytes = baselines.get(digest);
        if (bytes == null) {
          return null;
        }
        try {
          baseline = BaselineFile.read(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
          // the baseline source read it before sending it: this is not the bytes it sent
          throw new UncheckedIOException("baseline " + digest + " cannot be read back", e);
        }
        parsed.put(digest, baseline);
      }
      return baseline;
    }

    TimerService timers() {
      return timers;
    }

    Consumer<SeriesPrediction> late() {
      return late;
    }

    Collector<MonitoringResult> out() {
      return out;
    }
  }

  /**
   * A monitor's entry in {@link #ACTIVE}.
   *
   * @param recent the digests of the baselines it had before, newest first, at most {@link
   *     #RECENT}: windows opened on them may still be open
   */
  private record Active(String version, String digest, String problem, List<String> recent) {

    /** Baselines kept after they were replaced. */
    static final int RECENT = 3;

    private static final String SEPARATOR = "\u001f";

    String encode() {
      return String.join(SEPARATOR, version, digest, problem, String.join(",", recent));
    }

    static Active decode(String encoded) {
      if (encoded == null) {
        return null;
      }
      String[] parts = encoded.split(SEPARATOR, 4);
      return new Active(
          parts[0],
          parts[1],
          parts[2],
          parts[3].isEmpty() ? List.of() : List.of(parts[3].split(",")));
    }
  }
}
