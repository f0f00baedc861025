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
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featurewatch.store.definition.Aggregation;
import dev.featurewatch.store.definition.DataSource;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The registry's stored form: one JSON document per version, the same in every backend.
 *
 * <p>Format version 5 (this class writes only it, and reads it and versions 1 to 4 strictly: every
 * key is required, unknown keys and later format versions are rejected; version 4 is version 5
 * without the drift settings' {@code alpha}, {@code false_alert_every}, {@code min_samples} and
 * {@code floor}; version 3 is version 4 without the labels' {@code degraded_margin}; version 2 is
 * version 3 without {@code model_monitors}; version 1 is version 2 without the views' {@code
 * stream} key and the Kafka sources' {@code batch_source}):
 *
 * <pre>{@code
 * {
 *   "format": "featurewatch-registry",
 *   "format_version": 5,
 *   "version": 3,
 *   "applied_at": "2026-11-23T04:00:00Z",
 *   "entities": [{"name", "description", "join_keys": [field...]}],
 *   "sources": [{"name", "kind": "kafka|file|push", kind keys (topic, bootstrap_servers,
 *                batch_source | path, format: "csv|arrow|jsonl" | batch_source),
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
 *                       "threshold"}, "labels": null | {"source", "max_delay": "P7D", "degraded_margin"},
 *                       "window": {"size": "PT5M" (PT0S: none), "predictions": 0 (none)},
 *                       "drift": {"method", "threshold": null | x, "alpha": null | x,
 *                       "false_alert_every": null | "P90D", "min_samples": null | n, "floor":
 *                       null | x, "features": {name: {"method", "threshold", "min_samples",
 *                       "floor"}}}, "segments": [{"feature", "values": [..]}], "baseline",
 *                       "write_back": {"on_change", "interval": "PT10M"}, "description", "tags"}]
 * }
 * field = {"name", "type": "int64|double|string|bool|timestamp|list<double>", "description", "tags"}
 * }</pre>
 *
 * Optional texts are written as {@code ""}; tags are written sorted by key so that the same version
 * always has the same bytes. A golden file of each format version is loaded in a test.
 */
final class RegistryCodec {

  static final String FORMAT = "featurewatch-registry";
  static final int FORMAT_VERSION = 5;

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
    root.put("format", FORMAT);
    root.put("format_version", FORMAT_VERSION);
    root.put("version", version.version());
    root.put("applied_at", version.appliedAt().toString());
    FeatureRepository repo = version.repository();
    ArrayNode entities = root.putArray("entities");
    for (Entity entity : repo.entities()) {
      ObjectNode e = entities.addObject();
      e.put("name", entity.name());
      e.put("description", entity.description());
      fields(e.putArray("join_keys"), entity.joinKeys());
    }
    ArrayNode sources = root.putArray("sources");
    for (DataSource source : repo.sources()) {
      ObjectNode s = sources.addObject();
      s.put("name", source.name());
      s.put("kind", source.kind().id());
      DataSource.Settings settings = source.settings();
      if (settings instanceof DataSource.KafkaSettings kafka) {
        s.put("topic", kafka.topic());
        s.put("bootstrap_servers", kafka.bootstrapServers());
        s.put("batch_source", kafka.batchSource());
      } else if (settings instanceof DataSource.FileSettings file) {
        s.put("path", file.path());
        s.put("format", file.format().id());
      } else if (settings instanceof DataSource.PushSettings push) {
        s.put("batch_source", push.batchSource());
      }
      s.put("timestamp_field", source.timestampField());
      s.put("created_timestamp_field", source.createdTimestampField());
      s.put("description", source.description());
      tags(s, source.tags());
    }
    ArrayNode views = root.putArray("feature_views");
    for (FeatureView view : repo.featureViews()) {
      ObjectNode v = views.addObject();
      v.put("name", view.name());
      ArrayNode viewEntities = v.putArray("entities");
      view.entities().forEach(viewEntities::add);
      v.put("source", view.source());
      v.put("ttl", view.ttl().toString());
      v.put("online", view.online());
      v.put("offline", view.offline());
      v.put("owner", view.owner());
      v.put("description", view.description());
      tags(v, view.tags());
      fields(v.putArray("features"), view.features());
      stream(v, view.stream());
    }
    ArrayNode services = root.putArray("feature_services");
    for (FeatureService service : repo.featureServices()) {
      ObjectNode s = services.addObject();
      s.put("name", service.name());
      ArrayNode refs = s.putArray("features");
      service.features().forEach(f -> refs.add(f.toString()));
      s.put("description", service.description());
      tags(s, service.tags());
    }
    ArrayNode monitors = root.putArray("model_monitors");
    repo.modelMonitors().forEach(m -> monitor(monitors.addObject(), m));
    try {
      return MAPPER.writer(PRINTER).writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }

