package dev.featurewatch.app.input;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NumberParserTest {

  private static double parse(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return NumberParser.parse(bytes, 0, bytes.length);
  }

  @Test
  void agreesBitForBitWithTheJdkOnRandomDecimals() {
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 200_000; i++) {
      double value = (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(-30, 30));
      String text =
          switch (i % 4) {
            case 0 -> Double.toString(value);
            case 1 -> String.format(Locale.ROOT, "%.6f", value);
            case 2 -> String.format(Locale.ROOT, "%.17g", value);
            default -> String.format(Locale.ROOT, "%.3e", value);
          };
      assertThat(Double.doubleToLongBits(parse(text)))
          .as(text)
          .isEqualTo(Double.doubleToLongBits(Double.parseDouble(text)));
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0",
        "-0",
        "+3",
        "007",
        ".5",
        "5.",
        "1e3",
        "1E-3",
        "-2.5e+10",
        " 42 ",
        "123456789012345678901234",
        "0.000000000000000000000000001",
        "1.7976931348623157e308",
        "4.9e-324"
      })
  void readsPlainDecimalsLikeTheJdk(String text) {
    assertThat(parse(text)).isEqualTo(Double.parseDouble(text.strip()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"NaN", "nan", "-nan"})
  void readsNotANumberWords(String text) {
    assertThat(parse(text)).isNaN();
    assertThat(NumberParser.isInvalid(parse(text))).isFalse();
  }

  @Test
  void readsInfinityWords() {
    assertThat(parse("inf")).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(parse("Infinity")).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(parse("-inf")).isEqualTo(Double.NEGATIVE_INFINITY);
  }

  @ParameterizedTest
  @ValueSource(strings = {"n/a", "-", "1e", "1.2.3", "12abc", "0x10", "1d", "one", "1,5", " "})
  void flagsTextThatIsNotANumber(String text) {
    assertThat(NumberParser.isInvalid(parse(text))).as(text).isTrue();
  }
}
