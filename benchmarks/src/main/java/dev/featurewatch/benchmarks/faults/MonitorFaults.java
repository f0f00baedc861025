package dev.featurewatch.benchmarks.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.featurewatch.benchmarks.faults.OpenLoopRequests.Summary;
import dev.featurewatch.modelregistry.ModelRegistries;
import dev.featurewatch.modelregistry.ModelRegistry;
import dev.featurewatch.monitoring.result.MonitorOutput;
import dev.featurewatch.monitoring.result.MonitoringResult;
import dev.featurewatch.monitoring.result.PerformanceResult;
import dev.featurewatch.monitoring.result.ResultJson;
import dev.featurewatch.monitoring.writeback.MonitoringTags;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The monitoring job's faults, part of {@link StackFaults}: {@code featurewatch run monitors} on
 * the demo's loan predictions and late labels ({@code featurewatch demo --write-only}), read from
 * Kafka with the registry write-back to an MLflow of its own ({@link MlflowProcess}), while a
 * reference run on the same events writes back to a local registry and suffers nothing. The events
 * go to both runs' topics on an event clock 60 times real time (two hours in two minutes, a
 * five-minute window every 5 s). After 30 s MLflow is stopped for 30 s; later the MLflow run is
 * killed (SIGKILL) and started again at once. At the end both runs' results topics, read {@code
 * read_committed}, must hold the same drift results and complete performance results, each once,
 * and the MLflow version's tags must come to equal the reference version's.
 */
final class MonitorFaults {

  /** Where the lines of the report go. */
  interface Report {
    void line(String format, Object... arguments);
  }

  private static final Instant START = Instant.parse("2026-11-02T09:00:00Z");
  private static final String MODEL = "loan-default";
  private static final Pattern MONITORING = Pattern.compile("^monitoring ");
  private static final long SPEED = 60;
  // 24 windows of 5 minutes; the last stays open, no prediction comes after it
  private static final int CLOSED_WINDOWS = 23;
  private static final ObjectMapper JSON = new ObjectMapper();
  // drift scores, p-values and calibrated thresholds: from KLL sketches (see differentFields)
  private static final Set<String> FROM_SKETCHES =
      Set.of("score", "p_value", "adjusted_p_value", "threshold", "null_quantile");

  private final Path app;
  private final Path dir;
  private final String kafka;
  private final Path mlflowExecutable;

  MonitorFaults(Path app, Path dir, String kafka, Path mlflowExecutable) {
    this.app = app;
    this.dir = dir;
    this.kafka = kafka;
    this.mlflowExecutable = mlflowExecutable;
  }

  /** One run: its repository, topics' prefix and registry. */
  private record Run(Path repo, String prefix, ModelRegistry registry, String version) {

    String results() {
      return prefix + "results";
    }

    /**
     * The version's featurewatch tags; of the worst drift, the feature and method without the score
     * (see {@link #differentFields}).
     */
    Map<String, String> tags() {
      Map<String, String> tags = new TreeMap<>(registry.version(MODEL, version).tags());
      tags.keySet().removeIf(k -> !k.startsWith("featurewatch."));
      tags.computeIfPresent(MonitoringTags.WORST_DRIFT, (k, v) -> v.replaceAll("=.*", ""));
      return tags;
    }
  }

  void run(OpenLoopRequests load, Duration deadline, Report report) throws Exception {
    try (MlflowProcess mlflow =
        MlflowProcess.start(mlflowExecutable, dir.resolve("mlflow-server"))) {
      Run tested = prepare("tested", "fw-", mlflow.url().toString(), null);
      // the same baseline file: a KLL sketch's compaction is random, so two files written by
      // demo --write-only with one seed differ, and so do the drift scores against them
      Run reference =
          prepare(
              "reference",
              "ref-",
              dir.resolve("reference-models").toString(),
              tested.repo().resolve("baseline.json"));
      AppProcess testedJob = start(tested);
      AppProcess referenceJob = start(reference);
      try {
        Thread sender = send(tested.repo(), List.of(tested.prefix(), reference.prefix()));
        Thread.sleep(30_000);

        // MLflow down for 30 s
        long down = System.nanoTime();
        mlflow.stop();
        Thread.sleep(30_000);
        long starting = System.nanoTime();
        mlflow.restart();
        long back = System.nanoTime();
        Instant referenceLast = lastWindow(reference);
        long tagged = awaitNanos(() -> !lastWindow(tested).isBefore(referenceLast), 180);
        report.line(
            "MLflow stopped for %.1f s, then %.1f s to start: the tags caught up with the"
                + " reference's (last window %s) %.1f s after it answered; serving meanwhile: %s",
            (starting - down) / 1e9,
            (back - starting) / 1e9,
            referenceLast,
            (tagged - back) / 1e9,
            Summary.of(load.outcomes(), down, tagged, deadline));
        Thread.sleep(10_000);

        // run monitors killed and started again at once
        down = System.nanoTime();
        testedJob.kill();
        testedJob = start(tested);
        back = System.nanoTime();
        long caughtUp = awaitNanos(() -> windows(tested).size() >= windows(reference).size(), 180);
        report.line(
            "run monitors killed (SIGKILL) and started: down %.1f s; its committed windows caught"
                + " up with the reference's %.1f s after it started again; serving meanwhile: %s",
            (back - down) / 1e9,
            (caughtUp - back) / 1e9,
            Summary.of(load.outcomes(), down, caughtUp, deadline));

        sender.join();
        awaitNanos(
            () ->
                windows(tested).size() >= CLOSED_WINDOWS
                    && windows(reference).size() >= CLOSED_WINDOWS,
            240);
        Thread.sleep(5_000); // five more checkpoints: a result given twice would be committed
        compare(tested, reference, report);
        long end = System.nanoTime();
        Map<String, String> referenceTags = reference.tags();
        try {
          long equal = awaitNanos(() -> tested.tags().equals(referenceTags), 120);
          report.line(
              "tags: MLflow's equal the reference's %.1f s after the last window (%d tags)",
              (equal - end) / 1e9, referenceTags.size());
        } catch (IllegalStateException e) {
          report.line(
              "tags: MLflow's %s differ from the reference's %s", tested.tags(), referenceTags);
        }
      } finally {
        testedJob.close();
        referenceJob.close();
      }
    }
  }

