package dev.featurewatch.store.repo;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.featurewatch.drift.method.DriftMethod;
import dev.featurewatch.drift.method.ScoreKind;
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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads a feature repository: every {@code *.yaml} and {@code *.yml} file under a directory
 * (recursively, in path order, skipping names that start with a dot, and the repository's settings
 * file {@value #SETTINGS_FILE} at its root). Each file is a mapping with any of the lists {@code
 * entities}, {@code sources}, {@code feature_views}, {@code feature_services} and {@code
 * model_monitors}; a definition may refer to one declared in another file.
 *
 * <p>Validation is strict and reports every problem at once: unknown keys, missing required keys,
 * wrong types, names not matching {@code [a-z][a-z0-9_]*}, duplicate names (naming both places),
 * references to missing entities, sources, views or features, malformed or negative ttls, join keys
 * that are not int64 or string, and features that repeat a name or clash with a join key.
 *
 * <pre>{@code
 * try {
 *   FeatureRepository repo = RepositoryReader.read(Path.of("feature_repo"));
 * } catch (RepositoryException e) {
 *   e.problems().forEach(System.err::println); // drivers.yaml:14: feature_views[1].ttl: ...
 * }
 * }</pre>
 */
public final class RepositoryReader {

  /** The settings file at a repository's root, read by {@code RepositoryConfig}, not here. */
  public static final String SETTINGS_FILE = "featurewatch.yaml";

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");
  private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})([smhd])");
  private static final String TTL_RULE =
      "must be a duration like 90s, 30m, 24h or 7d, or 0 for no limit";

  private static final List<String> TOP_KEYS =
      List.of("entities", "sources", "feature_views", "feature_services", "model_monitors");
  private static final List<String> ENTITY_KEYS = List.of("name", "join_keys", "description");
  private static final List<String> FIELD_KEYS = List.of("name", "type", "description", "tags");
  private static final List<String> SOURCE_KEYS =
      List.of("name", "kind", "timestamp_field", "created_timestamp_field", "description", "tags");
  private static final Map<DataSource.Kind, List<String>> SOURCE_KIND_KEYS =
      Map.of(
          DataSource.Kind.KAFKA, List.of("topic", "bootstrap_servers", "batch_source"),
          DataSource.Kind.FILE, List.of("path", "format"),
          DataSource.Kind.PUSH, List.of("batch_source"));
  private static final List<String> VIEW_KEYS =
      List.of(
          "name",
          "entities",
          "source",
          "schema",
          "ttl",
          "online",
          "offline",
          "owner",
          "description",
          "tags",
          "stream");
  private static final List<String> STREAM_KEYS =
      List.of("max_out_of_orderness", "window", "slide", "aggregations");
  private static final List<String> AGGREGATE_KEYS = List.of("feature", "function", "field");
  private static final String WINDOW_RULE = "must be a positive duration like 90s, 5m, 1h or 1d";
  private static final List<String> SERVICE_KEYS =
      List.of("name", "features", "description", "tags");

  private static final List<String> MONITOR_KEYS =
      List.of(
          "name",
          "model",
          "version",
          "alias",
          "source",
          "features",
          "feature_service",
          "prediction",
          "labels",
          "window",
          "drift",
          "segments",
          "baseline",
          "write_back",
          "description",
          "tags");
  private static final Pattern MODEL_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,254}");
  private static final Pattern MODEL_VERSION = Pattern.compile("[1-9][0-9]{0,18}");
  private static final List<String> PREDICTION_KEYS = List.of("kind", "classes", "threshold");
  private static final List<String> LABEL_KEYS = List.of("source", "max_delay", "degraded_margin");
  private static final List<String> MONITOR_WINDOW_KEYS = List.of("size", "predictions");
  private static final List<String> DRIFT_KEYS =
      List.of(
          "method", "threshold", "alpha", "false_alert_every", "min_samples", "floor", "features");
  private static final List<String> FEATURE_DRIFT_KEYS =
      List.of("method", "threshold", "min_samples", "floor");

  /** The largest α a monitor may set: beyond it a verdict is a coin flip. */
  private static final double MAX_ALPHA = 0.5;

  private static final List<String> SEGMENT_KEYS = List.of("feature", "values");
  private static final List<String> WRITE_BACK_KEYS = List.of("on_change", "interval");
  private static final int MAX_SEGMENTS = 3;
  private static final int MAX_SEGMENT_VALUES = 20;

  private RepositoryReader() {}

  /**
   * Reads and validates the repository under {@code directory}.
   *
   * @throws RepositoryException listing every problem, when there is any
   * @throws UncheckedIOException when the directory cannot be listed or a file cannot be read
   */
  public static FeatureRepository read(Path directory) {
    if (!Files.isDirectory(directory)) {
      throw new RepositoryException(
          directory.toString(),
          List.of(
              new Problem(
                  directory.toString(), 0, "", "a feature repository must be a directory")));
    }
    SortedMap<String, String> files = new TreeMap<>();
    List<Problem> problems = new ArrayList<>();
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(directory)) {
      paths =
          walk.filter(p -> isDefinitionFile(directory, p))
              .sorted(Comparator.comparing(p -> relativeName(directory, p)))
              .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list feature repository " + directory, e);
    }
    for (Path path : paths) {
      String name = relativeName(directory, path);
      try {
        files.put(
            name,
            StandardCharsets.UTF_8
                .newDecoder()
                .decode(ByteBuffer.wrap(Files.readAllBytes(path)))
                .toString());
      } catch (CharacterCodingException e) {
        problems.add(new Problem(name, 0, "", "must be UTF-8 text"));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + path, e);
      }
    }
    if (files.isEmpty() && problems.isEmpty()) {
      problems.add(
          new Problem(directory.toString(), 0, "", "holds no *.yaml or *.yml files, found none"));
    }
    return parse(directory.toString(), files, problems);
  }

  private static FeatureRepository parse(
      String repository, SortedMap<String, String> files, List<Problem> problems) {
    Run run = new Run(problems);
    List<Doc> docs = new ArrayList<>();
    for (Map.Entry<String, String> file : files.entrySet()) {
      Doc doc = run.load(file.getKey(), file.getValue());
      if (doc != null) {
        docs.add(doc);
      }
    }
    for (Doc doc : docs) {
      run.checkKeys(doc.root(), doc.loc(), TOP_KEYS);
    }
    for (Doc doc : docs) {
      run.each(doc, "entities", run::entity);
    }
    for (Doc doc : docs) {
      run.each(doc, "sources", run::source);
    }
    run.checkBatchSources();
    for (Doc doc : docs) {
      run.each(doc, "feature_views", run::featureView);
    }
    for (Doc doc : docs) {
      run.each(doc, "feature_services", run::featureService);
    }
    for (Doc doc : docs) {
      run.each(doc, "model_monitors", run::modelMonitor);
    }
    if (!problems.isEmpty()) {
      List<Problem> sorted = new ArrayList<>(problems);
      sorted.sort(Comparator.comparing(Problem::file).thenComparingInt(Problem::line));
      throw new RepositoryException(repository, sorted);
    }
    return FeatureRepository.of(
        List.copyOf(run.entities.values()),
        List.copyOf(run.sources.values()),
        List.copyOf(run.views.values()),
        List.copyOf(run.services.values()),
        List.copyOf(run.monitors.values()));
  }

  /**
   * Parses a ttl: {@code 0} for no limit, or a whole number of seconds, minutes, hours or days
   * ({@code 90s}, {@code 30m}, {@code 24h}, {@code 7d}).
   *
   * @throws IllegalArgumentException naming the rule and the value
   */
  static Duration parseTtl(String text) {
    if (text.equals("0")) {
      return Duration.ZERO;
    }
    Matcher m = DURATION.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException(TTL_RULE + ", found '" + text + "'");
    }
    long amount = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      default -> Duration.ofDays(amount);
    };
  }

  private static boolean isDefinitionFile(Path root, Path path) {
    if (path.equals(root.resolve(SETTINGS_FILE))) {
      return false;
    }
    for (Path part : root.relativize(path)) {
      if (part.toString().startsWith(".")) {
        return false;
      }
    }
    String name = path.getFileName().toString();
    return Files.isRegularFile(path) && (name.endsWith(".yaml") || name.endsWith(".yml"));
  }

  private static String relativeName(Path root, Path path) {
    List<String> parts = new ArrayList<>();
    root.relativize(path).forEach(p -> parts.add(p.toString()));
    return String.join("/", parts);
  }

  /** A place in a file: the printed path and the JSON pointer used to find its line. */
  private record Loc(String file, Map<String, Integer> lines, String path, String pointer) {

    Loc key(String key) {
      return new Loc(
          file,
          lines,
          path.isEmpty() ? key : path + "." + key,
          pointer + "/" + key.replace("~", "~0").replace("/", "~1"));
    }

    Loc index(int i) {
      return new Loc(file, lines, path + "[" + i + "]", pointer + "/" + i);
    }

    /** The line of this place, or of the nearest enclosing one (a missing key has none). */
    int line() {
      String p = pointer;
      while (true) {
        Integer line = lines.get(p);
        if (line != null || p.isEmpty()) {
          return line == null ? 0 : line;
        }
        p = p.substring(0, p.lastIndexOf('/'));
      }
    }

    @Override
    public String toString() {
      int line = line();
      return file + (line > 0 ? ":" + line : "") + ": " + path;
    }
  }

  private record Doc(JsonNode root, Loc loc) {}

  private interface ItemReader {
    void read(JsonNode node, Loc loc);
  }

  /** The state of one read: problems so far and what has been declared and built. */
  private static final class Run {

    private static final YAMLMapper MAPPER =
        new YAMLMapper(
            YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());

    final List<Problem> problems;
    // Everything declared with a valid name, even when invalid otherwise, so that a reference to
    // it is not reported a second time; the built maps hold only valid definitions.
    final Map<String, Loc> declaredEntities = new LinkedHashMap<>();
    final Map<String, Loc> declaredSources = new LinkedHashMap<>();
    final Map<String, Loc> declaredViews = new LinkedHashMap<>();
    final Map<String, Loc> declaredServices = new LinkedHashMap<>();
    final Map<String, Entity> entities = new LinkedHashMap<>();
    final Map<String, DataSource> sources = new LinkedHashMap<>();
    final Map<String, FeatureView> views = new LinkedHashMap<>();
    final Map<String, FeatureService> services = new LinkedHashMap<>();
    final Map<String, Loc> declaredMonitors = new LinkedHashMap<>();
    final Map<String, ModelMonitor> monitors = new LinkedHashMap<>();
    final Map<Loc, String> batchSourceRefs = new LinkedHashMap<>();

    Run(List<Problem> problems) {
      this.problems = problems;
    }

    void problem(Loc loc, String message) {
      problems.add(new Problem(loc.file(), loc.line(), loc.path(), message));
    }

    Doc load(String file, String text) {
      Map<String, Integer> lines = new HashMap<>();
      Loc root = new Loc(file, lines, "", "");
      List<JsonNode> documents;
      try {
        lines.putAll(YamlLines.index(text));
        documents = new ArrayList<>();
        try (JsonParser parser = MAPPER.getFactory().createParser(text)) {
          while (parser.nextToken() != null) {
            documents.add(MAPPER.readTree(parser));
          }
        }
      } catch (JsonProcessingException e) {
        int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
        problems.add(
            new Problem(
                file, Math.max(line, 0), "", "invalid YAML: " + oneLine(e.getOriginalMessage())));
        return null;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      documents = documents.stream().filter(d -> d != null && !d.isMissingNode()).toList();
      if (documents.size() > 1) {
        problem(root, "must hold one YAML document, found " + documents.size());
        return null;
      }
      JsonNode node = documents.isEmpty() ? MAPPER.createObjectNode() : documents.get(0);
      if (node.isNull()) {
        node = MAPPER.createObjectNode();
      }
      if (!node.isObject()) {
        problem(
            root,
            "must be a mapping of entities, sources, feature_views, feature_services,"
                + " model_monitors, found "
                + describe(node));
        return null;
      }
      return new Doc(node, root);
    }

    /** SnakeYAML's message without its position lines (the line is reported separately). */
    private static String oneLine(String message) {
      return message
          .lines()
          .map(String::strip)
          .filter(l -> !l.isEmpty() && !l.equals("^") && !l.startsWith("in 'reader'"))
          .collect(Collectors.joining(": "));
    }

    void each(Doc doc, String key, ItemReader reader) {
      Loc loc = doc.loc().key(key);
      JsonNode list = doc.root().get(key);
      if (list == null || list.isNull()) {
        return;
      }
      if (!list.isArray()) {
        problem(loc, "must be a list, found " + describe(list));
        return;
      }
      for (int i = 0; i < list.size(); i++) {
        JsonNode item = list.get(i);
        Loc itemLoc = loc.index(i);
        if (!item.isObject()) {
          problem(itemLoc, "must be a mapping, found " + describe(item));
        } else {
          reader.read(item, itemLoc);
        }
      }
    }

    // ---- entities

    void entity(JsonNode node, Loc loc) {
      int before = problems.size();
      checkKeys(node, loc, ENTITY_KEYS);
      String name = name(node, loc, "name");
      List<Field> keys = new ArrayList<>();
      Map<String, Loc> keyNames = new HashMap<>();
      List<Item> items = list(node, loc, "join_keys", true);
      for (Item item : items) {
        Field key = field(item.node(), item.loc(), keyNames);
        if (key != null) {
          if (key.type() != ValueType.INT64 && key.type() != ValueType.STRING) {
            problem(
                item.loc().key("type"),
                "a join key must be int64 or string, found '" + key.type().id() + "'");
          }
          keys.add(key);
        }
      }
      String description = text(node, loc, "description", false);
      boolean declared = declare("entity", declaredEntities, name, loc);
      if (declared && problems.size() == before) {
        entities.put(name, new Entity(name, keys, description));
      }
    }

    /** A typed field; reports a name repeated in {@code seen}. Null when unusable. */
    Field field(JsonNode node, Loc loc, Map<String, Loc> seen) {
      if (!node.isObject()) {
        problem(loc, "must be a mapping with name and type, found " + describe(node));
        return null;
      }
      int before = problems.size();
      checkKeys(node, loc, FIELD_KEYS);
      String name = name(node, loc, "name");
      if (name != null) {
        Loc first = seen.putIfAbsent(name, loc);
        if (first != null) {
          problem(loc.key("name"), "duplicate name '" + name + "', first at " + first.path());
        }
      }
      ValueType type = null;
      String typeText = text(node, loc, "type", true);
      if (typeText != null) {
        try {
          type = ValueType.fromId(typeText);
        } catch (IllegalArgumentException e) {
          problem(loc.key("type"), e.getMessage());
        }
      }
      String description = text(node, loc, "description", false);
      Map<String, String> tags = tags(node, loc);
      return problems.size() == before ? new Field(name, type, description, tags) : null;
    }

    // ---- sources

    void source(JsonNode node, Loc loc) {
      int before = problems.size();
      String name = name(node, loc, "name");
      String kindText = text(node, loc, "kind", true);
      DataSource.Kind kind = null;
      if (kindText != null) {
        for (DataSource.Kind k : DataSource.Kind.values()) {
          if (k.id().equals(kindText)) {
            kind = k;
          }
        }
        if (kind == null) {
          problem(loc.key("kind"), "must be one of kafka, file, push, found '" + kindText + "'");
        }
      }
      List<String> allowed = new ArrayList<>(SOURCE_KEYS);
      if (kind == null) {
        SOURCE_KIND_KEYS.values().forEach(allowed::addAll);
      } else {
        allowed.addAll(SOURCE_KIND_KEYS.get(kind));
      }
      checkKeys(node, loc, allowed);
      String timestampField =
          text(
              node,
              loc,
              "timestamp_field",
              kind == DataSource.Kind.KAFKA || kind == DataSource.Kind.FILE);
      String createdField = text(node, loc, "created_timestamp_field", false);
      String description = text(node, loc, "description", false);
      Map<String, String> tags = tags(node, loc);
      DataSource.Settings settings = null;
      if (kind == DataSource.Kind.KAFKA) {
        String topic = text(node, loc, "topic", true);
        String servers = text(node, loc, "bootstrap_servers", false);
        String batch = batchSource(node, loc);
        settings = topic == null ? null : new DataSource.KafkaSettings(topic, servers, batch);
      } else if (kind == DataSource.Kind.FILE) {
        settings = fileSettings(node, loc);
      } else if (kind == DataSource.Kind.PUSH) {
        settings = new DataSource.PushSettings(batchSource(node, loc));
      }
      boolean declared = declare("data source", declaredSources, name, loc);
      if (declared && problems.size() == before) {
        sources.put(
            name, new DataSource(name, settings, timestampField, createdField, description, tags));
      }
    }

    /** The optional batch_source of a kafka or push source, checked once all sources are read. */
    private String batchSource(JsonNode node, Loc loc) {
      String batch = text(node, loc, "batch_source", false);
      if (batch != null && !batch.isEmpty()) {
        batchSourceRefs.put(loc.key("batch_source"), batch);
      }
      return batch;
    }

    private DataSource.FileSettings fileSettings(JsonNode node, Loc loc) {
      String path = text(node, loc, "path", true);
      String formatText = text(node, loc, "format", false);
      if (path == null) {
        return null;
      }
      if (formatText == null) {
        String lower = path.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".csv")) {
          return new DataSource.FileSettings(path, DataSource.FileFormat.CSV);
        }
        if (lower.endsWith(".arrow")) {
          return new DataSource.FileSettings(path, DataSource.FileFormat.ARROW);
        }
        if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson")) {
          return new DataSource.FileSettings(path, DataSource.FileFormat.JSONL);
        }
        problem(
            loc.key("format"),
            "required when the path does not end in .csv, .arrow, .jsonl or .ndjson, found path '"
                + path
                + "'");
        return null;
      }
      for (DataSource.FileFormat format : DataSource.FileFormat.values()) {
        if (format.id().equals(formatText)) {
          return new DataSource.FileSettings(path, format);
        }
      }
      problem(loc.key("format"), "must be one of csv, arrow, jsonl, found '" + formatText + "'");
      return null;
    }

    void checkBatchSources() {
      for (Map.Entry<Loc, String> ref : batchSourceRefs.entrySet()) {
        String name = ref.getValue();
        if (!declaredSources.containsKey(name)) {
          problem(ref.getKey(), unknown("data source", name, declaredSources));
        } else if (sources.containsKey(name) && sources.get(name).kind() != DataSource.Kind.FILE) {
          problem(
              ref.getKey(),
              "a batch source must be a file source, found "
                  + sources.get(name).kind().id()
                  + " source '"
                  + name
                  + "'");
        }
      }
    }

    // ---- feature views

    void featureView(JsonNode node, Loc loc) {
      int before = problems.size();
      checkKeys(node, loc, VIEW_KEYS);
      String name = name(node, loc, "name");

      List<String> entityNames = new ArrayList<>();
      // join key name -> entity, to find clashes between entities and with features
      Map<String, String> joinKeys = new HashMap<>();
      for (Item item : list(node, loc, "entities", true)) {
        String entity = stringItem(item);
        if (entity == null) {
          continue;
        }
        if (entityNames.contains(entity)) {
          problem(item.loc(), "duplicate entity '" + entity + "'");
        } else if (!declaredEntities.containsKey(entity)) {
          problem(item.loc(), unknown("entity", entity, declaredEntities));
        } else if (entities.containsKey(entity)) {
          for (Field key : entities.get(entity).joinKeys()) {
            String other = joinKeys.putIfAbsent(key.name(), entity);
            if (other != null) {
              problem(
                  item.loc(),
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

      String source = text(node, loc, "source", false);
      if (source != null && !declaredSources.containsKey(source)) {
        problem(loc.key("source"), unknown("data source", source, declaredSources));
      }

      List<Field> features = new ArrayList<>();
      Map<String, Loc> featureNames = new HashMap<>();
      for (Item item : list(node, loc, "schema", true)) {
        Field feature = field(item.node(), item.loc(), featureNames);
        if (feature == null) {
          continue;
        }
        String entity = joinKeys.get(feature.name());
        if (entity != null) {
          problem(
              item.loc().key("name"),
              "a feature must not repeat a join key, found '"
                  + feature.name()
                  + "', a join key of entity '"
                  + entity
                  + "'");
        }
        features.add(feature);
      }

      Duration ttl = ttl(node, loc);
      boolean online = bool(node, loc, "online", true);
      boolean offline = bool(node, loc, "offline", true);
      String owner = text(node, loc, "owner", false);
      String description = text(node, loc, "description", false);
      Map<String, String> tags = tags(node, loc);
      StreamSpec stream = stream(node, loc, source, features);
      boolean declared = declare("feature view", declaredViews, name, loc);
      if (declared && problems.size() == before) {
        views.put(
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

    /**
     * The {@code stream} block of a stream feature view, null when absent or invalid. Its source
     * must be a Kafka topic or a file; with a window every feature is one aggregation, of the type
     * the aggregation gives.
     */
    private StreamSpec stream(JsonNode node, Loc loc, String source, List<Field> features) {
      JsonNode value = node.get("stream");
      Loc at = loc.key("stream");
      if (value == null || value.isNull()) {
        return null;
      }
      if (!value.isObject()) {
        problem(
            at,
            "must be a mapping of "
                + String.join(", ", STREAM_KEYS)
                + ", found "
                + describe(value));
        return null;
      }
      int before = problems.size();
      checkKeys(value, at, STREAM_KEYS);
      if (source == null) {
        problem(loc.key("source"), "required for a stream feature view, missing");
      } else if (sources.containsKey(source)
          && sources.get(source).kind() == DataSource.Kind.PUSH) {
        problem(
            loc.key("source"),
            "a stream feature view reads a kafka or file source, found push source '"
                + source
                + "'");
      }
      Duration lateness = duration(value, at, "max_out_of_orderness", false);
      Duration window = duration(value, at, "window", false);
      Duration slide = value.has("slide") ? duration(value, at, "slide", true) : window;
      List<Item> items = list(value, at, "aggregations", false);
      if (window == null && value.get("window") == null && !items.isEmpty()) {
        problem(at.key("window"), "required with aggregations: " + WINDOW_RULE);
      }
      if (value.get("window") == null && value.get("slide") != null) {
        problem(at.key("slide"), "only with a window, found " + describe(value.get("slide")));
      }
      if (window != null && items.isEmpty() && value.get("aggregations") == null) {
        problem(at.key("aggregations"), "required with a window, missing");
      }
      if (window != null && slide != null && slide.compareTo(window) > 0) {
        problem(
            at.key("slide"),
            "must be at most the window "
                + value.get("window").asText()
                + ", found "
                + describe(value.get("slide")));
      }
      List<StreamSpec.Aggregate> aggregates = new ArrayList<>();
      Map<String, Loc> aggregated = new HashMap<>();
      for (Item item : items) {
        StreamSpec.Aggregate aggregate = aggregate(item, features, aggregated);
        if (aggregate != null) {
          aggregates.add(aggregate);
        }
      }
      if (window != null) {
        for (Field feature : features) {
          if (!aggregated.containsKey(feature.name())) {
            problem(
                at.key("aggregations"),
                "every feature of a windowed view is an aggregation, found none for '"
                    + feature.name()
                    + "'");
          }
        }
      }
      if (problems.size() > before) {
        return null;
      }
      return new StreamSpec(lateness == null ? Duration.ZERO : lateness, window, slide, aggregates);
    }

    private StreamSpec.Aggregate aggregate(
        Item item, List<Field> features, Map<String, Loc> aggregated) {
      if (!item.node().isObject()) {
        problem(
            item.loc(),
            "must be a mapping of feature, function and field, found " + describe(item.node()));
        return null;
      }
      int before = problems.size();
      checkKeys(item.node(), item.loc(), AGGREGATE_KEYS);
      String feature = name(item.node(), item.loc(), "feature");
      String field = name(item.node(), item.loc(), "field");
      String functionText = text(item.node(), item.loc(), "function", true);
      Aggregation function = null;
      if (functionText != null) {
        try {
          function = Aggregation.fromId(functionText);
        } catch (IllegalArgumentException e) {
          problem(item.loc().key("function"), e.getMessage());
        }
      }
      if (feature != null) {
        Loc first = aggregated.putIfAbsent(feature, item.loc());
        Field declared =
            features.stream().filter(f -> f.name().equals(feature)).findFirst().orElse(null);
        if (first != null) {
          problem(
              item.loc().key("feature"),
              "feature '" + feature + "' is aggregated twice, first at " + first.path());
        } else if (declared == null) {
          problem(
              item.loc().key("feature"),
              "must be a feature of the view's schema: expected one of "
                  + features.stream().map(Field::name).collect(Collectors.joining(", "))
                  + ", found '"
                  + feature
                  + "'");
        } else if (function != null && function != Aggregation.LAST) {
          ValueType expected =
              function == Aggregation.COUNT || function == Aggregation.APPROX_COUNT_DISTINCT
                  ? ValueType.INT64
                  : ValueType.DOUBLE;
          if (declared.type() != expected) {
            problem(
                item.loc().key("function"),
                functionText
                    + " gives "
                    + expected.id()
                    + ", but feature '"
                    + feature
                    + "' is declared "
                    + declared.type().id());
          }
        }
      }
      return problems.size() == before ? new StreamSpec.Aggregate(feature, function, field) : null;
    }

    /** A positive duration (zero allowed where {@code required} is false and so for lateness). */
    private Duration duration(JsonNode node, Loc loc, String key, boolean required) {
      JsonNode value = node.get(key);
      Loc at = loc.key(key);
      if (value == null || value.isNull()) {
        if (required) {
          problem(at, "required: " + WINDOW_RULE);
        }
        return null;
      }
      boolean zeroAllowed = key.equals("max_out_of_orderness");
      if (zeroAllowed && value.isIntegralNumber() && value.asLong() == 0) {
        return Duration.ZERO;
      }
      Duration parsed = null;
      if (value.isTextual()) {
        try {
          parsed = parseTtl(value.textValue());
        } catch (IllegalArgumentException e) {
          parsed = null;
        }
      }
      if (parsed == null || (parsed.isZero() && !zeroAllowed)) {
        problem(
            at,
            (zeroAllowed ? "must be 0 or a duration like 90s, 5m, 1h or 1d" : WINDOW_RULE)
                + ", found "
                + describe(value));
        return null;
      }
      return parsed;
    }

    private Duration ttl(JsonNode node, Loc loc) {
      JsonNode value = node.get("ttl");
      Loc at = loc.key("ttl");
      if (value == null || value.isNull()) {
        problem(at, "required: " + TTL_RULE);
        return null;
      }
      if (value.isIntegralNumber() && value.asLong() == 0) {
        return Duration.ZERO;
      }
      if (!value.isTextual()) {
        problem(at, TTL_RULE + ", found " + describe(value));
        return null;
      }
      try {
        return parseTtl(value.textValue());
      } catch (IllegalArgumentException e) {
        problem(at, e.getMessage());
        return null;
      }
    }

    // ---- feature services

    void featureService(JsonNode node, Loc loc) {
      int before = problems.size();
      checkKeys(node, loc, SERVICE_KEYS);
      String name = name(node, loc, "name");
      List<FeatureReference> refs = new ArrayList<>();
      for (Item item : list(node, loc, "features", true)) {
        String text = stringItem(item);
        if (text == null) {
          continue;
        }
        FeatureReference ref;
        try {
          ref = FeatureReference.parse(text);
        } catch (IllegalArgumentException e) {
          problem(item.loc(), e.getMessage());
          continue;
        }
        int itemStart = problems.size();
        if (!declaredViews.containsKey(ref.view())) {
          problem(item.loc(), unknown("feature view", ref.view(), declaredViews));
        } else if (!ref.isWholeView()
            && views.containsKey(ref.view())
            && views.get(ref.view()).feature(ref.feature()).isEmpty()) {
          problem(
              item.loc(),
              "unknown feature '"
                  + ref.feature()
                  + "' of view '"
                  + ref.view()
                  + "': expected one of "
                  + views.get(ref.view()).features().stream()
                      .map(Field::name)
                      .collect(Collectors.joining(", ")));
        }
        for (FeatureReference earlier : refs) {
          if (problems.size() > itemStart) {
            break;
          }
          if (earlier.equals(ref)) {
            problem(item.loc(), "duplicate feature '" + ref + "'");
          } else if (earlier.view().equals(ref.view())
              && (earlier.isWholeView() || ref.isWholeView())) {
            problem(
                item.loc(),
                "a view's features are listed once, found '" + ref + "' after '" + earlier + "'");
          }
        }
        if (problems.size() == itemStart) {
          refs.add(ref);
        }
      }
      String description = text(node, loc, "description", false);
      Map<String, String> tags = tags(node, loc);
      boolean declared = declare("feature service", declaredServices, name, loc);
      if (declared && problems.size() == before) {
        services.put(name, new FeatureService(name, refs, description, tags));
      }
    }

    // ---- model monitors

    void modelMonitor(JsonNode node, Loc loc) {
      int before = problems.size();
      checkKeys(node, loc, MONITOR_KEYS);
      String name = name(node, loc, "name");
      String model = text(node, loc, "model", true);
      if (model != null && !MODEL_NAME.matcher(model).matches()) {
        problem(
            loc.key("model"),
            "must be a registered model name, 1 to 255 of [A-Za-z0-9._-], found '" + model + "'");
      }
      String version = scalarText(node, loc, "version");
      String alias = text(node, loc, "alias", false);
      if ((version == null) == (alias == null)) {
        problem(
            loc.key("version"),
            version == null
                ? "required: a model version (3) or an alias (alias: champion)"
                : "give a version or an alias, not both");
      } else if (version != null && !MODEL_VERSION.matcher(version).matches()) {
        problem(loc.key("version"), "must be a version number like 3, found '" + version + "'");
      } else if (alias != null && !MODEL_NAME.matcher(alias).matches()) {
        problem(loc.key("alias"), "must be 1 to 255 of [A-Za-z0-9._-], found '" + alias + "'");
      }
      String source = eventSource(node, loc, "source");
      String service = text(node, loc, "feature_service", false);
      List<Field> features = watchedFeatures(node, loc, service);
      ModelMonitor.Prediction prediction =
          prediction(node.get("prediction"), loc.key("prediction"));
      ModelMonitor.Labels labels = labels(node.get("labels"), loc.key("labels"));
      ModelMonitor.Window window = monitorWindow(node.get("window"), loc.key("window"));
      ModelMonitor.Drift drift = drift(node.get("drift"), loc.key("drift"), features, window);
      List<ModelMonitor.Segment> segments = segments(node, loc, features);
      String baseline = text(node, loc, "baseline", false);
      ModelMonitor.WriteBack writeBack = writeBack(node.get("write_back"), loc.key("write_back"));
      String description = text(node, loc, "description", false);
      Map<String, String> tags = tags(node, loc);
      boolean declared = declare("model monitor", declaredMonitors, name, loc);
      if (declared && problems.size() == before) {
        monitors.put(
            name,
            new ModelMonitor(
                name,
                model,
                version,
                alias,
                source,
                service,
                features,
                prediction,
                labels,
                window,
                drift,
                segments,
                baseline,
                writeBack,
                description,
                tags));
      }
    }

    /** A string, or a whole number written without quotes ({@code version: 3}); null if none. */
    private String scalarText(JsonNode node, Loc loc, String key) {
      JsonNode value = node.get(key);
      if (value != null && value.isIntegralNumber()) {
        return value.asText();
      }
      return text(node, loc, key, false);
    }

    /** A declared source of JSON events: a Kafka topic, or a JSON-lines file to replay. */
    private String eventSource(JsonNode node, Loc loc, String key) {
      String source = text(node, loc, key, true);
      if (source == null) {
        return null;
      }
      if (!declaredSources.containsKey(source)) {
        problem(loc.key(key), unknown("data source", source, declaredSources));
        return null;
      }
      DataSource declared = sources.get(source);
      if (declared != null
          && !(declared.settings() instanceof DataSource.KafkaSettings)
          && !(declared.settings() instanceof DataSource.FileSettings file
              && file.format() == DataSource.FileFormat.JSONL)) {
        problem(
            loc.key(key),
            "must be a source of JSON events (kind kafka, or a file of format jsonl), found '"
                + source
                + "'");
      }
      return source;
    }

    /** The features listed, or those of the service; exactly one of the two. */
    private List<Field> watchedFeatures(JsonNode node, Loc loc, String service) {
      boolean listed = node.hasNonNull("features");
      if (listed == (service != null)) {
        problem(
            loc.key("features"),
            listed
                ? "give features or feature_service, not both"
                : "required: the features to watch, or a feature_service");
        if (!listed) {
          return List.of();
        }
      }
      List<Field> features = new ArrayList<>();
      if (listed) {
        Map<String, Loc> seen = new HashMap<>();
        for (Item item : list(node, loc, "features", true)) {
          Field field = field(item.node(), item.loc(), seen);
          if (field != null && watchable(field, item.loc().key("type"))) {
            features.add(field);
          }
        }
        return features;
      }
      FeatureService declared = services.get(service);
      if (declared == null) {
        if (!declaredServices.containsKey(service)) {
          problem(
              loc.key("feature_service"), unknown("feature service", service, declaredServices));
        }
        return List.of();
      }
      Map<String, String> viewOf = new HashMap<>();
      for (FeatureReference ref : declared.features()) {
        FeatureView view = views.get(ref.view());
        if (view == null) {
          // declared but invalid: its problems are reported already
          continue;
        }
        for (Field field : view.features()) {
          if (!ref.isWholeView() && !field.name().equals(ref.feature())) {
            continue;
          }
          String other = viewOf.putIfAbsent(field.name(), view.name());
          if (other != null) {
            problem(
                loc.key("feature_service"),
                "features of a monitor are named as in the prediction events, but '"
                    + field.name()
                    + "' is in views '"
                    + other
                    + "' and '"
                    + view.name()
                    + "': list the features instead");
          } else if (watchable(field, loc.key("feature_service"))) {
            features.add(field);
          }
        }
      }
      return features;
    }

    /** Whether a feature's type can be profiled: numbers, or categories (strings, booleans). */
    private boolean watchable(Field field, Loc at) {
      switch (field.type()) {
        case INT64, DOUBLE, STRING, BOOL:
          return true;
        default:
          problem(
              at,
              "feature '"
                  + field.name()
                  + "': a watched feature is int64, double, string or bool, found "
                  + field.type().id());
          return false;
      }
    }

    private ModelMonitor.Prediction prediction(JsonNode node, Loc loc) {
      if (node == null || node.isNull()) {
        problem(loc, "required: a mapping with the prediction's kind");
        return null;
      }
      if (!node.isObject()) {
        problem(loc, "must be a mapping with the prediction's kind, found " + describe(node));
        return null;
      }
      checkKeys(node, loc, PREDICTION_KEYS);
      String kindText = text(node, loc, "kind", true);
      ModelMonitor.PredictionKind kind = null;
      if (kindText != null) {
        for (ModelMonitor.PredictionKind candidate : ModelMonitor.PredictionKind.values()) {
          if (candidate.id().equals(kindText)) {
            kind = candidate;
          }
        }
        if (kind == null) {
          problem(
              loc.key("kind"),
              "must be one of binary_probability, class_label, class_probabilities, regression,"
                  + " found '"
                  + kindText
                  + "'");
          return null;
        }
      }
      boolean classified =
          kind == ModelMonitor.PredictionKind.CLASS_LABEL
              || kind == ModelMonitor.PredictionKind.CLASS_PROBABILITIES;
      List<String> classes = new ArrayList<>();
      if (classified) {
        for (Item item : list(node, loc, "classes", true)) {
          String value = item.node().isValueNode() ? item.node().asText() : null;
          if (value == null || value.isBlank() || item.node().isNull()) {
            problem(item.loc(), "must be a class name, found " + describe(item.node()));
          } else if (classes.contains(value)) {
            problem(item.loc(), "duplicate class '" + value + "'");
          } else {
            classes.add(value);
          }
        }
        if (classes.size() == 1) {
          problem(loc.key("classes"), "must list at least two classes, found one");
        }
      } else if (node.has("classes")) {
        problem(loc.key("classes"), "only for class_label and class_probabilities");
      }
      double threshold = 0.5;
      JsonNode thresholdNode = node.get("threshold");
      if (thresholdNode != null) {
        if (kind != ModelMonitor.PredictionKind.BINARY_PROBABILITY) {
          problem(loc.key("threshold"), "only for binary_probability");
        } else if (!thresholdNode.isNumber()
            || !(thresholdNode.asDouble() > 0 && thresholdNode.asDouble() < 1)) {
          problem(
              loc.key("threshold"),
              "must be a probability between 0 and 1 (exclusive), found "
                  + describe(thresholdNode));
        } else {
          threshold = thresholdNode.asDouble();
        }
      }
      return kind == null ? null : new ModelMonitor.Prediction(kind, classes, threshold);
    }

    private ModelMonitor.Labels labels(JsonNode node, Loc loc) {
      if (node == null || node.isNull()) {
        return null;
      }
      if (!node.isObject()) {
        problem(loc, "must be a mapping with source and max_delay, found " + describe(node));
        return null;
      }
      checkKeys(node, loc, LABEL_KEYS);
      String source = eventSource(node, loc, "source");
      Duration maxDelay = duration(node, loc, "max_delay", true);
      double margin = ModelMonitor.Labels.DEFAULT_DEGRADED_MARGIN;
      JsonNode marginNode = node.get("degraded_margin");
      if (marginNode != null) {
        if (marginNode.isNumber() && marginNode.asDouble() > 0 && marginNode.asDouble() < 1) {
          margin = marginNode.asDouble();
        } else {
          problem(
              loc.key("degraded_margin"),
              "must be a share above 0 and below 1, like 0.1 for 10 % worse than in training,"
                  + " found "
                  + describe(marginNode));
          return null;
        }
      }
      return source == null || maxDelay == null
          ? null
          : new ModelMonitor.Labels(source, maxDelay, margin);
    }

    private ModelMonitor.Window monitorWindow(JsonNode node, Loc loc) {
      if (node == null || !node.isObject()) {
        problem(
            loc,
            "required: a mapping with size (a duration like 5m) and/or predictions (a count)"
                + (node == null ? "" : ", found " + describe(node)));
        return null;
      }
      checkKeys(node, loc, MONITOR_WINDOW_KEYS);
      Duration size = duration(node, loc, "size", false);
      long predictions = 0;
      JsonNode count = node.get("predictions");
      if (count != null) {
        if (!count.isIntegralNumber() || count.asLong() < 1) {
          problem(
              loc.key("predictions"),
              "must be a whole number of at least 1, found " + describe(count));
        } else {
          predictions = count.asLong();
        }
      }
      if (size == null && predictions == 0) {
        if (!node.has("size") && !node.has("predictions")) {
          problem(loc, "needs size (a duration like 5m), predictions (a count), or both");
        }
        return null;
      }
      return new ModelMonitor.Window(size == null ? Duration.ZERO : size, predictions);
    }

    private ModelMonitor.Drift drift(
        JsonNode node, Loc loc, List<Field> features, ModelMonitor.Window window) {
      if (node == null || node.isNull()) {
        return ModelMonitor.Drift.DEFAULT;
      }
      if (!node.isObject()) {
        problem(
            loc, "must be a mapping with method, threshold and features, found " + describe(node));
        return null;
      }
      checkKeys(node, loc, DRIFT_KEYS);
      ModelMonitor.Drift all = driftSetting(node, loc, null, ModelMonitor.Drift.AUTO);
      Double alpha = null;
      JsonNode alphaNode = node.get("alpha");
      if (alphaNode != null && !alphaNode.isNull()) {
        if (alphaNode.isNumber() && alphaNode.asDouble() > 0 && alphaNode.asDouble() <= MAX_ALPHA) {
          alpha = alphaNode.asDouble();
        } else {
          problem(
              loc.key("alpha"),
              "must be a probability above 0 and at most "
                  + MAX_ALPHA
                  + ", like 0.01 for one false alarm in 100 windows a feature, found "
                  + describe(alphaNode));
        }
      }
      Duration falseAlertEvery = null;
      if (node.hasNonNull("false_alert_every")) {
        falseAlertEvery = duration(node, loc, "false_alert_every", false);
        Duration size = window == null ? Duration.ZERO : window.size();
        if (alphaNode != null && !alphaNode.isNull()) {
          problem(
              loc.key("false_alert_every"),
              "sets α, which alpha sets too: give one of them, found both");
        } else if (falseAlertEvery != null
            && window != null
            && (size.isZero() || window.predictions() > 0)) {
          problem(
              loc.key("false_alert_every"),
              "needs windows that close by time only (window.size without window.predictions), to"
                  + " count windows in time");
        } else if (falseAlertEvery != null && falseAlertEvery.compareTo(size) <= 0) {
          problem(
              loc.key("false_alert_every"),
              "must be longer than a window ("
                  + size.toSeconds()
                  + " s), found "
                  + describe(node.get("false_alert_every")));
        }
      }
      Integer minSamples = minSamples(node, loc);
      Map<String, ModelMonitor.Drift> perFeature = new LinkedHashMap<>();
      JsonNode overrides = node.get("features");
      if (overrides != null && !overrides.isObject()) {
        problem(
            loc.key("features"),
            "must be a mapping of feature names to settings, found " + describe(overrides));
      } else if (overrides != null) {
        for (Map.Entry<String, JsonNode> entry : iterable(overrides)) {
          Loc at = loc.key("features").key(entry.getKey());
          Field feature =
              features.stream()
                  .filter(f -> f.name().equals(entry.getKey()))
                  .findFirst()
                  .orElse(null);
          if (feature == null) {
            problem(
                at,
                "unknown feature '"
                    + entry.getKey()
                    + "': expected one of the watched features "
                    + features.stream().map(Field::name).toList());
            continue;
          }
          if (!entry.getValue().isObject()) {
            problem(
                at,
                "must be a mapping with method and threshold, found " + describe(entry.getValue()));
            continue;
          }
          checkKeys(entry.getValue(), at, FEATURE_DRIFT_KEYS);
          // a feature's settings without a method keep the monitor's
          ModelMonitor.Drift own =
              driftSetting(
                  entry.getValue(),
                  at,
                  feature,
                  all == null ? ModelMonitor.Drift.AUTO : all.method());
          if (own != null) {
            perFeature.put(feature.name(), own);
          }
        }
      }
      if (all == null) {
        return null;
      }
      // the monitor's method must suit every feature that has no method of its own
      if (!all.method().equals(ModelMonitor.Drift.AUTO)) {
        DriftMethod method = DriftMethod.fromId(all.method());
        for (Field feature : features) {
          if (!perFeature.containsKey(feature.name())
              && !method.appliesTo(ModelMonitor.driftType(feature))) {
            problem(
                loc.key("method"),
                "drift method "
                    + method.id()
                    + " does not apply to "
                    + ModelMonitor.driftType(feature).name().toLowerCase(Locale.ROOT)
                    + " feature '"
                    + feature.name()
                    + "': give it a method of its own under features");
          }
        }
      }
      return new ModelMonitor.Drift(
          all.method(),
          all.threshold(),
          perFeature,
          alpha,
          falseAlertEvery,
          minSamples,
          all.floor());
    }

    /** The {@code min_samples} of a drift setting: a count of at least 1, or null. */
    private Integer minSamples(JsonNode node, Loc loc) {
      JsonNode value = node.get("min_samples");
      if (value == null || value.isNull()) {
        return null;
      }
      if (!value.isIntegralNumber() || value.asLong() < 1 || value.asLong() > Integer.MAX_VALUE) {
        problem(
            loc.key("min_samples"),
            "must be a whole number of values of at least 1, like 20, found " + describe(value));
        return null;
      }
      return value.asInt();
    }

    /** A method and threshold; for one feature when {@code feature} is given. Null when invalid. */
    private ModelMonitor.Drift driftSetting(
        JsonNode node, Loc loc, Field feature, String inheritedMethod) {
      int before = problems.size();
      String methodText = text(node, loc, "method", false);
      String method = methodText == null ? inheritedMethod : methodText.strip();
      DriftMethod chosen = null;
      if (!method.equals(ModelMonitor.Drift.AUTO)) {
        try {
          chosen = DriftMethod.fromId(method);
          method = chosen.id();
          if (feature != null && !chosen.appliesTo(ModelMonitor.driftType(feature))) {
            problem(
                loc.key("method"),
                "drift method "
                    + chosen.id()
                    + " does not apply to "
                    + ModelMonitor.driftType(feature).name().toLowerCase(Locale.ROOT)
                    + " feature '"
                    + feature.name()
                    + "'");
          }
        } catch (IllegalArgumentException e) {
          problem(loc.key("method"), e.getMessage() + ", or auto");
        }
      }
      Double threshold = null;
      JsonNode thresholdNode = node.get("threshold");
      if (thresholdNode != null && !thresholdNode.isNull()) {
        if (chosen == null && problems.size() == before) {
          problem(
              loc.key("threshold"),
              "needs a method: auto picks a method per feature, each with its own scale");
        } else if (!thresholdNode.isNumber()) {
          problem(loc.key("threshold"), "must be a number, found " + describe(thresholdNode));
        } else if (chosen != null) {
          try {
            chosen.checkThreshold(thresholdNode.asDouble());
            threshold = thresholdNode.asDouble();
          } catch (IllegalArgumentException e) {
            problem(loc.key("threshold"), e.getMessage());
          }
        }
      }
      Double floor = null;
      JsonNode floorNode = node.get("floor");
      if (floorNode != null && !floorNode.isNull()) {
        if (chosen == null && problems.size() == before) {
          problem(
              loc.key("floor"),
              "needs a method: auto picks a method per feature, each with its own scale");
        } else if (!floorNode.isNumber()
            || !(floorNode.asDouble() >= 0)
            || !Double.isFinite(floorNode.asDouble())) {
          problem(
              loc.key("floor"),
              "must be a score of at least 0 in the method's units, like 0.05, found "
                  + describe(floorNode));
        } else if (chosen != null && chosen.scoreKind() == ScoreKind.P_VALUE) {
          problem(
              loc.key("floor"),
              "is a distance's effect size, but "
                  + chosen.id()
                  + " gives p-values: use a distance such as wasserstein or jensenshannon");
        } else if (threshold != null) {
          problem(
              loc.key("floor"),
              "applies to calibrated thresholds, but threshold fixes this one: give one of them");
        } else {
          floor = floorNode.asDouble();
        }
      }
      Integer minSamples = feature == null ? null : minSamples(node, loc);
      return problems.size() == before
          ? new ModelMonitor.Drift(method, threshold, Map.of(), null, null, minSamples, floor)
          : null;
    }

    private List<ModelMonitor.Segment> segments(JsonNode node, Loc loc, List<Field> features) {
      List<ModelMonitor.Segment> segments = new ArrayList<>();
      List<Item> items = list(node, loc, "segments", false);
      if (items.size() > MAX_SEGMENTS) {
        problem(
            loc.key("segments"),
            "at most "
                + MAX_SEGMENTS
                + " segment features (each multiplies the series), found "
                + items.size());
        return segments;
      }
      for (Item item : items) {
        if (!item.node().isObject()) {
          problem(
              item.loc(),
              "must be a mapping with feature and values, found " + describe(item.node()));
          continue;
        }
        int before = problems.size();
        checkKeys(item.node(), item.loc(), SEGMENT_KEYS);
        String feature = text(item.node(), item.loc(), "feature", true);
        Field watched =
            features.stream().filter(f -> f.name().equals(feature)).findFirst().orElse(null);
        if (feature != null && watched == null) {
          problem(
              item.loc().key("feature"),
              "unknown feature '"
                  + feature
                  + "': a segment is a watched feature, one of "
                  + features.stream().map(Field::name).toList());
        } else if (watched != null && watched.type() == ValueType.DOUBLE) {
          problem(
              item.loc().key("feature"),
              "a segment is a string, int64 or bool feature with a few values, found double"
                  + " feature '"
                  + feature
                  + "'");
        } else if (feature != null
            && segments.stream().anyMatch(s -> s.feature().equals(feature))) {
          problem(item.loc().key("feature"), "duplicate segment feature '" + feature + "'");
        }
        List<String> values = new ArrayList<>();
        List<Item> valueItems = list(item.node(), item.loc(), "values", true);
        if (valueItems.size() > MAX_SEGMENT_VALUES) {
          problem(
              item.loc().key("values"),
              "at most "
                  + MAX_SEGMENT_VALUES
                  + " values (the rest are 'other'), found "
                  + valueItems.size());
        }
        for (Item value : valueItems) {
          String text =
              value.node().isValueNode() && !value.node().isNull() ? value.node().asText() : null;
          if (text == null || text.isBlank()) {
            problem(value.loc(), "must be a value, found " + describe(value.node()));
          } else if (values.contains(text) || text.equals("other")) {
            problem(
                value.loc(),
                (text.equals("other") ? "reserved" : "duplicate") + " value '" + text + "'");
          } else {
            values.add(text);
          }
        }
        if (problems.size() == before) {
          segments.add(new ModelMonitor.Segment(feature, values));
        }
      }
      return segments;
    }

    private ModelMonitor.WriteBack writeBack(JsonNode node, Loc loc) {
      if (node == null || node.isNull()) {
        return ModelMonitor.WriteBack.DEFAULT;
      }
      if (!node.isObject()) {
        problem(loc, "must be a mapping with on_change and interval, found " + describe(node));
        return null;
      }
      checkKeys(node, loc, WRITE_BACK_KEYS);
      boolean onChange = bool(node, loc, "on_change", true);
      Duration interval = duration(node, loc, "interval", false);
      return new ModelMonitor.WriteBack(
          onChange, interval != null ? interval : ModelMonitor.WriteBack.DEFAULT.interval());
    }

    private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode node) {
      return node::fields;
    }

    // ---- helpers

    /** Records a declaration; false (and a problem naming both places) when the name is taken. */
    private boolean declare(String kind, Map<String, Loc> declared, String name, Loc loc) {
      if (name == null) {
        return false;
      }
      Loc first = declared.putIfAbsent(name, loc);
      if (first != null) {
        problem(
            loc.key("name"),
            "duplicate " + kind + " name '" + name + "', first declared at " + first);
        return false;
      }
      return true;
    }

    private static String unknown(String kind, String name, Map<String, Loc> declared) {
      return "unknown "
          + kind
          + " '"
          + name
          + "': "
          + (declared.isEmpty()
              ? "none is declared"
              : "expected one of " + String.join(", ", declared.keySet()));
    }

    void checkKeys(JsonNode node, Loc loc, List<String> allowed) {
      Set<String> known = Set.copyOf(allowed);
      node.fieldNames()
          .forEachRemaining(
              key -> {
                if (!known.contains(key)) {
                  problem(
                      loc.key(key), "unknown key: expected one of " + String.join(", ", allowed));
                }
              });
    }

    private String name(JsonNode node, Loc loc, String key) {
      String name = text(node, loc, key, true);
      if (name != null && !NAME.matcher(name).matches()) {
        problem(loc.key(key), "must match [a-z][a-z0-9_]*, found '" + name + "'");
        return null;
      }
      return name;
    }

    /** A string; null (with a problem when required) when missing, and null when not a string. */
    private String text(JsonNode node, Loc loc, String key, boolean required) {
      JsonNode value = node.get(key);
      if (value == null || value.isNull()) {
        if (required) {
          problem(loc.key(key), "required, missing");
        }
        return null;
      }
      if (!value.isTextual()) {
        problem(loc.key(key), "must be a string, found " + describe(value));
        return null;
      }
      if (required && value.textValue().isBlank()) {
        problem(loc.key(key), "must not be empty, found ''");
        return null;
      }
      return value.textValue();
    }

    private boolean bool(JsonNode node, Loc loc, String key, boolean otherwise) {
      JsonNode value = node.get(key);
      if (value == null || value.isNull()) {
        return otherwise;
      }
      if (!value.isBoolean()) {
        problem(loc.key(key), "must be true or false, found " + describe(value));
        return otherwise;
      }
      return value.booleanValue();
    }

    private Map<String, String> tags(JsonNode node, Loc loc) {
      JsonNode value = node.get("tags");
      Loc at = loc.key("tags");
      if (value == null || value.isNull()) {
        return Map.of();
      }
      if (!value.isObject()) {
        problem(at, "must be a mapping of names to text, found " + describe(value));
        return Map.of();
      }
      Map<String, String> tags = new LinkedHashMap<>();
      value
          .fields()
          .forEachRemaining(
              e -> {
                if (e.getValue().isValueNode() && !e.getValue().isNull()) {
                  tags.put(e.getKey(), e.getValue().asText());
                } else {
                  problem(at.key(e.getKey()), "must be text, found " + describe(e.getValue()));
                }
              });
      return tags;
    }

    private record Item(JsonNode node, Loc loc) {}

    private List<Item> list(JsonNode node, Loc loc, String key, boolean required) {
      JsonNode value = node.get(key);
      Loc at = loc.key(key);
      if (value == null || value.isNull()) {
        if (required) {
          problem(at, "required, missing");
        }
        return List.of();
      }
      if (!value.isArray()) {
        problem(at, "must be a list, found " + describe(value));
        return List.of();
      }
      if (required && value.isEmpty()) {
        problem(at, "must not be empty, found []");
      }
      List<Item> items = new ArrayList<>();
      for (int i = 0; i < value.size(); i++) {
        items.add(new Item(value.get(i), at.index(i)));
      }
      return items;
    }

    private String stringItem(Item item) {
      if (!item.node().isTextual() || item.node().textValue().isBlank()) {
        problem(item.loc(), "must be a name, found " + describe(item.node()));
        return null;
      }
      return item.node().textValue();
    }

    private static String describe(JsonNode node) {
      if (node.isTextual()) {
        return "'" + node.textValue() + "'";
      }
      if (node.isObject()) {
        return "a mapping";
      }
      if (node.isArray()) {
        return "a list";
      }
      return node.asText();
    }
  }
}
