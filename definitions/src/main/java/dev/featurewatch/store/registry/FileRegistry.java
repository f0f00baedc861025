package dev.featurewatch.store.registry;

import dev.featurewatch.annotation.Internal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A registry in a local directory, the embedded default:
 *
 * <ul>
 *   <li>{@code registry.json}: the current version;
 *   <li>{@code registry-v{N}.json}: every version ever stored, the current one included;
 *   <li>{@code registry.lock}: held while applying.
 * </ul>
 *
 * <p>Each file is written to a temporary file in the same directory and moved into place
 * atomically, so a reader (in any process) sees a whole old or a whole new version, and a crash
 * leaves the previous version current. Applies are serialized by a lock within the JVM and a file
 * lock across processes. The directory is created on the first apply.
 */
@Internal
public final class FileRegistry extends StoredRegistry {

  static final String CURRENT = "registry.json";

  // FileChannel.lock is per JVM, not per thread: threads of one JVM queue on this lock first.
  private static final ConcurrentHashMap<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

  private final Path directory;

  /** A registry in {@code directory}, stamping versions with the system clock (UTC). */
  public FileRegistry(Path directory) {
    this(directory, Clock.systemUTC());
  }

  /** A registry in {@code directory}, stamping versions with {@code clock}. */
  public FileRegistry(Path directory, Clock clock) {
    super(clock);
    this.directory = directory.toAbsolutePath().normalize();
  }

  @Override
  public Optional<RegistryVersion> current() {
    return read(directory.resolve(CURRENT));
  }

  @Override
  public Optional<RegistryVersion> version(long number) {
    return read(versionFile(number));
  }

  @Override
  @SuppressWarnings("try") // the file lock is held for the block, never referenced in it
  void compareAndSet(long expected, RegistryVersion next) {
    ReentrantLock lock = LOCKS.computeIfAbsent(directory, d -> new ReentrantLock());
    lock.lock();
    try {
      Files.createDirectories(directory);
      try (FileChannel channel =
              FileChannel.open(
                  directory.resolve("registry.lock"),
                  StandardOpenOption.CREATE,
                  StandardOpenOption.WRITE);
          FileLock fileLock = channel.lock()) {
        long found = current().map(RegistryVersion::version).orElse(0L);
        if (found != expected) {
          throw new ConcurrentApplyException(expected, found);
        }
        String json = RegistryCodec.encode(next);
        // The numbered file first: if we crash before the second move, the old version stays
        // current and the next apply rewrites this number.
        writeAtomically(versionFile(next.version()), json);
        writeAtomically(directory.resolve(CURRENT), json);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write registry in " + directory, e);
    } finally {
      lock.unlock();
    }
  }

  /** The directory holding the files. */
  public Path directory() {
    return directory;
  }

  @Override
  public String toString() {
    return "FileRegistry[" + directory + "]";
  }

  private Path versionFile(long number) {
    return directory.resolve("registry-v" + number + ".json");
  }

  private static Optional<RegistryVersion> read(Path file) {
    String json;
    try {
      json = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read registry file " + file, e);
    }
    return Optional.of(RegistryCodec.decode(json, file.toString()));
  }

  private void writeAtomically(Path target, String json) throws IOException {
    Path temp = Files.createTempFile(directory, target.getFileName().toString(), ".tmp");
    try {
      try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        out.write(ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8)));
        out.force(true);
      }
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException(
            "the file system of " + directory + " cannot move files atomically", e);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