  private Run prepare(String name, String prefix, String registry, Path baseline) throws Exception {
    Path repo = dir.resolve(name);
    AppProcess.run(
        app,
        dir.resolve(name + "-setup.log"),
        List.of("demo", "--write-only", "--dir", repo.toString(), "--start", START.toString()));
    if (baseline != null) {
      Files.copy(baseline, repo.resolve("baseline.json"), StandardCopyOption.REPLACE_EXISTING);
    }
    Path loans = repo.resolve("loans.yaml");
    Files.writeString(
        loans, Files.readString(loans).replace("topic: loan-", "topic: " + prefix + "loan-"));
    Files.writeString(
        repo.resolve("featurewatch.yaml"),
        String.join(
            "\n",
            "registry: .featurewatch/registry",
            "online_store: .featurewatch/online",
            "offline_store: .featurewatch/offline",
            "model_registry: " + registry,
            "streaming:",
            "  kafka: " + kafka,
            "  dead_letters: .featurewatch/dead-letters",
            "  checkpoint_interval_seconds: 1",
            ""));
    ModelRegistry models = ModelRegistries.open(registry);
    String version =
        models.createVersion(MODEL, "s3://featurewatch-bench/" + MODEL, null, null).version();
    models.setAlias(MODEL, "champion", version);
    models.attachBaseline(MODEL, version, Files.readAllBytes(repo.resolve("baseline.json")));
    AppProcess.run(
        app, dir.resolve(name + "-setup.log"), List.of("apply", "--repo", repo.toString()));
    StackFaults.createTopics(
        kafka, List.of(prefix + "loan-predictions", prefix + "loan-labels", prefix + "results"));
    return new Run(repo, prefix, models, version);
  }

  private AppProcess start(Run run) throws IOException, InterruptedException {
    return AppProcess.start(
        app,
        dir.resolve(run.repo().getFileName() + ".log"),
        MONITORING,
        List.of(
            "run",
            "monitors",
            "--repo",
            run.repo().toString(),
            "--results",
            "kafka:" + run.results(),
            "--parallelism",
            "2"));
  }

  /**
   * Sends the predictions and labels, merged in time order, to each prefix's topics (round robin
   * over the two partitions) when the event clock reaches them.
   */
  private Thread send(Path repo, List<String> prefixes) throws IOException {
    List<String[]> events = new ArrayList<>(); // {time, topic, json}
    for (String kind : List.of("predictions", "labels")) {
      for (String line : Files.readAllLines(repo.resolve("data/" + kind + ".jsonl"))) {
        String time = JSON.readTree(line).get("timestamp").asText();
        events.add(new String[] {time, "loan-" + kind, line});
      }
    }
    events.sort(Comparator.comparing(e -> Instant.parse(e[0])));
    Thread sender =
        new Thread(
            () -> {
              try (KafkaProducer<String, String> producer = producer()) {
                Map<String, Integer> sent = new HashMap<>();
                long start = System.nanoTime();
                for (String[] event : events) {
                  long due =
                      start + Duration.between(START, Instant.parse(event[0])).toNanos() / SPEED;
                  OpenLoopRequests.parkUntil(due);
                  for (String prefix : prefixes) {
                    String topic = prefix + event[1];
                    int i = sent.merge(topic, 1, Integer::sum);
                    producer.send(new ProducerRecord<>(topic, i % 2, null, event[2]));
                  }
                }
                producer.flush();
              }
            },
            "monitor events");
    sender.setDaemon(true);
    sender.start();
    return sender;
  }

