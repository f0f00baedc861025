package dev.featurewatch.store.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.io.NumberOutput;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link DoubleText} against an independent implementation, Jackson's Schubfach writer (the one the
 * server used before; Double.toString of Java 19 and later writes the same text), and against
 * reading back: every text must parse to the same bits.
 */
class DoubleTextTest {

  private static String text(double v) {
    byte[] out = new byte[DoubleText.MAX_BYTES];
    int end = DoubleText.write(v, out, 0);
    return new String(out, 0, end, StandardCharsets.US_ASCII);
  }

  private static void assertLikeJackson(double v) {
    String expected = NumberOutput.toString(v, true);
    String actual = text(v);
    assertThat(actual).as("bits %016x", Double.doubleToRawLongBits(v)).isEqualTo(expected);
    assertThat(Double.doubleToRawLongBits(Double.parseDouble(actual)))
        .as(actual)
        .isEqualTo(Double.doubleToRawLongBits(v));
  }

  @Test
  void writesTheEdgesLikeJackson() {
    List<Double> edges =
        new ArrayList<>(
            List.of(
                0.0,
                -0.0,
                Double.MIN_VALUE,
                2 * Double.MIN_VALUE,
                3 * Double.MIN_VALUE,
                Double.MIN_NORMAL,
                Math.nextDown(Double.MIN_NORMAL),
                Double.MAX_VALUE,
                -Double.MAX_VALUE,
                1.0,
                -1.0,
                0.1,
                0.2,
                0.3,
                0.1 + 0.2,
                1e-3,
                Math.nextDown(1e-3),
                1e7,
                Math.nextDown(1e7),
                9_999_999.0,
                1e22,
                1e23,
                2e23,
                5e-324,
                1.0e15,
                123456789012345678.0,
                (double) (1L << 53),
                (double) ((1L << 53) - 1),
                4.35,
                100.0,
                12.5,
                2.2250738585072014E-308));
    for (int e = -325; e <= 308; e++) {
      edges.add(Double.parseDouble("1e" + e));
      edges.add(Double.parseDouble("9.999999999999999e" + e));
    }
    for (int p = -1074; p <= 1023; p++) {
      double power = Math.scalb(1.0, p);
      edges.add(power);
      edges.add(Math.nextUp(power));
      edges.add(Math.nextDown(power));
    }
    for (double v : edges) {
      if (Double.isFinite(v)) {
        assertLikeJackson(v);
      }
    }
  }

  @Test
  void writesRandomBitPatternsLikeJackson() {
    SplittableRandom random = new SplittableRandom(20261123);
    for (int i = 0; i < 2_000_000; i++) {
      double v = Double.longBitsToDouble(random.nextLong());
      if (Double.isFinite(v)) {
        assertLikeJackson(v);
      }
    }
  }

  @Test
  void writesFeatureLikeValuesLikeJackson() {
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 1_000_000; i++) {
      assertLikeJackson(random.nextDouble() * 100);
      assertLikeJackson(Math.round(random.nextDouble() * 1e6) / 100.0);
      assertLikeJackson((double) random.nextInt());
    }
  }

  @Test
  void refusesWhatIsNotAJsonNumber() {
    for (double v : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
      assertThatThrownBy(() -> text(v))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("not a finite double");
    }
  }
}
