package dev.featurewatch.monitoring.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LabelReaderTest {

  @Test
  void aLabelIsANumberABoolOrAClass() throws Exception {
    assertThat(LabelReader.read("{\"prediction_id\": 7, \"timestamp\": 5, \"label\": true}"))
        .isEqualTo(new LabelRecord("7", 5_000, 1.0));
    assertThat(
            LabelReader.read("{\"prediction_id\": \"p\", \"timestamp\": 5, \"label\": 3.5}")
                .label())
        .isEqualTo(3.5);
    assertThat(
            LabelReader.read("{\"prediction_id\": \"p\", \"timestamp\": 5, \"label\": \"fraud\"}")
                .label())
        .isEqualTo("fraud");
  }

  @Test
  void anUnusableLabelSaysWhy() {
    assertThatThrownBy(() -> LabelReader.read("{\"timestamp\": 5, \"label\": 1}"))
        .isInstanceOfSatisfying(
            BadRecordException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MISSING_FIELD))
        .hasMessage("'prediction_id' is missing");
    assertThatThrownBy(() -> LabelReader.read("{\"prediction_id\": \"p\", \"timestamp\": 5}"))
        .hasMessage("'label' is missing");
    assertThatThrownBy(
            () -> LabelReader.read("{\"prediction_id\": \"p\", \"timestamp\": 5, \"label\": {}}"))
        .isInstanceOfSatisfying(
            BadRecordException.class, e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_TYPE))
        .hasMessage("'label': must be a number, a bool or a class name, found {}");
    assertThatThrownBy(() -> LabelReader.read("{\"prediction_id\": \"p\", \"label\": 1}"))
        .isInstanceOfSatisfying(
            BadRecordException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BAD_TIMESTAMP));
  }
}
