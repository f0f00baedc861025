package dev.featurewatch.monitoring.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurewatch.monitoring.Monitors;
import dev.featurewatch.monitoring.baseline.BaselineUpdate;
import dev.featurewatch.monitoring.label.PredictionRef;
import dev.featurewatch.monitoring.metrics.MonitorMetrics;
import dev.featurewatch.monitoring.window.Series;
import dev.featurewatch.monitoring.window.SeriesPrediction;
import dev.featurewatch.store.definition.Field;
import dev.featurewatch.store.definition.ModelMonitor;
import dev.featurewatch.store.definition.ModelMonitor.PredictionKind;
import dev.featurewatch.store.definition.ValueType;
import dev.featurewatch.streaming.metrics.JobMetrics;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithNonKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.BroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/**
 * Reading a source that carries several models' predictions, and versions the monitors do not
 * watch.
 */
@SuppressWarnings("try") // the harness's close() declares InterruptedException
class ReadPredictionsTest {

  private static ModelMonitor monitor(
      String name, String model, PredictionKind kind, ModelMonitor.Labels labels) {
    ModelMonitor m = Monitors.monitor(List.of(Field.of("x", ValueType.DOUBLE)));
    return new ModelMonitor(
        name,
        model,
        "1",
        "",
        "predictions",
        "",
        m.features(),
        new ModelMonitor.Prediction(kind, List.of(), 0.5),
        labels,
        new ModelMonitor.Window(Duration.ofMinutes(5), 0),
        m.drift(),
        List.of(),
        m.baseline(),
        m.writeBack(),
        "",
        Map.of());
  }

  private static ModelMonitor monitor(String name, String model, PredictionKind kind) {
    return monitor(name, model, kind, null);
  }

  private static String event(String model, String version, String id, String prediction) {
    return "{\"prediction_id\": \""
        + id
        + "\", \"model\": \""
        + model
        + "\", \"model_version\": \""
        + version
        + "\", \"timestamp\": 5, \"features\": {\"x\": 1.5}, \"prediction\": "
        + prediction
        + "}";
  }

  private static String event(String model, String prediction) {
    return event(model, "1", "p", prediction);
  }

  /** The baselines' word that {@code monitor} watches {@code version}, without a baseline. */
  private static BaselineUpdate watches(String monitor, String version) {
    return new BaselineUpdate(monitor, version, "", null, "no baseline in this test", false);
  }

  private static BroadcastOperatorTestHarness<String, BaselineUpdate, SeriesPrediction> harness(
      ReadPredictions read) throws Exception {
    return ProcessFunctionTestHarnesses.forBroadcastProcessFunction(read, ReadPredictions.WATCHED);
  }

  @Test
  void anEventAnotherModelsMonitorWouldRefuseGoesToItsOwnAndABadOneIsADeadLetter()
      throws Exception {
    ReadPredictions read =
        new ReadPredictions(
            "predictions",
            List.of(
                monitor("a", "scores", PredictionKind.BINARY_PROBABILITY),
                monitor("b", "prices", PredictionKind.REGRESSION)));
    try (var harness = harness(read)) {
      harness.processBroadcastElement(watches("a", "1"), 0);
      harness.processBroadcastElement(watches("b", "1"), 0);
      harness.processElement(event("prices", "412.5"), 0); // no probability: not a's to refuse
      harness.processElement(event("scores", "1.5"), 0); // a's, and wrong

      assertThat(harness.extractOutputValues())
          .extracting(p -> p.record().model())
          .containsExactly("prices");
      assertThat(harness.getSideOutput(ReadPredictions.DEAD_LETTERS))
          .singleElement()
          .satisfies(
              letter ->
                  assertThat(letter.getValue())
                      .contains("\"reason\":\"wrong_type\"")
                      .contains("\"monitor\":\"a\""));
    }
  }

