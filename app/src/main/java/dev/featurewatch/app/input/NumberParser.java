package dev.featurewatch.app.input;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Parses decimal numbers straight from the bytes of a CSV field, without making a {@code String}.
 *
 * <p>Plain decimals with at most 15 significant digits and a power of ten within ±22 are converted
 * exactly by one multiplication or division of two exactly representable doubles (Clinger's fast
 * path), which is correctly rounded; anything longer falls back to {@link Double#parseDouble}. The
 * words {@code NaN}, {@code inf}, {@code infinity} (any case, optionally signed) are read as NaN
 * and infinities so that they can be counted as missing.
 */
final class NumberParser {

  /** Returned for text that is not a number; tested with {@link #isInvalid(double)}. */
  private static final long INVALID_BITS = 0x7ff8dead0000beefL;

  static final double INVALID = Double.longBitsToDouble(INVALID_BITS);

  private static final double[] POWERS_OF_TEN = new double[23];

  static {
    double p = 1;
    for (int i = 0; i < POWERS_OF_TEN.length; i++) {
      POWERS_OF_TEN[i] = p;
      p *= 10;
    }
  }

  private NumberParser() {}

  /** True for the sentinel returned for text that is not a number (distinct from a parsed NaN). */
  static boolean isInvalid(double parsed) {
    return Double.doubleToRawLongBits(parsed) == INVALID_BITS;
  }

  /**
   * The number in {@code bytes[start, end)}, surrounding spaces ignored; {@link #INVALID} if the
   * text is not a number. The field must not be empty.
   */
  static double parse(byte[] bytes, int start, int end) {
    while (start < end && bytes[start] == ' ') {
      start++;
    }
    while (end > start && bytes[end - 1] == ' ') {
      end--;
    }
    if (start == end) {
      return INVALID;
    }
    int i = start;
    boolean negative = false;
    if (bytes[i] == '-' || bytes[i] == '+') {
      negative = bytes[i] == '-';
      i++;
    }
    long mantissa = 0;
    int significantDigits = 0;
    int digits = 0;
    int exponent = 0;
    while (i < end && isDigit(bytes[i])) {
      if (mantissa != 0 || bytes[i] != '0') {
        significantDigits++;
      }
      if (significantDigits <= 18) {
        mantissa = mantissa * 10 + (bytes[i] - '0');
      } else {
        exponent++;
      }
      digits++;
      i++;
    }
    if (i < end && bytes[i] == '.') {
      i++;
      while (i < end && isDigit(bytes[i])) {
        if (mantissa != 0 || bytes[i] != '0') {
          significantDigits++;
        }
        if (significantDigits <= 18) {
          mantissa = mantissa * 10 + (bytes[i] - '0');
          exponent--;
        }
        digits++;
        i++;
      }
    }
    if (digits == 0) {
      return word(bytes, start, end);
    }
    if (i < end && (bytes[i] == 'e' || bytes[i] == 'E')) {
      i++;
      boolean negativeExponent = false;
      if (i < end && (bytes[i] == '-' || bytes[i] == '+')) {
        negativeExponent = bytes[i] == '-';
        i++;
      }
      int exponentDigits = 0;
      int explicit = 0;
      while (i < end && isDigit(bytes[i])) {
        if (explicit < 100_000) {
          explicit = explicit * 10 + (bytes[i] - '0');
        }
        exponentDigits++;
        i++;
      }
      if (exponentDigits == 0) {
        return INVALID;
      }
      exponent += negativeExponent ? -explicit : explicit;
    }
    if (i != end) {
      return INVALID;
    }
    double value;
    if (significantDigits <= 15 && Math.abs(exponent) <= 22) {
      value =
          exponent >= 0 ? mantissa * POWERS_OF_TEN[exponent] : mantissa / POWERS_OF_TEN[-exponent];
    } else {
      value = Double.parseDouble(new String(bytes, start, end - start, StandardCharsets.US_ASCII));
      return value;
    }
    return negative ? -value : value;
  }

  private static double word(byte[] bytes, int start, int end) {
    String text =
        new String(bytes, start, end - start, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
    return switch (text) {
      case "nan", "+nan", "-nan" -> Double.NaN;
      case "inf", "+inf", "infinity", "+infinity" -> Double.POSITIVE_INFINITY;
      case "-inf", "-infinity" -> Double.NEGATIVE_INFINITY;
      default -> INVALID;
    };
  }

  private static boolean isDigit(byte b) {
    return b >= '0' && b <= '9';
  }
}
