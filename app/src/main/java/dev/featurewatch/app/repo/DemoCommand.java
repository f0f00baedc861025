package dev.featurewatch.app.repo;

import dev.featurewatch.alerting.receiver.AlertReceiver;
import dev.featurewatch.alerting.receiver.AlertTags;
import dev.featurewatch.app.console.Console;
import dev.featurewatch.app.demo.DemoScenario;
import dev.featurewatch.app.demo.LocalAlerting;
import dev.featurewatch.app.input.InputException;
import dev.featurewatch.app.output.ReportFiles;
import dev.featurewatch.app.report.MonitorHistory;
import dev.featurewatch.modelregistry.LocalModelRegistry;
import dev.featurewatch.monitoring.metrics.MonitorMetrics;
import dev.featurewatch.monitoring.result.MonitorOutput;
import dev.featurewatch.monitoring.result.ResultsSummary;
import dev.featurewatch.store.config.RepositoryConfig;
import dev.featurewatch.store.definition.FeatureRepository;
import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.definition.ModelMonitor;
import dev.featurewatch.store.offline.OfflineStore;
import dev.featurewatch.store.online.OnlineStore;
import dev.featurewatch.store.online.factory.OnlineStores;
import dev.featurewatch.store.registry.Registries;
import dev.featurewatch.streaming.job.LocalJobs;
import dev.featurewatch.streaming.metrics.JobMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code featurewatch demo}: the whole of featurewatch on one machine, on a generated scenario. A
 * loan-default model is trained (a baseline of its training data attached to version 1 in the local
 * model registry), its applicants' features are applied, written to RocksDB through the feature
 * server and served, their activity computed from the prediction events by the feature pipeline,
 * and the last two hours of its predictions and late labels are monitored on a MiniCluster: three
 * features drift in the second hour, and the model gets worse. Prints what it does, where to look,
 * and what was found and written back. With {@code --with-prometheus}, Prometheus and Alertmanager
 * run featurewatch's rules and routing on it, and the drift alerts come back to the model version.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "Run all of featurewatch on a generated scenario, drift and decay included.")
public final class DemoCommand implements Callable<Integer> {