  /**
   * Reads one stored version.
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
    Node r = new Node(origin, "", root);
    // which keys are allowed depends on the format version: check those two are there first
    if (root == null || !root.isObject()) {
      throw r.error("must be an object, found " + root);
    }
    for (String key : List.of("format", "format_version")) {
      if (!root.has(key)) {
        throw r.get(key).error("required, missing");
      }
    }
    String format = r.text("format");
    if (!format.equals(FORMAT)) {
      throw r.get("format").error("must be '" + FORMAT + "', found '" + format + "'");
    }
    long formatVersion = r.number("format_version");
    if (formatVersion < 1 || formatVersion > FORMAT_VERSION) {
      throw r.get("format_version")
          .error(
              "this featurewatch reads format versions 1 to "
                  + FORMAT_VERSION
                  + " (a newer featurewatch wrote this one?), found "
                  + formatVersion);
    }
    // version 1 had no stream feature views and no batch sources of Kafka sources
    boolean v2 = formatVersion >= 2;
    // version 2 had no model monitors
    boolean v3 = formatVersion >= 3;
    // version 3 had no degraded margin of a monitor's labels: it was 10 %
    boolean v4 = formatVersion >= 4;
    // version 4 had no calibration settings of a monitor's drift: the defaults
    boolean v5 = formatVersion >= 5;
    List<String> topKeys =
        new ArrayList<>(
            List.of(
                "format",
                "format_version",
                "version",
                "applied_at",
                "entities",
                "sources",
                "feature_views",
                "feature_services"));
    if (v3) {
      topKeys.add("model_monitors");
    }
    r.keys(topKeys.toArray(String[]::new));
    long version = r.number("version");
    Instant appliedAt = r.parse("applied_at", (n, t) -> Instant.parse(t));
    List<Entity> entities =
        r.list(
            "entities",
            e -> {
              e.keys("name", "description", "join_keys");
              return e.build(
                  () ->
                      new Entity(
                          e.text("name"), e.list("join_keys", Node::field), e.text("description")));
            });
    List<DataSource> sources = r.list("sources", s -> source(s, v2));
    List<FeatureView> views =
        r.list(
            "feature_views",
            v -> {
              List<String> keys =
                  new ArrayList<>(
                      List.of(
                          "name",
                          "entities",
                          "source",
                          "ttl",
                          "online",
                          "offline",
                          "owner",
                          "description",
                          "tags",
                          "features"));
              if (v2) {
                keys.add("stream");
              }
              v.keys(keys.toArray(String[]::new));
              return v.build(
                  () ->
                      new FeatureView(
                          v.text("name"),
                          v.list("entities", n -> n.asText()),
                          v.list("features", Node::field),
                          v.parse("ttl", (n, t) -> Duration.parse(t)),
                          v.bool("online"),
                          v.bool("offline"),
                          v.text("source"),
                          v.text("owner"),
                          v.text("description"),
                          v.tags(),
                          v2 ? stream(v) : null));
            });
    List<FeatureService> services =
        r.list(
            "feature_services",
            s -> {
              s.keys("name", "features", "description", "tags");
              return s.build(
                  () ->
                      new FeatureService(
                          s.text("name"),
                          s.list(
                              "features", n -> n.build(() -> FeatureReference.parse(n.asText()))),
                          s.text("description"),
                          s.tags()));
            });
    List<ModelMonitor> monitors =
        v3 ? r.list("model_monitors", n -> monitor(n, v4, v5)) : List.of();
    FeatureRepository repository =
        r.build(() -> FeatureRepository.of(entities, sources, views, services, monitors));
    return r.build(() -> new RegistryVersion(version, appliedAt, repository));
  }

  private static DataSource source(Node s, boolean v2) {
    String kind = s.text("kind");
    List<String> keys =
        new ArrayList<>(
            List.of(
                "name",
                "kind",
                "timestamp_field",
                "created_timestamp_field",
                "description",
                "tags"));
    switch (kind) {
      case "kafka" -> {
        keys.addAll(List.of("topic", "bootstrap_servers"));
        if (v2) {
          keys.add("batch_source");
        }
      }
      case "file" -> keys.addAll(List.of("path", "format"));
      case "push" -> keys.add("batch_source");
      default ->
          throw s.get("kind").error("must be one of kafka, file, push, found '" + kind + "'");
    }
    s.keys(keys.toArray(String[]::new));
    return s.build(
        () -> {
          DataSource.Settings settings =
              switch (kind) {
                case "kafka" ->
                    new DataSource.KafkaSettings(
                        s.text("topic"),
                        s.text("bootstrap_servers"),
                        v2 ? s.text("batch_source") : "");
                case "file" ->
                    new DataSource.FileSettings(
                        s.text("path"),
                        s.parse(
                            "format",
                            (n, t) -> DataSource.FileFormat.valueOf(t.toUpperCase(Locale.ROOT))));
                default -> new DataSource.PushSettings(s.text("batch_source"));
              };
          return new DataSource(
              s.text("name"),
              settings,
              s.text("timestamp_field"),
              s.text("created_timestamp_field"),
              s.text("description"),
              s.tags());
        });
  }

  private static void fields(ArrayNode array, List<Field> fields) {
    for (Field field : fields) {
      ObjectNode f = array.addObject();
      f.put("name", field.name());
      f.put("type", field.type().id());
      f.put("description", field.description());
      tags(f, field.tags());
    }
  }

  private static void stream(ObjectNode view, StreamSpec stream) {
    if (stream == null) {
      view.putNull("stream");
      return;
    }
    ObjectNode s = view.putObject("stream");
    s.put("max_out_of_orderness", stream.maxOutOfOrderness().toString());
    s.put("window", stream.windowed() ? stream.window().toString() : null);
    s.put("slide", stream.windowed() ? stream.slide().toString() : null);
    ArrayNode aggregations = s.putArray("aggregations");
    for (StreamSpec.Aggregate aggregate : stream.aggregations()) {
      ObjectNode a = aggregations.addObject();
      a.put("feature", aggregate.feature());
      a.put("function", aggregate.function().id());
      a.put("field", aggregate.field());
    }
  }

  /** A view's stream block: null for a view that is not a stream feature view. */
  private static StreamSpec stream(Node view) {
    Node s = view.get("stream");
    if (s.json().isNull()) {
      return null;
    }
    s.keys("max_out_of_orderness", "window", "slide", "aggregations");
    return s.build(
        () ->
            new StreamSpec(
                s.parse("max_out_of_orderness", (n, t) -> Duration.parse(t)),
                s.get("window").json().isNull()
                    ? null
                    : s.parse("window", (n, t) -> Duration.parse(t)),
                s.get("slide").json().isNull()
                    ? null
                    : s.parse("slide", (n, t) -> Duration.parse(t)),
                s.list(
                    "aggregations",
                    a -> {
                      a.keys("feature", "function", "field");
                      return a.build(
                          () ->
                              new StreamSpec.Aggregate(
                                  a.text("feature"),
                                  a.parse("function", (n, t) -> Aggregation.fromId(t)),
                                  a.text("field")));
                    })));
  }

