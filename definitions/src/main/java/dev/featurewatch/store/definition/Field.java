package dev.featurewatch.store.definition;

import java.io.Serializable;
import java.util.Map;
import java.util.Objects;

/**
 * A named, typed column: a feature of a feature view or a join key of an entity.
 *
 * @param name unique within its view or entity
 * @param type the value type
 * @param description free text, may be empty
 * @param tags free key-value labels
 */
public record Field(String name, ValueType type, String description, Map<String, String> tags)
    implements Serializable {

  public Field {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    description = description == null ? "" : description;
    tags = tags == null ? Map.of() : Map.copyOf(tags);
  }

  public static Field of(String name, ValueType type) {
    return new Field(name, type, "", Map.of());
  }
}
