package dev.featurewatch.monitoring.job;

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
import org.apache.flink.api.common.typeinfo.BasicTypeInfo;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The first step of the monitors of one prediction source: raw JSON events in, each prediction out
 * once per series it belongs to (its version's {@code all}, and one per segment), bad events and
 * events of no monitored model to {@link #DEAD_LETTERS}, each counted.
 */
final class ReadPredictions extends ProcessFunction<String, SeriesPrediction> {

  private static final long serialVersionUID = 1L;

  /** Predictions of monitors with labels, once each, for the label join. */
  public static final OutputTag<PredictionRef> TO_JOIN =
      new OutputTag<>("predictions-to-join", MonitorTypes.PREDICTION_REF);

  /** Dead letters as JSON lines. */
  public static final OutputTag<String> DEAD_LETTERS =
      new OutputTag<>("monitor-dead-letters", BasicTypeInfo.STRING_TYPE_INFO);

  private final String source;
  private final List<ModelMonitor> monitors;
  private final List<PredictionReader> readers;
  private final List<int[]> segmentFeatures;
  private transient MonitorMetrics metrics;

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
  public void processElement(String raw, Context ctx, Collector<SeriesPrediction> out) {
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

  private void deadLetter(Context ctx, Reason reason, String monitor, String detail, String raw) {
    metrics.deadLetter(reason.id());
    ctx.output(DEAD_LETTERS, DeadLetters.json(reason.id(), source, monitor, detail, raw));
  }
}
