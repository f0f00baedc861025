package dev.featurewatch.app.repo;

import dev.featurewatch.app.console.Console;
import dev.featurewatch.app.input.InputException;
import dev.featurewatch.app.report.MonitorHistory;
import dev.featurewatch.modelregistry.ModelRegistries;
import dev.featurewatch.store.config.RepositoryConfig;
import dev.featurewatch.store.definition.FeatureRepository;
import dev.featurewatch.store.offline.OfflineStore;
import dev.featurewatch.store.online.OnlineStore;
import dev.featurewatch.store.registry.Registries;
import dev.featurewatch.store.registry.Registry;
import dev.featurewatch.store.registry.RegistryVersion;
import dev.featurewatch.store.serving.FeatureServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
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
      names = "--results",
      paramLabel = "DIR|kafka:TOPIC",
      description =
          "The monitoring results the web console draws model versions' timelines from: run"
              + " monitors' directory, or submit monitors' topic on streaming.kafka's brokers"
              + " (default: <repo>/.featurewatch/results).")
  private String results;

  @Option(
      names = "--console",
      negatable = true,
      defaultValue = "true",
      description =
          "Serve the web console at "
              + Console.PATH
              + ", read-only; its data needs a read token when serving.auth has tokens"
              + " (default: on).")
  private boolean console;

  @Mixin private ServerOptions serverOptions;

  @Mixin private OnlineStoreOption onlineOption;

  @Mixin private RegistryOption registryOption;

  @Override
  public Integer call() throws Exception {
    RepositoryConfig settings = RepositoryConfig.read(repo);
    Path offlineRoot = offline != null ? offline : settings.offlineStore();
    CountDownLatch stop = new CountDownLatch(1);
    CountDownLatch closed = new CountDownLatch(1);
    Thread hook = shutdownHook(stop::countDown, closed);
    try (Registries.Opened opened = registryOption.open(repo);
        OnlineStore store = onlineOption.open(repo);
        OfflineStore offlineStore = new OfflineStore(offlineRoot);
        ServerOptions.Running server =
            serverOptions.start(
                spec.commandLine().getOut(),
                repo,
                settings,
                opened.registry(),
                store,
                !RepositoryConfig.isRedis(onlineOption.location(repo)),
                offlineStore,
                new PrometheusRegistry(),
                console
                    ? console(
                        opened.registry(),
                        settings.modelRegistry(),
                        results != null ? results : MonitorRun.defaultResults(repo),
                        settings.streaming().kafka())
                    : null)) {
      if (console) {
        printConsole(spec.commandLine().getOut(), server.server());
      }
      Runtime.getRuntime().addShutdownHook(hook);
      server.serveUntil(stop);
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
   * Mounts the web console: the feature registry's versions, the model registry at {@code
   * modelRegistry} (opened at each request that needs it) and the results at {@code results}, a
   * directory or {@code kafka:TOPIC} on {@code brokers}, read at each request for a timeline (no
   * results yet while the directory does not exist).
   */
  static Consumer<FeatureServer> console(
      Registry registry, String modelRegistry, String results, String brokers) {
    return server ->
        Console.mount(
            server,
            registry,
            () -> ModelRegistries.open(modelRegistry),
            () ->
                results.startsWith("kafka:") || Files.isDirectory(Path.of(results))
                    ? MonitorHistory.read(results, brokers)
                    : List.of());
  }

  /** The console's address, on the line after the server's. */
  static void printConsole(PrintWriter out, FeatureServer server) {
    out.printf("web console on http://localhost:%d%s%n", server.port(), Console.PATH);
    out.flush();
  }

  /**
   * A hook that runs {@code stop} when the process is told to stop (Ctrl-C, SIGTERM), then gives
   * the command up to 10 s to close its stores (RocksDB flushes on close) before the JVM exits.
   */
  static Thread shutdownHook(Runnable stop, CountDownLatch closed) {
    return new Thread(
        () -> {
          stop.run();
          try {
            closed.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        },
        "featurewatch-shutdown");
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
