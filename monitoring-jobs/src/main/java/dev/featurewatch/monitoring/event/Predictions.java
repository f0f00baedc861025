package dev.featurewatch.monitoring.event;

import dev.featurewatch.annotation.Internal;
import dev.featurewatch.store.definition.ModelMonitor.PredictionKind;
import java.util.Map;

/** What a prediction is compared by: its number, its class, or its most likely class. */
@Internal
public final class Predictions {

  private Predictions() {}

  /**
   * A {@link Double} for probabilities and regression values, the class name for class labels, the
   * most likely class for class probabilities (ties to the smaller name, so the same probabilities
   * always give the same class).
   */
  public static Object value(PredictionKind kind, Object prediction) {
    if (kind != PredictionKind.CLASS_PROBABILITIES) {
      return prediction;
    }
    String best = null;
    double highest = Double.NEGATIVE_INFINITY;
    for (Map.Entry<?, ?> e : ((Map<?, ?>) prediction).entrySet()) {
      double p = ((Number) e.getValue()).doubleValue();
      String name = (String) e.getKey();
      if (p > highest || (p == highest && best != null && name.compareTo(best) < 0)) {
        best = name;
        highest = p;
      }
    }
    return best;
  }
}
