package dev.featurewatch.store.serving;

import com.fasterxml.jackson.databind.JsonNode;
import dev.featurewatch.json.Problems;
import dev.featurewatch.store.definition.ValueType;
import dev.featurewatch.store.row.JsonFeatureValues;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Conversions between JSON values and the Java values of {@link ValueType}s, as Feast sends them.
 */
final class JsonValues {

  private static final byte[] NULL = ascii("null");
  private static final byte[] TRUE = ascii("true");
  private static final byte[] FALSE = ascii("false");

  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

  private JsonValues() {}

  static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * The value of {@code type} in {@code node}, or null for JSON null.
   *
   * @param where the field and index, for the message
   * @throws RequestException when the node does not hold a value of {@code type}
   */
  static Object read(JsonNode node, ValueType type, String where) {
    try {
      return JsonFeatureValues.read(node, type, where);
    } catch (IllegalArgumentException e) {
      // the type is the registry's, which the request's schema cannot say
      throw RequestException.unprocessable("wrong_type", e.getMessage());
    }
  }

  /**
   * Refuses a field of {@code body} that looks like a misspelling of one of {@code fields} (up to
   * two edits away, fewer for short names, or equal but for case, hyphens and underscores), such as
   * {@code full_feature_name}: Feast ignores it, and the request then silently does something else.
   * Other unknown fields are ignored, as Feast does, so that clients of newer Feast versions that
   * send more fields keep working.
   *
   * @throws RequestException naming the field and what it probably meant
   */
  static void rejectMisspelledFields(JsonNode body, Set<String> fields) {
    for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (fields.contains(name)) {
        continue;
      }
      String meant = null;
      int closest = Integer.MAX_VALUE;
      for (String field : fields) {
        int distance = normalized(name).equals(normalized(field)) ? 0 : editDistance(name, field);
        if (distance <= typosAllowed(field) && distance < closest) {
          meant = field;
          closest = distance;
        }
      }
      if (meant != null) {
        throw RequestException.unprocessable(
            "unknown_field",
            name + ": unknown field; did you mean '" + meant + "'? (fields: " + fields + ")");
      }
    }
  }

  /**
   * Short names are a few edits away from many words: {@code id} is not a misspelled {@code to}.
   */
  private static int typosAllowed(String field) {
    return field.length() >= 6 ? 2 : field.length() >= 4 ? 1 : 0;
  }

  private static String normalized(String name) {
    return name.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
  }

  /** Levenshtein distance: insertions, deletions and substitutions, each costing one. */
  static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  /** A value of the wrong type: {@code wrong_type}, {@code field: must be ..., found ...}. */
  static final Problems<RequestException> WRONG_TYPE =
      (path, rule) -> new RequestException("wrong_type", path + ": " + rule);

  /**
   * A time as protobuf's JSON mapping writes it, which Feast's server answers: RFC 3339 in UTC with
   * 0, 3, 6 or 9 fraction digits, e.g. {@code 2021-12-31T23:00:00Z}. Called once per entity row and
   * view of every response, so years 0 to 9999 take a path without formatter objects.
   */
  static String format(Instant time) {
    byte[] text = formatAscii(time);
    return new String(text, StandardCharsets.US_ASCII);
  }

  /**
   * {@link #format} as ASCII bytes, written without a {@code String} or a date object: a response
   * formats one per entity row and view.
   */
  static byte[] formatAscii(Instant time) {
    return formatAscii(time, 0);
  }

  /** {@link #formatAscii} in quotes, a JSON string. */
  static byte[] formatQuoted(Instant time) {
    return formatAscii(time, 1);
  }

  /** The text with {@code quotes} (0 or 1) quotation marks on either side. */
  private static byte[] formatAscii(Instant time, int quotes) {
    long seconds = time.getEpochSecond();
    long day = Math.floorDiv(seconds, 86_400L);
    int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
    int nanos = time.getNano();
    int fraction = nanos == 0 ? 0 : nanos % 1_000_000 == 0 ? 3 : nanos % 1_000 == 0 ? 6 : 9;
    // days to a civil date (Howard Hinnant's days_to_civil), on eras of 400 years from 0000-03-01
    long z = day + 719_468;
    long era = Math.floorDiv(z, 146_097L);
    int dayOfEra = (int) (z - era * 146_097);
    int yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
    int dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    int shiftedMonth = (5 * dayOfYear + 2) / 153;
    int dayOfMonth = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1;
    int month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
    long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
    String quote = quotes == 0 ? "" : "\"";
    if (year < 0 || year > 9999) {
      // beyond four digits ISO-8601 needs a sign; rare enough for the formatter
      String text =
          quote
              + SECONDS.format(LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC))
              + (fraction == 0
                  ? ""
                  : "." + Integer.toString(nanos + 1_000_000_000).substring(1, 1 + fraction))
              + "Z"
              + quote;
      return text.getBytes(StandardCharsets.US_ASCII);
    }
    byte[] text = new byte[20 + (fraction == 0 ? 0 : 1 + fraction) + 2 * quotes];
    int at = quotes;
    digits(text, at, (int) year, 4);
    text[at + 4] = '-';
    digits(text, at + 5, month, 2);
    text[at + 7] = '-';
    digits(text, at + 8, dayOfMonth, 2);
    text[at + 10] = 'T';
    digits(text, at + 11, secondOfDay / 3600, 2);
    text[at + 13] = ':';
    digits(text, at + 14, secondOfDay / 60 % 60, 2);
    text[at + 16] = ':';
    digits(text, at + 17, secondOfDay % 60, 2);
    if (fraction != 0) {
      text[at + 19] = '.';
      digits(
          text,
          at + 20,
          fraction == 3 ? nanos / 1_000_000 : fraction == 6 ? nanos / 1_000 : nanos,
          fraction);
    }
    text[text.length - 1 - quotes] = 'Z';
    if (quotes == 1) {
      text[0] = '"';
      text[text.length - 1] = '"';
    }
    return text;
  }

  /** Writes {@code value} (not negative) zero-padded to {@code width} digits. */
  private static void digits(byte[] text, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      text[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
  }

  /** Appends the JSON form of a feature or join key value (null for a missing one). */
  static void write(Object value, ResponseBuffer out) {
    if (value == null) {
      out.raw(NULL);
    } else if (value instanceof Double d) {
      out.number(d.doubleValue());
    } else if (value instanceof Long l) {
      out.number(l.longValue());
    } else if (value instanceof String text) {
      out.string(text);
    } else if (value instanceof Boolean b) {
      out.raw(b ? TRUE : FALSE);
    } else if (value instanceof Instant time) {
      out.raw(formatQuoted(time));
    } else if (value instanceof List<?> list) {
      out.ascii('[');
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          out.ascii(',');
        }
        write(list.get(i), out);
      }
      out.ascii(']');
    } else {
      throw new IllegalStateException("not a feature value type: " + value.getClass().getName());
    }
  }
}
