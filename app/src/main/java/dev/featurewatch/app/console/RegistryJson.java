package dev.featurewatch.app.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featurewatch.store.definition.DataSource;
import dev.featurewatch.store.definition.Entity;
import dev.featurewatch.store.definition.FeatureReference;
import dev.featurewatch.store.definition.FeatureRepository;
import dev.featurewatch.store.definition.FeatureService;
import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.definition.Field;
import dev.featurewatch.store.definition.ModelMonitor;
import dev.featurewatch.store.definition.StreamSpec;
import dev.featurewatch.store.registry.RegistryVersion;
import dev.featurewatch.store.registry.RepositoryDiff;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The registry as the console reads it: one version's definitions, the list of versions, and the
 * diff of two. Durations are whole seconds ({@code ttl_seconds}), which the page writes as {@code
 * 24h}; a view's ttl of 0 means none.
 */
final class RegistryJson {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private RegistryJson() {}

  /** A version: its number, when it was applied, and every definition by kind. */
  static ObjectNode version(RegistryVersion version) {
    ObjectNode node = JSON.objectNode();
    node.put("version", version.version());
    node.put("applied_at", version.appliedAt().toString());
    FeatureRepository repo = version.repository();
    ArrayNode entities = node.putArray("entities");
    repo.entities().forEach(e -> entities.add(entity(e)));
    ArrayNode sources = node.putArray("sources");
    repo.sources().forEach(s -> sources.add(source(s)));
    ArrayNode views = node.putArray("feature_views");
    repo.featureViews().forEach(v -> views.add(view(v)));
    ArrayNode services = node.putArray("feature_services");
    repo.featureServices().forEach(s -> services.add(service(s)));
    ArrayNode monitors = node.putArray("model_monitors");
    repo.modelMonitors().forEach(m -> monitors.add(monitor(m)));
    return node;
  }

  /** A version in the list of versions: number, time, and how many definitions of each kind. */
  static ObjectNode summary(RegistryVersion version) {
    ObjectNode node = JSON.objectNode();
    node.put("version", version.version());
    node.put("applied_at", version.appliedAt().toString());
    FeatureRepository repo = version.repository();
    node.put("entities", repo.entities().size());
    node.put("sources", repo.sources().size());
    node.put("feature_views", repo.featureViews().size());
    node.put("feature_services", repo.featureServices().size());
    node.put("model_monitors", repo.modelMonitors().size());
    return node;
  }

  /**
   * What changed from {@code from} to {@code to}: per kind the names created, updated and deleted;
   * per updated definition the fields that differ, before and after; and the breaking changes.
   */
  static ObjectNode diff(RegistryVersion from, RegistryVersion to) {
    RepositoryDiff diff = RepositoryDiff.between(from.repository(), to.repository());
    ObjectNode node = JSON.objectNode();
    node.put("from", from.version());
    node.put("to", to.version());
    ObjectNode before = version(from);
    ObjectNode after = version(to);
    ObjectNode kinds = node.putObject("changes");
    changes(kinds, "entities", diff.entities(), before, after);
    changes(kinds, "sources", diff.sources(), before, after);
    changes(kinds, "feature_views", diff.featureViews(), before, after);
    changes(kinds, "feature_services", diff.featureServices(), before, after);
    changes(kinds, "model_monitors", diff.modelMonitors(), before, after);
    ArrayNode breaking = node.putArray("breaking_changes");
    diff.breakingChanges().forEach(breaking::add);
    return node;
  }

  private static void changes(
      ObjectNode kinds,
      String kind,
      RepositoryDiff.Changes changes,
      ObjectNode from,
      ObjectNode to) {
    ObjectNode node = kinds.putObject(kind);
    node.set("created", strings(changes.created()));
    node.set("deleted", strings(changes.deleted()));
    ArrayNode updated = node.putArray("updated");
    for (String name : changes.updated()) {
      ObjectNode before = named(from.withArray(kind), name);
      ObjectNode after = named(to.withArray(kind), name);
      ObjectNode change = updated.addObject();
      change.put("name", name);
      ArrayNode fields = change.putArray("fields");
      for (Iterator<String> keys = after.fieldNames(); keys.hasNext(); ) {
        String key = keys.next();
        JsonNode was = before.path(key);
        if (!was.equals(after.get(key))) {
          ObjectNode field = fields.addObject();
          field.put("field", key);
          field.set("before", was.isMissingNode() ? JSON.nullNode() : was);
          field.set("after", after.get(key));
        }
      }
    }
  }

  private static ObjectNode named(ArrayNode definitions, String name) {
    for (JsonNode definition : definitions) {
      if (definition.path("name").asText().equals(name)) {
        return (ObjectNode) definition;
      }
    }
    return JSON.objectNode();
  }

  private static ObjectNode entity(Entity entity) {
    ObjectNode node = JSON.objectNode();
    node.put("name", entity.name());
    node.set("join_keys", fields(entity.joinKeys()));
    node.put("description", entity.description());
    return node;
  }

