package dev.featurewatch.store.definition;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Every definition of a feature repository: entities, data sources, feature views, feature services
 * and model monitors, each unique by name within its kind and kept in declaration order. Immutable.
 *
 * <p>Construction only checks that names are unique; {@code dev.featurewatch.store.repo
 * .RepositoryReader} validates references and rules when reading YAML.
 *
 * <pre>{@code
 * FeatureRepository repo = RepositoryReader.read(Path.of("examples/feature_repo"));
 * FeatureView view = repo.featureView("driver_hourly_stats").orElseThrow();
 * List<Field> keys = repo.joinKeys(view);
 * }</pre>
 */
public final class FeatureRepository {

  private static final FeatureRepository EMPTY =
      new FeatureRepository(List.of(), List.of(), List.of(), List.of(), List.of());

  private final Map<String, Entity> entities;
  private final Map<String, DataSource> sources;
  private final Map<String, FeatureView> featureViews;
  private final Map<String, FeatureService> featureServices;
  private final Map<String, ModelMonitor> modelMonitors;

  private FeatureRepository(
      List<Entity> entities,
      List<DataSource> sources,
      List<FeatureView> featureViews,
      List<FeatureService> featureServices,
      List<ModelMonitor> modelMonitors) {
    this.entities = byName("entity", entities, Entity::name);
    this.sources = byName("data source", sources, DataSource::name);
    this.featureViews = byName("feature view", featureViews, FeatureView::name);
    this.featureServices = byName("feature service", featureServices, FeatureService::name);
    this.modelMonitors = byName("model monitor", modelMonitors, ModelMonitor::name);
  }

  /**
   * A repository of these definitions, in this order.
   *
   * @throws IllegalArgumentException when two definitions of one kind share a name
   */
  public static FeatureRepository of(
      List<Entity> entities,
      List<DataSource> sources,
      List<FeatureView> featureViews,
      List<FeatureService> featureServices) {
    return of(entities, sources, featureViews, featureServices, List.of());
  }

  /**
   * A repository of these definitions, model monitors included, in this order.
   *
   * @throws IllegalArgumentException when two definitions of one kind share a name
   */
  public static FeatureRepository of(
      List<Entity> entities,
      List<DataSource> sources,
      List<FeatureView> featureViews,
      List<FeatureService> featureServices,
      List<ModelMonitor> modelMonitors) {
    return new FeatureRepository(entities, sources, featureViews, featureServices, modelMonitors);
  }

  /** The repository with no definitions: what an empty registry holds. */
  public static FeatureRepository empty() {
    return EMPTY;
  }

  public List<Entity> entities() {
    return List.copyOf(entities.values());
  }

  public List<DataSource> sources() {
    return List.copyOf(sources.values());
  }

  public List<FeatureView> featureViews() {
    return List.copyOf(featureViews.values());
  }

  public List<FeatureService> featureServices() {
    return List.copyOf(featureServices.values());
  }

  public List<ModelMonitor> modelMonitors() {
    return List.copyOf(modelMonitors.values());
  }

  public Optional<ModelMonitor> modelMonitor(String name) {
    return Optional.ofNullable(modelMonitors.get(name));
  }

  public Optional<Entity> entity(String name) {
    return Optional.ofNullable(entities.get(name));
  }

  public Optional<DataSource> source(String name) {
    return Optional.ofNullable(sources.get(name));
  }

  public Optional<FeatureView> featureView(String name) {
    return Optional.ofNullable(featureViews.get(name));
  }

  public Optional<FeatureService> featureService(String name) {
    return Optional.ofNullable(featureServices.get(name));
  }

  /**
   * The join keys of a view: those of its entities, in the order the view lists its entities.
   *
   * @throws IllegalArgumentException when the view names an entity this repository lacks
   */
  public List<Field> joinKeys(FeatureView view) {
    List<Field> keys = new ArrayList<>();
    for (String name : view.entities()) {
      Entity entity = entities.get(name);
      if (entity == null) {
        throw new IllegalArgumentException(
            "feature view '" + view.name() + "' names an unknown entity: " + name);
      }
      keys.addAll(entity.joinKeys());
    }
    return List.copyOf(keys);
  }

  /** Whether there is no definition at all. */
  public boolean isEmpty() {
    return entities.isEmpty()
        && sources.isEmpty()
        && featureViews.isEmpty()
        && featureServices.isEmpty()
        && modelMonitors.isEmpty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FeatureRepository other
        && entities().equals(other.entities())
        && sources().equals(other.sources())
        && featureViews().equals(other.featureViews())
        && featureServices().equals(other.featureServices())
        && modelMonitors().equals(other.modelMonitors());
  }

  @Override
  public int hashCode() {
    return List.of(entities(), sources(), featureViews(), featureServices(), modelMonitors())
        .hashCode();
  }

  @Override
  public String toString() {
    return "FeatureRepository[entities="
        + entities.keySet()
        + ", sources="
        + sources.keySet()
        + ", featureViews="
        + featureViews.keySet()
        + ", featureServices="
        + featureServices.keySet()
        + ", modelMonitors="
        + modelMonitors.keySet()
        + "]";
  }

  private static <T> Map<String, T> byName(String kind, List<T> values, Function<T, String> name) {
    Map<String, T> map = new LinkedHashMap<>();
    for (T value : values) {
      if (map.putIfAbsent(name.apply(value), value) != null) {
        throw new IllegalArgumentException(
            "names must be unique per kind: " + kind + " '" + name.apply(value) + "' twice");
      }
    }
    return Collections.unmodifiableMap(map);
  }
}
