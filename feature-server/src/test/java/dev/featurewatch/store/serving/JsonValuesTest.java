package dev.featurewatch.store.serving;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
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

  /**
   * Times are formatted by hand on the serving path; java.time's ISO_INSTANT writes the same layout
   * (0, 3, 6 or 9 fraction digits, a sign beyond four-digit years).
   */
  @Test
  void formatsTimesAsIsoInstantDoes() {
    SplittableRandom random = new SplittableRandom(3);
    long from = Instant.parse("-1000-01-01T00:00:00Z").getEpochSecond();
    long to = Instant.parse("+12000-01-01T00:00:00Z").getEpochSecond();
    int[] units = {1_000_000_000, 1_000_000, 1_000, 1};
    for (int i = 0; i < 200_000; i++) {
      long seconds = i % 2 == 0 ? random.nextLong(from, to) : random.nextLong(-1L << 33, 1L << 34);
      int unit = units[random.nextInt(units.length)];
      Instant time = Instant.ofEpochSecond(seconds, random.nextInt(1_000_000_000 / unit) * unit);
      String expected = DateTimeFormatter.ISO_INSTANT.format(time);
      assertThat(new String(JsonValues.formatAscii(time), StandardCharsets.US_ASCII))
          .as("%s", time)
          .isEqualTo(expected);
      assertThat(JsonValues.format(time)).isEqualTo(expected);
      assertThat(new String(JsonValues.formatQuoted(time), StandardCharsets.US_ASCII))
          .isEqualTo('"' + expected + '"');
    }
  }
}
