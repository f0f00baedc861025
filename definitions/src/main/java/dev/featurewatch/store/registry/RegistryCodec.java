package dev.featurewatch.store.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.featurewatch.json.JsonChecks;
import dev.featurewatch.json.Problems;
import dev.featurewatch.store.definition.Aggregation;
import dev.featurewatch.store.definition.DataSource;
import dev.featurewatch.store.definition.DefinitionKeys.AggregateKeys;
import dev.featurewatch.store.definition.DefinitionKeys.DriftKeys;
import dev.featurewatch.store.definition.DefinitionKeys.EntityKeys;
import dev.featurewatch.store.definition.DefinitionKeys.FieldKeys;
import dev.featurewatch.store.definition.DefinitionKeys.Key;
import dev.featurewatch.store.definition.DefinitionKeys.LabelKeys;
import dev.featurewatch.store.definition.DefinitionKeys.MonitorKeys;
import dev.featurewatch.store.definition.DefinitionKeys.PredictionKeys;
import dev.featurewatch.store.definition.DefinitionKeys.RepositoryKeys;
import dev.featurewatch.store.definition.DefinitionKeys.SegmentKeys;
import dev.featurewatch.store.definition.DefinitionKeys.ServiceKeys;
import dev.featurewatch.store.definition.DefinitionKeys.SourceKeys;
import dev.featurewatch.store.definition.DefinitionKeys.StreamKeys;
import dev.featurewatch.store.definition.DefinitionKeys.ViewKeys;
import dev.featurewatch.store.definition.DefinitionKeys.WindowKeys;
import dev.featurewatch.store.definition.DefinitionKeys.WriteBackKeys;
import dev.featurewatch.store.definition.Entity;
import dev.featurewatch.store.definition.FeatureReference;
import dev.featurewatch.store.definition.FeatureRepository;
import dev.featurewatch.store.definition.FeatureService;
import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.definition.Field;
import dev.featurewatch.store.definition.ModelMonitor;
import dev.featurewatch.store.definition.StreamSpec;
import dev.featurewatch.store.definition.ValueType;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The registry's stored form: one JSON document per version, the same in every backend.
 *
 * <p>Format version {@value #FORMAT_VERSION} is the one this class writes, and the one it decodes,
 * strictly: every key is required, and unknown keys and later format versions are rejected.
 *
 * <pre>{@code
 * {
 *   "format": "featurewatch-registry",
 *   "format_version": 6,
 *   "version": 3,
 *   "applied_at": "2026-11-23T04:00:00Z",
 *   "entities": [{"name", "description", "join_keys": [field...]}],
 *   "sources": [{"name", "kind": "kafka|file|push", kind keys (topic, bootstrap_servers,
 *                batch_source | path, format: "parquet|csv|arrow|jsonl", timestamp_format:
 *                "iso8601|epoch_seconds|epoch_millis", delimiter: "," | batch_source),
 *                "timestamp_field", "created_timestamp_field",
 *                "description", "tags"}],
 *   "feature_views": [{"name", "entities": [..], "source", "ttl": "PT24H" (ISO-8601, PT0S = no
 *                      limit), "online", "offline", "owner", "description", "tags",
 *                      "features": [field...], "stream": null | {"max_out_of_orderness":
 *                      "PT30S", "window": "PT1H" | null, "slide": "PT5M" | null, "aggregations":
 *                      [{"feature", "function": "count|sum|...", "field"}]}}],
 *   "feature_services": [{"name", "features": ["view:feature" | "view"], "description", "tags"}],
 *   "model_monitors": [{"name", "model", "version", "alias", "source", "feature_service",
 *                       "features": [field...], "prediction": {"kind", "classes": [..],
 *                       "threshold"}, "labels": null | {"source", "max_delay": "PT168H",
 *                       "degraded_margin"}, "window": {"size": "PT5M" (PT0S: none),
 *                       "predictions": 0 (none)}, "drift": {"method", "threshold": null | x,
 *                       "alpha": null | x, "false_alert_every": null | "PT2160H", "min_samples":
 *                       null | n, "floor": null | x, "features": {name: {"method", "threshold",
 *                       "min_samples", "floor"}}}, "segments": [{"feature", "values": [..]}],
 *                       "baseline", "write_back": {"on_change", "interval": "PT10M"},
 *                       "description", "tags"}]
 * }
 * field = {"name", "type": "int64|double|string|bool|timestamp|list<double>", "description", "tags"}
 * }</pre>
 *
 * The definitions' keys are those of {@code DefinitionKeys}. Durations are ISO-8601 as {@link
 * Duration#toString()} writes them, in hours at the most (7 days is {@code PT168H}). Optional texts
 * are written as {@code ""}; tags are written sorted by key so that the same version always has the
 * same bytes.
 *
 * <p>Versions 1 to 5 are read in two steps: the document is upgraded to the current format's tree,
 * each key a later version added put in with the value the document's version meant, then decoded
 * as the current format. What each version added:
 *
 * <ul>
 *   <li>2: a view's {@code stream} (before: null, no stream feature views) and a Kafka source's
 *       {@code batch_source} (before: {@code ""}, none);
 *   <li>3: {@code model_monitors} (before: none);
 *   <li>4: the labels' {@code degraded_margin} (before: 0.1, 10 % worse than in training);
 *   <li>5: the drift settings' {@code alpha}, {@code false_alert_every}, {@code min_samples} and
 *       {@code floor}, and a feature's own {@code min_samples} and {@code floor} (before: null, the
 *       defaults);
 *   <li>6: a file source's {@code timestamp_format} and {@code delimiter} (before: {@code iso8601}
 *       and a comma).
 * </ul>
 *
 * They are read as strictly: a key of a later version in an earlier document is an unknown key,
 * reported with the keys of the document's version. A golden file of each format version is loaded
 * in a test.
 */
