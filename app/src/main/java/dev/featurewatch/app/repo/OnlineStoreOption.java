package dev.featurewatch.app.repo;

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

  /** Opens the store; the caller closes it. */
  public OnlineStore open(Path repo) {
    String where = location != null ? location : repo.resolve(DEFAULT_DIRECTORY).toString();
    if (where.startsWith("redis://") || where.startsWith("rediss://")) {
      return RedisOnlineStore.connect(RedisURI.create(where));
    }
    return RocksDbOnlineStore.open(Path.of(where));
  }
}
