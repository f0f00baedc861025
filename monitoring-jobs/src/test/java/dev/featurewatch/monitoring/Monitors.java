package dev.featurewatch.monitoring;

import dev.featurewatch.store.definition.Field;
import dev.featurewatch.store.definition.ModelMonitor;
import dev.featurewatch.store.definition.ModelMonitor.PredictionKind;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Model monitors for tests: model {@code fraud} version 3, with the parts a test varies. */
public final class Monitors {

  private Monitors() {}

  public static ModelMonitor monitor(
      List<Field> features,
      ModelMonitor.Prediction prediction,
      ModelMonitor.Window window,
      ModelMonitor.Drift drift,
      List<ModelMonitor.Segment> segments) {
    return new ModelMonitor(
        "fraud",
        "fraud",
        "3",
        "",
        "predictions",
        "",
        features,
        prediction,
        null,
        window,
        drift,
        segments,
        ModelMonitor.REGISTRY_BASELINE,
        ModelMonitor.WriteBack.DEFAULT,
        "",
        Map.of());
  }

  /** Binary probabilities, 5-minute windows, automatic drift methods, no segments. */
  public static ModelMonitor monitor(List<Field> features) {
    return monitor(
        features,
        binary(),
        new ModelMonitor.Window(Duration.ofMinutes(5), 0),
        ModelMonitor.Drift.DEFAULT,
        List.of());
  }

  public static ModelMonitor.Prediction binary() {
    return new ModelMonitor.Prediction(PredictionKind.BINARY_PROBABILITY, List.of(), 0.5);
  }
}
