package dev.featurewatch.store.row;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The key of one entity: join key names with their values ({@link Long} or {@link String}), kept
 * sorted by name so that the same entity always has the same key whatever order it was given in (as
 * Feast sorts join keys).
 *
 * @param names join key names, ascending
 * @param values the values, aligned with {@code names}
 */
public record EntityKey(List<String> names, List<Object> values) {

  public EntityKey {
    names = List.copyOf(names);
    values = Collections.unmodifiableList(new ArrayList<>(values));
    if (names.size() != values.size() || names.isEmpty()) {
      throw new IllegalArgumentException(
          "an entity key needs as many values as join keys, at least one: "
              + names
              + " and "
              + values);
    }
    for (int i = 0; i < names.size(); i++) {
      Object value = values.get(i);
      if (!(value instanceof Long || value instanceof String)) {
        throw new IllegalArgumentException(
            "join key '" + names.get(i) + "' must be an int64 or a string: " + value);
      }
      if (i > 0 && names.get(i - 1).compareTo(names.get(i)) >= 0) {
        throw new IllegalArgumentException(
            "join key names must be distinct and ascending (use EntityKey.of): " + names);
      }
    }
  }

  /** A key of one join key. */
  public static EntityKey of(String name, Object value) {
    return new EntityKey(List.of(name), List.of(Objects.requireNonNull(value, name)));
  }

  /** A key from join keys in any order. */
  public static EntityKey of(Map<String, ?> joinKeys) {
    TreeMap<String, Object> sorted = new TreeMap<>(joinKeys);
    return new EntityKey(new ArrayList<>(sorted.keySet()), new ArrayList<>(sorted.values()));
  }
}