  private static void monitor(ObjectNode m, ModelMonitor monitor) {
    m.put("name", monitor.name());
    m.put("model", monitor.model());
    m.put("version", monitor.version());
    m.put("alias", monitor.alias());
    m.put("source", monitor.source());
    m.put("feature_service", monitor.featureService());
    fields(m.putArray("features"), monitor.features());
    ObjectNode prediction = m.putObject("prediction");
    prediction.put("kind", monitor.prediction().kind().id());
    ArrayNode classes = prediction.putArray("classes");
    monitor.prediction().classes().forEach(classes::add);
    prediction.put("threshold", monitor.prediction().threshold());
    if (monitor.labels() == null) {
      m.putNull("labels");
    } else {
      ObjectNode labels = m.putObject("labels");
      labels.put("source", monitor.labels().source());
      labels.put("max_delay", monitor.labels().maxDelay().toString());
      labels.put("degraded_margin", monitor.labels().degradedMargin());
    }
    ObjectNode window = m.putObject("window");
    window.put("size", monitor.window().size().toString());
    window.put("predictions", monitor.window().predictions());
    ObjectNode drift = m.putObject("drift");
    driftSetting(drift, monitor.drift(), true);
    ObjectNode perFeature = drift.putObject("features");
    new TreeMap<>(monitor.drift().features())
        .forEach((feature, own) -> driftSetting(perFeature.putObject(feature), own, false));
    ArrayNode segments = m.putArray("segments");
    for (ModelMonitor.Segment segment : monitor.segments()) {
      ObjectNode s = segments.addObject();
      s.put("feature", segment.feature());
      ArrayNode values = s.putArray("values");
      segment.values().forEach(values::add);
    }
    m.put("baseline", monitor.baseline());
    ObjectNode writeBack = m.putObject("write_back");
    writeBack.put("on_change", monitor.writeBack().onChange());
    writeBack.put("interval", monitor.writeBack().interval().toString());
    m.put("description", monitor.description());
    tags(m, monitor.tags());
  }

