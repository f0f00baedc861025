package dev.featurewatch.app.batch;

import dev.featurewatch.app.input.InputException;
import dev.featurewatch.drift.performance.BinaryScoreAccumulator;
import dev.featurewatch.drift.performance.MulticlassLabelAccumulator;
import dev.featurewatch.drift.performance.PerformanceMetric;
import dev.featurewatch.drift.performance.ProbabilityCalibration;
import dev.featurewatch.drift.performance.RegressionAccumulator;
import dev.featurewatch.drift.performance.RocAuc;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A model's performance on its labelled training data, from the prediction and label columns row by
 * row, with drift-stats' accumulators (as the monitoring job measures live windows, so the two
 * compare). Rows without a prediction or a label are left out and counted.
 */
final class TrainingPerformance {

  /** What the model predicts, as {@code featurewatch baseline --prediction-kind} names it. */
  enum Kind {
    BINARY_PROBABILITY,
    CLASS_LABEL,
    REGRESSION;

    static Kind of(String id) {
      for (Kind kind : values()) {
        if (kind.name().toLowerCase(Locale.ROOT).equals(id)) {
          return kind;
        }
      }
      throw new InputException(
          "--prediction-kind must be binary_probability, class_label or regression, found '"
              + id
              + "'");
    }
  }

  /**
   * @param metrics by metric, empty when no row had both a prediction and a label
   * @param calibration a binary classifier's score calibration (isotonic, for estimating
   *     performance before labels come); null for other kinds, or without labelled rows
   * @param labelled rows used
   * @param left rows without a prediction or a label
   */
  record Result(
      Map<PerformanceMetric, Double> metrics,
      ProbabilityCalibration calibration,
      long labelled,
      long left) {}

  private TrainingPerformance() {}

  /**
   * The kind the columns show when none is given: numbers with labels of 0 and 1 (or true and
   * false) are probabilities, other numbers regression values, text classes.
   */
  static Kind infer(List<Object> predictions, List<Object> labels) {
    boolean numeric = predictions.stream().allMatch(p -> p == null || p instanceof Double);
    if (!numeric) {
      return Kind.CLASS_LABEL;
    }
    boolean binary = labels.stream().allMatch(l -> l == null || binaryLabel(l).isPresent());
    return binary ? Kind.BINARY_PROBABILITY : Kind.REGRESSION;
  }

  /**
   * @param where the file and options, for errors
   * @throws InputException for a value the kind cannot take, naming the row
   */
  static Result of(
      Kind kind, double threshold, List<Object> predictions, List<Object> labels, String where) {
    BinaryScoreAccumulator binary =
        BinaryScoreAccumulator.withBucketedAuc(threshold, RocAuc.DEFAULT_BUCKETS);
    RegressionAccumulator regression = new RegressionAccumulator();
    MulticlassLabelAccumulator classes = new MulticlassLabelAccumulator();
    double[] scores = new double[kind == Kind.BINARY_PROBABILITY ? predictions.size() : 0];
    double[] outcomes = new double[scores.length];
    long labelled = 0;
    long left = 0;
    for (int r = 0; r < predictions.size(); r++) {
      int row = r;
      Object p = predictions.get(row);
      Object l = labels.get(row);
      if (p == null || l == null) {
        left++;
        continue;
      }
      labelled++;
      switch (kind) {
        case BINARY_PROBABILITY -> {
          if (!(p instanceof Double score) || score < 0 || score > 1) {
            throw bad(where, row, "a binary model's prediction must be a probability in [0, 1]", p);
          }
          int label =
              binaryLabel(l)
                  .orElseThrow(
                      () ->
                          bad(where, row, "a binary model's label must be 0, 1, true or false", l));
          binary.add(score, label);
          scores[(int) labelled - 1] = score;
          outcomes[(int) labelled - 1] = label;
        }
        case REGRESSION -> {
          if (!(p instanceof Double predicted) || !(l instanceof Double actual)) {
            throw bad(
                where,
                row,
                "a regression model's prediction and label must be numbers",
                p + ", " + l);
          }
          regression.add(predicted, actual);
        }
        case CLASS_LABEL -> classes.add(className(p), className(l));
      }
    }
    Map<PerformanceMetric, Double> metrics =
        switch (kind) {
          case BINARY_PROBABILITY -> binary.result().map(PerformanceMetric::of).orElse(Map.of());
          case REGRESSION -> regression.result().map(PerformanceMetric::of).orElse(Map.of());
          case CLASS_LABEL -> classes.result().map(PerformanceMetric::of).orElse(Map.of());
        };
    ProbabilityCalibration calibration =
        kind == Kind.BINARY_PROBABILITY && labelled > 0
            ? ProbabilityCalibration.isotonic(scores, outcomes, (int) labelled)
            : null;
    return new Result(metrics, calibration, labelled, left);
  }

  private static Optional<Integer> binaryLabel(Object label) {
    if (label instanceof Double d && (d == 0 || d == 1)) {
      return Optional.of(d.intValue());
    }
    if (label instanceof String s) {
      String text = s.strip().toLowerCase(Locale.ROOT);
      // a column with a few text values is read as text: its 0 and 1 are still labels
      if (text.equals("true") || text.equals("1")) {
        return Optional.of(1);
      }
      if (text.equals("false") || text.equals("0")) {
        return Optional.of(0);
      }
    }
    return Optional.empty();
  }

  /** A class as the monitoring job names it: a whole number by its digits. */
  private static String className(Object value) {
    if (value instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)) {
      return Long.toString(d.longValue());
    }
    return value.toString();
  }

  private static InputException bad(String where, int row, String rule, Object value) {
    return new InputException(where + ": data row " + (row + 1) + ": " + rule + ", found " + value);
  }
}
