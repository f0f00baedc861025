package dev.featurewatch.store.repo;

import dev.featurewatch.store.definition.DefinitionKeys.FieldKeys;
import dev.featurewatch.store.definition.Field;
import dev.featurewatch.store.definition.ValueType;
import java.util.List;
import java.util.Map;

/**
 * Reads a typed field: an entity's join key, a feature of a view's schema, a feature a monitor
 * watches ({@code {name: conv_rate, type: double}}).
 */
final class FieldReader {

  private FieldReader() {}

  /**
   * A field, or null when it is unusable.
   *
   * @param seen the names of the list's fields so far, with where: a repeated name is reported
   */
  static Field read(YamlCursor item, Map<String, YamlCursor> seen) {
    int before = item.problemCount();
    if (!item.isMapping("with name and type", List.of(FieldKeys.values()))) {
      return null;
    }
    String name = item.name(FieldKeys.NAME);
    if (name != null) {
      YamlCursor first = seen.putIfAbsent(name, item);
      if (first != null) {
        item.at(FieldKeys.NAME).problem("duplicate name '" + name + "', first at " + first.path());
      }
    }
    ValueType type = null;
    String typeText = item.text(FieldKeys.TYPE, true);
    if (typeText != null) {
      try {
        type = ValueType.fromId(typeText);
      } catch (IllegalArgumentException e) {
        item.at(FieldKeys.TYPE).problem(e.getMessage());
      }
    }
    String description = item.text(FieldKeys.DESCRIPTION, false);
    Map<String, String> tags = item.tags(FieldKeys.TAGS);
    return item.problemCount() == before ? new Field(name, type, description, tags) : null;
  }
}
