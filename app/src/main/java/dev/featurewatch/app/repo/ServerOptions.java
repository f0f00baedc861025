package dev.featurewatch.app.repo;

import dev.featurewatch.app.input.InputException;
import dev.featurewatch.store.config.RepositoryConfig;
import dev.featurewatch.store.offline.OfflineStore;
import dev.featurewatch.store.online.ExpirySweeper;
import dev.featurewatch.store.online.OnlineStore;
import dev.featurewatch.store.registry.Registry;
import dev.featurewatch.store.serving.FeatureServer;
import dev.featurewatch.store.serving.ServerConfig;
import dev.featurewatch.store.serving.flight.OfflineServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import picocli.CommandLine.Option;

/**
 * The feature server's options, and starting it: for {@code serve}, and for {@code run features},
 * which serves what its pipeline writes from the same process.
 */
final class ServerOptions {

  @Option(
      names = "--port",
      paramLabel = "PORT",
      description =
          "The HTTP port (default: serving.port in <repo>/featurewatch.yaml, else "
              + ServerConfig.DEFAULT_PORT
              + " as Feast's).")
  Integer port;

  @Option(
      names = "--offline-port",
      paramLabel = "PORT",
      description =
          "Also serve Feast's remote offline store (Arrow Flight, get_historical_features) on"
              + " this port; 0 for any free one (default: serving.offline_port in"
              + " <repo>/featurewatch.yaml, else not served; feast serve_offline uses "
              + OfflineServer.FEAST_PORT
              + ").")
  Integer offlinePort;

  @Option(
      names = "--max-entities",
      paramLabel = "N",
      description =
          "The most entity rows one request may ask for or write (default: serving.max_entities"
              + " in <repo>/featurewatch.yaml, else "
              + ServerConfig.DEFAULT_MAX_ENTITIES
              + ").")
  Integer maxEntities;

  @Option(
      names = "--registry-ttl",
      paramLabel = "SECONDS",
      description =
          "How long the registry is cached before it is read again, so applies show up"
              + " (default: serving.registry_ttl_seconds in <repo>/featurewatch.yaml, else 10).")
  Long registryTtlSeconds;

  @Option(
      names = "--sweep-expired",
      negatable = true,
      description =
          "Delete online rows older than their view's ttl, every ttl / 10 (default: on for a"
              + " RocksDB store, which only this process can sweep; off for Redis, which expires"
              + " rows by itself; or serving.sweep_expired in <repo>/featurewatch.yaml).")
  Boolean sweepExpired;

  /**
   * Starts the server on {@code store}, printing where it listens, and Feast's remote offline store
   * when an offline port is set.
   *
   * @param repo the repository, where the views' file sources are for the offline store
   * @param sweepByDefault whether expired rows are swept unless configured: for RocksDB, which only
   *     this process can sweep, not for Redis, which expires rows by itself
   * @param metrics the registry of the server's metrics, all of which its {@code /metrics} serves:
   *     a command that runs jobs in this process gives the jobs' own ({@code
   *     JobMetrics.registry()})
   * @param pages mounts pages on the server before it starts (the web console); null for none
   */
  Running start(
      PrintWriter out,
      Path repo,
      RepositoryConfig settings,
      Registry registry,
      OnlineStore store,
      boolean sweepByDefault,
      OfflineStore offline,
      PrometheusRegistry metrics,
      Consumer<FeatureServer> pages) {
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
              .withAuth(serving.auth())
              .withDeadline(serving.deadline())
              .withTls(serving.tls());
    } catch (IllegalArgumentException e) {
      throw new InputException("--port/--max-entities: " + e.getMessage(), e);
    }
    ServeCommand.CachedRepository repository =
        new ServeCommand.CachedRepository(registry, registryTtl);
    repository.get(); // fail now, not at the first request, when nothing was applied
    Boolean sweepSetting = sweepExpired != null ? sweepExpired : serving.sweepExpired();
    boolean sweep = sweepSetting != null ? sweepSetting : sweepByDefault;
    ExpirySweeper sweeper =
        sweep ? ExpirySweeper.start(store, repository, Clock.systemUTC()) : null;
    FeatureServer server =
        new FeatureServer(repository, store, offline, Clock.systemUTC(), config, metrics);
    if (pages != null) {
      pages.accept(server);
    }
    try {
      server.start();
    } catch (UncheckedIOException e) {
      server.close();
      if (sweeper != null) {
        sweeper.close();
      }
      throw new InputException("--port " + boundPort + ": " + e.getMessage(), e);
    }
    Integer flightPort = offlinePort != null ? offlinePort : serving.offlinePort();
    OfflineServer flight = null;
    if (flightPort != null) {
      try {
        flight = OfflineServer.start(flightPort, repository, offline, repo, config.auth());
      } catch (RuntimeException e) {
        server.close();
        if (sweeper != null) {
          sweeper.close();
        }
        throw new InputException("--offline-port " + flightPort + ": " + e.getMessage(), e);
      }
    }
    // the offline store's line first: a caller that waits for the HTTP line has seen both
    if (flight != null) {
      out.printf("serving Feast's remote offline store on grpc+tcp://0.0.0.0:%d%n", flight.port());
    }
    out.printf(
        "serving registry version %d on %s://0.0.0.0:%d (stop with Ctrl-C)%n",
        repository.version(), config.tls() == null ? "http" : "https", server.port());
    if (config.auth().required()) {
      out.println("feature endpoints need a bearer token: " + config.auth());
    }
    if (sweeper != null) {
      out.println("deleting expired online rows every ttl / 10 (--no-sweep-expired: never)");
    }
    out.flush();
    return new Running(server, sweeper, flight);
  }

  /** A started server, its sweeper and its offline store server (or null); closing stops all. */
  record Running(FeatureServer server, ExpirySweeper sweeper, OfflineServer offline)
      implements AutoCloseable {

    /** Serves until {@code stop} opens (or this thread is interrupted). */
    void serveUntil(CountDownLatch stop) {
      try {
        stop.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public void close() {
      if (offline != null) {
        offline.close();
      }
      server.close();
      if (sweeper != null) {
        sweeper.close();
      }
    }
  }
}
