package dev.featurewatch.store.repo;

import dev.featurewatch.store.definition.DefinitionKeys.Key;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The definitions of one kind read so far: every name declared, with where, and the definitions
 * that are valid. A definition with a valid name counts as declared even when it is invalid
 * otherwise, so that a reference to it is not reported a second time; only the valid ones are
 * built.
 *
 * @param <T> the definition
 */
final class Declarations<T> {

  private final String kind;
  private final Key nameKey;
  private final Map<String, YamlCursor> declared = new LinkedHashMap<>();
  private final Map<String, T> valid = new LinkedHashMap<>();

  /**
   * @param kind the kind as problems name it: {@code entity}, {@code data source}, ...
   * @param nameKey the key of a definition's name, where a duplicate is reported
   */
  Declarations(String kind, Key nameKey) {
    this.kind = kind;
    this.nameKey = nameKey;
  }

  /**
   * Records a declaration; false when the name is missing or taken (then with a problem naming both
   * places).
   */
  boolean declare(String name, YamlCursor definition) {
    if (name == null) {
      return false;
    }
    YamlCursor first = declared.putIfAbsent(name, definition);
    if (first != null) {
      definition
          .at(nameKey)
          .problem("duplicate " + kind + " name '" + name + "', first declared at " + first);
      return false;
    }
    return true;
  }

  /** Keeps a declared definition that is valid. */
  void add(String name, T definition) {
    valid.put(name, definition);
  }

  boolean isDeclared(String name) {
    return declared.containsKey(name);
  }

  /** The valid definition of that name; null when it is not declared or not valid. */
  T get(String name) {
    return valid.get(name);
  }

  /** The valid definitions, in declaration order. */
  List<T> valid() {
    return List.copyOf(valid.values());
  }

  /** The problem of a reference to an undeclared name: the rule, then what is declared. */
  String unknown(String name) {
    return "unknown "
        + kind
        + " '"
        + name
        + "': "
        + (declared.isEmpty()
            ? "none is declared"
            : "expected one of " + String.join(", ", declared.keySet()));
  }
}
