package dev.featurewatch.store.definition;

import java.util.List;
import java.util.Objects;

/**
 * What features describe (a driver, a customer), identified by one or more typed join keys.
 *
 * @param name unique in the repository
 * @param joinKeys the key columns, in declaration order; int64 or string
 * @param description free text, may be empty
 */
public record Entity(String name, List<Field> joinKeys, String description) {

  public Entity {
    Objects.requireNonNull(name, "name");
    joinKeys = List.copyOf(joinKeys);
    if (joinKeys.isEmpty()) {
      throw new IllegalArgumentException("entity '" + name + "' needs at least one join key");
    }
    description = description == null ? "" : description;
  }
}
