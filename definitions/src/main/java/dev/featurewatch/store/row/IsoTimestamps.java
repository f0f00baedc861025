package dev.featurewatch.store.row;

import java.time.Instant;
import java.time.LocalDate;

/**
 * The common shape of ISO-8601 timestamps read without {@code java.time}'s formatters, which cost
 * about a microsecond each: a feature pipeline reads one per event. Only {@code yyyy-MM-dd(T|
 * )HH:mm:ss[.f…](Z|±HH:MM)?}, with every field in range, is read here; anything else (other
 * offsets, lower-case letters, a missing second, an invalid date) is left to {@link
 * JsonFeatureValues#timestamp}, which reads or refuses it. So where this answers, it answers what
 * {@code java.time} would ({@code IsoTimestampsTest} checks that on random and edge cases).
 */
final class IsoTimestamps {

  private static final int MAX_OFFSET_SECONDS = 18 * 3600;

  /** {@code text} as an instant (UTC when it has no offset), or null when not of the shape. */
  static Instant parse(String text) {
    int length = text.length();
    if (length < 19
        || text.charAt(4) != '-'
        || text.charAt(7) != '-'
        || (text.charAt(10) != 'T' && text.charAt(10) != ' ')
        || text.charAt(13) != ':'
        || text.charAt(16) != ':') {
      return null;
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 2);
    int day = digits(text, 8, 2);
    int hour = digits(text, 11, 2);
    int minute = digits(text, 14, 2);
    int second = digits(text, 17, 2);
    if (year < 0
        || month < 1
        || month > 12
        || day < 1
        || day > LocalDate.of(year, month, 1).lengthOfMonth()
        || hour < 0
        || hour > 23
        || minute < 0
        || minute > 59
        || second < 0
        || second > 59) {
      return null;
    }
    int at = 19;
    int nanos = 0;
    if (at < length && text.charAt(at) == '.') {
      int start = ++at;
      while (at < length && at - start < 9 && isDigit(text.charAt(at))) {
        nanos = nanos * 10 + (text.charAt(at) - '0');
        at++;
      }
      int fractionDigits = at - start;
      if (fractionDigits == 0 || (at < length && isDigit(text.charAt(at)))) {
        return null;
      }
      for (int i = fractionDigits; i < 9; i++) {
        nanos *= 10;
      }
    }
    int offsetSeconds = 0;
    if (at < length) {
      char sign = text.charAt(at);
      if (sign == 'Z' && at + 1 == length) {
        offsetSeconds = 0;
      } else if ((sign == '+' || sign == '-') && at + 6 == length && text.charAt(at + 3) == ':') {
        int hours = digits(text, at + 1, 2);
        int minutes = digits(text, at + 4, 2);
        if (hours < 0 || minutes < 0 || minutes > 59) {
          return null;
        }
        offsetSeconds = hours * 3600 + minutes * 60;
        if (offsetSeconds > MAX_OFFSET_SECONDS) {
          return null;
        }
        offsetSeconds = sign == '-' ? -offsetSeconds : offsetSeconds;
      } else {
        return null;
      }
    }
    long epochDay = LocalDate.of(year, month, day).toEpochDay();
    long seconds = epochDay * 86_400 + hour * 3_600L + minute * 60L + second - offsetSeconds;
    return Instant.ofEpochSecond(seconds, nanos);
  }

  /** The number written by {@code count} ASCII digits at {@code from}, or -1. */
  private static int digits(String text, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      char c = text.charAt(i);
      if (!isDigit(c)) {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private IsoTimestamps() {}
}
