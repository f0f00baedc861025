package dev.featurewatch.store.offline.file;

import dev.featurewatch.store.definition.DataSource;
import dev.featurewatch.store.row.JsonFeatureValues;
import dev.featurewatch.store.row.Times;

/** Untyped timestamps of a file source, as its {@code timestamp_format} says they are written. */
final class Timestamps {

  private Timestamps() {}

  /** Microseconds of a whole number of seconds or milliseconds since the epoch. */
  static long fromEpoch(long value, DataSource.TimestampFormat format, String where) {
    try {
      return switch (format) {
        case EPOCH_SECONDS -> Math.multiplyExact(value, 1_000_000L);
        case EPOCH_MILLIS -> Math.multiplyExact(value, 1_000L);
        case ISO8601 ->
            throw new IllegalArgumentException(
                where
                    + ": holds numbers, found "
                    + value
                    + ": declare the source's timestamp_format: epoch_seconds or epoch_millis");
      };
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(where + ": out of range, found " + value, e);
    }
  }

  /**
   * Microseconds of one text timestamp: ISO-8601 under {@code iso8601}, digits under the epoch
   * formats, so that a column mixing the two is refused at its first odd value.
   */
  static long fromText(String text, DataSource.TimestampFormat format, String where) {
    if (format == DataSource.TimestampFormat.ISO8601) {
      if (isInteger(text)) {
        throw new IllegalArgumentException(
            where
                + ": must be an ISO-8601 time as the source's timestamp_format says, found '"
                + text
                + "' (declare timestamp_format: epoch_seconds or epoch_millis for numbers)");
      }
      return Times.micros(JsonFeatureValues.timestamp(text, where));
    }
    if (!isInteger(text)) {
      throw new IllegalArgumentException(
          where
              + ": must be a whole number ("
              + format.id()
              + ", as the source's timestamp_format says), found '"
              + (text.length() <= 40 ? text : text.substring(0, 37) + "...")
              + "'");
    }
    return fromEpoch(Long.parseLong(text.trim()), format, where);
  }

  private static boolean isInteger(String text) {
    String t = text.trim();
    int start = t.startsWith("-") ? 1 : 0;
    if (t.length() == start || t.length() - start > 18) {
      return false;
    }
    for (int i = start; i < t.length(); i++) {
      if (t.charAt(i) < '0' || t.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }
}
