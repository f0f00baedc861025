package dev.featurewatch.store.repo;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.featurewatch.store.definition.DataSource;
import dev.featurewatch.store.definition.DefinitionKeys;
import dev.featurewatch.store.definition.DefinitionKeys.EntityKeys;
import dev.featurewatch.store.definition.DefinitionKeys.MonitorKeys;
import dev.featurewatch.store.definition.DefinitionKeys.RepositoryKeys;
import dev.featurewatch.store.definition.DefinitionKeys.ServiceKeys;
import dev.featurewatch.store.definition.DefinitionKeys.SourceKeys;
import dev.featurewatch.store.definition.DefinitionKeys.ViewKeys;
import dev.featurewatch.store.definition.Entity;
import dev.featurewatch.store.definition.FeatureRepository;
import dev.featurewatch.store.definition.FeatureService;
import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.definition.ModelMonitor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads a feature repository: every {@code *.yaml} and {@code *.yml} file under a directory
 * (recursively, in path order, skipping names that start with a dot, and the repository's settings
 * file {@value #SETTINGS_FILE} at its root). Each file is a mapping with any of the lists {@code
 * entities}, {@code sources}, {@code feature_views}, {@code feature_services} and {@code
 * model_monitors}; a definition may refer to one declared in another file.
 *
 * <p>Each kind has its reader, run in this order over every file: {@code EntityReader}, {@code
 * SourceReader}, {@code FeatureViewReader}, {@code FeatureServiceReader}, {@code
 * ModelMonitorReader}; a reader checks references to the kinds read before its own. This class
 * walks the files and checks the references that need a kind read in full (batch sources).
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

  private static final YAMLMapper MAPPER =
      new YAMLMapper(
          YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());

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
    List<YamlCursor> docs = new ArrayList<>();
    for (Map.Entry<String, String> file : files.entrySet()) {
      YamlCursor doc = load(file.getKey(), file.getValue(), problems);
      if (doc != null) {
        docs.add(doc);
      }
    }
    for (YamlCursor doc : docs) {
      doc.keys(List.of(RepositoryKeys.values()));
    }
    Declarations<Entity> entities = new Declarations<>("entity", EntityKeys.NAME);
    Declarations<DataSource> sources = new Declarations<>("data source", SourceKeys.NAME);
    Declarations<FeatureView> views = new Declarations<>("feature view", ViewKeys.NAME);
    Declarations<FeatureService> services = new Declarations<>("feature service", ServiceKeys.NAME);
    Declarations<ModelMonitor> monitors = new Declarations<>("model monitor", MonitorKeys.NAME);
    each(docs, RepositoryKeys.ENTITIES, new EntityReader(entities)::read);
    SourceReader sourceReader = new SourceReader(sources);
    each(docs, RepositoryKeys.SOURCES, sourceReader::read);
    sourceReader.checkBatchSources();
    each(docs, RepositoryKeys.FEATURE_VIEWS, new FeatureViewReader(entities, sources, views)::read);
    each(docs, RepositoryKeys.FEATURE_SERVICES, new FeatureServiceReader(views, services)::read);
    each(
        docs,
        RepositoryKeys.MODEL_MONITORS,
        new ModelMonitorReader(sources, views, services, monitors)::read);
    if (!problems.isEmpty()) {
      List<Problem> sorted = new ArrayList<>(problems);
      sorted.sort(Comparator.comparing(Problem::file).thenComparingInt(Problem::line));
      throw new RepositoryException(repository, sorted);
    }
    return FeatureRepository.of(
        entities.valid(), sources.valid(), views.valid(), services.valid(), monitors.valid());
  }

  /** Reads the definitions of one kind, the mappings of the list at {@code key}, file by file. */
  private static void each(List<YamlCursor> docs, RepositoryKeys key, Consumer<YamlCursor> reader) {
    for (YamlCursor doc : docs) {
      YamlCursor list = doc.at(key);
      if (list.isMissing()) {
        continue;
      }
      if (!list.node().isArray()) {
        list.problem("must be a list, found " + list.describe());
        continue;
      }
      for (YamlCursor item : list.items()) {
        if (!item.node().isObject()) {
          item.problem("must be a mapping, found " + item.describe());
        } else {
          reader.accept(item);
        }
      }
    }
  }

  /** A file's root mapping; null (with a problem) when it is not YAML or not a mapping. */
  private static YamlCursor load(String file, String text, List<Problem> problems) {
    Map<String, Integer> lines = new HashMap<>();
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
    JsonNode node = documents.isEmpty() ? MAPPER.createObjectNode() : documents.get(0);
    if (node.isNull()) {
      node = MAPPER.createObjectNode();
    }
    YamlCursor root = YamlCursor.root(node, file, lines, problems);
    if (documents.size() > 1) {
      root.problem("must hold one YAML document, found " + documents.size());
      return null;
    }
    if (!node.isObject()) {
      root.problem(
          "must be a mapping of "
              + String.join(", ", DefinitionKeys.yaml(List.of(RepositoryKeys.values())))
              + ", found "
              + root.describe());
      return null;
    }
    return root;
  }

  /** SnakeYAML's message without its position lines (the line is reported separately). */
  private static String oneLine(String message) {
    return message
        .lines()
        .map(String::strip)
        .filter(l -> !l.isEmpty() && !l.equals("^") && !l.startsWith("in 'reader'"))
        .collect(Collectors.joining(": "));
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
}
