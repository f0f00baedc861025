package dev.featurewatch.app.repo;

import dev.featurewatch.store.config.RepositoryConfig;
import dev.featurewatch.store.online.OnlineStore;
import dev.featurewatch.store.online.factory.OnlineStores;
import io.lettuce.core.RedisURI;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Which online store a command uses: RocksDB in a directory (the embedded default) or Redis, shared
 * by any number of feature servers.
 */
public final class OnlineStoreOption {

  @Option(
      names = "--online",
      paramLabel = "DIR|redis://HOST:PORT",
      description =
          "The online store: a RocksDB directory, or a Redis URL (default: <repo>/"
              + RepositoryConfig.DEFAULT_ONLINE_STORE
              + ", or online_store in <repo>/featurewatch.yaml).")
  String location;

  /**
   * Opens the store (shared with the pipeline when it runs in this process); the caller closes it.
   */
  public OnlineStore open(Path repo) {
    return OnlineStores.open(location(repo));
  }

  /**
   * A name of the store for files kept per store (the materialization checkpoint), safe in a file
   * name and free of credentials: {@code redis-HOST-PORT-DB}, or {@code rocksdb-DIRNAME-HASH} with
   * a hash of the directory's absolute path, so two stores never share a name.
   */
  String fileName(Path repo) {
    String where = location(repo);
    if (RepositoryConfig.isRedis(where)) {
      RedisURI uri = RedisURI.create(where);
      return safe("redis-" + uri.getHost() + "-" + uri.getPort() + "-" + uri.getDatabase());
    }
    Path directory = Path.of(where).toAbsolutePath().normalize();
    String hash = Integer.toHexString(directory.toString().hashCode() | 0x10000000); // 8 hex digits
    Path name = directory.getFileName();
    return safe("rocksdb-" + (name == null ? "root" : name) + "-" + hash);
  }

  /** Where the store is: the option, else the repository's setting. */
  String location(Path repo) {
    return location != null ? location : RepositoryConfig.read(repo).onlineStore();
  }

  private static String safe(String name) {
    return name.replaceAll("[^A-Za-z0-9._-]", "_");
  }
}