  private static void driftSetting(ObjectNode node, ModelMonitor.Drift drift, boolean monitor) {
    node.put("method", drift.method());
    putNullable(node, "threshold", drift.threshold());
    if (monitor) {
      putNullable(node, "alpha", drift.alpha());
      if (drift.falseAlertEvery() == null) {
        node.putNull("false_alert_every");
      } else {
        node.put("false_alert_every", drift.falseAlertEvery().toString());
      }
    }
    if (drift.minSamples() == null) {
      node.putNull("min_samples");
    } else {
      node.put("min_samples", drift.minSamples());
    }
    putNullable(node, "floor", drift.floor());
  }

  private static void putNullable(ObjectNode node, String key, Double value) {
    if (value == null) {
      node.putNull(key);
    } else {
      node.put(key, value);
    }
  }

  private static ModelMonitor monitor(Node m, boolean v4, boolean v5) {
    m.keys(
        "name",
        "model",
        "version",
        "alias",
        "source",
        "feature_service",
        "features",
        "prediction",
        "labels",
        "window",
        "drift",
        "segments",
        "baseline",
        "write_back",
        "description",
        "tags");
    Node p = m.get("prediction");
    p.keys("kind", "classes", "threshold");
    ModelMonitor.Prediction prediction =
        p.build(
            () ->
                new ModelMonitor.Prediction(
                    p.parse(
                        "kind",
                        (n, t) -> ModelMonitor.PredictionKind.valueOf(t.toUpperCase(Locale.ROOT))),
                    p.list("classes", Node::asText),
                    p.decimal("threshold")));
    Node l = m.get("labels");
    ModelMonitor.Labels labels = null;
    if (!l.json().isNull()) {
      if (v4) {
        l.keys("source", "max_delay", "degraded_margin");
      } else {
        l.keys("source", "max_delay");
      }
      String source = l.text("source");
      Duration maxDelay = l.parse("max_delay", (n, t) -> Duration.parse(t));
      double margin =
          v4 ? l.decimal("degraded_margin") : ModelMonitor.Labels.DEFAULT_DEGRADED_MARGIN;
      labels = l.build(() -> new ModelMonitor.Labels(source, maxDelay, margin));
    }
    Node w = m.get("window");
    w.keys("size", "predictions");
    ModelMonitor.Window window =
        new ModelMonitor.Window(
            w.parse("size", (n, t) -> Duration.parse(t)), w.number("predictions"));
    Node d = m.get("drift");
    if (v5) {
      d.keys(
          "method", "threshold", "alpha", "false_alert_every", "min_samples", "floor", "features");
    } else {
      d.keys("method", "threshold", "features");
    }
    Map<String, ModelMonitor.Drift> perFeature = new LinkedHashMap<>();
    Node features = d.get("features");
    if (features.json() == null || !features.json().isObject()) {
      throw features.error("must be an object, found " + features.json());
    }
    features
        .json()
        .fieldNames()
        .forEachRemaining(
            name -> {
              Node own = features.get(name);
              if (v5) {
                own.keys("method", "threshold", "min_samples", "floor");
              } else {
                own.keys("method", "threshold");
              }
              perFeature.put(name, driftSetting(own, Map.of(), v5, false));
            });
    ModelMonitor.Drift drift = driftSetting(d, perFeature, v5, true);
    List<ModelMonitor.Segment> segments =
        m.list(
            "segments",
            s -> {
              s.keys("feature", "values");
              return new ModelMonitor.Segment(s.text("feature"), s.list("values", Node::asText));
            });
    Node b = m.get("write_back");
    b.keys("on_change", "interval");
    ModelMonitor.WriteBack writeBack =
        new ModelMonitor.WriteBack(
            b.bool("on_change"), b.parse("interval", (n, t) -> Duration.parse(t)));
    ModelMonitor.Labels finalLabels = labels;
    return m.build(
        () ->
            new ModelMonitor(
                m.text("name"),
                m.text("model"),
                m.text("version"),
                m.text("alias"),
                m.text("source"),
                m.text("feature_service"),
                m.list("features", Node::field),
                prediction,
                finalLabels,
                window,
                drift,
                segments,
                m.text("baseline"),
                writeBack,
                m.text("description"),
                m.tags()));
  }