final class RegistryCodec {

  static final String FORMAT = "featurewatch-registry";
  static final int FORMAT_VERSION = 6;

  /** The document's keys: its own, then its lists of definitions. */
  private static final List<Key> DOCUMENT_KEYS =
      Stream.<Key>concat(Stream.of(DocumentKeys.values()), Stream.of(RepositoryKeys.values()))
          .toList();

  /** A view's keys, in the stored order: the features after the tags. */
  private static final List<ViewKeys> VIEW_KEYS =
      List.of(
          ViewKeys.NAME,
          ViewKeys.ENTITIES,
          ViewKeys.SOURCE,
          ViewKeys.TTL,
          ViewKeys.ONLINE,
          ViewKeys.OFFLINE,
          ViewKeys.OWNER,
          ViewKeys.DESCRIPTION,
          ViewKeys.TAGS,
          ViewKeys.SCHEMA,
          ViewKeys.STREAM);

  /** A monitor's keys, in the stored order: the feature service before the features. */
  private static final List<MonitorKeys> MONITOR_KEYS =
      List.of(
          MonitorKeys.NAME,
          MonitorKeys.MODEL,
          MonitorKeys.VERSION,
          MonitorKeys.ALIAS,
          MonitorKeys.SOURCE,
          MonitorKeys.FEATURE_SERVICE,
          MonitorKeys.FEATURES,
          MonitorKeys.PREDICTION,
          MonitorKeys.LABELS,
          MonitorKeys.WINDOW,
          MonitorKeys.DRIFT,
          MonitorKeys.SEGMENTS,
          MonitorKeys.BASELINE,
          MonitorKeys.WRITE_BACK,
          MonitorKeys.DESCRIPTION,
          MonitorKeys.TAGS);

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();
  private static final DefaultPrettyPrinter PRINTER =
      new DefaultPrettyPrinter()
          .withSeparators(
              Separators.createDefaultInstance()
                  .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
          .withObjectIndenter(new DefaultIndenter("  ", "\n"))
          .withArrayIndenter(new DefaultIndenter("  ", "\n"));

  private RegistryCodec() {}

  static String encode(RegistryVersion version) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put(DocumentKeys.FORMAT.stored(), FORMAT);
    root.put(DocumentKeys.FORMAT_VERSION.stored(), FORMAT_VERSION);
    root.put(DocumentKeys.VERSION.stored(), version.version());
    root.put(DocumentKeys.APPLIED_AT.stored(), version.appliedAt().toString());
    FeatureRepository repo = version.repository();
    ArrayNode entities = root.putArray(RepositoryKeys.ENTITIES.stored());
    for (Entity entity : repo.entities()) {
      ObjectNode e = entities.addObject();
      e.put(EntityKeys.NAME.stored(), entity.name());
      e.put(EntityKeys.DESCRIPTION.stored(), entity.description());
      fields(e.putArray(EntityKeys.JOIN_KEYS.stored()), entity.joinKeys());
    }
    ArrayNode sources = root.putArray(RepositoryKeys.SOURCES.stored());
    for (DataSource source : repo.sources()) {
      ObjectNode s = sources.addObject();
      s.put(SourceKeys.NAME.stored(), source.name());
      s.put(SourceKeys.KIND.stored(), source.kind().id());
      DataSource.Settings settings = source.settings();
      if (settings instanceof DataSource.KafkaSettings kafka) {
        s.put(SourceKeys.TOPIC.stored(), kafka.topic());
        s.put(SourceKeys.BOOTSTRAP_SERVERS.stored(), kafka.bootstrapServers());
        s.put(SourceKeys.BATCH_SOURCE.stored(), kafka.batchSource());
      } else if (settings instanceof DataSource.FileSettings file) {
        s.put(SourceKeys.PATH.stored(), file.path());
        s.put(SourceKeys.FORMAT.stored(), file.format().id());
        s.put(SourceKeys.TIMESTAMP_FORMAT.stored(), file.timestampFormat().id());
        s.put(SourceKeys.DELIMITER.stored(), String.valueOf(file.delimiter()));
      } else if (settings instanceof DataSource.PushSettings push) {
        s.put(SourceKeys.BATCH_SOURCE.stored(), push.batchSource());
      }
      s.put(SourceKeys.TIMESTAMP_FIELD.stored(), source.timestampField());
      s.put(SourceKeys.CREATED_TIMESTAMP_FIELD.stored(), source.createdTimestampField());
      s.put(SourceKeys.DESCRIPTION.stored(), source.description());
      tags(s, SourceKeys.TAGS, source.tags());
    }
    ArrayNode views = root.putArray(RepositoryKeys.FEATURE_VIEWS.stored());
    for (FeatureView view : repo.featureViews()) {
      ObjectNode v = views.addObject();
      v.put(ViewKeys.NAME.stored(), view.name());
      ArrayNode viewEntities = v.putArray(ViewKeys.ENTITIES.stored());
      view.entities().forEach(viewEntities::add);
      v.put(ViewKeys.SOURCE.stored(), view.source());
      v.put(ViewKeys.TTL.stored(), view.ttl().toString());
      v.put(ViewKeys.ONLINE.stored(), view.online());
      v.put(ViewKeys.OFFLINE.stored(), view.offline());
      v.put(ViewKeys.OWNER.stored(), view.owner());
      v.put(ViewKeys.DESCRIPTION.stored(), view.description());
      tags(v, ViewKeys.TAGS, view.tags());
      fields(v.putArray(ViewKeys.SCHEMA.stored()), view.features());
      stream(v, view.stream());
    }
    ArrayNode services = root.putArray(RepositoryKeys.FEATURE_SERVICES.stored());
    for (FeatureService service : repo.featureServices()) {
      ObjectNode s = services.addObject();
      s.put(ServiceKeys.NAME.stored(), service.name());
      ArrayNode refs = s.putArray(ServiceKeys.FEATURES.stored());
      service.features().forEach(f -> refs.add(f.toString()));
      s.put(ServiceKeys.DESCRIPTION.stored(), service.description());
      tags(s, ServiceKeys.TAGS, service.tags());
    }
    ArrayNode monitors = root.putArray(RepositoryKeys.MODEL_MONITORS.stored());
    repo.modelMonitors().forEach(m -> monitor(monitors.addObject(), m));
    try {
      return MAPPER.writer(PRINTER).writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }

  /**
   * Reads one stored version, of any format version from 1 to the current one.
   *
   * @param origin names the document in errors, e.g. the file or Redis key
   * @throws RegistryException naming the origin, the path, the rule and the value
   */
  static RegistryVersion decode(String json, String origin) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new RegistryException(origin + ": not valid JSON: " + e.getOriginalMessage(), e);
    }
    Node r = new Node(new Reading(origin, new HashMap<>()), "", root);
    // which keys are allowed depends on the format version: check those two are there first
    if (root == null || !root.isObject()) {
      throw JsonChecks.wrongType("", "an object", root, r.reading());
    }
    for (DocumentKeys key : List.of(DocumentKeys.FORMAT, DocumentKeys.FORMAT_VERSION)) {
      if (!root.has(key.stored())) {
        throw r.get(key).error("required, missing");
      }
    }
    String format = r.text(DocumentKeys.FORMAT);
    if (!format.equals(FORMAT)) {
      throw r.get(DocumentKeys.FORMAT).error("must be '" + FORMAT + "', found '" + format + "'");
    }
    long formatVersion = r.number(DocumentKeys.FORMAT_VERSION);
    if (formatVersion < 1 || formatVersion > FORMAT_VERSION) {
      throw r.get(DocumentKeys.FORMAT_VERSION)
          .error(
              "this featurewatch reads format versions 1 to "
                  + FORMAT_VERSION
                  + " (a newer featurewatch wrote this one?), found "
                  + formatVersion);
    }
    upgrade(r, formatVersion);
    return decodeCurrent(r);
  }

  /**
   * Upgrades a document of format version {@code from}, in place, to the current format's tree:
   * adds the keys later versions added (see the class comment). It changes nothing else and throws
   * nothing: what is wrong with the document, the decoder reports.
   */
  private static void upgrade(Node document, long from) {
    document.upgrade(
        from,
        DOCUMENT_KEYS,
        List.of(new Added(3, RepositoryKeys.MODEL_MONITORS, MAPPER.createArrayNode())));
    for (Node source : document.elements(RepositoryKeys.SOURCES)) {
      if (DataSource.Kind.KAFKA
          .id()
          .equals(source.json().path(SourceKeys.KIND.stored()).textValue())) {
        source.upgrade(
            from,
            SourceKeys.of(DataSource.Kind.KAFKA),
            List.of(new Added(2, SourceKeys.BATCH_SOURCE, TextNode.valueOf(""))));
      } else if (DataSource.Kind.FILE
          .id()
          .equals(source.json().path(SourceKeys.KIND.stored()).textValue())) {
        source.upgrade(
            from,
            SourceKeys.of(DataSource.Kind.FILE),
            List.of(
                new Added(
                    6,
                    SourceKeys.TIMESTAMP_FORMAT,
                    TextNode.valueOf(DataSource.TimestampFormat.ISO8601.id())),
                new Added(
                    6,
                    SourceKeys.DELIMITER,
                    TextNode.valueOf(String.valueOf(DataSource.FileSettings.COMMA)))));
      }
    }
    for (Node view : document.elements(RepositoryKeys.FEATURE_VIEWS)) {
      view.upgrade(from, VIEW_KEYS, List.of(new Added(2, ViewKeys.STREAM, NullNode.getInstance())));
    }
    for (Node monitor : document.elements(RepositoryKeys.MODEL_MONITORS)) {
      DoubleNode margin = DoubleNode.valueOf(ModelMonitor.Labels.DEFAULT_DEGRADED_MARGIN);
      monitor
          .get(MonitorKeys.LABELS)
          .upgrade(
              from,
              List.of(LabelKeys.values()),
              List.of(new Added(4, LabelKeys.DEGRADED_MARGIN, margin)));
      Node drift = monitor.get(MonitorKeys.DRIFT);
      drift.upgrade(
          from,
          List.of(DriftKeys.values()),
          nulls(
              5,
              DriftKeys.ALPHA,
              DriftKeys.FALSE_ALERT_EVERY,
              DriftKeys.MIN_SAMPLES,
              DriftKeys.FLOOR));
      Node features = drift.get(DriftKeys.FEATURES);
      for (String name : features.fieldNames()) {
        features
            .child(name)
            .upgrade(
                from, DriftKeys.OF_A_FEATURE, nulls(5, DriftKeys.MIN_SAMPLES, DriftKeys.FLOOR));
      }
    }
  }

  private static char delimiter(String text) {
    if (text.length() != 1) {
      throw new IllegalArgumentException("a delimiter must be one character");
    }
    return text.charAt(0);
  }

  /** A key that format version {@code since} added, with the value earlier versions meant. */
  private record Added(int since, Key key, JsonNode value) {}

  /** Keys that format version {@code since} added, null (a default) in earlier versions. */
  private static List<Added> nulls(int since, Key... keys) {
    return Stream.of(keys).map(k -> new Added(since, k, NullNode.getInstance())).toList();
  }

  /** Decodes a document of the current format version. */
  private static RegistryVersion decodeCurrent(Node r) {
    r.keys(DOCUMENT_KEYS);
    long version = r.number(DocumentKeys.VERSION);
    Instant appliedAt = r.parse(DocumentKeys.APPLIED_AT, (n, t) -> Instant.parse(t));
    List<Entity> entities =
        r.list(
            RepositoryKeys.ENTITIES,
            e -> {
              e.keys(EntityKeys.NAME, EntityKeys.DESCRIPTION, EntityKeys.JOIN_KEYS);
              return e.build(
                  () ->
                      new Entity(
                          e.text(EntityKeys.NAME),
                          e.list(EntityKeys.JOIN_KEYS, Node::field),
                          e.text(EntityKeys.DESCRIPTION)));
            });
    List<DataSource> sources = r.list(RepositoryKeys.SOURCES, RegistryCodec::source);
    List<FeatureView> views =
        r.list(
            RepositoryKeys.FEATURE_VIEWS,
            v -> {
              v.keys(VIEW_KEYS);
              return v.build(
                  () ->
                      new FeatureView(
                          v.text(ViewKeys.NAME),
                          v.list(ViewKeys.ENTITIES, n -> n.asText()),
                          v.list(ViewKeys.SCHEMA, Node::field),
                          v.parse(ViewKeys.TTL, (n, t) -> Duration.parse(t)),
                          v.bool(ViewKeys.ONLINE),
                          v.bool(ViewKeys.OFFLINE),
                          v.text(ViewKeys.SOURCE),
                          v.text(ViewKeys.OWNER),
                          v.text(ViewKeys.DESCRIPTION),
                          v.tags(ViewKeys.TAGS),
                          stream(v)));
            });
    List<FeatureService> services =
        r.list(
            RepositoryKeys.FEATURE_SERVICES,
            s -> {
              s.keys(ServiceKeys.values());
              return s.build(
                  () ->
                      new FeatureService(
                          s.text(ServiceKeys.NAME),
                          s.list(
                              ServiceKeys.FEATURES,
                              n -> n.build(() -> FeatureReference.parse(n.asText()))),
                          s.text(ServiceKeys.DESCRIPTION),
                          s.tags(ServiceKeys.TAGS)));
            });
    List<ModelMonitor> monitors = r.list(RepositoryKeys.MODEL_MONITORS, RegistryCodec::monitor);
    FeatureRepository repository =
        r.build(() -> FeatureRepository.of(entities, sources, views, services, monitors));
    return r.build(() -> new RegistryVersion(version, appliedAt, repository));
  }

  private static DataSource source(Node s) {
    String kind = s.text(SourceKeys.KIND);
    List<SourceKeys> keys =
        switch (kind) {
          case "kafka" -> SourceKeys.of(DataSource.Kind.KAFKA);
          case "file" -> SourceKeys.of(DataSource.Kind.FILE);
          case "push" -> SourceKeys.of(DataSource.Kind.PUSH);
          default ->
              throw s.get(SourceKeys.KIND)
                  .error("must be one of kafka, file, push, found '" + kind + "'");
        };
    s.keys(keys);
    return s.build(
        () -> {
          DataSource.Settings settings =
              switch (kind) {
                case "kafka" ->
                    new DataSource.KafkaSettings(
                        s.text(SourceKeys.TOPIC),
                        s.text(SourceKeys.BOOTSTRAP_SERVERS),
                        s.text(SourceKeys.BATCH_SOURCE));
                case "file" ->
                    new DataSource.FileSettings(
                        s.text(SourceKeys.PATH),
                        s.parse(
                            SourceKeys.FORMAT,
                            (n, t) -> DataSource.FileFormat.valueOf(t.toUpperCase(Locale.ROOT))),
                        s.parse(
                            SourceKeys.TIMESTAMP_FORMAT,
                            (n, t) ->
                                DataSource.TimestampFormat.valueOf(t.toUpperCase(Locale.ROOT))),
                        s.parse(SourceKeys.DELIMITER, (n, t) -> delimiter(t)));
                default -> new DataSource.PushSettings(s.text(SourceKeys.BATCH_SOURCE));
              };
          return new DataSource(
              s.text(SourceKeys.NAME),
              settings,
              s.text(SourceKeys.TIMESTAMP_FIELD),
              s.text(SourceKeys.CREATED_TIMESTAMP_FIELD),
              s.text(SourceKeys.DESCRIPTION),
              s.tags(SourceKeys.TAGS));
        });
  }

  private static void fields(ArrayNode array, List<Field> fields) {
    for (Field field : fields) {
      ObjectNode f = array.addObject();
      f.put(FieldKeys.NAME.stored(), field.name());
      f.put(FieldKeys.TYPE.stored(), field.type().id());
      f.put(FieldKeys.DESCRIPTION.stored(), field.description());
      tags(f, FieldKeys.TAGS, field.tags());
    }
  }

  private static void stream(ObjectNode view, StreamSpec stream) {
    if (stream == null) {
      view.putNull(ViewKeys.STREAM.stored());
      return;
    }
    ObjectNode s = view.putObject(ViewKeys.STREAM.stored());
    s.put(StreamKeys.MAX_OUT_OF_ORDERNESS.stored(), stream.maxOutOfOrderness().toString());
    s.put(StreamKeys.WINDOW.stored(), stream.windowed() ? stream.window().toString() : null);
    s.put(StreamKeys.SLIDE.stored(), stream.windowed() ? stream.slide().toString() : null);
    ArrayNode aggregations = s.putArray(StreamKeys.AGGREGATIONS.stored());
    for (StreamSpec.Aggregate aggregate : stream.aggregations()) {
      ObjectNode a = aggregations.addObject();
      a.put(AggregateKeys.FEATURE.stored(), aggregate.feature());
      a.put(AggregateKeys.FUNCTION.stored(), aggregate.function().id());
      a.put(AggregateKeys.FIELD.stored(), aggregate.field());
    }
  }

  /** A view's stream block: null for a view that is not a stream feature view. */
  private static StreamSpec stream(Node view) {
    Node s = view.get(ViewKeys.STREAM);
    if (s.json().isNull()) {
      return null;
    }
    s.keys(StreamKeys.values());
    return s.build(
        () ->
            new StreamSpec(
                s.parse(StreamKeys.MAX_OUT_OF_ORDERNESS, (n, t) -> Duration.parse(t)),
                s.get(StreamKeys.WINDOW).json().isNull()
                    ? null
                    : s.parse(StreamKeys.WINDOW, (n, t) -> Duration.parse(t)),
                s.get(StreamKeys.SLIDE).json().isNull()
                    ? null
                    : s.parse(StreamKeys.SLIDE, (n, t) -> Duration.parse(t)),
                s.list(
                    StreamKeys.AGGREGATIONS,
                    a -> {
                      a.keys(AggregateKeys.values());
                      return a.build(
                          () ->
                              new StreamSpec.Aggregate(
                                  a.text(AggregateKeys.FEATURE),
                                  a.parse(AggregateKeys.FUNCTION, (n, t) -> Aggregation.fromId(t)),
                                  a.text(AggregateKeys.FIELD)));
                    })));
  }

  private static void monitor(ObjectNode m, ModelMonitor monitor) {
    m.put(MonitorKeys.NAME.stored(), monitor.name());
    m.put(MonitorKeys.MODEL.stored(), monitor.model());
    m.put(MonitorKeys.VERSION.stored(), monitor.version());
    m.put(MonitorKeys.ALIAS.stored(), monitor.alias());
    m.put(MonitorKeys.SOURCE.stored(), monitor.source());
    m.put(MonitorKeys.FEATURE_SERVICE.stored(), monitor.featureService());
    fields(m.putArray(MonitorKeys.FEATURES.stored()), monitor.features());
    ObjectNode prediction = m.putObject(MonitorKeys.PREDICTION.stored());
    prediction.put(PredictionKeys.KIND.stored(), monitor.prediction().kind().id());
    ArrayNode classes = prediction.putArray(PredictionKeys.CLASSES.stored());
    monitor.prediction().classes().forEach(classes::add);
    prediction.put(PredictionKeys.THRESHOLD.stored(), monitor.prediction().threshold());
    if (monitor.labels() == null) {
      m.putNull(MonitorKeys.LABELS.stored());
    } else {
      ObjectNode labels = m.putObject(MonitorKeys.LABELS.stored());
      labels.put(LabelKeys.SOURCE.stored(), monitor.labels().source());
      labels.put(LabelKeys.MAX_DELAY.stored(), monitor.labels().maxDelay().toString());
      labels.put(LabelKeys.DEGRADED_MARGIN.stored(), monitor.labels().degradedMargin());
    }
    ObjectNode window = m.putObject(MonitorKeys.WINDOW.stored());
    window.put(WindowKeys.SIZE.stored(), monitor.window().size().toString());
    window.put(WindowKeys.PREDICTIONS.stored(), monitor.window().predictions());
    ObjectNode drift = m.putObject(MonitorKeys.DRIFT.stored());
    driftSetting(drift, monitor.drift(), true);
    ObjectNode perFeature = drift.putObject(DriftKeys.FEATURES.stored());
    new TreeMap<>(monitor.drift().features())
        .forEach((feature, own) -> driftSetting(perFeature.putObject(feature), own, false));
    ArrayNode segments = m.putArray(MonitorKeys.SEGMENTS.stored());
    for (ModelMonitor.Segment segment : monitor.segments()) {
      ObjectNode s = segments.addObject();
      s.put(SegmentKeys.FEATURE.stored(), segment.feature());
      ArrayNode values = s.putArray(SegmentKeys.VALUES.stored());
      segment.values().forEach(values::add);
    }
    m.put(MonitorKeys.BASELINE.stored(), monitor.baseline());
    ObjectNode writeBack = m.putObject(MonitorKeys.WRITE_BACK.stored());
    writeBack.put(WriteBackKeys.ON_CHANGE.stored(), monitor.writeBack().onChange());
    writeBack.put(WriteBackKeys.INTERVAL.stored(), monitor.writeBack().interval().toString());
    m.put(MonitorKeys.DESCRIPTION.stored(), monitor.description());
    tags(m, MonitorKeys.TAGS, monitor.tags());
  }

  private static void driftSetting(ObjectNode node, ModelMonitor.Drift drift, boolean monitor) {
    node.put(DriftKeys.METHOD.stored(), drift.method());
    putNullable(node, DriftKeys.THRESHOLD, drift.threshold());
    if (monitor) {
      putNullable(node, DriftKeys.ALPHA, drift.alpha());
      if (drift.falseAlertEvery() == null) {
        node.putNull(DriftKeys.FALSE_ALERT_EVERY.stored());
      } else {
        node.put(DriftKeys.FALSE_ALERT_EVERY.stored(), drift.falseAlertEvery().toString());
      }
    }
    if (drift.minSamples() == null) {
      node.putNull(DriftKeys.MIN_SAMPLES.stored());
    } else {
      node.put(DriftKeys.MIN_SAMPLES.stored(), drift.minSamples());
    }
    putNullable(node, DriftKeys.FLOOR, drift.floor());
  }

  private static void putNullable(ObjectNode node, Key key, Double value) {
    if (value == null) {
      node.putNull(key.stored());
    } else {
      node.put(key.stored(), value);
    }
  }

  private static ModelMonitor monitor(Node m) {
    m.keys(MONITOR_KEYS);
    Node p = m.get(MonitorKeys.PREDICTION);
    p.keys(PredictionKeys.values());
    ModelMonitor.Prediction prediction =
        p.build(
            () ->
                new ModelMonitor.Prediction(
                    p.parse(
                        PredictionKeys.KIND,
                        (n, t) -> ModelMonitor.PredictionKind.valueOf(t.toUpperCase(Locale.ROOT))),
                    p.list(PredictionKeys.CLASSES, Node::asText),
                    p.decimal(PredictionKeys.THRESHOLD)));
    Node l = m.get(MonitorKeys.LABELS);
    ModelMonitor.Labels labels = null;
    if (!l.json().isNull()) {
      l.keys(LabelKeys.values());
      String source = l.text(LabelKeys.SOURCE);
      Duration maxDelay = l.parse(LabelKeys.MAX_DELAY, (n, t) -> Duration.parse(t));
      double margin = l.decimal(LabelKeys.DEGRADED_MARGIN);
      labels = l.build(() -> new ModelMonitor.Labels(source, maxDelay, margin));
    }
    Node w = m.get(MonitorKeys.WINDOW);
    w.keys(WindowKeys.values());
    ModelMonitor.Window window =
        new ModelMonitor.Window(
            w.parse(WindowKeys.SIZE, (n, t) -> Duration.parse(t)),
            w.number(WindowKeys.PREDICTIONS));
    Node d = m.get(MonitorKeys.DRIFT);
    d.keys(DriftKeys.values());
    Map<String, ModelMonitor.Drift> perFeature = new LinkedHashMap<>();
    Node features = d.get(DriftKeys.FEATURES);
    if (features.json() == null || !features.json().isObject()) {
      throw features.error("must be an object, found " + features.json());
    }
    for (String name : features.fieldNames()) {
      Node own = features.child(name);
      own.keys(DriftKeys.OF_A_FEATURE);
      perFeature.put(name, driftSetting(own, Map.of(), false));
    }
    ModelMonitor.Drift drift = driftSetting(d, perFeature, true);
    List<ModelMonitor.Segment> segments =
        m.list(
            MonitorKeys.SEGMENTS,
            s -> {
              s.keys(SegmentKeys.values());
              return new ModelMonitor.Segment(
                  s.text(SegmentKeys.FEATURE), s.list(SegmentKeys.VALUES, Node::asText));
            });
    Node b = m.get(MonitorKeys.WRITE_BACK);
    b.keys(WriteBackKeys.values());
    ModelMonitor.WriteBack writeBack =
        new ModelMonitor.WriteBack(
            b.bool(WriteBackKeys.ON_CHANGE),
            b.parse(WriteBackKeys.INTERVAL, (n, t) -> Duration.parse(t)));
    ModelMonitor.Labels finalLabels = labels;
    return m.build(
        () ->
            new ModelMonitor(
                m.text(MonitorKeys.NAME),
                m.text(MonitorKeys.MODEL),
                m.text(MonitorKeys.VERSION),
                m.text(MonitorKeys.ALIAS),
                m.text(MonitorKeys.SOURCE),
                m.text(MonitorKeys.FEATURE_SERVICE),
                m.list(MonitorKeys.FEATURES, Node::field),
                prediction,
                finalLabels,
                window,
                drift,
                segments,
                m.text(MonitorKeys.BASELINE),
                writeBack,
                m.text(MonitorKeys.DESCRIPTION),
                m.tags(MonitorKeys.TAGS)));
  }

  private static ModelMonitor.Drift driftSetting(
      Node node, Map<String, ModelMonitor.Drift> features, boolean monitor) {
    Double threshold = nullableDecimal(node, DriftKeys.THRESHOLD);
    Node every = node.get(DriftKeys.FALSE_ALERT_EVERY);
    Node minSamples = node.get(DriftKeys.MIN_SAMPLES);
    return new ModelMonitor.Drift(
        node.text(DriftKeys.METHOD),
        threshold,
        features,
        monitor ? nullableDecimal(node, DriftKeys.ALPHA) : null,
        !monitor || every.json() == null || every.json().isNull()
            ? null
            : node.parse(DriftKeys.FALSE_ALERT_EVERY, (n, t) -> Duration.parse(t)),
        minSamples.json() == null || minSamples.json().isNull()
            ? null
            : (int) node.number(DriftKeys.MIN_SAMPLES),
        nullableDecimal(node, DriftKeys.FLOOR));
  }

  private static Double nullableDecimal(Node node, Key key) {
    Node value = node.get(key);
    return value.json() == null || value.json().isNull() ? null : node.decimal(key);
  }

  private static void tags(ObjectNode node, Key key, Map<String, String> tags) {
    ObjectNode t = node.putObject(key.stored());
    new TreeMap<>(tags).forEach(t::put);
  }

  /**
   * The document's own keys, around the repository's definitions. They are no YAML keys: only
   * {@link Key#stored()} is used.
   */
  private enum DocumentKeys implements Key {
    FORMAT,
    FORMAT_VERSION,
    VERSION,
    APPLIED_AT
  }

  /**
   * One document being read: where it comes from, for errors, and the objects the upgrade refused,
   * by path, with the error the decoder raises when it reaches one.
   */
  private record Reading(String origin, Map<String, RegistryException> refused)
      implements Problems<RegistryException> {

    @Override
    public RegistryException at(String path, String rule) {
      return new RegistryException(origin + ": " + (path.isEmpty() ? "" : path + ": ") + rule);
    }
  }

  /** A JSON node and where it is, for strict reading with errors that name the path. */
  private record Node(Reading reading, String path, JsonNode json) {

    RegistryException error(String message) {
      return reading.at(path, message);
    }

    /**
     * Upgrades this object from format version {@code from}: puts in each of {@code added} that
     * came later, with its value. An object holding a key its version did not have is refused
     * instead, as that version's decoding refused it: {@link #keys} raises the error when the
     * decoder reaches the object, so that of several errors the first one in reading order is
     * reported, as before the upgrade. Anything but an object is left to the decoder.
     *
     * @param keys the object's keys in the current version
     */
    void upgrade(long from, List<? extends Key> keys, List<Added> added) {
      List<Added> later = added.stream().filter(a -> a.since() > from).toList();
      if (later.isEmpty() || json == null || !json.isObject()) {
        return;
      }
      List<Key> laterKeys = later.stream().map(Added::key).toList();
      List<String> own =
          keys.stream().filter(k -> !laterKeys.contains(k)).map(Key::stored).toList();
      RegistryException unknown = unknownKey(own);
      if (unknown != null) {
        reading.refused().put(path, unknown);
        return;
      }
      for (Added a : later) {
        ((ObjectNode) json).set(a.key().stored(), a.value().deepCopy());
      }
    }

    /** Requires exactly these keys. */
    void keys(Key... expected) {
      keys(List.of(expected));
    }

    /** Requires exactly these keys. */
    void keys(List<? extends Key> expected) {
      RegistryException refused = reading.refused().get(path);
      if (refused != null) {
        throw refused;
      }
      if (!json.isObject()) {
        throw JsonChecks.wrongType(path, "an object", json, reading);
      }
      List<String> names = expected.stream().map(Key::stored).toList();
      RegistryException unknown = unknownKey(names);
      if (unknown != null) {
        throw unknown;
      }
      for (String k : names) {
        if (!json.has(k)) {
          throw child(k).error("required, missing");
        }
      }
    }

    /** The error of this object's first key that is not one of {@code names}; null if none. */
    private RegistryException unknownKey(List<String> names) {
      Iterator<String> keys = json.fieldNames();
      while (keys.hasNext()) {
        String k = keys.next();
        if (!names.contains(k)) {
          return child(k).error("unknown key: expected one of " + String.join(", ", names));
        }
      }
      return null;
    }

    Node get(Key key) {
      return child(key.stored());
    }

    /** The value at a key that is data, not a declared key: a feature's name. */
    Node child(String key) {
      return new Node(reading, JsonChecks.child(path, key), json == null ? null : json.get(key));
    }

    /** The keys of this object, in order; none when this is no object. */
    List<String> fieldNames() {
      List<String> names = new ArrayList<>();
      if (json != null && json.isObject()) {
        json.fieldNames().forEachRemaining(names::add);
      }
      return names;
    }

    /** The elements of the array at {@code key}; none when there is no array there. */
    List<Node> elements(Key key) {
      Node n = get(key);
      List<Node> elements = new ArrayList<>();
      for (int i = 0; n.json != null && n.json.isArray() && i < n.json.size(); i++) {
        elements.add(n.element(i));
      }
      return elements;
    }

    private Node element(int i) {
      return new Node(reading, JsonChecks.index(path, i), json.get(i));
    }

    String text(Key key) {
      return get(key).asText();
    }

    String asText() {
      return JsonChecks.text(json, path, reading);
    }

    long number(Key key) {
      Node n = get(key);
      return JsonChecks.longValue(n.json, n.path, reading);
    }

    double decimal(Key key) {
      Node n = get(key);
      return JsonChecks.number(n.json, n.path, reading);
    }

    boolean bool(Key key) {
      Node n = get(key);
      return JsonChecks.bool(n.json, n.path, reading);
    }

    <T> T parse(Key key, BiFunction<Node, String, T> parser) {
      Node n = get(key);
      String text = n.asText();
      try {
        return parser.apply(n, text);
      } catch (DateTimeParseException | IllegalArgumentException e) {
        throw n.error("cannot be read: " + e.getMessage() + ", found '" + text + "'");
      }
    }

    Map<String, String> tags(Key key) {
      Node n = get(key);
      if (n.json == null || !n.json.isObject()) {
        throw JsonChecks.wrongType(n.path, "an object of strings", n.json, reading);
      }
      Map<String, String> tags = new LinkedHashMap<>();
      n.json.fields().forEachRemaining(e -> tags.put(e.getKey(), n.child(e.getKey()).asText()));
      return tags;
    }

    <T> List<T> list(Key key, Function<Node, T> element) {
      Node n = get(key);
      JsonChecks.array(n.json, n.path, reading);
      List<T> values = new ArrayList<>();
      for (int i = 0; i < n.json.size(); i++) {
        values.add(element.apply(n.element(i)));
      }
      return values;
    }

    Field field() {
      keys(FieldKeys.values());
      return build(
          () ->
              new Field(
                  text(FieldKeys.NAME),
                  parse(FieldKeys.TYPE, (n, t) -> ValueType.fromId(t)),
                  text(FieldKeys.DESCRIPTION),
                  tags(FieldKeys.TAGS)));
    }

    /** Runs a constructor, turning its argument checks into errors at this path. */
    <T> T build(Supplier<T> constructor) {
      try {
        return constructor.get();
      } catch (IllegalArgumentException e) {
        throw error(e.getMessage());
      }
    }
  }
}
