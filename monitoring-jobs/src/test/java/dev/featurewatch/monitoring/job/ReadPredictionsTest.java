package dev.featurewatch.monitoring.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurewatch.monitoring.Monitors;
import dev.featurewatch.store.definition.Field;
import dev.featurewatch.store.definition.ModelMonitor;
import dev.featurewatch.store.definition.ModelMonitor.PredictionKind;
import dev.featurewatch.store.definition.ValueType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/** Reading a source that carries several models' predictions. */
@SuppressWarnings("try") // the harness's close() declares InterruptedException
class ReadPredictionsTest {

  private static ModelMonitor monitor(String name, String model, PredictionKind kind) {
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
        null,
        new ModelMonitor.Window(Duration.ofMinutes(5), 0),
        m.drift(),
        List.of(),
        m.baseline(),
        m.writeBack(),
        "",
        Map.of());
  }

  private static String event(String model, String prediction) {
    return "{\"prediction_id\": \"p\", \"model\": \""
        + model
        + "\", \"model_version\": 1,"
        + " \"timestamp\": 5, \"features\": {\"x\": 1.5}, \"prediction\": "
        + prediction
        + "}";
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
    try (var harness = ProcessFunctionTestHarnesses.forProcessFunction(read)) {
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
}
