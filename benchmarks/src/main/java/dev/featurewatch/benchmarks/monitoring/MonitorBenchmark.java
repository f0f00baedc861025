package dev.featurewatch.benchmarks.monitoring;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.featurewatch.benchmarks.pipeline.KafkaBroker;
import dev.featurewatch.drift.baseline.BaselineFile;
import dev.featurewatch.drift.profile.MissingCounts;
import dev.featurewatch.drift.report.Baselines;
import dev.featurewatch.drift.report.CategoricalSample;
import dev.featurewatch.drift.report.NumericSample;
import dev.featurewatch.drift.report.Sample;
import dev.featurewatch.modelregistry.LocalModelRegistry;
import dev.featurewatch.monitoring.job.MonitorJob;
import dev.featurewatch.monitoring.metrics.MonitorMetrics;
import dev.featurewatch.store.definition.FeatureRepository;
import dev.featurewatch.store.repo.RepositoryReader;
import dev.featurewatch.streaming.job.LocalJobs;
import dev.featurewatch.streaming.metrics.JobMetrics;
import dev.featurewatch.streaming.source.EventSource;
import dev.featurewatch.streaming.source.EventSources;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.flink.api.common.typeinfo.BasicTypeInfo;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The monitoring job's benchmark of issue 5 section 6, on the embedded runtime at parallelism 2
 * (the code path of {@code featurewatch run monitors}): a monitor of 20 features (14 numeric, 6
 * categorical) in windows of 5,000 predictions, segmented by one feature of 3 values, against a
 * baseline of 50,000 training rows in the local model registry. Results and dead letters are
 * discarded (metrics are kept), so the figure is the job's own.
 *
 * <ul>
 *   <li>{@code memory}: prediction events generated as JSON text in the source itself (a generator
 *       source, as fast as the job takes them), {@code --events} of them, {@code --reps} times;
 *   <li>{@code kafka}: the same events loaded into a topic of two partitions of a broker in its own
 *       JVM ({@code KafkaBroker}), then read from the start;
 *   <li>{@code delay}: a live stream of {@code --rate} predictions a second with the current time
 *       as event time, 30-second windows and 5 s of lateness; at a random time {@code f3} shifts by
 *       one standard deviation, and the time until the job's {@code featurewatch_feature_drifted}
 *       gauge for it turns 1 is recorded, {@code --reps} times (the bound of issue 5: one window +
 *       10 s).
 * </ul>
 *
 * The rate is predictions counted where they are read, from the first to the last, over that time:
 * backpressure keeps the source within a few buffers of the slowest operator, so it is the
 * end-to-end rate.
 *
 * <pre>
 * java -Xms2g -Xmx2g -cp benchmarks/target/benchmarks.jar \
 *     dev.featurewatch.benchmarks.monitoring.MonitorBenchmark [--modes memory,kafka,delay]
 * </pre>
 */
public final class MonitorBenchmark {

