package dev.featurewatch.monitoring.job;

import dev.featurewatch.monitoring.event.BadRecordException;
import dev.featurewatch.monitoring.event.LabelReader;
import dev.featurewatch.monitoring.event.LabelRecord;
import dev.featurewatch.monitoring.event.Reason;
import dev.featurewatch.monitoring.label.MonitorLabel;
import dev.featurewatch.monitoring.metrics.MonitorMetrics;
import dev.featurewatch.store.definition.ModelMonitor;
import dev.featurewatch.store.definition.ModelMonitor.PredictionKind;
import dev.featurewatch.streaming.metrics.JobMetrics;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Label events of one labels source, for the monitors that read it: each label checked against the
 * monitor's prediction kind (0 or 1 for a binary model, a number for regression, a class for
 * classifiers) and sent to the join once per monitor; bad ones to the dead letters.
 */
final class ReadLabels extends ProcessFunction<String, MonitorLabel> {

  private static final long serialVersionUID = 1L;

  private final String source;
  private final List<ModelMonitor> monitors;
  private transient MonitorMetrics metrics;

  public ReadLabels(String source, List<ModelMonitor> monitors) {
    this.source = source;
    this.monitors = List.copyOf(monitors);
  }

  @Override
  public void open(OpenContext context) {
    metrics = JobMetrics.shared(MonitorMetrics.class, MonitorMetrics::new);
  }

  @Override
  public void processElement(String raw, Context ctx, Collector<MonitorLabel> out) {
    LabelRecord label;
    try {
      label = LabelReader.read(raw);
    } catch (BadRecordException e) {
      deadLetter(ctx, e.reason(), "", e.getMessage(), raw);
      return;
    }
    for (ModelMonitor monitor : monitors) {
      Object value;
      try {
        value = checked(monitor.prediction().kind(), label.label());
      } catch (BadRecordException e) {
        deadLetter(ctx, e.reason(), monitor.name(), e.getMessage(), raw);
        continue;
      }
      out.collect(
          new MonitorLabel(monitor.name(), label.predictionId(), label.timeMicros(), value));
    }
  }

  /**
   * The label as the monitor's performance compares it: a class as text (a whole number as its
   * digits, so that 1 and "1" are one class).
   */
  static Object checked(PredictionKind kind, Object label) throws BadRecordException {
    switch (kind) {
      case BINARY_PROBABILITY:
        if (label instanceof Double d && (d == 0 || d == 1)) {
          return d;
        }
        throw new BadRecordException(
            Reason.WRONG_TYPE,
            "'label': a binary model's label must be 0, 1, true or false, found " + label);
      case REGRESSION:
        if (label instanceof Double) {
          return label;
        }
        throw new BadRecordException(
            Reason.WRONG_TYPE,
            "'label': a regression model's label must be a number, found " + label);
      default:
        if (label instanceof Double d) {
          if (d != Math.rint(d) || Double.isInfinite(d)) {
            throw new BadRecordException(
                Reason.WRONG_TYPE,
                "'label': a class must be a name or a whole number, found " + label);
          }
          return Long.toString(d.longValue());
        }
        return label;
    }
  }

  private void deadLetter(Context ctx, Reason reason, String monitor, String detail, String raw) {
    metrics.deadLetter(reason.id());
    ctx.output(
        ReadPredictions.DEAD_LETTERS, DeadLetters.json(reason.id(), source, monitor, detail, raw));
  }
}
