package dev.featurewatch.modelregistry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.featurewatch.json.JsonChecks;
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
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A model registry in a directory: the embedded default, for one machine without MLflow. Each
 * version is a folder, {@code <root>/<model>/<version>/}, holding {@code tags.json} (and {@code
 * baseline.json} once a baseline is attached); a model's aliases are in {@code
 * <root>/<model>/aliases.json}. Files are replaced atomically, so a reader in another process sees
 * the old file or the new one, never half of one. A change (read, modify, write) holds a lock on
 * its folder that is good across instances and processes: a lock per folder in the JVM, and a file
 * lock ({@code .lock}) between processes, so two writers of one version's tags (the monitoring
 * job's write-back and the alert receiver) lose nothing.
 *
 * <p>Unlike MLflow, this registry creates versions itself ({@link #createVersion}) and sets aliases
 * ({@link #setAlias}), since nothing else would.
 */
public final class LocalModelRegistry implements ModelRegistry {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,254}");
  private static final Pattern VERSION = Pattern.compile("[1-9][0-9]{0,18}");
  private static final String TAGS = "tags.json";
  private static final String ALIASES = "aliases.json";
  private static final String BASELINE = "baseline.json";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  // one per folder in this JVM: file locks are held per JVM and would not exclude its threads
  private static final ConcurrentMap<Path, Object> FOLDER_LOCKS = new ConcurrentHashMap<>();

  private final Path root;

  /**
   * @param root the registry's directory; created on the first write
   */
  public LocalModelRegistry(Path root) {
    this.root = root;
  }

  /**
   * Registers a new version of {@code model} (and the model, the first time): the next number after
   * the highest there is.
   */
  public synchronized ModelVersion createVersion(String model) {
    Path dir = modelDir(model);
    return locked(dir, () -> createVersionIn(dir, model));
  }

  private ModelVersion createVersionIn(Path dir, String model) {
    long next = 1;
    if (Files.isDirectory(dir)) {
      try (Stream<Path> versions = Files.list(dir)) {
        next +=
            versions
                .map(p -> p.getFileName().toString())
                .filter(v -> VERSION.matcher(v).matches())
                .mapToLong(Long::parseLong)
                .max()
                .orElse(0);
      } catch (IOException e) {
        throw unavailable("cannot list the versions in " + dir, e);
      }
    }
    String version = Long.toString(next);
    write(dir.resolve(version).resolve(TAGS), new TreeMap<>());
    return new ModelVersion(model, version, Map.of());
  }

  /** Points {@code alias} of {@code model} at {@code version}, which must exist. */
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
  public synchronized ModelVersion version(String model, String version) {
    Path tags = versionDir(model, version).resolve(TAGS);
    if (!Files.exists(tags)) {
      throw new ModelRegistryException(
          ModelRegistryException.Kind.NOT_FOUND,
          "model '" + model + "' has no version " + version + " in the registry at " + root);
    }
    return new ModelVersion(model, version, read(tags));
  }

  @Override
  public synchronized ModelVersion alias(String model, String alias) {
    checkName("alias", alias);
    Path file = modelDir(model).resolve(ALIASES);
    String version = Files.exists(file) ? read(file).get(alias) : null;
    if (version == null) {
      throw new ModelRegistryException(
          ModelRegistryException.Kind.NOT_FOUND,
          "model '" + model + "' has no alias '" + alias + "' in the registry at " + root);
    }
    return version(model, version);
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
    JsonFields<ModelRegistryException> strings = JsonFields.of(tree, "", problems);
    TreeMap<String, String> values = new TreeMap<>();
    for (String key : strings.keys()) {
      values.put(key, JsonChecks.text(strings.get(key), strings.pathOf(key), problems));
    }
    return values;
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
