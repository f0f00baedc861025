package dev.featurewatch.store.repo;

import dev.featurewatch.store.definition.DefinitionKeys.EntityKeys;
import dev.featurewatch.store.definition.DefinitionKeys.FieldKeys;
import dev.featurewatch.store.definition.Entity;
import dev.featurewatch.store.definition.Field;
import dev.featurewatch.store.definition.ValueType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads the {@code entities}: a name and join keys, each an int64 or a string. */
final class EntityReader {

  private final Declarations<Entity> entities;

  EntityReader(Declarations<Entity> entities) {
    this.entities = entities;
  }

  void read(YamlCursor entity) {
    int before = entity.problemCount();
    entity.keys(List.of(EntityKeys.values()));
    String name = entity.name(EntityKeys.NAME);
    List<Field> keys = new ArrayList<>();
    Map<String, YamlCursor> keyNames = new HashMap<>();
    for (YamlCursor item : entity.list(EntityKeys.JOIN_KEYS, true)) {
      Field key = FieldReader.read(item, keyNames);
      if (key != null) {
        if (key.type() != ValueType.INT64 && key.type() != ValueType.STRING) {
          item.at(FieldKeys.TYPE)
              .problem("a join key must be int64 or string, found '" + key.type().id() + "'");
        }
        keys.add(key);
      }
    }
    String description = entity.text(EntityKeys.DESCRIPTION, false);
    if (entities.declare(name, entity) && entity.problemCount() == before) {
      entities.add(name, new Entity(name, keys, description));
    }
  }
}
