package dev.featurewatch.app.repo;

import dev.featurewatch.app.input.InputException;
import dev.featurewatch.store.config.RepositoryConfig;
import dev.featurewatch.store.definition.FeatureRepository;
import dev.featurewatch.store.offline.OfflineStore;
import dev.featurewatch.store.online.ExpirySweeper;
import dev.featurewatch.store.online.OnlineStore;
import dev.featurewatch.store.online.rocksdb.RocksDbOnlineStore;
import dev.featurewatch.store.registry.Registry;
import dev.featurewatch.store.registry.RegistryVersion;
import dev.featurewatch.store.serving.FeatureServer;
import dev.featurewatch.store.serving.ServerConfig;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code featurewatch serve}: the Feast-compatible feature server, until the process is stopped.
 * Wires the registry, the online store and the offline store (for pushes to offline) into a {@link
 * FeatureServer}; the server itself holds the logic.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = "Serve features over Feast's HTTP API until stopped.")
public final class ServeCommand implements Callable<Integer> {

  @Spec private picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      description =
          "The HTTP port (default: serving.port in <repo>/featurewatch.yaml, else "
              + ServerConfig.DEFAULT_PORT
              + " as Feast's).")
  private Integer port;

  @Option(
      names = "--repo",
      defaultValue = ".",
      paramLabel = "DIR",
      description = "The feature repository whose registry and stores to use (default: .).")
  private Path repo;

  @Option(
      names = "--offline",
      paramLabel = "DIR",
      description =
          "The offline store that pushes to offline append to (default: <repo>/"
              + RepositoryConfig.DEFAULT_OFFLINE_STORE
              + ", or offline_store in <repo>/featurewatch.yaml).")
  private Path offline;

  @Option(
      names = "--max-entities",
      paramLabel = "N",
      description =
          "The most entity rows one request may ask for or write (default: serving.max_entities"
              + " in <repo>/featurewatch.yaml, else "
              + ServerConfig.DEFAULT_MAX_ENTITIES
              + ").")
  private Integer maxEntities;

  @Option(
      names = "--registry-ttl",
      paramLabel = "SECONDS",
      description =
          "How long the registry is cached before it is read again, so applies show up"
              + " (default: serving.registry_ttl_seconds in <repo>/featurewatch.yaml, else 10).")
  private Long registryTtlSeconds;

  @Option(
      names = "--sweep-expired",
      negatable = true,
      description =
          "Delete online rows older than their view's ttl, every ttl / 10 (default: on for a"
              + " RocksDB store, which only this process can sweep; off for Redis, which expires"
              + " rows by itself; or serving.sweep_expired in <repo>/featurewatch.yaml).")
  private Boolean sweepExpired;

  @Mixin private OnlineStoreOption onlineOption;

  @Mixin private RegistryOption registryOption;

  @Override
  public Integer call() throws Exception {
    RepositoryConfig settings = RepositoryConfig.read(repo);
    RepositoryConfig.Serving serving = settings.serving();
    Duration registryTtl =
        registryTtlSeconds != null ? Duration.ofSeconds(registryTtlSeconds) : serving.registryTtl();
    if (registryTtl.isNegative()) {
      throw new InputException(
          "--registry-ttl must be zero or more seconds: " + registryTtlSeconds);
    }
    int boundPort = port != null ? port : serving.port();
    ServerConfig config;
    try {
      config =
          ServerConfig.defaults(boundPort)
              .withMaxEntities(maxEntities != null ? maxEntities : serving.maxEntities())
              .withAuth(serving.auth());
    } catch (IllegalArgumentException e) {
      throw new InputException("--port/--max-entities: " + e.getMessage(), e);
    }
    Path offlineRoot = offline != null ? offline : settings.offlineStore();
    CountDownLatch stop = new CountDownLatch(1);
    CountDownLatch closed = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              stop.countDown();
              try {
                // let call() close the stores (RocksDB flushes on close) before the JVM exits
                closed.await(10, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "featurewatch-serve-shutdown");
    try (RegistryOption.Opened opened = registryOption.open(repo);
        OnlineStore store = onlineOption.open(repo);
        OfflineStore offlineStore = new OfflineStore(offlineRoot)) {
      CachedRepository repository = new CachedRepository(opened.registry(), registryTtl);
      repository.get(); // fail now, not at the first request, when nothing was applied
      Boolean sweepSetting = sweepExpired != null ? sweepExpired : serving.sweepExpired();
      boolean sweep = sweepSetting != null ? sweepSetting : store instanceof RocksDbOnlineStore;
      try (ExpirySweeper sweeper =
              sweep ? ExpirySweeper.start(store, repository, Clock.systemUTC()) : null;
          FeatureServer server =
              new FeatureServer(repository, store, offlineStore, Clock.systemUTC(), config)) {
        try {
          server.start();
        } catch (UncheckedIOException e) {
          throw new InputException("--port " + boundPort + ": " + e.getMessage(), e);
        }
        spec.commandLine()
            .getOut()
            .printf(
                "serving registry version %d on http://0.0.0.0:%d (stop with Ctrl-C)%n",
                repository.version(), server.port());
        if (config.auth().required()) {
          spec.commandLine()
              .getOut()
              .println("feature endpoints need a bearer token: " + config.auth());
        }
        if (sweeper != null) {
          spec.commandLine()
              .getOut()
              .println("deleting expired online rows every ttl / 10 (--no-sweep-expired: never)");
        }
        spec.commandLine().getOut().flush();
        Runtime.getRuntime().addShutdownHook(hook);
        try {
          stop.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    } finally {
      closed.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running: it is what stopped the wait
      }
    }
    return 0;
  }

  /**
   * The current registry version, read again once it is older than {@code ttl}. When a read fails
   * after a version was read, the last version keeps being served (and the read is retried at the
   * next expiry), so a registry outage does not stop serving.
   */
  static final class CachedRepository implements Supplier<FeatureRepository> {
    private static final Logger LOG = LoggerFactory.getLogger(CachedRepository.class);

    private final Registry registry;
    private final Duration ttl;
    private RegistryVersion version;
    private Instant readAt;

    CachedRepository(Registry registry, Duration ttl) {
      this.registry = registry;
      this.ttl = ttl;
    }

    @Override
    public synchronized FeatureRepository get() {
      Instant now = Instant.now();
      if (version == null || Duration.between(readAt, now).compareTo(ttl) >= 0) {
        try {
          version =
              registry
                  .current()
                  .orElseThrow(
                      () ->
                          new InputException(
                              "the registry is empty: run 'featurewatch apply' first"));
        } catch (RuntimeException e) {
          if (version == null) {
            throw e;
          }
          LOG.warn(
              "cannot read the registry, serving version {}: {}",
              version.version(),
              e.getMessage());
        }
        readAt = now;
      }
      return version.repository();
    }

    synchronized long version() {
      return version.version();
    }
  }
}
