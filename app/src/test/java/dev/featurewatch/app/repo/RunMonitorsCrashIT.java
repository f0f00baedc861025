package dev.featurewatch.app.repo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featurewatch.app.Cli;
import dev.featurewatch.app.demo.DemoScenario;
import dev.featurewatch.modelregistry.LocalModelRegistry;
import dev.featurewatch.monitoring.result.MonitorOutput;
import dev.featurewatch.monitoring.result.MonitoringResult;
import dev.featurewatch.monitoring.result.PerformanceResult;
import dev.featurewatch.monitoring.result.ResultJson;
import dev.featurewatch.streaming.job.LocalJobs;
import dev.featurewatch.testing.KafkaFixture;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crash of the monitoring job for real: {@code featurewatch run monitors} on the demo's loan
 * predictions and labels, from Kafka to a results topic, is killed with SIGKILL (no shutdown hook,
 * transactions left open) after a checkpoint, and started again; the rest of the stream follows.
 * Read as its readers must ({@code read_committed}), the results topic then holds every closed
 * window's drift results (every series) and complete performance once, equal to those of a run on
 * the same events and baseline that was never killed, and the model version's tags are that run's.
 *
 * <p>What "equal" leaves out: the numbers the job computes from a window's quantile sketch (a
 * feature's or the prediction's score, its p-values, a threshold calibrated on it). KLL sketches
 * are randomized (DataSketches draws from one unseeded generator per JVM), so two runs that are
 * never killed differ there too, within the sketch's error, and a verdict whose statistic sits at
 * its threshold can turn. So the all series, whose verdicts the tags carry, is compared on its
 * verdicts, counts, shares, estimated performance and runs of drifted windows; the segments, whose
 * windows hold a quarter of the predictions and sit near their thresholds more often (one turned in
 * a clean-clone run), on everything but their verdicts; numbers to a relative 1e-9 (sums over two
 * subtasks may add in another order).
 *
 * <p>The counters are the restarted process's own: Prometheus counters start from zero with a
 * process, and what the killed one counted after its last checkpoint is counted again (see
 * RELIABILITY.md). The gauges of the last window are the uninterrupted run's.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class RunMonitorsCrashIT {

  private static final Instant START = Instant.parse("2026-11-02T09:00:00Z");
  private static final Pattern RUNNING = Pattern.compile("^monitoring \\[");
  // 24 windows of 5 minutes; the last stays open, no prediction comes after it
  private static final int CLOSED_WINDOWS = 23;
  // computed from a window's randomized quantile sketch: see the class comment; with the verdict
  // before the false-discovery control, as random as its p-value (a borderline one turned)
  private static final List<String> FROM_SKETCHES =
      List.of("score", "p_value", "adjusted_p_value", "threshold", "null_quantile", "raw_verdict");
  // a segment's window holds a quarter of the predictions, so its statistics sit near their
  // thresholds more often, and a sketch's random compaction can turn a verdict there in any two
  // runs: segments are compared on their data (counts, shares, performance), the all series, whose
  // verdicts the tags carry, on its verdicts too
  private static final List<String> SEGMENT_VERDICTS =
      List.of("verdict", "drifted_windows", "reason");
  private static final List<String> SEGMENT_STATUS = List.of("status", "drifted_features");
  private static final List<String> LAST_WINDOW_GAUGES =
      List.of(
          "featurewatch_window_end_timestamp_seconds",
          "featurewatch_window_predictions",
          "featurewatch_drifted_features");
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension static final KafkaFixture KAFKA = new KafkaFixture();

  @TempDir Path work;

  @Test
  void killedMidStreamAndStartedAgainItsResultsAndTagsAreAnUninterruptedRunsOnce()
      throws Exception {
    // one scenario for both runs: its baseline's sketches are randomized, so each write differs
    Path scenario = work.resolve("scenario");
    DemoScenario.write(scenario, 7, START);

    Run reference = Run.prepare(work.resolve("reference"), "reference-", scenario);
    reference.sendAll(0, 1);
    Map<String, Double> referenceMetrics;
    try (Monitors run = reference.start()) {
      reference.awaitEveryWindowAndTwoCheckpoints(run);
      referenceMetrics = run.metrics();
      assertThat(run.terminate()).isEqualTo(143);
      assertThat(run.output()).as("an uninterrupted run").doesNotContain("to FAILED");
    }

    Run crashed = Run.prepare(work.resolve("crashed"), "crashed-", scenario);
    crashed.sendAll(0, 2);
    try (Monitors first = crashed.start()) {
      // windows given and committed, and the next ones in flight: kill it then
      await(
          () -> crashed.latestCheckpoint().isPresent() && crashed.allSeriesWindows() > 0,
          () -> "a committed result");
      first.kill();
    }
    long committedAtKill = crashed.allSeriesWindows();
    crashed.sendAll(1, 2);
    Map<String, Double> restartedMetrics;
    try (Monitors second = crashed.start()) {
      crashed.awaitEveryWindowAndTwoCheckpoints(second);
      restartedMetrics = second.metrics();
      assertThat(second.terminate()).isEqualTo(143);
    }

    Map<String, JsonNode> expected = once(reference.committed());
    Map<String, JsonNode> found = once(crashed.committed());
    assertThat(found.keySet()).isEqualTo(expected.keySet());
    assertThat(expected.keySet().stream().filter(k -> k.startsWith("drift")))
        .hasSize(CLOSED_WINDOWS * 5); // the all series and four regions
    expected.forEach((key, json) -> assertSame(key, found.get(key), json));
    assertThat(crashed.tags()).isEqualTo(reference.tags());

    // the last window's gauges are the uninterrupted run's; the counters count this process's
    // windows: none committed before the kill, at least one
    restartedMetrics.forEach(
        (series, value) -> {
          if (LAST_WINDOW_GAUGES.stream().anyMatch(series::startsWith)) {
            assertThat(value).as(series).isEqualTo(referenceMetrics.get(series));
          }
        });
    String allWindows =
        "featurewatch_monitor_windows_total{model=\"loan-default\",model_version=\"1\","
            + "segment=\"all\"}";
    assertThat(referenceMetrics.get(allWindows)).isEqualTo((double) CLOSED_WINDOWS);
    assertThat(restartedMetrics.get(allWindows))
        .isBetween(1.0, (double) (CLOSED_WINDOWS - committedAtKill));
  }

  /**
   * The drift results and the complete performance by kind, series and window end, each key
   * asserted to come once; partial performance reports depend on how labels and predictions
   * interleave, so they are left out.
   */
  private static Map<String, JsonNode> once(List<MonitorOutput> outputs) throws Exception {
    Map<String, JsonNode> byWindow = new TreeMap<>();
    for (MonitorOutput output : outputs) {
      String kind;
      Instant end;
      if (output instanceof MonitoringResult drift) {
        kind = "drift";
        end = drift.windowEnd();
      } else if (output instanceof PerformanceResult performance && performance.complete()) {
        kind = "performance";
        end = performance.windowEnd();
      } else {
        continue;
      }
      String key =
          String.join(
              " ", kind, output.monitor(), output.modelVersion(), output.segment(), end.toString());
      JsonNode before = byWindow.put(key, withoutSketchNumbers(ResultJson.toJson(output)));
      assertThat(before).as("a second result of " + key).isNull();
    }
    return byWindow;
  }

  private static JsonNode withoutSketchNumbers(String json) throws Exception {
    JsonNode tree = JSON.readTree(json);
    boolean segment = !"all".equals(tree.path("segment").asText());
    List<JsonNode> compared = new ArrayList<>();
    tree.path("features").forEach(compared::add);
    compared.add(tree.path("prediction"));
    compared.add(tree.path("multivariate"));
    for (JsonNode node : compared) {
      if (node instanceof ObjectNode object) {
        object.remove(FROM_SKETCHES);
        if (segment) {
          object.remove(SEGMENT_VERDICTS);
        }
      }
    }
    if (segment
        && tree instanceof ObjectNode object
        && "drift".equals(object.path("type").asText())) {
      object.remove(SEGMENT_STATUS);
    }
    return tree;
  }

  /** Equal trees, numbers to a relative 1e-9. */
  private static void assertSame(String path, JsonNode found, JsonNode expected) {
    if (expected.isNumber() && found != null && found.isNumber()) {
      double e = expected.doubleValue();
      double f = found.doubleValue();
      assertThat(Math.abs(f - e)).as(path).isLessThanOrEqualTo(1e-9 * Math.abs(e));
    } else if (expected.isContainerNode() && found != null && found.isContainerNode()) {
      assertThat(found.size()).as(path).isEqualTo(expected.size());
      if (expected.isArray()) {
        for (int i = 0; i < expected.size(); i++) {
          assertSame(path + "[" + i + "]", found.get(i), expected.get(i));
        }
      } else {
        for (Iterator<String> names = expected.fieldNames(); names.hasNext(); ) {
          String name = names.next();
          assertSame(path + "." + name, found.get(name), expected.get(name));
        }
      }
    } else {
      assertThat(found).as(path).isEqualTo(expected);
    }
  }

  /** One repository with its own topics, registry and checkpoints. */
  private record Run(Path repo, String topics, LocalModelRegistry registry, String version) {

    static Run prepare(Path repo, String topics, Path scenario) throws Exception {
      try (Stream<Path> files = Files.walk(scenario)) {
        for (Path file : files.filter(Files::isRegularFile).toList()) {
          Path copy = repo.resolve(scenario.relativize(file).toString());
          Files.createDirectories(copy.getParent());
          Files.copy(file, copy);
        }
      }
      try (InputStream loans = DemoScenario.class.getResourceAsStream("loans.yaml")) {
        String yaml = new String(loans.readAllBytes(), StandardCharsets.UTF_8);
        Files.writeString(
            repo.resolve("loans.yaml"), yaml.replace("topic: loan-", "topic: " + topics + "loan-"));
      }
      Path models = repo.resolve("models").toAbsolutePath();
      Files.writeString(
          repo.resolve("featurewatch.yaml"),
          String.join(
              "\n",
              "model_registry: " + models,
              "streaming:",
              "  kafka: " + KAFKA.bootstrapServers(),
              "  dead_letters: kafka:" + topics + "dead-letters",
              "  checkpoint_interval_seconds: 1",
              ""));
      LocalModelRegistry registry = new LocalModelRegistry(models);
      String version = registry.createVersion(DemoScenario.MODEL).version();
      registry.setAlias(DemoScenario.MODEL, "champion", version);
      registry.attachBaseline(
          DemoScenario.MODEL, version, Files.readAllBytes(repo.resolve("baseline.json")));
      assertThat(Cli.run("apply", "--repo", repo.toString()).exitCode()).isZero();
      for (String topic : List.of("loan-predictions", "loan-labels", "results", "dead-letters")) {
        KAFKA.createTopic(topics + topic, 2);
      }
      return new Run(repo, topics, registry, version);
    }

    /** Sends part {@code part} of {@code parts} of the predictions and of the labels, in order. */
    void sendAll(int part, int parts) throws Exception {
      send("loan-predictions", repo.resolve("data/predictions.jsonl"), part, parts);
      send("loan-labels", repo.resolve("data/labels.jsonl"), part, parts);
    }

    private void send(String topic, Path lines, int part, int parts) throws Exception {
      List<String> events = Files.readAllLines(lines);
      int from = events.size() * part / parts;
      int to = events.size() * (part + 1) / parts;
      List<ProducerRecord<String, String>> records = new ArrayList<>();
      for (int i = from; i < to; i++) {
        records.add(new ProducerRecord<>(topics + topic, i % 2, null, events.get(i)));
      }
      KAFKA.send(records);
    }

    Monitors start() throws Exception {
      int port;
      try (ServerSocket socket = new ServerSocket(0)) {
        port = socket.getLocalPort();
      }
      return new Monitors(
          CommandProcess.start(
              Map.of(),
              RUNNING,
              "run",
              "monitors",
              "--repo",
              repo.toString(),
              "--results",
              "kafka:" + topics + "results",
              "--parallelism",
              "2",
              "--metrics-port",
              Integer.toString(port)),
          port);
    }

    /** Every result committed so far, read as readers must: read_committed. */
    List<MonitorOutput> committed() {
      return KAFKA.readCommitted(topics + "results").stream().map(ResultJson::fromJson).toList();
    }

    long allSeriesWindows() {
      return committed().stream()
          .filter(o -> o instanceof MonitoringResult && o.segment().equals("all"))
          .count();
    }

    /**
     * Waits until the {@code all} series has its closed windows committed, then for two more
     * checkpoints: a result given twice would be committed by then.
     */
    void awaitEveryWindowAndTwoCheckpoints(Monitors run) throws InterruptedException {
      await(
          () -> allSeriesWindows() >= CLOSED_WINDOWS,
          () -> "every closed window of the all series committed\n" + run.output());
      Optional<Path> complete = latestCheckpoint();
      for (int i = 0; i < 2; i++) {
        Optional<Path> before = complete;
        await(() -> !latestCheckpoint().equals(before), () -> "a checkpoint");
        complete = latestCheckpoint();
      }
    }

    Optional<Path> latestCheckpoint() {
      // the job deletes older checkpoints meanwhile: a walk that meets one going starts again
      for (int attempt = 1; ; attempt++) {
        try {
          return LocalJobs.latestCheckpoint(repo.resolve(".featurewatch/checkpoints/monitors"));
        } catch (UncheckedIOException e) {
          if (attempt == 10) {
            throw e;
          }
        }
      }
    }

    /**
     * The version's monitoring tags; of the worst drift, its feature and method (its score and
     * p-value come from the window's sketch).
     */
    Map<String, String> tags() {
      Map<String, String> tags =
          new TreeMap<>(registry.version(DemoScenario.MODEL, version).tags());
      tags.keySet().removeIf(k -> !k.startsWith("featurewatch."));
      tags.computeIfPresent("featurewatch.worst_drift", (k, v) -> v.replaceAll("=.*", ""));
      return tags;
    }
  }

  /** {@code run monitors} with its metrics endpoint. */
  private record Monitors(CommandProcess process, int metricsPort) implements AutoCloseable {
    private static final Pattern SAMPLE = Pattern.compile("^(featurewatch_\\S+) (\\S+)$");

    /** Every featurewatch sample it serves now, by series. */
    Map<String, Double> metrics() throws Exception {
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://localhost:" + metricsPort + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      Map<String, Double> samples = new TreeMap<>();
      response
          .body()
          .lines()
          .map(SAMPLE::matcher)
          .filter(Matcher::matches)
          .forEach(m -> samples.put(m.group(1), Double.parseDouble(m.group(2))));
      return samples;
    }

    String output() {
      return process.output();
    }

    int terminate() throws InterruptedException {
      return process.terminate();
    }

    void kill() throws InterruptedException {
      process.kill();
    }

    @Override
    public void close() {
      process.close();
    }
  }

  private static void await(BooleanSupplier condition, Supplier<String> what)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no " + what.get() + " within 3 minutes");
      }
      Thread.sleep(200);
    }
  }
}
