package dev.featurewatch.store.serving;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonValuesTest {

  // distances worked out by hand (and the classic kitten/sitting example)
  @ParameterizedTest
  @CsvSource({
    "kitten, sitting, 3",
    "features, feature, 1",
    "full_feature_names, full_feature_name, 1",
    "entities, entites, 1",
    "to, To, 1",
    "df, dfs, 1",
    "'', abc, 3",
    "abc, abc, 0",
    "flaw, lawn, 2"
  })
  void editDistanceCountsInsertionsDeletionsAndSubstitutions(String a, String b, int expected) {
    assertThat(JsonValues.editDistance(a, b)).isEqualTo(expected);
    assertThat(JsonValues.editDistance(b, a)).isEqualTo(expected);
  }
}
