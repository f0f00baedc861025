package dev.featurewatch.json;

import com.fasterxml.jackson.databind.JsonNode;
import dev.featurewatch.annotation.Internal;
import java.util.regex.Pattern;

/**
 * Checks of single JSON values, each naming the path, the rule and the value found, and the paths
 * and value descriptions they are written with. {@link JsonFields} reads an object's keys with
 * them; a streaming reader that holds single values, not objects, calls them directly.
 *
 * <pre>{@code
 * long n = JsonChecks.nonNegativeLong(node, JsonChecks.index("bin_counts", 3), problems);
 * // problems.at("bin_counts[3]", "must be an integer >= 0, found -1")
 * }</pre>
 *
 * <p>The checks allocate nothing but the value they return, unless they fail: a per-record reader
 * may call them for every value (pass a constant {@link Problems}, not a capturing lambda).
 */
@Internal
public final class JsonChecks {

  /** How much of a value a message shows: longer text is cut and ends in "...". */
  static final int DESCRIBED_LENGTH = 60;

  private static final Pattern SIMPLE_KEY = Pattern.compile("[A-Za-z0-9_-]+");

  private JsonChecks() {}

  /**
   * A value for a message: its JSON text, cut to {@value #DESCRIBED_LENGTH} characters; {@code
   * nothing} for no value at all (Java null, or a missing node).
   */
  public static String describe(JsonNode value) {
    if (value == null || value.isMissingNode()) {
      return "nothing";
    }
    String text = value.toString();
    return text.length() > DESCRIBED_LENGTH
        ? text.substring(0, DESCRIBED_LENGTH - 3) + "..."
        : text;
  }

  /**
   * The path of {@code key} in the object at {@code path}: {@code features.age}, or {@code
   * features["a key"]} for a key that is not only letters, digits, {@code _} and {@code -}.
   *
   * @param path the object's path; empty for the document itself
   */
  public static String child(String path, String key) {
    if (SIMPLE_KEY.matcher(key).matches()) {
      return path.isEmpty() ? key : path + "." + key;
    }
    return path + "[\"" + key.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]";
  }

  /** The path of item {@code i} of the array at {@code path}: {@code bin_counts[3]}. */
  public static String index(String path, int i) {
    return path + "[" + i + "]";
  }

  /** The problem {@code path: must be <expected>, found <value>}. */
  public static <E extends Exception> E wrongType(
      String path, String expected, JsonNode value, Problems<E> problems) {
    return problems.at(path, "must be " + expected + ", found " + describe(value));
  }

  /** A JSON string. */
  public static <E extends Exception> String text(JsonNode value, String path, Problems<E> problems)
      throws E {
    if (value == null || !value.isTextual()) {
      throw wrongType(path, "a string", value, problems);
    }
    return value.textValue();
  }

  /** A JSON string with more than white space in it. */
  public static <E extends Exception> String nonBlankText(
      JsonNode value, String path, Problems<E> problems) throws E {
    if (value == null || !value.isTextual() || value.textValue().isBlank()) {
      throw wrongType(path, "a non-blank string", value, problems);
    }
    return value.textValue();
  }

  /** A JSON integer that fits an {@code int} ({@code 3.0} is not one). */
  public static <E extends Exception> int intValue(
      JsonNode value, String path, Problems<E> problems) throws E {
    if (value == null || !value.isIntegralNumber() || !value.canConvertToInt()) {
      throw wrongType(path, "an integer", value, problems);
    }
    return value.intValue();
  }

  /** A JSON integer that fits a {@code long} ({@code 3.0} is not one). */
  public static <E extends Exception> long longValue(
      JsonNode value, String path, Problems<E> problems) throws E {
    if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()) {
      throw wrongType(path, "an integer", value, problems);
    }
    return value.longValue();
  }

  /** A JSON integer from 0 to {@link Long#MAX_VALUE}: a count. */
  public static <E extends Exception> long nonNegativeLong(
      JsonNode value, String path, Problems<E> problems) throws E {
    if (value == null
        || !value.isIntegralNumber()
        || !value.canConvertToLong()
        || value.longValue() < 0) {
      throw wrongType(path, "an integer >= 0", value, problems);
    }
    return value.longValue();
  }

  /** Any JSON number, as a double (which may be infinite for {@code 1e400}). */
  public static <E extends Exception> double number(
      JsonNode value, String path, Problems<E> problems) throws E {
    if (value == null || !value.isNumber()) {
      throw wrongType(path, "a number", value, problems);
    }
    return value.doubleValue();
  }

  /** A JSON number that is finite as a double: JSON allows {@code 1e400}, a double does not. */
  public static <E extends Exception> double finiteNumber(
      JsonNode value, String path, Problems<E> problems) throws E {
    if (value == null || !value.isNumber() || !Double.isFinite(value.doubleValue())) {
      throw wrongType(path, "a finite number", value, problems);
    }
    return value.doubleValue();
  }

  /** A JSON number, or NaN for JSON {@code null}; no value at all is a problem. */
  public static <E extends Exception> double nullableNumber(
      JsonNode value, String path, Problems<E> problems) throws E {
    if (value != null && value.isNull()) {
      return Double.NaN;
    }
    if (value == null || !value.isNumber()) {
      throw wrongType(path, "a number or null", value, problems);
    }
    return value.doubleValue();
  }

  /** JSON {@code true} or {@code false}. */
  public static <E extends Exception> boolean bool(
      JsonNode value, String path, Problems<E> problems) throws E {
    if (value == null || !value.isBoolean()) {
      throw wrongType(path, "true or false", value, problems);
    }
    return value.booleanValue();
  }

  /** A JSON array, returned as it is. */
  public static <E extends Exception> JsonNode array(
      JsonNode value, String path, Problems<E> problems) throws E {
    if (value == null || !value.isArray()) {
      throw wrongType(path, "an array", value, problems);
    }
    return value;
  }
}
