package dev.featurewatch.store.repo;

import dev.featurewatch.store.definition.DataSource;
import dev.featurewatch.store.definition.DefinitionKeys.FieldKeys;
import dev.featurewatch.store.definition.DefinitionKeys.ViewKeys;
import dev.featurewatch.store.definition.Entity;
import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.definition.Field;
import dev.featurewatch.store.definition.StreamSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the {@code feature_views}: the entities a view's rows are keyed by, its source, its schema
 * of features (none may repeat a join key), its ttl, and for a stream feature view its {@code
 * stream} block ({@link StreamSpecReader}).
 */
final class FeatureViewReader {

  private final Declarations<Entity> entities;
  private final Declarations<DataSource> sources;
  private final Declarations<FeatureView> views;

  FeatureViewReader(
      Declarations<Entity> entities,
      Declarations<DataSource> sources,
      Declarations<FeatureView> views) {
    this.entities = entities;
    this.sources = sources;
    this.views = views;
  }

  void read(YamlCursor view) {
    int before = view.problemCount();
    view.keys(List.of(ViewKeys.values()));
    String name = view.name(ViewKeys.NAME);

    List<String> entityNames = new ArrayList<>();
    // join key name -> entity, to find clashes between entities and with features
    Map<String, String> joinKeys = new HashMap<>();
    for (YamlCursor item : view.list(ViewKeys.ENTITIES, true)) {
      String entity = item.nameItem();
      if (entity == null) {
        continue;
      }
      if (entityNames.contains(entity)) {
        item.problem("duplicate entity '" + entity + "'");
      } else if (!entities.isDeclared(entity)) {
        item.problem(entities.unknown(entity));
      } else if (entities.get(entity) != null) {
        for (Field key : entities.get(entity).joinKeys()) {
          String other = joinKeys.putIfAbsent(key.name(), entity);
          if (other != null) {
            item.problem(
                "entities must not share a join key, found '"
                    + key.name()
                    + "' in both '"
                    + other
                    + "' and '"
                    + entity
                    + "'");
          }
        }
      }
      entityNames.add(entity);
    }

    String source = view.text(ViewKeys.SOURCE, false);
    if (source != null && !sources.isDeclared(source)) {
      view.at(ViewKeys.SOURCE).problem(sources.unknown(source));
    }

    List<Field> features = new ArrayList<>();
    Map<String, YamlCursor> featureNames = new HashMap<>();
    for (YamlCursor item : view.list(ViewKeys.SCHEMA, true)) {
      Field feature = FieldReader.read(item, featureNames);
      if (feature == null) {
        continue;
      }
      String entity = joinKeys.get(feature.name());
      if (entity != null) {
        item.at(FieldKeys.NAME)
            .problem(
                "a feature must not repeat a join key, found '"
                    + feature.name()
                    + "', a join key of entity '"
                    + entity
                    + "'");
      }
      features.add(feature);
    }

    Duration ttl = view.ttl(ViewKeys.TTL);
    boolean online = view.bool(ViewKeys.ONLINE, true);
    boolean offline = view.bool(ViewKeys.OFFLINE, true);
    String owner = view.text(ViewKeys.OWNER, false);
    String description = view.text(ViewKeys.DESCRIPTION, false);
    Map<String, String> tags = view.tags(ViewKeys.TAGS);
    StreamSpec stream = new StreamSpecReader(sources).read(view, source, features);
    if (views.declare(name, view) && view.problemCount() == before) {
      views.add(
          name,
          new FeatureView(
              name,
              entityNames,
              features,
              ttl,
              online,
              offline,
              source,
              owner,
              description,
              tags,
              stream));
    }
  }
}
