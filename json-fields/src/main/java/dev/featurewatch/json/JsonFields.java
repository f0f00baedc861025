package dev.featurewatch.json;

import com.fasterxml.jackson.databind.JsonNode;
import dev.featurewatch.annotation.Internal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Typed, path-aware reading of one JSON object: each getter checks that its key is there and of its
 * type, and reports a problem naming the key's full path, the rule and the value found, as the
 * caller's exception ({@link Problems}); {@link #rejectUnknownKeys()} then fails on the first key
 * no getter asked for.
 *
 * <pre>{@code
 * JsonFields<BaselineFormatException> root = JsonFields.of(tree, "", BaselineFormatException::new);
 * long rows = root.nonNegativeLong("row_count");
 * JsonFields<BaselineFormatException> age = root.object("features").object("age");
 * String type = age.text("type");  // "features.age.type: must be a string, found 3"
 * age.rejectUnknownKeys();         // "features.age.colour: unknown key"
 * }</pre>
 *
 * <p>A cursor is for one object, read once, by one thread; it remembers the keys asked for. Single
 * values (array items, a streaming parser's values) are checked with {@link JsonChecks}.
 *
 * @param <E> the exception the caller throws for a problem
 */
@Internal
public final class JsonFields<E extends Exception> {

  private final JsonNode node;
  private final String path;
  private final Problems<E> problems;
  private final Set<String> known = new HashSet<>();

  private JsonFields(JsonNode node, String path, Problems<E> problems) {
    this.node = node;
    this.path = path;
    this.problems = problems;
  }

  /**
   * A cursor over {@code node}, which must be an object.
   *
   * @param path where the object is, for messages; empty for the document itself
   */
  public static <E extends Exception> JsonFields<E> of(
      JsonNode node, String path, Problems<E> problems) throws E {
    if (node == null || !node.isObject()) {
      throw JsonChecks.wrongType(path, "an object", node, problems);
    }
    return new JsonFields<>(node, path, problems);
  }

  /** A cursor over another object, reporting as this one does: an array's item, say. */
  public JsonFields<E> cursor(JsonNode object, String objectPath) throws E {
    return of(object, objectPath, problems);
  }

  /** Where this object is. */
  public String path() {
    return path;
  }

  /** Where {@code key} of this object is. */
  public String pathOf(String key) {
    return JsonChecks.child(path, key);
  }

  /** The problem {@code rule} at {@code key}, in the caller's exception. */
  public E problem(String key, String rule) {
    return problems.at(pathOf(key), rule);
  }

  /** Whether {@code key} holds a value other than JSON null; the key is known from now on. */
  public boolean has(String key) {
    known.add(key);
    JsonNode value = node.get(key);
    return value != null && !value.isNull();
  }

  /** The value at {@code key}, JSON null included; a missing key is a problem ("is required"). */
  public JsonNode required(String key) throws E {
    known.add(key);
    JsonNode value = node.get(key);
    if (value == null) {
      throw problems.at(pathOf(key), "is required");
    }
    return value;
  }

  /** The value at {@code key}, or null when it is missing or JSON null; the key is known. */
  public JsonNode optional(String key) {
    return has(key) ? node.get(key) : null;
  }

  /** The value at {@code key} as it is, null when missing, without making the key known. */
  public JsonNode get(String key) {
    return node.get(key);
  }

  /** See {@link JsonChecks#text}. */
  public String text(String key) throws E {
    return JsonChecks.text(required(key), pathOf(key), problems);
  }

  /** See {@link JsonChecks#nonBlankText}. */
  public String nonBlankText(String key) throws E {
    return JsonChecks.nonBlankText(required(key), pathOf(key), problems);
  }

  /** See {@link JsonChecks#intValue}. */
  public int intValue(String key) throws E {
    return JsonChecks.intValue(required(key), pathOf(key), problems);
  }

  /** See {@link JsonChecks#longValue}. */
  public long longValue(String key) throws E {
    return JsonChecks.longValue(required(key), pathOf(key), problems);
  }

  /** See {@link JsonChecks#nonNegativeLong}. */
  public long nonNegativeLong(String key) throws E {
    return JsonChecks.nonNegativeLong(required(key), pathOf(key), problems);
  }

  /** See {@link JsonChecks#number}. */
  public double number(String key) throws E {
    return JsonChecks.number(required(key), pathOf(key), problems);
  }

  /** See {@link JsonChecks#finiteNumber}. */
  public double finiteNumber(String key) throws E {
    return JsonChecks.finiteNumber(required(key), pathOf(key), problems);
  }

  /** See {@link JsonChecks#nullableNumber}; the key itself is required. */
  public double nullableNumber(String key) throws E {
    return JsonChecks.nullableNumber(required(key), pathOf(key), problems);
  }

  /** See {@link JsonChecks#bool}. */
  public boolean bool(String key) throws E {
    return JsonChecks.bool(required(key), pathOf(key), problems);
  }

  /** A cursor over the object at {@code key}. */
  public JsonFields<E> object(String key) throws E {
    return of(required(key), pathOf(key), problems);
  }

  /** The items of the array at {@code key}. */
  public List<JsonNode> array(String key) throws E {
    JsonNode value = JsonChecks.array(required(key), pathOf(key), problems);
    List<JsonNode> items = new ArrayList<>(value.size());
    value.elements().forEachRemaining(items::add);
    return items;
  }

  /** The keys of this object in document order, all of them known from now on. */
  public List<String> keys() {
    List<String> keys = new ArrayList<>(node.size());
    node.fieldNames().forEachRemaining(keys::add);
    known.addAll(keys);
    return keys;
  }

  /** Fails on the first key, in document order, that no getter has asked for. */
  public void rejectUnknownKeys() throws E {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!known.contains(key)) {
        throw problems.at(pathOf(key), "unknown key");
      }
    }
  }
}
