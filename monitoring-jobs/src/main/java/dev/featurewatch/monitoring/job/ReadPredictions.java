package dev.featurewatch.monitoring.job;

import dev.featurewatch.monitoring.baseline.BaselineUpdate;
import dev.featurewatch.monitoring.event.BadRecordException;
import dev.featurewatch.monitoring.event.PredictionReader;
import dev.featurewatch.monitoring.event.PredictionRecord;
import dev.featurewatch.monitoring.event.Predictions;
import dev.featurewatch.monitoring.event.Reason;
import dev.featurewatch.monitoring.label.PredictionRef;
import dev.featurewatch.monitoring.metrics.MonitorMetrics;
import dev.featurewatch.monitoring.serde.MonitorTypes;
import dev.featurewatch.monitoring.window.Series;
import dev.featurewatch.monitoring.window.SeriesPrediction;
import dev.featurewatch.store.definition.ModelMonitor;
import dev.featurewatch.streaming.metrics.JobMetrics;
import dev.featurewatch.streaming.metrics.MetricsEndpoint;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.BasicTypeInfo;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The first step of the monitors of one prediction source: raw JSON events in, each prediction out
 * once per series it belongs to (its version's {@code all}, and one per segment), bad events and
 * events of no monitored model to {@link #DEAD_LETTERS}, each counted.
 *
 * <p>Only the version each monitor watches now goes on: the baselines' updates, broadcast to this
 * operator too, say which ({@link #WATCHED}). Predictions of any other version are counted in one
 * series per model ({@link MonitorMetrics#unmonitored}) and dropped here, before the windows and
 * the label join, so a stream carrying many versions (canaries, shadows, a version number per
 * build) makes no state, timers or metric series per version. Until every monitor of the source has
 * been looked up once, events wait in operator state (checkpointed); the baselines' watermark holds
 * the windows back meanwhile, so none of them is late for the wait.
 */
final class ReadPredictions
    extends BroadcastProcessFunction<String, BaselineUpdate, SeriesPrediction>
    implements CheckpointedFunction {

  private static final long serialVersionUID = 1L;

  /** Predictions of monitors with labels, once each, for the label join. */
  public static final OutputTag<PredictionRef> TO_JOIN =
      new OutputTag<>("predictions-to-join", MonitorTypes.PREDICTION_REF);

  /** Dead letters as JSON lines. */
  public static final OutputTag<String> DEAD_LETTERS =
      new OutputTag<>("monitor-dead-letters", BasicTypeInfo.STRING_TYPE_INFO);

  /** Per monitor, the model version it watches now, as the baselines' updates say. */
  public static final MapStateDescriptor<String, String> WATCHED =
      new MapStateDescriptor<>(
          "watched-versions", BasicTypeInfo.STRING_TYPE_INFO, BasicTypeInfo.STRING_TYPE_INFO);

  private final String source;
  private final List<ModelMonitor> monitors;
  private final List<PredictionReader> readers;
  private final List<int[]> segmentFeatures;
  private transient MonitorMetrics metrics;
  // raw events that came before every monitor's version was known: few, for the first look-ups
  private transient List<String> waiting;
  private transient ListState<String> waitingState;

  /**
   * @param monitors the monitors whose predictions come from {@code source}
   */
  public ReadPredictions(String source, List<ModelMonitor> monitors) {
    if (monitors.isEmpty()) {
      throw new IllegalArgumentException("no monitor reads source " + source);
    }
    this.source = source;
    this.monitors = List.copyOf(monitors);
    this.readers = new ArrayList<>();
    this.segmentFeatures = new ArrayList<>();
    for (ModelMonitor monitor : monitors) {
      readers.add(new PredictionReader(monitor));
      List<String> names = monitor.features().stream().map(f -> f.name()).toList();
      segmentFeatures.add(
          monitor.segments().stream().mapToInt(s -> names.indexOf(s.feature())).toArray());
    }
  }

  @Override
  public void open(OpenContext context) {
    metrics = JobMetrics.shared(MonitorMetrics.class, MonitorMetrics::new);
    MetricsEndpoint.startIfAsked(getRuntimeContext());
  }

  @Override
  public void initializeState(FunctionInitializationContext context) throws Exception {
    waitingState =
        context
            .getOperatorStateStore()
            .getListState(new ListStateDescriptor<>("waiting", BasicTypeInfo.STRING_TYPE_INFO));
    waiting = new ArrayList<>();
    waitingState.get().forEach(waiting::add);
  }

  @Override
  public void snapshotState(FunctionSnapshotContext context) throws Exception {
    waitingState.update(waiting);
  }

  @Override
  public void processBroadcastElement(
      BaselineUpdate update, Context ctx, Collector<SeriesPrediction> out) throws Exception {
    if (update.isTick() || monitors.stream().noneMatch(m -> m.name().equals(update.monitor()))) {
      return;
    }
    ctx.getBroadcastState(WATCHED).put(update.monitor(), update.version());
    drain(ctx.getBroadcastState(WATCHED), ctx::output, out);
  }

  @Override
  public void processElement(String raw, ReadOnlyContext ctx, Collector<SeriesPrediction> out)
      throws Exception {
    ReadOnlyBroadcastState<String, String> watched = ctx.getBroadcastState(WATCHED);
    if (!drain(watched, ctx::output, out)) {
      waiting.add(raw);
      return;
    }
    read(raw, watched, ctx::output, out);
  }

  /**
   * Reads the events that waited, once every monitor's version is known.
   *
   * @return whether every monitor's version is known
   */
  private boolean drain(
      ReadOnlyBroadcastState<String, String> watched,
      SideOutputs ctx,
      Collector<SeriesPrediction> out)
      throws Exception {
    for (ModelMonitor monitor : monitors) {
      if (!watched.contains(monitor.name())) {
        return false;
      }
    }
    if (!waiting.isEmpty()) {
      List<String> drained = new ArrayList<>(waiting);
      waiting.clear();
      for (String raw : drained) {
        read(raw, watched, ctx, out);
      }
    }
    return true;
  }

  private void read(
      String raw,
      ReadOnlyBroadcastState<String, String> watched,
      SideOutputs ctx,
      Collector<SeriesPrediction> out)
      throws Exception {
    boolean monitored = false;
    BadRecordException refused = null;
    ModelMonitor refusedBy = null;
    for (int m = 0; m < monitors.size(); m++) {
      ModelMonitor monitor = monitors.get(m);
      PredictionRecord record;
      try {
        record = readers.get(m).read(raw);
      } catch (BadRecordException e) {
        if (e.model().isPresent() && !e.model().get().equals(monitor.model())) {
          continue; // another model's event: its own monitor reads it
        }
        if (refused == null) {
          refused = e;
          refusedBy = monitor;
        }
        continue;
      }
      if (!record.model().equals(monitor.model())) {
        continue;
      }
      monitored = true;
      if (!record.modelVersion().equals(watched.get(monitor.name()))) {
        metrics.unmonitored(record.model());
        continue;
      }
      metrics.predictionRead(record.model(), record.modelVersion());
      List<String> series = series(m, record);
      for (String key : series) {
        out.collect(new SeriesPrediction(key, record));
      }
      if (monitor.labels() != null) {
        ctx.output(
            TO_JOIN,
            new PredictionRef(
                monitor.name(),
                record.predictionId(),
                record.timeMicros(),
                Predictions.value(monitor.prediction().kind(), record.prediction()),
                series));
      }
    }
    if (!monitored && refused != null) {
      deadLetter(ctx, refused.reason(), refusedBy.name(), refused.getMessage(), raw);
    } else if (!monitored) {
      List<String> models = monitors.stream().map(ModelMonitor::model).distinct().toList();
      deadLetter(
          ctx,
          Reason.UNKNOWN_MODEL,
          "",
          "no monitor of source '" + source + "' watches this model; they watch " + models,
          raw);
    }
  }

  /** The keys of the series of {@code record}: its version's, and one per segment. */
  private List<String> series(int m, PredictionRecord record) {
    ModelMonitor monitor = monitors.get(m);
    List<String> keys = new ArrayList<>();
    keys.add(new Series(monitor.name(), record.modelVersion(), Series.ALL).key());
    int[] features = segmentFeatures.get(m);
    for (int s = 0; s < features.length; s++) {
      ModelMonitor.Segment segment = monitor.segments().get(s);
      Object value = record.features().get(features[s]);
      String name =
          value != null && segment.values().contains(value.toString())
              ? value.toString()
              : Series.OTHER;
      keys.add(
          new Series(monitor.name(), record.modelVersion(), segment.feature() + "=" + name).key());
    }
    return keys;
  }

  private void deadLetter(
      SideOutputs ctx, Reason reason, String monitor, String detail, String raw) {
    metrics.deadLetter(reason.id());
    ctx.output(DEAD_LETTERS, DeadLetters.json(reason.id(), source, monitor, detail, raw));
  }

  /**
   * The side outputs of either context of a broadcast function (their common type is not public).
   */
  private interface SideOutputs {
    <X> void output(OutputTag<X> tag, X value);
  }
}
