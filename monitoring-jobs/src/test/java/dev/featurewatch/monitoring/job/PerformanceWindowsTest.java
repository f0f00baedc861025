package dev.featurewatch.monitoring.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurewatch.drift.performance.PerformanceMetric;
import dev.featurewatch.monitoring.label.SeriesOutcome;
import dev.featurewatch.monitoring.result.MonitoringResult;
import dev.featurewatch.monitoring.result.PerformanceResult;
import dev.featurewatch.monitoring.window.Series;
import dev.featurewatch.store.definition.Field;
import dev.featurewatch.store.definition.ModelMonitor;
import dev.featurewatch.store.definition.ModelMonitor.PredictionKind;
import dev.featurewatch.store.definition.ValueType;
import dev.featurewatch.streaming.metrics.JobMetrics;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.BasicTypeInfo;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** Performance per window on Flink's test harness: reports so far, the complete one, changes. */
@SuppressWarnings("try") // the two-input harness's close() declares InterruptedException
class PerformanceWindowsTest {

  private static final Instant T0 = Instant.parse("2026-11-01T08:00:00Z");
  private static final String KEY = new Series("churn", "1", Series.ALL).key();
  private static final ModelMonitor MONITOR =
      new ModelMonitor(
          "churn",
          "churn",
          "1",
          "",
          "predictions",
          "",
          List.of(Field.of("x", ValueType.DOUBLE)),
          new ModelMonitor.Prediction(PredictionKind.CLASS_LABEL, List.of("stay", "leave"), 0),
          new ModelMonitor.Labels("labels", Duration.ofMinutes(10)),
          new ModelMonitor.Window(Duration.ofMinutes(5), 0),
          ModelMonitor.Drift.DEFAULT,
          List.of(),
          ModelMonitor.REGISTRY_BASELINE,
          ModelMonitor.WriteBack.DEFAULT,
          "",
          Map.of());

  private static MonitoringResult drift(Instant start, long predictions) {
    return new MonitoringResult(
        "churn",
        "churn",
        "1",
        Series.ALL,
        start,
        start.plus(Duration.ofMinutes(5)),
        MonitoringResult.ClosedBy.TIME,
        predictions,
        "sha256:x",
        Map.of(PerformanceMetric.ACCURACY, 0.9),
        Map.of(),
        MonitoringResult.Status.OK,
        List.of(),
        null,
        null,
        Map.of(),
        List.of());
  }

  private static SeriesOutcome outcome(String predicted, String actual) {
    return new SeriesOutcome(KEY, T0.toEpochMilli() * 1_000, predicted, actual, 30);
  }

  @Test
  void aWindowIsReportedAsLabelsComeThenCompleteWithItsCoverageAgainstTheBaseline()
      throws Exception {
    try (var harness =
        new KeyedTwoInputStreamOperatorTestHarness<>(
            new KeyedCoProcessOperator<>(
                new PerformanceWindows(List.of(MONITOR), Duration.ofSeconds(5))),
            SeriesOutcome::series,
            (MonitoringResult r) -> new Series(r.monitor(), r.modelVersion(), r.segment()).key(),
            BasicTypeInfo.STRING_TYPE_INFO)) {
      harness.open();
      harness.processElement2(drift(T0, 1000), 0);
      for (int i = 0; i < 600; i++) {
        harness.processElement1(outcome("stay", i % 3 != 2 ? "stay" : "leave"), 0);
      }
      harness.processElement2(drift(T0.plus(Duration.ofMinutes(5)), 10), 0);
      List<PerformanceResult> soFar = harness.extractOutputValues();
      assertThat(soFar).hasSize(1);
      assertThat(soFar.get(0).complete()).isFalse();
      assertThat(soFar.get(0).labelled()).isEqualTo(600);
      assertThat(soFar.get(0).coverage()).isEqualTo(0.6);

      harness.processElement1(
          new SeriesOutcome(KEY, T0.toEpochMilli() * 1_000, "stay", null, 0), 0);
      // the window's end, the labels' 10 minutes and the 5 s of lateness
      harness.processBothWatermarks(new Watermark(T0.plus(Duration.ofSeconds(905)).toEpochMilli()));

      PerformanceResult complete = harness.extractOutputValues().get(1);
      assertThat(complete.complete()).isTrue();
      assertThat(complete.predictions()).isEqualTo(1000);
      assertThat(complete.labelled()).isEqualTo(600);
      assertThat(complete.unlabelled()).isEqualTo(1);
      assertThat(complete.metrics().get(PerformanceMetric.ACCURACY)).isEqualTo(400.0 / 600);
      // NannyML's accuracy error: sqrt(a (1 - a) / n)
      assertThat(complete.standardErrors().get(PerformanceMetric.ACCURACY))
          .isEqualTo(Math.sqrt((2.0 / 3) * (1.0 / 3) / 600));
      assertThat(complete.baseline()).containsEntry(PerformanceMetric.ACCURACY, 0.9);
      // 0.67 + 2.33 standard errors (0.045) < 0.9 - 10 %
      assertThat(complete.degraded()).isTrue();
      assertThat(complete.meanLagSeconds()).isEqualTo(30);
    }
  }

