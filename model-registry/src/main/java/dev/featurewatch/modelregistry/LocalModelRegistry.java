package dev.featurewatch.modelregistry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.featurewatch.json.JsonFields;
import dev.featurewatch.json.Problems;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/**
 * A model registry in a directory: the embedded default, for one machine without MLflow. Each
 * version is a folder, {@code <root>/<model>/<version>/}, holding {@code tags.json}, {@code
 * version.json} (when it was created, its source, run id and description: JSON strings under {@code
 * created}, {@code source}, {@code run_id}, {@code description}; a version made before this file
 * existed has none, and shows no such details) and {@code baseline.json} once a baseline is
 * attached; a model's aliases are in {@code <root>/<model>/aliases.json}, from alias to version.
 * Files are replaced atomically, so a reader in another process sees the old file or the new one,
 * never half of one. A change (read, modify, write) holds a lock on its folder that is good across
 * instances and processes: a lock per folder in the JVM, and a file lock ({@code .lock}) between
 * processes, so two writers of one version's tags (the monitoring job's write-back and the alert
 * receiver) lose nothing.
 *
 * <p>Nothing but featurewatch creates its versions ({@code featurewatch models register}, {@link
 * #createVersion}) and sets its aliases.
 */
public final class LocalModelRegistry implements ModelRegistry {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,254}");
  private static final Pattern VERSION = Pattern.compile("[1-9][0-9]{0,18}");
  private static final String TAGS = "tags.json";
  private static final String ALIASES = "aliases.json";
  private static final String BASELINE = "baseline.json";
  private static final String DETAILS = "version.json";
  private static final String CREATED = "created";
  private static final String SOURCE = "source";
  private static final String RUN_ID = "run_id";
  private static final String DESCRIPTION = "description";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  // one per folder in this JVM: file locks are held per JVM and would not exclude its threads
  private static final ConcurrentMap<Path, Object> FOLDER_LOCKS = new ConcurrentHashMap<>();

  private final Path root;
  private final Clock clock;

  /**
   * @param root the registry's directory; created on the first write
   */
  public LocalModelRegistry(Path root) {
    this(root, Clock.systemUTC());
  }

  /** With the clock that dates new versions, for tests. */
  LocalModelRegistry(Path root, Clock clock) {
    this.root = root;
    this.clock = clock;
  }

  /** Registers a new version of {@code model} without a source, run id or description. */
  public ModelVersion createVersion(String model) {
    return createVersion(model, "", "", "");
  }

  @Override
  public synchronized ModelVersion createVersion(
      String model, String source, String runId, String description) {
    Path dir = modelDir(model);
    TreeMap<String, String> details = new TreeMap<>();
    details.put(CREATED, clock.instant().truncatedTo(ChronoUnit.MILLIS).toString());
    details.put(SOURCE, source == null ? "" : source);
    details.put(RUN_ID, runId == null ? "" : runId);
    details.put(DESCRIPTION, description == null ? "" : description);
    return locked(
        dir,
        () -> {
          String version = Long.toString(versionNumbers(dir).max().orElse(0) + 1);
          // the details first: a version exists once its tags do
          write(dir.resolve(version).resolve(DETAILS), details);
          write(dir.resolve(version).resolve(TAGS), new TreeMap<>());
          return version(model, version);
        });
  }

  @Override
  public synchronized List<String> models() {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> models = Files.list(root)) {
      return models
          .filter(Files::isDirectory)
          .map(p -> p.getFileName().toString())
          .filter(m -> NAME.matcher(m).matches())
          .sorted()
          .toList();
    } catch (IOException e) {
      throw unavailable("cannot list the models in " + root, e);
    }
  }

  @Override
  public synchronized List<ModelVersion> versions(String model) {
    Path dir = modelDir(model);
    if (!Files.isDirectory(dir)) {
      throw noModel(model);
    }
    Map<String, List<String>> aliases = aliasesByVersion(model);
    return versionNumbers(dir)
        .sorted()
        .mapToObj(Long::toString)
        .filter(v -> Files.exists(dir.resolve(v).resolve(TAGS)))
        .map(v -> read(model, v, aliases))
        .toList();
  }

  /** The numbers of the version folders in a model's folder, whether complete or not. */
  private static LongStream versionNumbers(Path dir) {
    if (!Files.isDirectory(dir)) {
      return LongStream.empty();
    }
    try (Stream<Path> versions = Files.list(dir)) {
      // collected before the listing closes
      return LongStream.of(
          versions
              .map(p -> p.getFileName().toString())
              .filter(v -> VERSION.matcher(v).matches())
              .mapToLong(Long::parseLong)
              .toArray());
    } catch (IOException e) {
      throw unavailable("cannot list the versions in " + dir, e);
    }
  }

  @Override
  public synchronized void setAlias(String model, String alias, String version) {
    version(model, version);
    checkName("alias", alias);
    Path file = modelDir(model).resolve(ALIASES);
    locked(
        file.getParent(),
        () -> {
          TreeMap<String, String> aliases = Files.exists(file) ? read(file) : new TreeMap<>();
          aliases.put(alias, version);
          write(file, aliases);
          return null;
        });
  }

  @Override
  public synchronized void deleteAlias(String model, String alias) {
    checkName("alias", alias);
    Path dir = modelDir(model);
    if (!Files.isDirectory(dir)) {
      throw noModel(model);
    }
    Path file = dir.resolve(ALIASES);
    locked(
        dir,
        () -> {
          TreeMap<String, String> aliases = Files.exists(file) ? read(file) : new TreeMap<>();
          if (aliases.remove(alias) == null) {
            throw noAlias(model, alias);
          }
          write(file, aliases);
          return null;
        });
  }

  @Override
  public synchronized ModelVersion version(String model, String version) {
    if (!Files.exists(versionDir(model, version).resolve(TAGS))) {
      throw Files.isDirectory(modelDir(model))
          ? new ModelRegistryException(
              ModelRegistryException.Kind.NOT_FOUND,
              "model '" + model + "' has no version " + version + " in the registry at " + root)
          : noModel(model);
    }
    return read(model, version, aliasesByVersion(model));
  }

  @Override
  public synchronized ModelVersion alias(String model, String alias) {
    checkName("alias", alias);
    Path file = modelDir(model).resolve(ALIASES);
    String version = Files.exists(file) ? read(file).get(alias) : null;
    if (version == null) {
      throw Files.isDirectory(modelDir(model)) ? noAlias(model, alias) : noModel(model);
    }
    return version(model, version);
  }

  /** A version that exists, with its details, aliases and tags. */
  private ModelVersion read(String model, String version, Map<String, List<String>> aliases) {
    Path dir = versionDir(model, version);
    Path file = dir.resolve(DETAILS);
    Instant created = null;
    String source = "";
    String runId = "";
    String description = "";
    if (Files.exists(file)) {
      JsonFields<ModelRegistryException> details = object(file);
      if (details.has(CREATED)) {
        String text = details.text(CREATED);
        try {
          created = Instant.parse(text);
        } catch (DateTimeParseException e) {
          throw details.problem(
              CREATED,
              "must be an ISO-8601 instant like 2025-05-01T10:15:30Z, found '" + text + "'");
        }
      }
      source = details.has(SOURCE) ? details.text(SOURCE) : "";
      runId = details.has(RUN_ID) ? details.text(RUN_ID) : "";
      description = details.has(DESCRIPTION) ? details.text(DESCRIPTION) : "";
    }
    return new ModelVersion(
        model,
        version,
        created,
        source,
        runId,
        description,
        aliases.getOrDefault(version, List.of()),
        read(dir.resolve(TAGS)));
  }

  /** A model's aliases, by the version each points at. */
  private Map<String, List<String>> aliasesByVersion(String model) {
    Path file = modelDir(model).resolve(ALIASES);
    Map<String, List<String>> byVersion = new TreeMap<>();
    if (Files.exists(file)) {
      read(file).forEach((a, v) -> byVersion.computeIfAbsent(v, k -> new ArrayList<>()).add(a));
    }
    return byVersion;
  }

  private ModelRegistryException noModel(String model) {
    return new ModelRegistryException(
        ModelRegistryException.Kind.NOT_FOUND,
        "no model '" + model + "' in the registry at " + root);
  }

  private ModelRegistryException noAlias(String model, String alias) {
    return new ModelRegistryException(
        ModelRegistryException.Kind.NOT_FOUND,
        "model '" + model + "' has no alias '" + alias + "' in the registry at " + root);
  }

  @Override
  public synchronized void setTag(String model, String version, String key, String value) {
    checkKey(key);
    version(model, version);
    locked(
        versionDir(model, version),
        () -> {
          TreeMap<String, String> tags = new TreeMap<>(version(model, version).tags());
          tags.put(key, value);
          write(versionDir(model, version).resolve(TAGS), tags);
          return null;
        });
  }

  @Override
  public synchronized void deleteTag(String model, String version, String key) {
    checkKey(key);
    version(model, version);
    locked(
        versionDir(model, version),
        () -> {
          TreeMap<String, String> tags = new TreeMap<>(version(model, version).tags());
          if (tags.remove(key) != null) {
            write(versionDir(model, version).resolve(TAGS), tags);
          }
          return null;
        });
  }

  /** Writes the baseline beside the version's tags, as {@code baseline.json}. */
  @Override
  public synchronized void attachBaseline(String model, String version, byte[] baseline) {
    version(model, version);
    Path file = versionDir(model, version).resolve(BASELINE);
    try {
      Path temporary = Files.createTempFile(file.getParent(), ".tmp-", ".json");
      Files.write(temporary, baseline);
      move(temporary, file);
    } catch (IOException e) {
      throw unavailable("cannot write " + file, e);
    }
    setTag(model, version, BASELINE_TAG, ModelRegistry.baselineDigest(baseline));
  }

  @Override
  public synchronized byte[] baseline(String model, String version) {
    version(model, version);
    Path file = versionDir(model, version).resolve(BASELINE);
    if (!Files.exists(file)) {
      throw new ModelRegistryException(
          ModelRegistryException.Kind.NOT_FOUND,
          "model '" + model + "' version " + version + " has no baseline in " + root);
    }
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw unavailable("cannot read " + file, e);
    }
  }

  /**
   * Runs {@code change}, a read-modify-write of files in {@code dir}, holding the folder's lock in
   * this JVM and its file lock between processes.
   */
  private static <T> T locked(Path dir, Supplier<T> change) {
    Object inJvm =
        FOLDER_LOCKS.computeIfAbsent(dir.toAbsolutePath().normalize(), d -> new Object());
    synchronized (inJvm) {
      try {
        Files.createDirectories(dir);
        try (FileChannel channel =
            FileChannel.open(
                dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
          FileLock lock = channel.lock();
          try {
            return change.get();
          } finally {
            lock.release();
          }
        }
      } catch (IOException e) {
        throw unavailable("cannot lock " + dir, e);
      }
    }
  }

  private Path modelDir(String model) {
    checkName("model name", model);
    return root.resolve(model);
  }

  private Path versionDir(String model, String version) {
    if (version == null || !VERSION.matcher(version).matches()) {
      throw refused("version must be a positive whole number like 3, found '" + version + "'");
    }
    return modelDir(model).resolve(version);
  }

  /** Names become folders: no separators, no "." or "..", nothing a file system would change. */
  private static void checkName(String what, String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw refused(
          what
              + " must be 1 to 255 of [A-Za-z0-9._-], starting with a letter or digit, found '"
              + name
              + "'");
    }
  }

  private static void checkKey(String key) {
    if (key == null || key.isEmpty() || key.length() > 250) {
      throw refused("a tag key must be 1 to 250 characters, found '" + key + "'");
    }
  }

  /** A file of tags or aliases: an object of strings. */
  private static TreeMap<String, String> read(Path file) {
    JsonFields<ModelRegistryException> strings = object(file);
    TreeMap<String, String> values = new TreeMap<>();
    for (String key : strings.keys()) {
      values.put(key, strings.text(key));
    }
    return values;
  }

  /**
   * A file's JSON object; what is not one, or a value of another type than the one read, is {@code
   * UNAVAILABLE}: "cannot read FILE: KEY: RULE, found VALUE".
   */
  private static JsonFields<ModelRegistryException> object(Path file) {
    JsonNode tree;
    try {
      tree = JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw unavailable("cannot read " + file, e);
    }
    Problems<ModelRegistryException> problems =
        (path, rule) ->
            new ModelRegistryException(
                ModelRegistryException.Kind.UNAVAILABLE,
                "cannot read " + file + ": " + (path.isEmpty() ? "" : path + ": ") + rule);
    return JsonFields.of(tree, "", problems);
  }

  /** Writes beside the file, then moves it over the old one in one step. */
  private static void write(Path file, Map<String, String> values) {
    try {
      Files.createDirectories(file.getParent());
      Path temporary = Files.createTempFile(file.getParent(), ".tmp-", ".json");
      JSON.writeValue(temporary.toFile(), values);
      move(temporary, file);
    } catch (IOException e) {
      throw unavailable("cannot write " + file, e);
    }
  }

  private static void move(Path temporary, Path file) throws IOException {
    try {
      Files.move(
          temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static ModelRegistryException refused(String message) {
    return new ModelRegistryException(ModelRegistryException.Kind.REFUSED, message);
  }

  private static ModelRegistryException unavailable(String message, IOException cause) {
    return new ModelRegistryException(
        ModelRegistryException.Kind.UNAVAILABLE, message + ": " + cause.getMessage(), cause);
  }
}