  private KafkaProducer<String, String> producer() {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            kafka,
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.LINGER_MS_CONFIG,
            5),
        new StringSerializer(),
        new StringSerializer());
  }

  /** The drift windows of the {@code all} series committed so far, by end. */
  private List<String> windows(Run run) {
    return committed(run).stream()
        .filter(o -> o instanceof MonitoringResult && o.segment().equals("all"))
        .map(o -> ((MonitoringResult) o).windowEnd().toString())
        .distinct()
        .toList();
  }

  /** The last window end in a run's tags; the epoch when there is none or MLflow is down. */
  private static Instant lastWindow(Run run) {
    try {
      String last =
          run.registry().version(MODEL, run.version()).tags().get(MonitoringTags.LAST_WINDOW);
      return last == null ? Instant.EPOCH : Instant.parse(last);
    } catch (RuntimeException unavailable) {
      return Instant.EPOCH;
    }
  }

  /**
   * The drift results and complete performance results of each run by series and window, each
   * counted; partial performance reports depend on how labels and predictions interleave, so they
   * are left out.
   */
  private void compare(Run tested, Run reference, Report report) {
    Map<String, List<String>> found = byWindow(committed(tested));
    Map<String, List<String>> expected = byWindow(committed(reference));
    long lost = expected.keySet().stream().filter(k -> !found.containsKey(k)).count();
    long unexpected = found.keySet().stream().filter(k -> !expected.containsKey(k)).count();
    long doubled = found.values().stream().mapToLong(v -> v.size() - 1).sum();
    long referenceDoubled = expected.values().stream().mapToLong(v -> v.size() - 1).sum();
    List<String> different =
        expected.keySet().stream()
            .filter(
                k ->
                    found.containsKey(k)
                        && !differentFields(found.get(k).get(0), expected.get(k).get(0)).isEmpty())
            .toList();
    report.line(
        "monitor results (drift and complete performance, by series and window): reference %d,"
            + " MLflow run %d; lost %d, doubled %d (reference doubled %d), unexpected %d, other"
            + " values %d%s",
        expected.size(),
        found.size(),
        lost,
        doubled,
        referenceDoubled,
        unexpected,
        different.size(),
        different.isEmpty()
            ? ""
            : " e.g. "
                + different.get(0)
                + ": "
                + differentFields(
                    found.get(different.get(0)).get(0), expected.get(different.get(0)).get(0)));
  }

  /**
   * The fields in which two results' JSON differ, numbers compared to a relative 1e-9 (sums in
   * another order). The drift scores, p-values and calibrated thresholds are not compared, only the
   * verdicts they give: they come from KLL sketches, whose compaction coins come from one unseeded
   * generator, so two runs on the same events differ there (scores in the second significant digit
   * on this data; a KS or Wasserstein threshold within its simulation error, as {@code NullModel}
   * says: 0.16775 against 0.16801 for one feature of one segment).
   */
  static List<String> differentFields(String found, String expected) {
    try {
      List<String> fields = new ArrayList<>();
      differences("", JSON.readTree(found), JSON.readTree(expected), fields);
      return fields;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void differences(String path, JsonNode a, JsonNode b, List<String> fields) {
    if (a.isNumber() && b != null && b.isNumber()) {
      double x = a.asDouble();
      double y = b.asDouble();
      if (Math.abs(x - y) > 1e-9 * Math.max(Math.abs(x), Math.abs(y))) {
        fields.add(path + " " + a + " vs " + b);
      }
    } else if (a.isObject() && b != null && b.isObject()) {
      a.fieldNames()
          .forEachRemaining(
              f -> {
                if (!FROM_SKETCHES.contains(f)) {
                  differences(path + "." + f, a.get(f), b.get(f), fields);
                }
              });
    } else if (a.isArray() && b != null && b.isArray() && a.size() == b.size()) {
      for (int i = 0; i < a.size(); i++) {
        differences(path + "[" + i + "]", a.get(i), b.get(i), fields);
      }
    } else if (!a.equals(b)) {
      fields.add(path + " " + a + " vs " + b);
    }
  }

  private static Map<String, List<String>> byWindow(List<MonitorOutput> outputs) {
    Map<String, List<String>> byWindow = new TreeMap<>();
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
      byWindow.computeIfAbsent(key, k -> new ArrayList<>()).add(ResultJson.toJson(output));
    }
    return byWindow;
  }

  /** Every result committed on a run's results topic so far, read as readers must. */
  private List<MonitorOutput> committed(Run run) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID());
    List<MonitorOutput> outputs = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(run.results()).stream()
              .map(p -> new TopicPartition(run.results(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      // read_committed: the end offsets are the last stable offsets
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
        consumer
            .poll(Duration.ofMillis(200))
            .forEach(r -> outputs.add(ResultJson.fromJson(r.value())));
      }
    }
    return outputs;
  }

  /** When {@code condition} first held, polled every 500 ms for at most {@code seconds}. */
  private static long awaitNanos(BooleanSupplier condition, int seconds)
      throws InterruptedException {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    while (true) {
      boolean held;
      try {
        held = condition.getAsBoolean();
      } catch (RuntimeException notYet) {
        held = false;
      }
      if (held) {
        return System.nanoTime();
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("not within " + seconds + " s");
      }
      Thread.sleep(500);
    }
  }
}
