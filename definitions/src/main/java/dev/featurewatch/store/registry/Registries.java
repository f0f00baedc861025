package dev.featurewatch.store.registry;

import dev.featurewatch.store.config.RedisLocations;
import dev.featurewatch.store.config.RepositoryConfig;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.file.Path;

/**
 * Opens a registry by its location: a directory (the embedded default) or a Redis URL, which any
 * number of servers and jobs share.
 */
public final class Registries {

  /** An open registry, with what must be released after use (a Redis connection). */
  public record Opened(Registry registry, Runnable release) implements AutoCloseable {
    @Override
    public void close() {
      release.run();
    }
  }

  /**
   * The registry at {@code location}; the caller closes it.
   *
   * @param location a directory, or {@code redis://…}
   * @param name the registry's name in Redis (ignored for a directory)
   * @throws RegistryException Redis cannot be reached
   */
  public static Opened open(String location, String name) {
    if (!RepositoryConfig.isRedis(location)) {
      return new Opened(new FileRegistry(Path.of(location)), () -> {});
    }
    RedisClient client = RedisClient.create(RedisLocations.uri(location));
    client.setOptions(ClientOptions.builder().sslOptions(RedisLocations.sslOptions()).build());
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
      throw new RegistryException(
          "registry " + RedisLocations.redacted(location) + ": cannot connect: " + e.getMessage(),
          e);
    }
  }

  private Registries() {}
}
