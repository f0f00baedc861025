package dev.featurewatch.store.registry;

import dev.featurewatch.store.definition.DataSource;
import dev.featurewatch.store.definition.Entity;
import dev.featurewatch.store.definition.FeatureRepository;
import dev.featurewatch.store.definition.FeatureService;
import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.definition.Field;
import dev.featurewatch.store.definition.ModelMonitor;
import dev.featurewatch.store.definition.StreamSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The changes from one repository to another, by kind, with the breaking ones spelled out.
 *
 * <p>Breaking changes are those that make stored rows or running readers wrong: a feature's type
 * changed, a feature removed from a view that remains, an entity's join keys changed (names, types
 * or order), a view's entities changed, a stream view's window or a feature's aggregation changed
 * (the same name would serve values that mean something else, and the running job's state no longer
 * fits), or its max_out_of_orderness changed (the running job's timers no longer fit). Deleting a
 * whole view or service is not breaking: it is listed as deleted.
 *
 * @param entities entities created, updated and deleted, by name
 * @param sources data sources created, updated and deleted
 * @param featureViews feature views created, updated and deleted
 * @param featureServices feature services created, updated and deleted
 * @param modelMonitors model monitors created, updated and deleted (never breaking: a monitor keeps
 *     no stored rows)
 * @param breakingChanges one sentence per breaking change, e.g. {@code feature view
 *     'driver_hourly_stats': feature 'conv_rate' changed type from double to int64}
 */
public record RepositoryDiff(
    Changes entities,
    Changes sources,
    Changes featureViews,
    Changes featureServices,
    Changes modelMonitors,
    List<String> breakingChanges) {

  public RepositoryDiff {
    Objects.requireNonNull(entities, "entities");
    Objects.requireNonNull(sources, "sources");
    Objects.requireNonNull(featureViews, "featureViews");
    Objects.requireNonNull(featureServices, "featureServices");
    Objects.requireNonNull(modelMonitors, "modelMonitors");
    breakingChanges = List.copyOf(breakingChanges);
  }

  /**
   * Names created, updated (any field differs) and deleted, each in declaration order (deleted ones
   * in the order of the old repository).
   */
  public record Changes(List<String> created, List<String> updated, List<String> deleted) {
    public Changes {
      created = List.copyOf(created);
      updated = List.copyOf(updated);
      deleted = List.copyOf(deleted);
    }

    public boolean isEmpty() {
      return created.isEmpty() && updated.isEmpty() && deleted.isEmpty();
    }
  }

  /** The changes that turn {@code before} into {@code after}. */
  public static RepositoryDiff between(FeatureRepository before, FeatureRepository after) {
    List<String> breaking = new ArrayList<>();
    for (Entity old : before.entities()) {
      after
          .entity(old.name())
          .filter(e -> !e.joinKeys().equals(old.joinKeys()))
          .ifPresent(
              e ->
                  breaking.add(
                      "entity '"
                          + old.name()
                          + "': join keys changed from "
                          + keys(old.joinKeys())
                          + " to "
                          + keys(e.joinKeys())));
    }
    for (FeatureView old : before.featureViews()) {
      after.featureView(old.name()).ifPresent(view -> breakingChanges(old, view, breaking));
    }
    return new RepositoryDiff(
        changes(before.entities(), after.entities(), Entity::name),
        changes(before.sources(), after.sources(), DataSource::name),
        changes(before.featureViews(), after.featureViews(), FeatureView::name),
        changes(before.featureServices(), after.featureServices(), FeatureService::name),
        changes(before.modelMonitors(), after.modelMonitors(), ModelMonitor::name),
        breaking);
  }

  /** Whether the two repositories are equal. */
  public boolean isEmpty() {
    return entities.isEmpty()
        && sources.isEmpty()
        && featureViews.isEmpty()
        && featureServices.isEmpty()
        && modelMonitors.isEmpty();
  }

  /** Whether an apply of this diff needs force. */
  public boolean isBreaking() {
    return !breakingChanges.isEmpty();
  }

  /**
   * One line per change, as {@code featurewatch apply} prints it: {@code + feature view x}
   * (created), {@code ~ entity y} (updated), {@code - feature service z} (deleted), then {@code !
   * ...} per breaking change; {@code no changes} when empty.
   */
  @Override
  public String toString() {
    if (isEmpty()) {
      return "no changes";
    }
    List<String> lines = new ArrayList<>();
    describe("entity", entities, lines);
    describe("data source", sources, lines);
    describe("feature view", featureViews, lines);
    describe("feature service", featureServices, lines);
    describe("model monitor", modelMonitors, lines);
    breakingChanges.forEach(b -> lines.add("! " + b));
    return String.join("\n", lines);
  }

  private static void describe(String kind, Changes changes, List<String> lines) {
    changes.created().forEach(n -> lines.add("+ " + kind + " " + n));
    changes.updated().forEach(n -> lines.add("~ " + kind + " " + n));
    changes.deleted().forEach(n -> lines.add("- " + kind + " " + n));
  }

  private static void breakingChanges(FeatureView old, FeatureView now, List<String> breaking) {
    String view = "feature view '" + old.name() + "': ";
    if (!old.entities().equals(now.entities())) {
      breaking.add(view + "entities changed from " + old.entities() + " to " + now.entities());
    }
    for (Field feature : old.features()) {
      now.feature(feature.name())
          .ifPresentOrElse(
              f -> {
                if (f.type() != feature.type()) {
                  breaking.add(
                      view
                          + "feature '"
                          + feature.name()
                          + "' changed type from "
                          + feature.type().id()
                          + " to "
                          + f.type().id());
                }
              },
              () -> breaking.add(view + "feature '" + feature.name() + "' removed"));
    }
    if (old.stream() != null && old.stream().windowed() && now.stream() != null) {
      streamChanges(view, old.stream(), now.stream(), breaking);
    }
  }

  private static void streamChanges(
      String view, StreamSpec old, StreamSpec now, List<String> breaking) {
    if (!now.windowed()) {
      breaking.add(view + "changed from windowed aggregations to projections");
      return;
    }
    if (!old.window().equals(now.window()) || !old.slide().equals(now.slide())) {
      breaking.add(view + "window changed from " + window(old) + " to " + window(now));
    }
    if (!old.maxOutOfOrderness().equals(now.maxOutOfOrderness())) {
      // the running job's timers are set at window end plus the lateness
      breaking.add(
          view
              + "max_out_of_orderness changed from "
              + old.maxOutOfOrderness()
              + " to "
              + now.maxOutOfOrderness()
              + ": the feature pipeline must then start without its checkpoint");
    }
    for (StreamSpec.Aggregate before : old.aggregations()) {
      for (StreamSpec.Aggregate after : now.aggregations()) {
        if (before.feature().equals(after.feature()) && !before.equals(after)) {
          breaking.add(
              view
                  + "feature '"
                  + before.feature()
                  + "' changed from "
                  + aggregate(before)
                  + " to "
                  + aggregate(after));
        }
      }
    }
  }

  private static String window(StreamSpec stream) {
    return stream.window() + " every " + stream.slide();
  }

  private static String aggregate(StreamSpec.Aggregate aggregate) {
    return aggregate.function().id() + "(" + aggregate.field() + ")";
  }

  private static String keys(List<Field> keys) {
    return keys.stream()
        .map(k -> k.name() + " " + k.type().id())
        .collect(Collectors.joining(", ", "[", "]"));
  }

  private static <T> Changes changes(List<T> before, List<T> after, Function<T, String> name) {
    Map<String, T> old = new LinkedHashMap<>();
    before.forEach(t -> old.put(name.apply(t), t));
    Map<String, T> now = new LinkedHashMap<>();
    after.forEach(t -> now.put(name.apply(t), t));
    List<String> created = new ArrayList<>();
    List<String> updated = new ArrayList<>();
    now.forEach(
        (n, t) -> {
          if (!old.containsKey(n)) {
            created.add(n);
          } else if (!old.get(n).equals(t)) {
            updated.add(n);
          }
        });
    List<String> deleted = old.keySet().stream().filter(n -> !now.containsKey(n)).toList();
    return new Changes(created, updated, deleted);
  }
}
