package dev.featurewatch.monitoring.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurewatch.monitoring.Monitors;
import dev.featurewatch.store.definition.Field;
import dev.featurewatch.store.definition.ModelMonitor;
import dev.featurewatch.store.definition.ModelMonitor.PredictionKind;
import dev.featurewatch.store.definition.ValueType;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PredictionReaderTest {

  private static final String EVENT =
      "{\"prediction_id\": \"p-1\", \"model\": \"fraud\", \"model_version\": 3,"
          + " \"timestamp\": \"2026-11-01T08:00:00.25Z\", \"features\": {\"amount\": 12.5,"
          + " \"device\": \"ios\", \"country\": \"PT\", \"visits\": 4}, \"prediction\": %s}";

  private static ModelMonitor monitor(PredictionKind kind, List<String> classes) {
    return Monitors.monitor(
        List.of(
            Field.of("amount", ValueType.DOUBLE),
            Field.of("country", ValueType.STRING),
            Field.of("visits", ValueType.INT64),
            Field.of("age", ValueType.INT64)),
        new ModelMonitor.Prediction(kind, classes, 0.5),
        new ModelMonitor.Window(Duration.ofMinutes(5), 0),
        ModelMonitor.Drift.DEFAULT,
        List.of());
  }

  private static final PredictionReader BINARY =
      new PredictionReader(monitor(PredictionKind.BINARY_PROBABILITY, List.of()));

  @Test
  void aPredictionIsReadWithItsWatchedFeaturesInOrderAndWhatElseItCarries() throws Exception {
    PredictionRecord record = BINARY.read(String.format(EVENT, "0.93"));

    assertThat(record.predictionId()).isEqualTo("p-1");
    assertThat(record.model()).isEqualTo("fraud");
    assertThat(record.modelVersion()).isEqualTo("3");
    assertThat(record.timeMicros())
        .isEqualTo(Instant.parse("2026-11-01T08:00:00.25Z").toEpochMilli() * 1_000);
    // age is watched but missing: null, for the missing share
    assertThat(record.features()).isEqualTo(Arrays.asList(12.5, "PT", 4L, null));
    assertThat(record.unexpected()).containsExactly("device");
    assertThat(record.prediction()).isEqualTo(0.93);
  }

  @Test
  void eachKindOfPredictionHasItsShape() throws Exception {
    assertThat(
            new PredictionReader(monitor(PredictionKind.REGRESSION, List.of()))
                .read(String.format(EVENT, "-41.5"))
                .prediction())
        .isEqualTo(-41.5);
    // a class outside the declared ones is data quality's business, not an error
    assertThat(
            new PredictionReader(monitor(PredictionKind.CLASS_LABEL, List.of("legit", "fraud")))
                .read(String.format(EVENT, "\"chargeback\""))
                .prediction())
        .isEqualTo("chargeback");
    assertThat(
            new PredictionReader(
                    monitor(PredictionKind.CLASS_PROBABILITIES, List.of("legit", "fraud")))
                .read(String.format(EVENT, "{\"legit\": 0.25, \"fraud\": 0.75}"))
                .prediction())
        .isEqualTo(Map.of("legit", 0.25, "fraud", 0.75));
    assertThat(
            BINARY
                .read(
                    String.format(
                        EVENT.replace("\"2026-11-01T08:00:00.25Z\"", "1700000000000"), "1"))
                .timeMicros())
        .isEqualTo(1_700_000_000_000_000L);
  }

  @Test
  void everyUnusableEventSaysWhyWithTheFieldTheRuleAndTheValue() {
    assertBad(BINARY, "{\"prediction_id\": ", Reason.INVALID_JSON, "not valid JSON");
    assertBad(BINARY, "[1]", Reason.INVALID_JSON, "must be a JSON object, found ARRAY");
    assertBad(BINARY, "", Reason.INVALID_JSON, "must be a JSON object, found nothing");
    assertBad(
        BINARY,
        String.format(EVENT, "0.5").replace("\"prediction_id\": \"p-1\", ", ""),
        Reason.MISSING_FIELD,
        "'prediction_id' is missing");
    assertBad(
        BINARY,
        String.format(EVENT, "0.5").replace("\"model\": \"fraud\"", "\"model\": [1]"),
        Reason.WRONG_TYPE,
        "'model': must be text or a whole number, found [1]");
    assertBad(
        BINARY,
        String.format(EVENT, "0.5").replace("\"2026-11-01T08:00:00.25Z\"", "\"noon\""),
        Reason.BAD_TIMESTAMP,
        "'timestamp': must be a timestamp like 2022-05-13T10:59:42Z");
    assertBad(
        BINARY,
        String.format(EVENT, "0.5").replace("\"amount\": 12.5", "\"amount\": \"12.5\""),
        Reason.WRONG_TYPE,
        "feature 'amount': must be a double (a JSON number), found STRING \"12.5\"");
    assertBad(
        BINARY,
        "{\"prediction_id\": \"p\", \"model\": \"m\", \"model_version\": \"1\","
            + " \"timestamp\": 5, \"features\": [1, 2], \"prediction\": 0.5}",
        Reason.WRONG_TYPE,
        "'features': must be an object of feature values");
    assertBad(BINARY, String.format(EVENT, "1.5"), Reason.WRONG_TYPE, "between 0 and 1, found 1.5");
    assertBad(
        BINARY, String.format(EVENT, "null"), Reason.MISSING_FIELD, "'prediction' is missing");
    assertBad(
        new PredictionReader(monitor(PredictionKind.CLASS_PROBABILITIES, List.of("a", "b"))),
        String.format(EVENT, "{\"a\": \"high\"}"),
        Reason.WRONG_TYPE,
        "'prediction.a': must be a number, found \"high\"");
    assertBad(
        new PredictionReader(monitor(PredictionKind.CLASS_PROBABILITIES, List.of("a", "b"))),
        String.format(EVENT, "{}"),
        Reason.WRONG_TYPE,
        "class probabilities must name at least one class");
  }

  @Test
  void aBooleanClassIsOneOrZeroAsABooleanLabelIsAndAnErrorKnowsTheModel() throws Exception {
    PredictionReader classes =
        new PredictionReader(monitor(PredictionKind.CLASS_LABEL, List.of("0", "1")));

    assertThat(classes.read(String.format(EVENT, "true")).prediction()).isEqualTo("1");
    assertThatThrownBy(() -> BINARY.read(String.format(EVENT, "7")))
        .isInstanceOfSatisfying(
            BadRecordException.class, e -> assertThat(e.model()).contains("fraud"));
  }

  private static void assertBad(
      PredictionReader reader, String raw, Reason reason, String message) {
    assertThatThrownBy(() -> reader.read(raw))
        .isInstanceOfSatisfying(
            BadRecordException.class, e -> assertThat(e.reason()).isEqualTo(reason))
        .hasMessageContaining(message);
  }
}
