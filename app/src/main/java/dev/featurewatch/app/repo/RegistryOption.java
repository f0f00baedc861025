package dev.featurewatch.app.repo;

import dev.featurewatch.app.input.InputException;
import dev.featurewatch.store.config.RepositoryConfig;
import dev.featurewatch.store.registry.FileRegistry;
import dev.featurewatch.store.registry.RedisRegistry;
import dev.featurewatch.store.registry.Registry;
import dev.featurewatch.store.registry.RegistryVersion;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where the registry lives, shared by the commands that read or write it: a directory (the embedded
 * default) or a Redis URL, which any number of servers can share.
 */
final class RegistryOption {

  @Option(
      names = "--registry",
      paramLabel = "DIR|redis://HOST:PORT",
      description =
          "The registry: a directory, or a Redis URL to share it between servers"
              + " (default: <repo>/"
              + RepositoryConfig.DEFAULT_REGISTRY
              + ", or registry in <repo>/featurewatch.yaml).")
  String location;

  @Option(
      names = "--registry-name",
      paramLabel = "NAME",
      description =
          "The registry's name in Redis, for several registries in one Redis (default: default, or"
              + " registry_name in <repo>/featurewatch.yaml).")
  String name;

  /** An open registry, with what must be released after use (a Redis connection). */
  record Opened(Registry registry, Runnable release) implements AutoCloseable {
    @Override
    public void close() {
      release.run();
    }
  }

  /**
   * The current registry version.
   *
   * @throws InputException if nothing was applied yet, saying how to fix it
   */
  RegistryVersion current(Path repo) {
    try (Opened opened = open(repo)) {
      return opened
          .registry()
          .current()
          .orElseThrow(
              () ->
                  new InputException(
                      "the registry is empty: run 'featurewatch apply --repo " + repo + "' first"));
    }
  }

  Opened open(Path repo) {
    RepositoryConfig config = RepositoryConfig.read(repo);
    String where = location != null ? location : config.registry();
    String name = this.name != null ? this.name : config.registryName();
    if (RepositoryConfig.isRedis(where)) {
      RedisClient client = RedisClient.create(where);
      try {
        StatefulRedisConnection<String, String> connection = client.connect();
        return new Opened(
            new RedisRegistry(connection, name),
            () -> {
              connection.close();
              client.shutdown();
            });
      } catch (RedisException e) {
        client.shutdown();
        throw new InputException("--registry " + where + ": cannot connect: " + e.getMessage(), e);
      }
    }
    return new Opened(new FileRegistry(Path.of(where)), () -> {});
  }
}
