package dev.featurewatch.drift.performance;

import static dev.featurewatch.drift.performance.Golden.assertClose;
import static dev.featurewatch.drift.performance.Golden.assertCloseOrUndefined;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every accumulator against scikit-learn on the golden data sets, within {@link Golden#TOLERANCE}.
 */
class PerformanceMetricsGoldenTest {

  private static final JsonNode GOLDEN = Golden.load("performance_metrics.json");

  @TestFactory
  Stream<DynamicTest> binaryScoreMetricsMatchSklearn() {
    return Golden.cases(GOLDEN, "binary_scores")
        .map(c -> DynamicTest.dynamicTest(c.get("name").textValue(), () -> checkBinaryScores(c)));
  }

  private static void checkBinaryScores(JsonNode c) {
    double threshold = c.get("threshold").doubleValue();
    double[] scores = Golden.doubles(c.get("scores"));
    int[] labels = Golden.ints(c.get("labels"));
    BinaryScoreAccumulator exact = BinaryScoreAccumulator.withExactAuc(threshold);
    BinaryScoreAccumulator bucketed =
        BinaryScoreAccumulator.withBucketedAuc(threshold, RocAuc.DEFAULT_BUCKETS);
    for (int i = 0; i < scores.length; i++) {
      exact.add(scores[i], labels[i]);
      bucketed.add(scores[i], labels[i]);
    }
    JsonNode expected = c.get("expected");
    BinaryScoreMetrics m = exact.result().orElseThrow();
    assertThat(m.count()).isEqualTo(scores.length);
    checkConfusion(m.confusion(), expected);
    assertClose("log loss", m.logLoss(), expected.get("log_loss").doubleValue());
    assertClose("brier score", m.brierScore(), expected.get("brier_score").doubleValue());
    assertCloseOrUndefined("exact ROC AUC", Golden.auc(m.rocAuc()), expected.get("roc_auc"));

    BinaryScoreMetrics b = bucketed.result().orElseThrow();
    assertThat(b.confusion()).isEqualTo(m.confusion());
    assertThat(b.rocAuc().isPresent()).isEqualTo(m.rocAuc().isPresent());
    b.rocAuc()
        .ifPresent(
            auc ->
                assertThat(Math.abs(auc.value() - expected.get("roc_auc").doubleValue()))
                    .as("bucketed AUC within its error bound of sklearn's")
                    .isLessThanOrEqualTo(auc.errorBound() + Golden.TOLERANCE));
  }

  @TestFactory
  Stream<DynamicTest> binaryLabelMetricsMatchSklearn() {
    return Golden.cases(GOLDEN, "binary_labels")
        .map(
            c ->
                DynamicTest.dynamicTest(
                    c.get("name").textValue(),
                    () -> {
                      int[] predicted = Golden.ints(c.get("predicted"));
                      int[] actual = Golden.ints(c.get("actual"));
                      BinaryLabelAccumulator acc = new BinaryLabelAccumulator();
                      for (int i = 0; i < predicted.length; i++) {
                        acc.add(predicted[i], actual[i]);
                      }
                      ConfusionMatrix m = acc.result().orElseThrow();
                      assertThat(m.total()).isEqualTo(predicted.length);
                      checkConfusion(m, c.get("expected"));
                    }));
  }

  private static void checkConfusion(ConfusionMatrix m, JsonNode expected) {
    assertClose("accuracy", m.accuracy(), expected.get("accuracy").doubleValue());
    assertClose("precision", m.precision(), expected.get("precision").doubleValue());
    assertClose("recall", m.recall(), expected.get("recall").doubleValue());
    assertClose("f1", m.f1(), expected.get("f1").doubleValue());
  }

  @TestFactory
  Stream<DynamicTest> multiclassMetricsMatchSklearn() {
    return Golden.cases(GOLDEN, "multiclass")
        .map(
            c ->
                DynamicTest.dynamicTest(
                    c.get("name").textValue(),
                    () -> {
                      String[] predicted = Golden.strings(c.get("predicted"));
                      String[] actual = Golden.strings(c.get("actual"));
                      MulticlassLabelAccumulator acc = new MulticlassLabelAccumulator();
                      for (int i = 0; i < predicted.length; i++) {
                        acc.add(predicted[i], actual[i]);
                      }
                      MulticlassMetrics m = acc.result().orElseThrow();
                      JsonNode expected = c.get("expected");
                      assertThat(m.predictions()).isEqualTo(predicted.length);
                      assertThat(m.classes()).isEqualTo(expected.get("classes").intValue());
                      assertClose("accuracy", m.accuracy(), expected.get("accuracy").doubleValue());
                      assertClose("macro F1", m.macroF1(), expected.get("macro_f1").doubleValue());
                    }));
  }

  @TestFactory
  Stream<DynamicTest> regressionMetricsMatchSklearn() {
    return Golden.cases(GOLDEN, "regression")
        .map(
            c ->
                DynamicTest.dynamicTest(
                    c.get("name").textValue(),
                    () -> {
                      double[] predicted = Golden.doubles(c.get("predicted"));
                      double[] actual = Golden.doubles(c.get("actual"));
                      RegressionAccumulator acc = new RegressionAccumulator();
                      for (int i = 0; i < predicted.length; i++) {
                        acc.add(predicted[i], actual[i]);
                      }
                      RegressionMetrics m = acc.result().orElseThrow();
                      JsonNode expected = c.get("expected");
                      assertThat(m.count()).isEqualTo(predicted.length);
                      assertClose("MAE", m.meanAbsoluteError(), expected.get("mae").doubleValue());
                      assertClose(
                          "RMSE", m.rootMeanSquaredError(), expected.get("rmse").doubleValue());
                      assertClose(
                          "MAPE",
                          m.meanAbsolutePercentageError(),
                          expected.get("mape").doubleValue());
                      assertCloseOrUndefined("R2", m.r2(), expected.get("r2"));
                    }));
  }
}