  @Spec private picocli.CommandLine.Model.CommandSpec spec;

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
      names = "--start",
      paramLabel = "TIME",
      description =
          "When the scenario's two hours start, like 2026-11-02T09:00:00Z (default: two hours"
              + " ago, so they end now).")
  private Instant start;

  @Option(
      names = "--write-only",
      description =
          "Write the scenario's repository (definitions, data, baseline) to --dir and stop: for"
              + " running it elsewhere, as docker-compose.yml does.")
  private boolean writeOnly;

  @Option(
      names = "--keep-serving",
      description = "Serve the features and metrics after the summary, until Ctrl-C.")
  private boolean keepServing;

  @Option(
      names = "--with-prometheus",
      description =
          "Also run Prometheus and Alertmanager (when installed) with featurewatch's rules and"
              + " routing on the demo's metrics, its model alerts written back to the registry;"
              + " serves until Ctrl-C, so the alerts can be watched firing.")
  private boolean withPrometheus;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path repo = prepare();
    Instant start = this.start != null ? this.start : endingNow();
    out.printf(
        "featurewatch demo in %s%n  a loan-default model with 12 features; %d predictions over the"
            + " last 2 hours, labels 1 to 30 minutes late; from the second hour %s drift%n",
        repo, 48_000, DemoScenario.DRIFTING);
    copy("featurewatch.yaml", repo);
    copy("loans.yaml", repo);
    DemoScenario.write(repo, seed, start);
    if (writeOnly) {
      out.printf(
          "wrote the scenario: %s (settings), %s (definitions), %s (the training baseline), %s"
              + " (predictions, labels, applicants' profiles)%n",
          repo.resolve("featurewatch.yaml"),
          repo.resolve("loans.yaml"),
          repo.resolve("baseline.json"),
          repo.resolve("data"));
      out.flush();
      return 0;
    }
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
    try (Registries.Opened registry =
        Registries.open(settings.registry(), settings.registryName())) {
      ApplyCommand.apply(registry.registry(), ApplyCommand.read(repo), false, false, out);
    }
    CountDownLatch closed = new CountDownLatch(1);
    try (Registries.Opened registry =
            Registries.open(settings.registry(), settings.registryName());
        OnlineStore store = OnlineStores.open(settings.onlineStore());
        OfflineStore offline = new OfflineStore(settings.offlineStore());
        // everything of this process at one endpoint, served as long as the server is: as in
        // run features, the server serves the registry the MiniClusters' operators register in
        ServerOptions.Running server =
            new ServerOptions()
                .start(
                    out,
                    repo,
                    settings,
                    registry.registry(),
                    store,
                    true,
                    offline,
                    JobMetrics.registry(),
                    ServeCommand.console(
                        registry.registry(),
                        settings.modelRegistry(),
                        MonitorRun.defaultResults(repo),
                        null));
        AlertReceiver receiver = new AlertReceiver(models, "127.0.0.1", 0);
        LocalAlerting alerting = alerting(out, repo, server.server().port(), receiver)) {
      FeatureRepository definitions = registry.registry().current().orElseThrow().repository();
      writeProfiles(out, server.server().port(), repo.resolve("data/applicants.json"));
      printWhereToLook(out, server.server().port(), repo, alerting);
      out.println("4. compute applicant_activity from the prediction events (a MiniCluster):");
      out.flush();
      FeatureRun features = FeatureRun.replay(repo, settings, definitions);
      out.printf(
          "running %d stream feature view%s: %s%n",
          features.views().size(),
          features.views().size() == 1 ? "" : "s",
          features.views().stream().map(FeatureView::name).toList());
      out.flush();
      awaitEnd(features.start(), "the feature pipeline");
      out.println(features.summary());
      out.println("5. monitor the predictions and labels (a MiniCluster in this process):");
      out.flush();
      ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor();
      List<MonitorOutput> results;
      progress.scheduleAtFixedRate(new Progress(out), 1, 1, TimeUnit.SECONDS);
      try {
        MonitorRun monitors =
            MonitorRun.replay(repo, settings, definitions, Duration.ofSeconds(60));
        out.printf(
            "monitoring %s against the baselines in %s; results in %s%n",
            monitors.monitors().stream().map(ModelMonitor::name).toList(),
            monitors.registry(),
            monitors.results());
        out.flush();
        awaitEnd(monitors.start(), "the monitoring job");
        results = RunMonitorsCommand.read(Path.of(monitors.results()));
        RunMonitorsCommand.print(out, ResultsSummary.of(results));
      } finally {
        progress.shutdownNow();
        progress.awaitTermination(5, TimeUnit.SECONDS);
      }
      out.printf("6. written back to %s version %s:%n", DemoScenario.MODEL, version);
      printTags(out, models.version(DemoScenario.MODEL, version).tags());
      // the demo's one monitor: its history as featurewatch report writes it
      for (String monitor : MonitorHistory.monitors(results)) {
        Path report = repo.resolve("report.html");
        String source = repo.resolve(".featurewatch/results").toString();
        ReportFiles.write(report, MonitorHistory.page(results, monitor, null, null, source));
        out.printf("7. the monitoring history of %s as a page: %s%n", monitor, report.toUri());
      }
      if (alerting != null) {
        awaitAlerts(out, models, version, alerting);
      }
      if (keepServing || alerting != null) {
        out.println("serving the features and the metrics until Ctrl-C");
        out.flush();
        CountDownLatch stop = new CountDownLatch(1);
        // the hook waits for everything to close (Prometheus and Alertmanager stopped with it)
        Runtime.getRuntime().addShutdownHook(ServeCommand.shutdownHook(stop::countDown, closed));
        server.serveUntil(stop);
      }
    } finally {
      closed.countDown();
    }
    out.flush();
    return 0;
  }

  /** Two hours ending now (at the last 5 minutes), so freshness and alerts read as they do live. */
  private static Instant endingNow() {
    long now = Instant.now().getEpochSecond();
    return Instant.ofEpochSecond(now - now % 300).minus(DemoScenario.SPAN);
  }

  /**
   * Prometheus and Alertmanager beside the demo when asked for and installed, with the receiver
   * started for Alertmanager to call; null otherwise.
   */
  private LocalAlerting alerting(
      PrintWriter out, Path repo, int metricsPort, AlertReceiver receiver)
      throws IOException, InterruptedException {
    if (!withPrometheus) {
      return null;
    }
    Optional<Path[]> programs = LocalAlerting.installed();
    if (programs.isEmpty()) {
      out.println(
          "     --with-prometheus: prometheus and alertmanager are not both on the PATH (Debian:"
              + " apt install prometheus prometheus-alertmanager); going on without them");
      return null;
    }
    receiver.start();
    return LocalAlerting.start(
        programs.get(),
        Files.createDirectories(repo.resolve(".featurewatch/prometheus")),
        metricsPort,
        "http://127.0.0.1:" + receiver.port());
  }

  private static void printTags(PrintWriter out, Map<String, String> tags) {
    new TreeMap<>(tags)
        .forEach(
            (key, value) -> {
              if (key.startsWith("featurewatch.")) {
                out.printf("     %-40s %s%n", key, value);
              }
            });
    out.flush();
  }

  /**
   * Waits, up to 2 minutes, for the drift alerts to go from Prometheus through Alertmanager to the
   * receiver, and prints what it wrote.
   */
  private static void awaitAlerts(
      PrintWriter out, LocalModelRegistry models, String version, LocalAlerting alerting)
      throws InterruptedException {
    out.printf(
        "7. Prometheus evaluates featurewatch's alert rules every 5 s; watch them fire at %s"
            + " (Alertmanager) and %s/alerts (Prometheus)%n",
        alerting.alertmanager(), alerting.prometheus());
    out.flush();
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (System.nanoTime() < deadline) {
      Map<String, String> tags = models.version(DemoScenario.MODEL, version).tags();
      // each alert comes in its own notification: wait for the three drift alerts
      List<String> firing = List.of(tags.getOrDefault(AlertTags.FIRING, "").split(", "));
      if (DemoScenario.DRIFTING.stream()
          .allMatch(f -> firing.contains("FeatureDriftSustained." + f))) {
        out.printf(
            "   Alertmanager called featurewatch's receiver, which wrote to version %s:%n",
            version);
        Map<String, String> alerts = new TreeMap<>(tags);
        alerts
            .keySet()
            .removeIf(k -> !k.startsWith(AlertTags.PREFIX) && !k.equals(AlertTags.FIRING));
        printTags(out, alerts);
        return;
      }
      Thread.sleep(1_000);
    }
    out.println(
        "   the drift alerts did not all reach the receiver within 2 minutes: see the"
            + " Alertmanager UI");
    out.flush();
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

  /** Waits for a replay to end. */
  private static void awaitEnd(LocalJobs.Started started, String what)
      throws InterruptedException, ExecutionException {
    try {
      started.job().getJobExecutionResult().get();
    } catch (ExecutionException e) {
      throw new IllegalStateException(what + " failed: " + e.getCause(), e);
    }
  }

  private static void printWhereToLook(
      PrintWriter out, int port, Path repo, LocalAlerting alerting) {
    out.printf(
        "3. where to look, while it runs:%n"
            + "     features  curl -s -X POST http://localhost:%d/get-online-features -d"
            + " '{\"features\": [\"applicant_profile:income\", \"applicant_activity:applications_1h\"],"
            + " \"entities\": {\"applicant_id\": [10001, 10002]}}'%n"
            + "     metrics   http://localhost:%d/metrics  (featurewatch_feature_drifted,"
            + " featurewatch_performance, featurewatch_pipeline_events_total, ...)%n"
            + "     results   %s  (one JSON line per window)%n"
            + "     console   http://localhost:%d%s  (the registry and the model's health)%n",
        port, port, repo.resolve(".featurewatch/results"), port, Console.PATH);
    if (alerting != null) {
      out.printf(
          "     alerts    %s (Alertmanager), %s/alerts (Prometheus)%n",
          alerting.alertmanager(), alerting.prometheus());
    }
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

  /** A line a second: predictions a second, windows evaluated, what drifts now. */
  private static final class Progress implements Runnable {
    private final PrintWriter out;
    private long lastPredictions;

    Progress(PrintWriter out) {
      this.out = out;
    }

    @Override
    public void run() {
      MonitorMetrics metrics = JobMetrics.shared(MonitorMetrics.class, MonitorMetrics::new);
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
