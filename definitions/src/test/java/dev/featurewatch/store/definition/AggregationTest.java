package dev.featurewatch.store.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AggregationTest {

  @Test
  void namesAreReadAsWrittenInYaml() {
    assertThat(Aggregation.fromId("approx_count_distinct"))
        .isEqualTo(Aggregation.APPROX_COUNT_DISTINCT);
    assertThat(Aggregation.fromId(" Mean ")).isEqualTo(Aggregation.MEAN);
    assertThatThrownBy(() -> Aggregation.fromId("avg"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "unknown aggregation 'avg'; expected one of count, sum, mean, min, max, stddev, last,"
                + " approx_count_distinct");
  }

  @Test
  void resultTypesFollowTheFieldAndRefuseWhatCannotBeAggregated() {
    assertThat(Aggregation.COUNT.resultType(ValueType.STRING)).isEqualTo(ValueType.INT64);
    assertThat(Aggregation.SUM.resultType(ValueType.INT64)).isEqualTo(ValueType.DOUBLE);
    assertThat(Aggregation.LAST.resultType(ValueType.DOUBLE_LIST)).isEqualTo(ValueType.DOUBLE_LIST);
    assertThat(Aggregation.APPROX_COUNT_DISTINCT.resultType(ValueType.STRING))
        .isEqualTo(ValueType.INT64);

    assertThatThrownBy(() -> Aggregation.MEAN.resultType(ValueType.STRING))
        .hasMessage("mean needs an int64 or double field, found string");
    assertThatThrownBy(() -> Aggregation.APPROX_COUNT_DISTINCT.resultType(ValueType.DOUBLE_LIST))
        .hasMessage(
            "approx_count_distinct needs an int64, double, string or bool field, found list<double>");
  }
}