  static final int FEATURES = 20;
  static final int NUMERIC = 14;
  private static final int PARALLELISM = 2;
  private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
  private static final String[] CATEGORIES = {"a", "b", "c", "d", "e"};
  private static final ObjectMapper JSON = new ObjectMapper();

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      options.put(args[i], args[i + 1]);
    }
    Path dir = Path.of(options.getOrDefault("--dir", "build/bench/monitor"));
    List<String> modes = List.of(options.getOrDefault("--modes", "memory,kafka,delay").split(","));
    long events = Long.parseLong(options.getOrDefault("--events", "3000000"));
    int reps = Integer.parseInt(options.getOrDefault("--reps", "3"));
    System.out.printf(
        "%d cores, max heap %d MiB; %d features a prediction, parallelism %d%n",
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20,
        FEATURES,
        PARALLELISM);
    if (modes.contains("memory")) {
      List<Double> rates = new ArrayList<>();
      for (int rep = 1; rep <= reps; rep++) {
        Path repo = repository(dir.resolve("memory-" + rep), "5m", 5_000);
        rates.add(run(repo, generated(events), events));
        System.out.printf(
            Locale.ROOT, "memory rep %d: %,.0f predictions/s%n", rep, rates.get(rep - 1));
      }
      summary("memory", rates);
    }
    if (modes.contains("kafka")) {
      try (KafkaBroker kafka =
          KafkaBroker.start(Files.createDirectories(dir).resolve("kafka.log"))) {
        load(kafka.bootstrapServers(), events);
        List<Double> rates = new ArrayList<>();
        for (int rep = 1; rep <= reps; rep++) {
          Path repo = repository(dir.resolve("kafka-" + rep), "5m", 5_000);
          FeatureRepository definitions = RepositoryReader.read(repo);
          // a new consumer group each run: read from the start
          EventSource source =
              EventSources.live(definitions, repo, kafka.bootstrapServers(), "bench-" + rep);
          rates.add(run(repo, source, events));
          System.out.printf(
              Locale.ROOT, "kafka rep %d: %,.0f predictions/s%n", rep, rates.get(rep - 1));
        }
        summary("kafka", rates);
      }
    }
    if (modes.contains("delay")) {
      List<Double> delays = new ArrayList<>();
      int rate = Integer.parseInt(options.getOrDefault("--rate", "5000"));
      for (int rep = 1; rep <= reps; rep++) {
        delays.add(delay(dir.resolve("delay-" + rep), rate, new SplittableRandom(rep)));
        System.out.printf(Locale.ROOT, "delay rep %d: %.1f s%n", rep, delays.get(rep - 1));
      }
      summary("delay (s)", delays);
    }
  }

  /** The monitoring job's metrics, which its operators record here: they run in this JVM. */
  private static MonitorMetrics metrics() {
    return JobMetrics.shared(MonitorMetrics.class, MonitorMetrics::new);
  }

  /** Runs the monitor over {@code source} until {@code events} were read; predictions a second. */
  private static double run(Path repo, EventSource source, long events) throws Exception {
    FeatureRepository definitions = RepositoryReader.read(repo);
    long before = metrics().predictionsRead();
    JobClient job =
        new LocalJobs(repo.resolve("checkpoints"), Duration.ofSeconds(10), PARALLELISM)
            .start(
                "monitor benchmark",
                env ->
                    MonitorJob.build(
                        env,
                        definitions,
                        definitions.modelMonitors(),
                        source,
                        new MonitorJob.Baselines(
                            repo.resolve("models").toString(), repo, Duration.ofSeconds(30), false),
                        Duration.ofSeconds(5),
                        new MonitorJob.Sinks(new Discard<>(), new Discard<>(), null)))
            .job();
    try {
      long first = 0;
      long counted = 0;
      while (counted < events) {
        Thread.sleep(10);
        counted = metrics().predictionsRead() - before;
        if (first == 0 && counted > 0) {
          first = System.nanoTime();
        }
        if (job.getJobExecutionResult().isDone()) {
          job.getJobExecutionResult().get(); // a failure surfaces here
        }
      }
      return counted / ((System.nanoTime() - first) / 1e9);
    } finally {
      job.cancel().get();
    }
  }

  /**
   * Events from memory: {@value #POOL} predictions made up front (an hour of event time), handed
   * out in turn by the source, so that what is measured is the job, not the making of JSON.
   */
  private static EventSource generated(long events) {
    return (env, source, watermarks) ->
        env.fromSource(
            new DataGeneratorSource<>(
                new Pool(), events, RateLimiterStrategy.noOp(), BasicTypeInfo.STRING_TYPE_INFO),
            watermarks,
            "predictions from memory");
  }

  static final int POOL = 100_000;

  /** The pool's prediction {@code i % POOL}. */
  private static final class Pool implements GeneratorFunction<Long, String> {
    private static final long serialVersionUID = 1L;
    private transient String[] events;

    @Override
    public String map(Long i) {
      if (events == null) {
        events = new String[POOL];
        for (int j = 0; j < POOL; j++) {
          events[j] = prediction(j, T0.plusMillis(36L * j), 0);
        }
      }
      return events[(int) (i % POOL)];
    }
  }

  static String prediction(long i, Instant at, double shift) {
    SplittableRandom random = new SplittableRandom(i);
    ObjectNode event = JSON.createObjectNode();
    event.put("prediction_id", "p" + i);
    event.put("model", "bench");
    event.put("model_version", "1");
    event.put("timestamp", at.toString());
    ObjectNode features = event.putObject("features");
    for (int f = 0; f < NUMERIC; f++) {
      features.put("f" + f, (f == 3 ? shift : 0) + random.nextGaussian());
    }
    for (int f = NUMERIC; f < FEATURES; f++) {
      features.put("f" + f, CATEGORIES[random.nextInt(CATEGORIES.length - (f == NUMERIC ? 2 : 0))]);
    }
    event.put("prediction", random.nextDouble());
    return event.toString();
  }

  /** The monitor's repository, with the baseline attached in its local model registry. */
  private static Path repository(Path repo, String size, int predictions) throws IOException {
    Files.createDirectories(repo);
    StringBuilder features = new StringBuilder();
    for (int f = 0; f < FEATURES; f++) {
      features.append(
          String.format(
              "          - {name: f%d, type: %s}%n", f, f < NUMERIC ? "double" : "string"));
    }
    Files.writeString(
        repo.resolve("monitor.yaml"),
        """
        sources:
          - {name: predictions, kind: kafka, topic: bench-predictions, timestamp_field: timestamp}
        model_monitors:
          - name: bench
            model: bench
            version: 1
            source: predictions
            features:
        %s
            prediction: {kind: binary_probability}
            window: {size: %s%s}
            segments:
              - {feature: f%d, values: [a, b]}
        """
            .formatted(
                features.toString().stripTrailing(),
                size,
                predictions > 0 ? ", predictions: " + predictions : "",
                NUMERIC));
    LocalModelRegistry registry = new LocalModelRegistry(repo.resolve("models"));
    String version = registry.createVersion("bench").version();
    registry.attachBaseline("bench", version, baseline());
    return repo;
  }

  private static byte[] baseline() throws IOException {
    int n = 50_000;
    SplittableRandom random = new SplittableRandom(99);
    List<Sample> samples = new ArrayList<>();
    for (int f = 0; f < NUMERIC; f++) {
      double[] values = new double[n];
      Arrays.setAll(values, i -> random.nextGaussian());
      samples.add(new NumericSample("f" + f, values, MissingCounts.NONE, 0));
    }
    for (int f = NUMERIC; f < FEATURES; f++) {
      Map<String, Long> counts = new HashMap<>();
      int categories = CATEGORIES.length - (f == NUMERIC ? 2 : 0);
      for (int i = 0; i < n; i++) {
        counts.merge(CATEGORIES[random.nextInt(categories)], 1L, Long::sum);
      }
      samples.add(new CategoricalSample("f" + f, counts, 0));
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BaselineFile.write(Baselines.fromSamples(samples, n, 10, "bench", T0), bytes);
    return bytes.toByteArray();
  }

  private static void load(String brokers, long events) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers))) {
      admin.createTopics(List.of(new NewTopic("bench-predictions", 2, (short) 1))).all().get();
    }
    long start = System.nanoTime();
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                brokers,
                ProducerConfig.LINGER_MS_CONFIG,
                20,
                ProducerConfig.BATCH_SIZE_CONFIG,
                1 << 18),
            new StringSerializer(),
            new StringSerializer())) {
      for (long i = 0; i < events; i++) {
        producer.send(
            new ProducerRecord<>(
                "bench-predictions", (int) (i % 2), null, prediction(i, T0.plusMillis(i), 0)));
      }
      producer.flush();
    }
    System.out.printf(
        Locale.ROOT,
        "kafka: loaded %,d predictions in %.1f s%n",
        events,
        (System.nanoTime() - start) / 1e9);
  }

  /**
   * Seconds from the start of a 1-sd shift of {@code f3} in a live stream to the drifted gauge
   * turning 1: 30-second windows, the shift at a random point of a window after a minute.
   */
  private static double delay(Path dir, int rate, SplittableRandom random) throws Exception {
    Path repo = repository(dir, "30s", 0);
    FeatureRepository definitions = RepositoryReader.read(repo);
    long startMillis = System.currentTimeMillis();
    long shiftAtMillis = startMillis + 60_000 + random.nextLong(30_000);
    EventSource live =
        (env, source, watermarks) ->
            env.fromSource(
                new DataGeneratorSource<>(
                    new LiveEvents(startMillis, rate, shiftAtMillis),
                    Long.MAX_VALUE,
                    RateLimiterStrategy.perSecond(rate),
                    BasicTypeInfo.STRING_TYPE_INFO),
                watermarks,
                "live predictions");
    JobClient job =
        new LocalJobs(repo.resolve("checkpoints"), Duration.ofSeconds(10), PARALLELISM)
            .start(
                "monitor delay",
                env ->
                    MonitorJob.build(
                        env,
                        definitions,
                        definitions.modelMonitors(),
                        live,
                        new MonitorJob.Baselines(
                            repo.resolve("models").toString(), repo, Duration.ofSeconds(30), false),
                        Duration.ofSeconds(5),
                        new MonitorJob.Sinks(new Discard<>(), new Discard<>(), null)))
            .job();
    try {
      while (!metrics().driftedNow("bench").contains("f3")
          || System.currentTimeMillis() < shiftAtMillis) {
        Thread.sleep(50);
        if (System.currentTimeMillis() > shiftAtMillis + 120_000) {
          throw new IllegalStateException("no drift seen 2 minutes after the shift");
        }
      }
      return (System.currentTimeMillis() - shiftAtMillis) / 1e3;
    } finally {
      job.cancel().get();
    }
  }

  /** Live predictions: event time the wall clock, {@code f3} shifted from {@code shiftAt} on. */
  private record LiveEvents(long startMillis, int rate, long shiftAtMillis)
      implements GeneratorFunction<Long, String> {
    @Override
    public String map(Long i) {
      long now = System.currentTimeMillis();
      return prediction(i, Instant.ofEpochMilli(now), now >= shiftAtMillis ? 1 : 0);
    }
  }

  private static void summary(String what, List<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    System.out.printf(
        Locale.ROOT,
        "%s: median %,.1f, min %,.1f, max %,.1f over %d runs%n",
        what,
        sorted[sorted.length / 2],
        sorted[0],
        sorted[sorted.length - 1],
        sorted.length);
  }

  /** Drops everything. */
  private static final class Discard<T> implements Sink<T> {
    private static final long serialVersionUID = 1L;

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
      return new SinkWriter<>() {
        @Override
        public void write(T element, Context context) {}

        @Override
        public void flush(boolean endOfInput) {}

        @Override
        public void close() {}
      };
    }
  }

  private MonitorBenchmark() {}
}