  @Test
  void versionsTheMonitorDoesNotWatchStopBeforeTheJoinAndCountInOneSeries() throws Exception {
    ModelMonitor labelled =
        monitor(
            "canary_watch",
            "canary-model",
            PredictionKind.BINARY_PROBABILITY,
            new ModelMonitor.Labels("labels", Duration.ofMinutes(10)));
    MonitorMetrics metrics = JobMetrics.shared(MonitorMetrics.class, MonitorMetrics::new);
    try (var harness = harness(new ReadPredictions("predictions", List.of(labelled)))) {
      harness.processBroadcastElement(watches("canary_watch", "7"), 0);
      // a build number per version: a hundred versions nobody watches, and the one watched
      for (int build = 100; build < 200; build++) {
        harness.processElement(event("canary-model", "" + build, "b" + build, "0.4"), 0);
      }
      harness.processElement(event("canary-model", "7", "w", "0.4"), 0);

      assertThat(harness.extractOutputValues())
          .extracting(SeriesPrediction::series)
          .containsExactly(new Series("canary_watch", "7", Series.ALL).key());
      assertThat(harness.getSideOutput(ReadPredictions.TO_JOIN))
          .extracting(StreamRecord::getValue)
          .extracting(PredictionRef::predictionId)
          .containsExactly("w");
      assertThat(harness.getSideOutput(ReadPredictions.DEAD_LETTERS)).isNull();
      String scraped = scrape();
      assertThat(scraped)
          .contains(
              "featurewatch_predictions_unmonitored_total{model=\"canary-model\","
                  + "model_version=\"other\"} 100.0")
          .contains(
              "featurewatch_predictions_total{model=\"canary-model\",model_version=\"7\"} 1.0")
          .doesNotContain("model_version=\"100\"")
          .doesNotContain("model_version=\"199\"");
      assertThat(metrics.predictionsRead()).isPositive();

      // the alias moves to a build: from now on it is watched, and 7 is not
      harness.processBroadcastElement(watches("canary_watch", "150"), 0);
      harness.processElement(event("canary-model", "7", "w2", "0.4"), 0);
      harness.processElement(event("canary-model", "150", "b150-2", "0.4"), 0);
      assertThat(harness.getSideOutput(ReadPredictions.TO_JOIN))
          .extracting(StreamRecord::getValue)
          .extracting(PredictionRef::predictionId)
          .containsExactly("w", "b150-2");
      assertThat(scrape())
          .contains(
              "featurewatch_predictions_unmonitored_total{model=\"canary-model\","
                  + "model_version=\"other\"} 101.0");
    }
  }

  @Test
  void eventsBeforeEveryMonitorIsLookedUpWaitInStateAcrossARestore() throws Exception {
    List<ModelMonitor> two =
        List.of(
            monitor("wait_a", "wait-scores", PredictionKind.BINARY_PROBABILITY),
            monitor("wait_b", "wait-prices", PredictionKind.REGRESSION));
    OperatorSubtaskState snapshot;
    try (var harness = harness(new ReadPredictions("predictions", two))) {
      harness.processBroadcastElement(watches("wait_a", "1"), 0);
      harness.processElement(event("wait-scores", "1", "s1", "0.3"), 0);
      harness.processElement(event("wait-scores", "2", "s2", "0.3"), 0);
      assertThat(harness.extractOutputValues()).isEmpty(); // wait_b is not known yet
      snapshot = harness.snapshot(1, 1);
    }
    ReadPredictions restored = new ReadPredictions("predictions", two);
    try (var harness =
        new BroadcastOperatorTestHarness<>(
            new CoBroadcastWithNonKeyedOperator<>(restored, List.of(ReadPredictions.WATCHED)),
            1,
            1,
            0)) {
      harness.setup();
      harness.initializeState(snapshot);
      harness.open();
      harness.processBroadcastElement(watches("wait_b", "1"), 0);

      assertThat(harness.extractOutputValues())
          .extracting(p -> p.record().predictionId())
          .containsExactly("s1"); // s2 is of a version wait_a does not watch
      harness.processElement(event("wait-prices", "1", "p1", "412.5"), 0);
      assertThat(harness.extractOutputValues())
          .extracting(p -> p.record().predictionId())
          .containsExactly("s1", "p1");
    }
  }

  private static String scrape() throws IOException {
    return PrometheusTextFormatWriter.create().toDebugString(JobMetrics.registry().scrape());
  }
}
