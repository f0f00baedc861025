package dev.featurewatch.app.repo;

import dev.featurewatch.app.input.InputException;
import dev.featurewatch.store.online.OnlineStore;
import dev.featurewatch.store.online.redis.RedisOnlineStore;
import dev.featurewatch.store.online.rocksdb.RocksDbOnlineStore;
import io.lettuce.core.RedisURI;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Which online store a command uses: RocksDB in a directory (the embedded default) or Redis, shared
 * by any number of feature servers.
 */
public final class OnlineStoreOption {

  /** The RocksDB directory when none is given, relative to the feature repository. */
  static final String DEFAULT_DIRECTORY = ".featurewatch/online";

  @Option(
      names = "--online",
      paramLabel = "DIR|redis://HOST:PORT",
      description =
          "The online store: a RocksDB directory, or a Redis URL (default: <repo>/"
              + DEFAULT_DIRECTORY
              + ").")
  String location;

  @Option(
      names = "--rocksdb-cache",
      paramLabel = "MIB",
      description =
          "RocksDB only: the block cache shared by all views, in MiB; size it to the rows read"
              + " often (default: "
              + (RocksDbOnlineStore.DEFAULT_BLOCK_CACHE_BYTES >> 20)
              + ").")
  Long cacheMib;

  /**
   * Opens the store; the caller closes it.
   *
   * @throws InputException when {@code --rocksdb-cache} is below 1 MiB or given for Redis
   */
  public OnlineStore open(Path repo) {
    String where = location != null ? location : repo.resolve(DEFAULT_DIRECTORY).toString();
    if (where.startsWith("redis://") || where.startsWith("rediss://")) {
      if (cacheMib != null) {
        throw new InputException(
            "--rocksdb-cache: only for a RocksDB online store, not --online " + where);
      }
      return RedisOnlineStore.connect(RedisURI.create(where));
    }
    if (cacheMib == null) {
      return RocksDbOnlineStore.open(Path.of(where));
    }
    if (cacheMib < 1) {
      throw new InputException("--rocksdb-cache must be at least 1 MiB: " + cacheMib);
    }
    return RocksDbOnlineStore.open(Path.of(where), cacheMib << 20);
  }
}
