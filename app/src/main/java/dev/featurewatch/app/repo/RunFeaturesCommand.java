package dev.featurewatch.app.repo;

import dev.featurewatch.app.input.InputException;
import dev.featurewatch.store.config.RepositoryConfig;
import dev.featurewatch.store.definition.FeatureRepository;
import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.offline.OfflineStore;
import dev.featurewatch.store.online.OnlineStore;
import dev.featurewatch.store.pipeline.job.Outputs;
import dev.featurewatch.store.registry.Registries;
import dev.featurewatch.streaming.job.LocalJobs;
import dev.featurewatch.streaming.metrics.JobMetrics;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code featurewatch run features}: the stream feature views of the registry, computed on a
 * MiniCluster in this process into the online and offline stores, with the feature server serving
 * them from the same RocksDB store. Reads Kafka until stopped, or replays files and ends.
 */
@Command(
    name = "features",
    mixinStandardHelpOptions = true,
    description =
        "Compute the stream feature views into the online and offline stores, embedded, and serve"
            + " them.")
public final class RunFeaturesCommand implements Callable<Integer> {

  @Spec private picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--repo",
      defaultValue = ".",
      paramLabel = "DIR",
      description = "The feature repository whose registry and stores to use (default: .).")
  private Path repo;

  @Option(
      names = "--replay",
      description =
          "Read each Kafka source's batch_source file (JSON lines) instead of the topic, then"
              + " stop: the embedded mode without a broker, and backfills.")
  private boolean replay;

  @Option(
      names = "--parallelism",
      defaultValue = "1",
      paramLabel = "N",
      description = "Subtasks per operator (default: 1).")
  private int parallelism;

  @Option(
      names = "--serve",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = "Serve the features over HTTP meanwhile (default: on; --no-serve: off).")
  private boolean serve;

  @Option(
      names = "--offline",
      paramLabel = "DIR",
      description =
          "The offline store (default: <repo>/"
              + RepositoryConfig.DEFAULT_OFFLINE_STORE
              + ", or offline_store in <repo>/featurewatch.yaml).")
  private Path offline;

  @Mixin private PipelineOptions pipelineOptions;

  @Mixin private FlinkMetricsOption flinkMetrics;

  @Mixin private ServerOptions serverOptions;

  @Mixin private OnlineStoreOption onlineOption;

  @Mixin private RegistryOption registryOption;

  @Override
  public Integer call() throws Exception {
    if (parallelism < 1) {
      throw new InputException("--parallelism must be at least 1, found " + parallelism);
    }
    PrintWriter out = spec.commandLine().getOut();
    RepositoryConfig settings = RepositoryConfig.read(repo);
    Path offlineRoot = offline != null ? offline : settings.offlineStore();
    CompletableFuture<Void> stopped = new CompletableFuture<>();
    CountDownLatch closed = new CountDownLatch(1);
    Thread hook = ServeCommand.shutdownHook(() -> stopped.complete(null), closed);
    try (Registries.Opened opened = registryOption.open(repo);
        OnlineStore store = onlineOption.open(repo);
        OfflineStore offlineStore = new OfflineStore(offlineRoot)) {
      FeatureRepository definitions =
          opened
              .registry()
              .current()
              .orElseThrow(
                  () -> new InputException("the registry is empty: run 'featurewatch apply' first"))
              .repository();
      String brokers = pipelineOptions.brokers(settings);
      FeatureRun run =
          new FeatureRun(
              repo,
              definitions,
              pipelineOptions.views(definitions),
              replay,
              brokers,
              new Outputs(
                  onlineOption.location(repo),
                  offlineRoot.toString(),
                  settings.streaming().deadLetters(),
                  brokers),
              pipelineOptions.checkpointInterval(settings),
              parallelism,
              flinkMetrics.ports());
      ServerOptions.Running server =
          serve
              ? serverOptions.start(
                  out,
                  repo,
                  settings,
                  opened.registry(),
                  store,
                  !RepositoryConfig.isRedis(onlineOption.location(repo)),
                  offlineStore,
                  // one registry for the process: the MiniCluster's operators load this
                  // process's classes and register in JobMetrics' registry, the only one they can
                  // reach, so the server is given that one rather than a registry of its own, and
                  // one /metrics serves both
                  JobMetrics.registry(),
                  null)
              : null;
      try {
        LocalJobs.Started started = run.start();
        out.printf(
            "running %d stream feature view%s: %s%s%n",
            run.views().size(),
            run.views().size() == 1 ? "" : "s",
            run.views().stream().map(FeatureView::name).toList(),
            started.resumedFrom().map(p -> " (resumed from " + p + ")").orElse(""));
        out.flush();
        Runtime.getRuntime().addShutdownHook(hook);
        if (!LocalRun.awaitEnd(started, stopped, out, "the feature pipeline")) {
          return 0;
        }
        out.println(run.summary());
        out.flush();
        if (server != null) {
          out.println("the replay is done; serving until stopped (Ctrl-C)");
          out.flush();
          stopped.join();
        }
        return 0;
      } finally {
        if (server != null) {
          server.close();
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
  }
}