  private static ModelMonitor.Drift driftSetting(
      Node node, Map<String, ModelMonitor.Drift> features, boolean v5, boolean monitor) {
    Double threshold = nullableDecimal(node, "threshold");
    if (!v5) {
      return new ModelMonitor.Drift(node.text("method"), threshold, features);
    }
    Node every = node.get("false_alert_every");
    Node minSamples = node.get("min_samples");
    return new ModelMonitor.Drift(
        node.text("method"),
        threshold,
        features,
        monitor ? nullableDecimal(node, "alpha") : null,
        !monitor || every.json() == null || every.json().isNull()
            ? null
            : node.parse("false_alert_every", (n, t) -> Duration.parse(t)),
        minSamples.json() == null || minSamples.json().isNull()
            ? null
            : (int) node.number("min_samples"),
        nullableDecimal(node, "floor"));
  }

  private static Double nullableDecimal(Node node, String key) {
    Node value = node.get(key);
    return value.json() == null || value.json().isNull() ? null : node.decimal(key);
  }

  private static void tags(ObjectNode node, Map<String, String> tags) {
    ObjectNode t = node.putObject("tags");
    new TreeMap<>(tags).forEach(t::put);
  }

  /** A JSON node and where it is, for strict reading with errors that name the path. */
  private record Node(String origin, String path, JsonNode json) {

    RegistryException error(String message) {
      return new RegistryException(origin + ": " + (path.isEmpty() ? "" : path + ": ") + message);
    }

    /** Requires exactly these keys. */
    void keys(String... expected) {
      if (!json.isObject()) {
        throw error("must be an object, found " + json);
      }
      Set<String> allowed = Set.of(expected);
      json.fieldNames()
          .forEachRemaining(
              k -> {
                if (!allowed.contains(k)) {
                  throw child(k, json.get(k))
                      .error("unknown key: expected one of " + String.join(", ", expected));
                }
              });
      for (String k : expected) {
        if (!json.has(k)) {
          throw child(k, null).error("required, missing");
        }
      }
    }

    Node get(String key) {
      return child(key, json.get(key));
    }

    private Node child(String key, JsonNode value) {
      return new Node(origin, path.isEmpty() ? key : path + "." + key, value);
    }

    String text(String key) {
      return get(key).asText();
    }

    String asText() {
      if (json == null || !json.isTextual()) {
        throw error("must be a string, found " + json);
      }
      return json.textValue();
    }

    long number(String key) {
      Node n = get(key);
      if (n.json == null || !n.json.canConvertToExactIntegral() || !n.json.isIntegralNumber()) {
        throw n.error("must be an integer, found " + n.json);
      }
      return n.json.longValue();
    }

    double decimal(String key) {
      Node n = get(key);
      if (n.json == null || !n.json.isNumber()) {
        throw n.error("must be a number, found " + n.json);
      }
      return n.json.asDouble();
    }

    boolean bool(String key) {
      Node n = get(key);
      if (n.json == null || !n.json.isBoolean()) {
        throw n.error("must be true or false, found " + n.json);
      }
      return n.json.booleanValue();
    }

    <T> T parse(String key, BiFunction<Node, String, T> parser) {
      Node n = get(key);
      String text = n.asText();
      try {
        return parser.apply(n, text);
      } catch (DateTimeParseException | IllegalArgumentException e) {
        throw n.error("cannot be read: " + e.getMessage() + ", found '" + text + "'");
      }
    }

    Map<String, String> tags() {
      Node n = get("tags");
      if (n.json == null || !n.json.isObject()) {
        throw n.error("must be an object of strings, found " + n.json);
      }
      Map<String, String> tags = new LinkedHashMap<>();
      n.json
          .fields()
          .forEachRemaining(e -> tags.put(e.getKey(), n.child(e.getKey(), e.getValue()).asText()));
      return tags;
    }

    <T> List<T> list(String key, Function<Node, T> element) {
      Node n = get(key);
      if (n.json == null || !n.json.isArray()) {
        throw n.error("must be an array, found " + n.json);
      }
      List<T> values = new ArrayList<>();
      for (int i = 0; i < n.json.size(); i++) {
        values.add(element.apply(new Node(origin, n.path + "[" + i + "]", n.json.get(i))));
      }
      return values;
    }

    Field field() {
      keys("name", "type", "description", "tags");
      return build(
          () ->
              new Field(
                  text("name"),
                  parse("type", (n, t) -> ValueType.fromId(t)),
                  text("description"),
                  tags()));
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
