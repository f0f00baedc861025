package dev.featurewatch.monitoring.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurewatch.monitoring.Monitors;
import dev.featurewatch.monitoring.label.MonitorLabel;
import dev.featurewatch.monitoring.label.PredictionRef;
import dev.featurewatch.monitoring.label.SeriesOutcome;
import dev.featurewatch.monitoring.window.Series;
import dev.featurewatch.store.definition.Field;
import dev.featurewatch.store.definition.ModelMonitor;
import dev.featurewatch.store.definition.ValueType;
import dev.featurewatch.streaming.metrics.JobMetrics;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.BasicTypeInfo;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The label join on Flink's test harness: both orders, the maximum delay, state. */
@SuppressWarnings("try") // the two-input harness's close() declares InterruptedException
class LabelJoinTest {

  private static final ModelMonitor MONITOR = labelled("fraud_join");
  private static final List<String> SERIES =
      List.of(
          new Series("fraud_join", "3", Series.ALL).key(),
          new Series("fraud_join", "3", "country=DE").key());
  private static final long MINUTE_MICROS = 60_000_000L;

  private static ModelMonitor labelled(String name) {
    ModelMonitor m = Monitors.monitor(List.of(Field.of("x", ValueType.DOUBLE)));
    return new ModelMonitor(
        name,
        "fraud-join-model",
        m.version(),
        "",
        m.source(),
        "",
        m.features(),
        m.prediction(),
        new ModelMonitor.Labels("labels", Duration.ofMinutes(10)),
        m.window(),
        m.drift(),
        List.of(),
        m.baseline(),
        m.writeBack(),
        "",
        m.tags());
  }

  private static KeyedTwoInputStreamOperatorTestHarness<
          String, PredictionRef, MonitorLabel, SeriesOutcome>
      harness() throws Exception {
    var harness =
        new KeyedTwoInputStreamOperatorTestHarness<>(
            new KeyedCoProcessOperator<>(new LabelJoin(List.of(MONITOR))),
            PredictionRef::joinKey,
            MonitorLabel::joinKey,
            BasicTypeInfo.STRING_TYPE_INFO);
    harness.open();
    return harness;
  }

  private static PredictionRef prediction(String id, long minute) {
    return new PredictionRef("fraud_join", id, minute * MINUTE_MICROS, 0.8, SERIES);
  }

  private static MonitorLabel label(String id, long minute) {
    return new MonitorLabel("fraud_join", id, minute * MINUTE_MICROS, 1.0);
  }

  @Test
  void aLabelWithinTheDelayIsJoinedToItsPredictionForEachSeriesWhicheverCameFirst()
      throws Exception {
    try (var harness = harness()) {
      harness.processElement1(prediction("a", 0), 0);
      harness.processElement2(label("a", 4), 0);
      harness.processElement2(label("b", 1), 0); // before its prediction
      harness.processElement1(prediction("b", 0), 0);

      assertThat(harness.extractOutputValues())
          .containsExactly(
              new SeriesOutcome(SERIES.get(0), 0, 0.8, 1.0, 240),
              new SeriesOutcome(SERIES.get(1), 0, 0.8, 1.0, 240),
              new SeriesOutcome(SERIES.get(0), 0, 0.8, 1.0, 60),
              new SeriesOutcome(SERIES.get(1), 0, 0.8, 1.0, 60));
      assertThat(harness.numKeyedStateEntries()).isZero();
    }
  }

  @Test
  void aPredictionWithoutItsLabelWithinTheDelayLeavesUnlabelledAndALateLabelIsCounted()
      throws Exception {
    try (var harness = harness()) {
      harness.processElement1(prediction("c", 0), 0);
      harness.processElement2(label("c", 11), 0); // 11 minutes later: past the 10-minute delay
      harness.processElement2(label("orphan", 0), 0); // a label of no prediction
      harness.processBothWatermarks(new Watermark(10 * 60_000 - 1));
      assertThat(harness.extractOutputValues()).isEmpty();

      harness.processBothWatermarks(new Watermark(10 * 60_000));

      assertThat(harness.extractOutputValues())
          .containsExactly(
              new SeriesOutcome(SERIES.get(0), 0, 0.8, null, 0),
              new SeriesOutcome(SERIES.get(1), 0, 0.8, null, 0));
      assertThat(PrometheusTextFormatWriter.create().toDebugString(JobMetrics.registry().scrape()))
          .contains(
              "featurewatch_labels_not_joined_total{model=\"fraud-join-model\",reason=\"late\"} 1")
          .contains(
              "featurewatch_labels_not_joined_total{model=\"fraud-join-model\",reason=\"no_prediction\"} 1")
          .contains(
              "featurewatch_predictions_unlabelled_total{model=\"fraud-join-model\",model_version=\"3\"} 1");
      assertThat(harness.numKeyedStateEntries()).isZero();
    }
  }

  @Test
  void waitingPredictionsSurviveASnapshotAndRestore() throws Exception {
    OperatorSubtaskState snapshot;
    try (var harness = harness()) {
      harness.processElement1(prediction("d", 0), 0);
      snapshot = harness.snapshot(1, 1);
    }
    var restored =
        new KeyedTwoInputStreamOperatorTestHarness<>(
            new KeyedCoProcessOperator<>(new LabelJoin(List.of(MONITOR))),
            PredictionRef::joinKey,
            MonitorLabel::joinKey,
            BasicTypeInfo.STRING_TYPE_INFO);
    try (restored) {
      restored.initializeState(snapshot);
      restored.open();
      restored.processElement2(label("d", 2), 0);

      assertThat(restored.extractOutputValues()).hasSize(2).allMatch(SeriesOutcome::labelled);
    }
  }
}
