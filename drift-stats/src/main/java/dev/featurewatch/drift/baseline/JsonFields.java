package dev.featurewatch.drift.baseline;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Typed, path-aware access to one JSON object of a baseline file: each getter checks presence and
 * type and reports a problem with its full path and the value found; {@link #rejectUnknownKeys()}
 * then fails on any key no getter asked for.
 */
final class JsonFields {

  private static final Pattern SIMPLE_KEY = Pattern.compile("[A-Za-z0-9_-]+");

  private final JsonNode node;
  private final String path;
  private final Set<String> known = new HashSet<>();

  private JsonFields(JsonNode node, String path) {
    this.node = node;
    this.path = path;
  }

  static JsonFields of(JsonNode node, String path) throws BaselineFormatException {
    if (!node.isObject()) {
      throw new BaselineFormatException(path, "must be an object, found " + describe(node));
    }
    return new JsonFields(node, path);
  }

  static String child(String path, String key) {
    String step = SIMPLE_KEY.matcher(key).matches() ? key : "[" + quote(key) + "]";
    if (path.isEmpty()) {
      return step;
    }
    return step.startsWith("[") ? path + step : path + "." + step;
  }

  static String describe(JsonNode value) {
    String text = value.toString();
    return text.length() > 60 ? text.substring(0, 57) + "..." : text;
  }

  private static String quote(String key) {
    return "\"" + key.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  String path() {
    return path;
  }

  String pathOf(String key) {
    return child(path, key);
  }

  boolean has(String key) {
    known.add(key);
    JsonNode value = node.get(key);
    return value != null && !value.isNull();
  }

  JsonNode required(String key) throws BaselineFormatException {
    known.add(key);
    JsonNode value = node.get(key);
    if (value == null) {
      throw new BaselineFormatException(pathOf(key), "is required");
    }
    return value;
  }

  String text(String key) throws BaselineFormatException {
    JsonNode value = required(key);
    if (!value.isTextual()) {
      throw wrongType(key, "a string", value);
    }
    return value.textValue();
  }

  long nonNegativeLong(String key) throws BaselineFormatException {
    return nonNegativeLong(pathOf(key), required(key));
  }

  static long nonNegativeLong(String path, JsonNode value) throws BaselineFormatException {
    if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0) {
      throw new BaselineFormatException(path, "must be an integer >= 0, found " + describe(value));
    }
    return value.longValue();
  }

  int intValue(String key) throws BaselineFormatException {
    JsonNode value = required(key);
    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
      throw wrongType(key, "an integer", value);
    }
    return value.intValue();
  }

  boolean bool(String key) throws BaselineFormatException {
    JsonNode value = required(key);
    if (!value.isBoolean()) {
      throw wrongType(key, "true or false", value);
    }
    return value.booleanValue();
  }

  /** A number, or NaN for JSON {@code null}; the key itself is required. */
  double nullableNumber(String key) throws BaselineFormatException {
    JsonNode value = required(key);
    if (value.isNull()) {
      return Double.NaN;
    }
    if (!value.isNumber()) {
      throw wrongType(key, "a number or null", value);
    }
    return value.doubleValue();
  }

  /** A number that is finite as a double (JSON allows 1e400, a double does not). */
  double finiteNumber(String key) throws BaselineFormatException {
    JsonNode value = required(key);
    if (!value.isNumber() || !Double.isFinite(value.doubleValue())) {
      throw wrongType(key, "a finite number", value);
    }
    return value.doubleValue();
  }

  JsonFields object(String key) throws BaselineFormatException {
    return of(required(key), pathOf(key));
  }

  List<JsonNode> array(String key) throws BaselineFormatException {
    JsonNode value = required(key);
    if (!value.isArray()) {
      throw wrongType(key, "an array", value);
    }
    List<JsonNode> items = new ArrayList<>(value.size());
    value.elements().forEachRemaining(items::add);
    return items;
  }

  /** The keys of this object in document order, all of them known. */
  List<String> keys() {
    List<String> keys = new ArrayList<>();
    node.fieldNames().forEachRemaining(keys::add);
    known.addAll(keys);
    return keys;
  }

  JsonNode get(String key) {
    return node.get(key);
  }

  void rejectUnknownKeys() throws BaselineFormatException {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!known.contains(key)) {
        throw new BaselineFormatException(pathOf(key), "unknown key");
      }
    }
  }

  private BaselineFormatException wrongType(String key, String expected, JsonNode value) {
    return new BaselineFormatException(
        pathOf(key), "must be " + expected + ", found " + describe(value));
  }
}
