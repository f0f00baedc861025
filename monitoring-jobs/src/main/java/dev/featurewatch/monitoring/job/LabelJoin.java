package dev.featurewatch.monitoring.job;

import dev.featurewatch.monitoring.label.MonitorLabel;
import dev.featurewatch.monitoring.label.PredictionRef;
import dev.featurewatch.monitoring.label.SeriesOutcome;
import dev.featurewatch.monitoring.metrics.MonitorMetrics;
import dev.featurewatch.monitoring.serde.MonitorTypes;
import dev.featurewatch.monitoring.window.Series;
import dev.featurewatch.store.definition.ModelMonitor;
import dev.featurewatch.store.row.Times;
import dev.featurewatch.streaming.metrics.JobMetrics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Joins delayed labels to their predictions by {@code prediction_id}, per monitor: a prediction
 * waits in keyed state for its label up to the monitor's {@code labels.max_delay} (in event time),
 * then leaves as unlabelled; a label that comes first waits as long for its prediction. Each
 * prediction gives exactly one outcome per series, labelled or not, so a window's label coverage is
 * exact once its predictions are past the delay.
 *
 * <p>A label more than {@code max_delay} after its prediction is not joined: the prediction counts
 * as unlabelled, the label as late. One whose prediction never comes is counted as unmatched.
 * Neither is lost from the count; both are in the metrics. State: every prediction of the last
 * {@code max_delay}, about 100 bytes each; for delays of days at high rates use the RocksDB state
 * backend.
 */
final class LabelJoin
    extends KeyedCoProcessFunction<String, PredictionRef, MonitorLabel, SeriesOutcome> {

  private static final long serialVersionUID = 1L;

  private final Map<String, Long> maxDelayMillis = new HashMap<>();
  private final Map<String, String> models = new HashMap<>();

  private transient ValueState<PredictionRef> prediction;
  private transient ValueState<MonitorLabel> label;
  private transient MonitorMetrics metrics;

  /**
   * @param monitors the monitors with labels
   */
  public LabelJoin(List<ModelMonitor> monitors) {
    for (ModelMonitor monitor : monitors) {
      if (monitor.labels() == null) {
        throw new IllegalArgumentException("model monitor '" + monitor.name() + "' has no labels");
      }
      maxDelayMillis.put(monitor.name(), monitor.labels().maxDelay().toMillis());
      models.put(monitor.name(), monitor.model());
    }
  }

  @Override
  public void open(OpenContext context) {
    prediction =
        getRuntimeContext()
            .getState(new ValueStateDescriptor<>("prediction", MonitorTypes.PREDICTION_REF));
    label =
        getRuntimeContext()
            .getState(new ValueStateDescriptor<>("label", MonitorTypes.MONITOR_LABEL));
    metrics = JobMetrics.shared(MonitorMetrics.class, MonitorMetrics::new);
    models.values().forEach(metrics::labelsExpected);
  }

  @Override
  public void processElement1(PredictionRef ref, Context ctx, Collector<SeriesOutcome> out)
      throws Exception {
    MonitorLabel waiting = label.value();
    long delay = maxDelayMillis.get(ref.monitor());
    if (waiting != null && within(ref, waiting, delay)) {
      label.clear();
      emit(ref, waiting, out);
      return;
    }
    prediction.update(ref);
    ctx.timerService().registerEventTimeTimer(Math.floorDiv(ref.timeMicros(), 1_000) + delay);
  }

  @Override
  public void processElement2(MonitorLabel arrived, Context ctx, Collector<SeriesOutcome> out)
      throws Exception {
    PredictionRef waiting = prediction.value();
    long delay = maxDelayMillis.get(arrived.monitor());
    if (waiting == null) {
      label.update(arrived);
      ctx.timerService().registerEventTimeTimer(Math.floorDiv(arrived.timeMicros(), 1_000) + delay);
      return;
    }
    if (!within(waiting, arrived, delay)) {
      // its prediction leaves unlabelled at its timer
      metrics.labelNotJoined(models.get(arrived.monitor()), "late");
      return;
    }
    prediction.clear();
    emit(waiting, arrived, out);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<SeriesOutcome> out)
      throws Exception {
    PredictionRef waiting = prediction.value();
    if (waiting != null
        && Math.floorDiv(waiting.timeMicros(), 1_000) + maxDelayMillis.get(waiting.monitor())
            <= timestamp) {
      prediction.clear();
      for (String series : waiting.series()) {
        out.collect(new SeriesOutcome(series, waiting.timeMicros(), waiting.prediction(), null, 0));
      }
      metrics.labelOutcome(models.get(waiting.monitor()), version(waiting), false);
    }
    MonitorLabel orphan = label.value();
    if (orphan != null
        && Math.floorDiv(orphan.timeMicros(), 1_000) + maxDelayMillis.get(orphan.monitor())
            <= timestamp) {
      label.clear();
      metrics.labelNotJoined(models.get(orphan.monitor()), "no_prediction");
    }
  }

  private static boolean within(PredictionRef ref, MonitorLabel label, long delayMillis) {
    return label.timeMicros() - ref.timeMicros() <= Times.micros(Duration.ofMillis(delayMillis));
  }

  private void emit(PredictionRef ref, MonitorLabel label, Collector<SeriesOutcome> out) {
    // a label a little before its prediction (clocks differ): no lag rather than a negative one
    double lag = Math.max(0, label.timeMicros() - ref.timeMicros()) / 1e6;
    for (String series : ref.series()) {
      out.collect(
          new SeriesOutcome(series, ref.timeMicros(), ref.prediction(), label.label(), lag));
    }
    metrics.labelOutcome(models.get(ref.monitor()), version(ref), true);
  }

  private static String version(PredictionRef ref) {
    return Series.ofKey(ref.series().get(0)).modelVersion();
  }
}
