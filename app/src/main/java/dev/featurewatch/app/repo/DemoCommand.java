package dev.featurewatch.app.repo;

import dev.featurewatch.app.Main;
import dev.featurewatch.app.demo.DemoScenario;
import dev.featurewatch.app.input.InputException;
import dev.featurewatch.modelregistry.LocalModelRegistry;
import dev.featurewatch.monitoring.metrics.MonitorMetrics;
import dev.featurewatch.store.config.RepositoryConfig;
import dev.featurewatch.store.offline.OfflineStore;
import dev.featurewatch.store.online.OnlineStore;
import dev.featurewatch.store.online.OnlineStores;
import dev.featurewatch.store.registry.Registries;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code featurewatch demo}: the whole of featurewatch on one machine, on a generated scenario. A
 * loan-default model is trained (a baseline of its training data attached to version 1 in the local
 * model registry), its applicants' features are applied, materialized to RocksDB and served, and
 * two hours of its predictions and late labels are monitored on a MiniCluster: three features drift
 * in the second hour, and the model gets worse. Prints what it does, where to look, and what was
 * found and written back.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "Run all of featurewatch on a generated scenario, drift and decay included.")
public final class DemoCommand implements Callable<Integer> {

  @Spec private CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description =
          "Where to put the demo's repository and data: absent or empty (default: a new"
              + " temporary directory).")
  private Path dir;

  @Option(
      names = "--seed",
      defaultValue = "7",
      paramLabel = "N",
      description = "The scenario's random seed (default: ${DEFAULT-VALUE}).")
  private long seed;

  @Option(
      names = "--keep-serving",
      description = "Serve the features and metrics after the summary, until Ctrl-C.")
  private boolean keepServing;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path repo = prepare();
    out.printf(
        "featurewatch demo in %s%n  a loan-default model with 12 features; %d predictions over 2"
            + " hours, labels 1 to 30 minutes late; from the second hour %s drift%n",
        repo, 48_000, DemoScenario.DRIFTING);
    copy("featurewatch.yaml", repo);
    copy("loans.yaml", repo);
    DemoScenario.write(repo, seed);
    RepositoryConfig settings = RepositoryConfig.read(repo);
    LocalModelRegistry models = new LocalModelRegistry(Path.of(settings.modelRegistry()));
    String version = models.createVersion(DemoScenario.MODEL).version();
    models.setAlias(DemoScenario.MODEL, "champion", version);
    models.attachBaseline(
        DemoScenario.MODEL, version, Files.readAllBytes(repo.resolve("baseline.json")));
    out.printf(
        "1. trained: the baseline of its training data is attached to %s version %s (alias"
            + " champion) in %s%n",
        DemoScenario.MODEL, version, settings.modelRegistry());
    out.println("2. apply the definitions, serve the features, write the applicants' profiles:");
    out.flush();
    featurewatch("apply", "--repo", repo.toString());
    int metricsPort = freePort();
    try (Registries.Opened registry =
            Registries.open(settings.registry(), settings.registryName());
        OnlineStore store = OnlineStores.open(settings.onlineStore());
        OfflineStore offline = new OfflineStore(settings.offlineStore());
        ServerOptions.Running server =
            new ServerOptions().start(out, settings, registry.registry(), store, true, offline)) {
      writeProfiles(out, server.server().port(), repo.resolve("data/applicants.json"));
      printWhereToLook(out, server.server().port(), metricsPort, repo);
      out.println("4. monitor the predictions and labels (a MiniCluster in this process):");
      out.flush();
      ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor();
      progress.scheduleAtFixedRate(new Progress(out), 1, 1, TimeUnit.SECONDS);
      try {
        featurewatch(
            "run",
            "monitors",
            "--repo",
            repo.toString(),
            "--replay",
            "--lateness",
            "60",
            "--metrics-port",
            Integer.toString(metricsPort));
      } finally {
        progress.shutdownNow();
        progress.awaitTermination(5, TimeUnit.SECONDS);
      }
      out.printf("5. written back to %s version %s:%n", DemoScenario.MODEL, version);
      Map<String, String> tags = new TreeMap<>(models.version(DemoScenario.MODEL, version).tags());
      tags.forEach(
          (key, value) -> {
            if (key.startsWith("featurewatch.")) {
              out.printf("     %-38s %s%n", key, value);
            }
          });
      if (keepServing) {
        out.println("serving the features and the metrics until Ctrl-C");
        out.flush();
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
        server.serveUntil(stop);
      }
    }
    out.flush();
    return 0;
  }

  private Path prepare() throws IOException {
    if (dir == null) {
      return Files.createTempDirectory("featurewatch-demo");
    }
    if (Files.exists(dir)) {
      try (Stream<Path> entries = Files.list(dir)) {
        if (entries.findAny().isPresent()) {
          throw new InputException(
              "--dir "
                  + dir
                  + " is not empty: give an empty or new directory, or none for a"
                  + " temporary one");
        }
      }
    }
    return Files.createDirectories(dir).toAbsolutePath();
  }

  private static void copy(String resource, Path repo) throws IOException {
    try (InputStream in = DemoScenario.class.getResourceAsStream(resource)) {
      Files.copy(in, repo.resolve(resource));
    }
  }

  /** Runs a featurewatch command in this process, printing where this command prints. */
  private void featurewatch(String... args) {
    CommandLine cli = Main.commandLine();
    cli.setOut(spec.commandLine().getOut());
    cli.setErr(spec.commandLine().getErr());
    int exit = cli.execute(args);
    if (exit != 0) {
      throw new IllegalStateException(
          "featurewatch " + String.join(" ", args) + " failed with exit code " + exit);
    }
  }

  private static void printWhereToLook(PrintWriter out, int port, int metricsPort, Path repo) {
    out.printf(
        "3. where to look, while it runs:%n"
            + "     features  curl -s -X POST http://localhost:%d/get-online-features -d"
            + " '{\"features\": [\"applicant_profile:income\", \"applicant_profile:utilization\"],"
            + " \"entities\": {\"applicant_id\": [10001, 10002]}}'%n"
            + "     metrics   http://localhost:%d/metrics  (featurewatch_feature_drifted,"
            + " featurewatch_performance, ...)%n"
            + "     results   %s  (one JSON line per window)%n",
        port, metricsPort, repo.resolve(".featurewatch/results"));
    out.flush();
  }

  /** The applicants' profiles through Feast's write API, as a feature pipeline would push them. */
  private static void writeProfiles(PrintWriter out, int port, Path request)
      throws IOException, InterruptedException {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/write-to-online-store"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofFile(request))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "the feature server refused the profiles: "
              + response.statusCode()
              + " "
              + response.body());
    }
    out.println("     wrote 1,000 applicants' profiles: POST /write-to-online-store");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** A line a second: predictions a second, windows evaluated, what drifts now. */
  private static final class Progress implements Runnable {
    private final PrintWriter out;
    private long lastPredictions;

    Progress(PrintWriter out) {
      this.out = out;
    }

    @Override
    public void run() {
      MonitorMetrics metrics = MonitorMetrics.global();
      long predictions = metrics.predictionsRead();
      if (predictions == 0) {
        return; // the job is starting
      }
      out.printf(
          "     %,8d predictions/s  %,8d read  %4d windows evaluated  drifting now: %s%n",
          predictions - lastPredictions,
          predictions,
          metrics.windowsEvaluated(),
          metrics.driftedNow(DemoScenario.MODEL));
      out.flush();
      lastPredictions = predictions;
    }
  }
}