  @Test
  void aMonitorsDegradedMarginDecidesHowMuchWorseIsDegraded() throws Exception {
    // accuracy 400/600 against 0.9 in training: 26 % worse, degraded at 10 %, not at 30 %
    assertThat(completeWindow(MONITOR, 600).degraded()).isTrue();
    ModelMonitor lenient =
        new ModelMonitor(
            MONITOR.name(),
            MONITOR.model(),
            MONITOR.version(),
            MONITOR.alias(),
            MONITOR.source(),
            MONITOR.featureService(),
            MONITOR.features(),
            MONITOR.prediction(),
            new ModelMonitor.Labels("labels", Duration.ofMinutes(10), 0.3),
            MONITOR.window(),
            MONITOR.drift(),
            MONITOR.segments(),
            MONITOR.baseline(),
            MONITOR.writeBack(),
            "",
            Map.of());
    assertThat(completeWindow(lenient, 600).degraded()).isFalse();
    assertThat(PrometheusTextFormatWriter.create().toDebugString(JobMetrics.registry().scrape()))
        .contains("featurewatch_performance_degraded_margin{model=\"churn\"} 0.3");
  }

  @Test
  void aDropWithinTheSamplingErrorIsNotDegraded() throws Exception {
    // the same 26 % on 6 labels: 0.67 give or take 0.19, which training's 0.9 less 10 % is within
    PerformanceResult few = completeWindow(MONITOR, 6);
    assertThat(few.metrics().get(PerformanceMetric.ACCURACY)).isEqualTo(4.0 / 6);
    assertThat(few.standardErrors().get(PerformanceMetric.ACCURACY)).isGreaterThan(0.19);
    assertThat(few.degraded()).isFalse();
  }

  private static PerformanceResult completeWindow(ModelMonitor monitor, int labels)
      throws Exception {
    try (var harness =
        new KeyedTwoInputStreamOperatorTestHarness<>(
            new KeyedCoProcessOperator<>(
                new PerformanceWindows(List.of(monitor), Duration.ofSeconds(5))),
            SeriesOutcome::series,
            (MonitoringResult r) -> new Series(r.monitor(), r.modelVersion(), r.segment()).key(),
            BasicTypeInfo.STRING_TYPE_INFO)) {
      harness.open();
      harness.processElement2(drift(T0, labels), 0);
      for (int i = 0; i < labels; i++) {
        harness.processElement1(outcome("stay", i % 3 != 2 ? "stay" : "leave"), 0);
      }
      harness.processBothWatermarks(new Watermark(T0.plus(Duration.ofSeconds(905)).toEpochMilli()));
      List<PerformanceResult> results = harness.extractOutputValues();
      return results.get(results.size() - 1);
    }
  }

  @Test
  void theChangeDetectorFiresWhenTheMainMetricDrops() {
    List<Double> series = new ArrayList<>();
    boolean fired = false;
    int at = -1;
    for (int w = 0; w < 80 && !fired; w++) {
      // as good as in training for 50 windows, give or take 2 %, then 10 % worse
      series.add((w < 50 ? 1.0 : 0.9) + 0.02 * Math.sin(w));
      fired = PerformanceWindows.changeAtLast(series, true);
      at = w;
    }
    assertThat(fired).isTrue();
    assertThat(at).isBetween(50, 56);
    // the same drop is no alarm for a metric where lower is better
    assertThat(PerformanceWindows.changeAtLast(series, false)).isFalse();
  }
}