  private static ObjectNode source(DataSource source) {
    ObjectNode node = JSON.objectNode();
    node.put("name", source.name());
    node.put("kind", source.kind().id());
    ObjectNode settings = node.putObject("settings");
    if (source.settings() instanceof DataSource.FileSettings file) {
      settings.put("path", file.path());
      settings.put("format", file.format().id());
    } else if (source.settings() instanceof DataSource.KafkaSettings kafka) {
      settings.put("topic", kafka.topic());
      settings.put("bootstrap_servers", kafka.bootstrapServers());
      settings.put("batch_source", kafka.batchSource());
    } else if (source.settings() instanceof DataSource.PushSettings push) {
      settings.put("batch_source", push.batchSource());
    }
    node.put("timestamp_field", source.timestampField());
    node.put("created_timestamp_field", source.createdTimestampField());
    node.put("description", source.description());
    node.set("tags", tags(source.tags()));
    return node;
  }

  private static ObjectNode view(FeatureView view) {
    ObjectNode node = JSON.objectNode();
    node.put("name", view.name());
    node.set("entities", strings(view.entities()));
    node.set("features", fields(view.features()));
    node.put("ttl_seconds", view.ttl().getSeconds());
    node.put("online", view.online());
    node.put("offline", view.offline());
    node.put("source", view.source());
    node.put("owner", view.owner());
    node.put("description", view.description());
    node.set("tags", tags(view.tags()));
    StreamSpec stream = view.stream();
    if (stream != null) {
      ObjectNode s = node.putObject("stream");
      s.put("max_out_of_orderness_seconds", seconds(stream.maxOutOfOrderness()));
      if (stream.windowed()) {
        s.put("window_seconds", seconds(stream.window()));
        s.put("slide_seconds", seconds(stream.slide()));
        ArrayNode aggregations = s.putArray("aggregations");
        for (StreamSpec.Aggregate a : stream.aggregations()) {
          aggregations
              .addObject()
              .put("feature", a.feature())
              .put("function", a.function().id())
              .put("field", a.field());
        }
      }
    }
    return node;
  }

  private static ObjectNode service(FeatureService service) {
    ObjectNode node = JSON.objectNode();
    node.put("name", service.name());
    ArrayNode features = node.putArray("features");
    for (FeatureReference f : service.features()) {
      features.addObject().put("view", f.view()).put("feature", f.feature());
    }
    node.put("description", service.description());
    node.set("tags", tags(service.tags()));
    return node;
  }

  private static ObjectNode monitor(ModelMonitor monitor) {
    ObjectNode node = JSON.objectNode();
    node.put("name", monitor.name());
    node.put("model", monitor.model());
    node.put("version", monitor.version());
    node.put("alias", monitor.alias());
    node.put("source", monitor.source());
    node.put("feature_service", monitor.featureService());
    node.set("features", fields(monitor.features()));
    ObjectNode prediction = node.putObject("prediction");
    prediction.put("kind", monitor.prediction().kind().id());
    prediction.set("classes", strings(monitor.prediction().classes()));
    if (monitor.labels() != null) {
      node.putObject("labels")
          .put("source", monitor.labels().source())
          .put("max_delay_seconds", seconds(monitor.labels().maxDelay()));
    }
    ObjectNode window = node.putObject("window");
    if (!monitor.window().size().isZero()) {
      window.put("size_seconds", seconds(monitor.window().size()));
    }
    if (monitor.window().predictions() > 0) {
      window.put("predictions", monitor.window().predictions());
    }
    ObjectNode drift = node.putObject("drift");
    drift.put("method", monitor.drift().method());
    if (monitor.drift().threshold() != null) {
      drift.put("threshold", monitor.drift().threshold());
    }
    if (!monitor.drift().features().isEmpty()) {
      ObjectNode methods = drift.putObject("features");
      monitor.drift().features().forEach((f, d) -> methods.put(f, d.method()));
    }
    ArrayNode segments = node.putArray("segments");
    monitor.segments().forEach(s -> segments.add(s.feature()));
    node.put("baseline", monitor.baseline() == null ? "" : monitor.baseline());
    node.put("description", monitor.description());
    node.set("tags", tags(monitor.tags()));
    return node;
  }

  private static long seconds(Duration duration) {
    return duration == null ? 0 : duration.getSeconds();
  }

  private static ArrayNode fields(List<Field> fields) {
    ArrayNode array = JSON.arrayNode();
    for (Field f : fields) {
      ObjectNode field = array.addObject();
      field.put("name", f.name());
      field.put("type", f.type().id());
      field.put("description", f.description());
    }
    return array;
  }

  private static ArrayNode strings(List<String> values) {
    ArrayNode array = JSON.arrayNode();
    values.forEach(array::add);
    return array;
  }

  private static ObjectNode tags(Map<String, String> tags) {
    ObjectNode node = JSON.objectNode();
    tags.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> node.put(e.getKey(), e.getValue()));
    return node;
  }
}
