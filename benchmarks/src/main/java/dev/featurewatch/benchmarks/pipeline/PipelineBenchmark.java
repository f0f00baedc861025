package dev.featurewatch.benchmarks.pipeline;

import dev.featurewatch.store.definition.DataSource;
import dev.featurewatch.store.definition.FeatureRepository;
import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.online.OnlineStore;
import dev.featurewatch.store.online.OnlineValue;
import dev.featurewatch.store.online.factory.OnlineStores;
import dev.featurewatch.store.pipeline.PipelineMetrics;
import dev.featurewatch.store.pipeline.event.EventReader;
import dev.featurewatch.store.pipeline.job.FeatureJob;
import dev.featurewatch.store.pipeline.job.LocalPipeline;
import dev.featurewatch.store.pipeline.job.Outputs;
import dev.featurewatch.store.pipeline.job.ReadEvents;
import dev.featurewatch.store.pipeline.serde.Types;
import dev.featurewatch.store.repo.RepositoryReader;
import dev.featurewatch.store.row.EntityKey;
import dev.featurewatch.streaming.metrics.JobMetrics;
import dev.featurewatch.streaming.source.EventSource;
import dev.featurewatch.streaming.source.EventSources;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.BasicTypeInfo;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The feature pipeline benchmark of issue 4 section 5, on the example repository's {@code
 * driver_trip_stats} view: six aggregations (count, mean, max, sum, approximate distinct count,
 * last) of trip events over a one-hour window sliding every five minutes, read from Kafka (a broker
 * in its own JVM, {@link KafkaBroker}) and written to Redis and the offline store by the embedded
 * runtime ({@link LocalPipeline}, a MiniCluster at parallelism 2, checkpoints every 10 s), the same
 * code path as {@code featurewatch run features}.
 *
 * <p><b>Throughput</b>: {@code --events} trips of {@code --drivers} drivers spread over {@code
 * --hours} of event time (up to 20 s out of order, inside the view's 30 s) are loaded into a topic
 * of two partitions, then each stage reads all of them from the start, {@code --reps} times,
 * interleaved; the rate is events over the time from the first to the last event counted at the
 * source (after start-up, whose few seconds are not the pipeline's rate). Backpressure keeps the
 * source within a few network buffers of the slowest operator, so this is the end-to-end rate. The
 * stages show where the time goes: {@code source} (Kafka to strings only), {@code read} (plus the
 * event time read at the source for per-partition watermarks, then JSON parsing and checks), {@code
 * aggregate} (plus the key shuffle and the windowed state, rows discarded), {@code all} (plus the
 * Redis and offline sinks: the real job).
 *
 * <p><b>Freshness</b>: the view patched to a one-minute window sliding every five seconds with no
 * out-of-orderness (so that a run sees many windows close; the out-of-orderness a view allows adds
 * to its freshness by design), a live stream of {@code --rate} events a second with the current
 * time as event time, open loop, and an observer that reads 100 drivers' rows from Redis every 10
 * ms as a serving client would: each new row's freshness is when it was first seen minus its event
 * time (the window's end). After {@code --warm-up} seconds, {@code --reps} periods of {@code
 * --measure} seconds are recorded, each giving percentiles.
 *
 * <pre>
 * java -Xms2g -Xmx2g -cp benchmarks/target/benchmarks.jar \
 *     dev.featurewatch.benchmarks.pipeline.PipelineBenchmark --redis redis://127.0.0.1:6379/9
 * </pre>
 *
 * Options (defaults in brackets): {@code --redis} URL with a database number, which is emptied
 * (required), {@code --dir} [build/bench/pipeline], {@code --repo} [examples/feature_repo], {@code
 * --modes} [throughput,freshness], {@code --stages} [source,read,aggregate,all], {@code --events}
 * [3000000], {@code --drivers} [2000], {@code --hours} [6], {@code --reps} [3], {@code --rate}
 * [10000], {@code --freshness-drivers} [10000], {@code --warm-up} seconds [30], {@code --measure}
 * seconds [60].
 */
public final class PipelineBenchmark {

  private static final String VIEW = "driver_trip_stats";
  private static final String LIVE_TOPIC = "driver-trips-live";
  private static final Instant EPOCH = Instant.parse("2026-11-01T00:00:00Z");
  private static final int PARALLELISM = 2;
  private static final Duration CHECKPOINTS = Duration.ofSeconds(10);
  private static final int OBSERVED_DRIVERS = 100;
  // events counted where they leave the source; static: the MiniCluster runs in this JVM
  private static final LongAdder COUNTED = new LongAdder();

  enum Stage {
    SOURCE,
    READ,
    AGGREGATE,
    ALL
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = options(args);
    String redis = options.get("--redis");
    if (redis == null || !redis.matches("redis://.+/\\d+")) {
      throw new IllegalArgumentException(
          "--redis redis://HOST:PORT/DB is required: the database DB is emptied before each run");
    }
    Path dir = Path.of(options.getOrDefault("--dir", "build/bench/pipeline"));
    Path example = Path.of(options.getOrDefault("--repo", "examples/feature_repo"));
    List<String> modes = list(options.getOrDefault("--modes", "throughput,freshness"));
    Files.createDirectories(dir);
    deleteRecursively(dir.resolve("runs"));
    try (KafkaBroker kafka = KafkaBroker.start(dir.resolve("kafka.log"))) {
      System.out.printf(
          "Kafka broker at %s; %d cores, max heap %d MiB%n",
          kafka.bootstrapServers(),
          Runtime.getRuntime().availableProcessors(),
          Runtime.getRuntime().maxMemory() >> 20);
      if (modes.contains("throughput")) {
        throughput(
            redis,
            dir,
            example,
            kafka.bootstrapServers(),
            list(options.getOrDefault("--stages", "source,read,aggregate,all")).stream()
                .map(s -> Stage.valueOf(s.toUpperCase(Locale.ROOT)))
                .toList(),
            Long.parseLong(options.getOrDefault("--events", "3000000")),
            Integer.parseInt(options.getOrDefault("--drivers", "2000")),
            Integer.parseInt(options.getOrDefault("--hours", "6")),
            Integer.parseInt(options.getOrDefault("--reps", "3")));
      }
      if (modes.contains("freshness")) {
        freshness(
            redis,
            dir,
            example,
            kafka.bootstrapServers(),
            Integer.parseInt(options.getOrDefault("--rate", "10000")),
            Integer.parseInt(options.getOrDefault("--freshness-drivers", "10000")),
            Duration.ofSeconds(Long.parseLong(options.getOrDefault("--warm-up", "30"))),
            Duration.ofSeconds(Long.parseLong(options.getOrDefault("--measure", "60"))),
            Integer.parseInt(options.getOrDefault("--reps", "3")));
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Throughput
  // ---------------------------------------------------------------------------------------------

  private static void throughput(
      String redis,
      Path dir,
      Path example,
      String brokers,
      List<Stage> stages,
      long events,
      int drivers,
      int hours,
      int reps)
      throws Exception {
    Path repo = copyRepository(example, dir.resolve("repo-throughput"));
    FeatureRepository definitions = RepositoryReader.read(repo);
    FeatureView view = definitions.featureView(VIEW).orElseThrow();
    String topic = kafkaTopic(definitions, view);
    createTopic(brokers, topic);
    long loadStart = System.nanoTime();
    load(brokers, topic, events, drivers, Duration.ofHours(hours));
    System.out.printf(
        "throughput: loaded %,d trips of %,d drivers over %d h of event time into '%s' in %.1f s%n",
        events, drivers, hours, topic, seconds(System.nanoTime() - loadStart));

    // the pipeline's operators run in this JVM and count here
    PipelineMetrics metrics = JobMetrics.shared(PipelineMetrics.class, PipelineMetrics::new);
    Map<Stage, List<Double>> rates = new HashMap<>();
    for (int rep = 1; rep <= reps; rep++) {
      for (Stage stage : stages) {
        // a folder per run: a stopped MiniCluster may still be deleting the last run's checkpoints
        Path work = dir.resolve("runs").resolve(rep + "-" + stage.name().toLowerCase(Locale.ROOT));
        resetConsumerGroup(brokers);
        flushDatabase(redis);
        long rowsBefore = metrics.rowsWritten(VIEW, "online");
        double rate = consumeAll(stage, definitions, view, repo, brokers, redis, work, events);
        long rows = metrics.rowsWritten(VIEW, "online") - rowsBefore;
        rates.computeIfAbsent(stage, s -> new ArrayList<>()).add(rate);
        System.out.printf(
            "throughput rep %d %-9s %,10.0f events/s%s%n",
            rep,
            stage.name().toLowerCase(Locale.ROOT),
            rate,
            stage == Stage.ALL ? String.format(" (%,d rows written to Redis)", rows) : "");
      }
    }
    System.out.println("\nthroughput summary (events a second; median, min - max):");
    for (Stage stage : stages) {
      double[] sorted =
          rates.get(stage).stream().mapToDouble(Double::doubleValue).sorted().toArray();
      System.out.printf(
          "  %-9s %,10.0f  (%,.0f - %,.0f)  %.2f us/event%n",
          stage.name().toLowerCase(Locale.ROOT),
          sorted[sorted.length / 2],
          sorted[0],
          sorted[sorted.length - 1],
          1e6 / sorted[sorted.length / 2]);
    }
  }

  /** Trips in event-time order, give or take 20 s, keyed by driver, as a trips topic holds them. */
  private static void load(String brokers, String topic, long events, int drivers, Duration span) {
    TripEvents trips = new TripEvents(42, drivers);
    double stepMillis = (double) span.toMillis() / events;
    try (KafkaProducer<String, String> producer = producer(brokers)) {
      for (long i = 0; i < events; i++) {
        long driver = trips.nextDriver();
        Instant time = EPOCH.plusMillis((long) (i * stepMillis) - trips.jitterMillis(20_000));
        producer.send(new ProducerRecord<>(topic, Long.toString(driver), trips.trip(driver, time)));
      }
      producer.flush();
    }
  }

  /** Runs {@code stage} until its source counted {@code events}; returns events a second. */
  private static double consumeAll(
      Stage stage,
      FeatureRepository definitions,
      FeatureView view,
      Path repo,
      String brokers,
      String redis,
      Path work,
      long events)
      throws Exception {
    COUNTED.reset();
    JobClient job = start(stage, definitions, view, repo, brokers, redis, work);
    try {
      long first = 0;
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
      while (true) {
        long counted = COUNTED.sum();
        long now = System.nanoTime();
        if (first == 0 && counted > 0) {
          first = now;
        }
        if (counted >= events) {
          return events / seconds(now - first);
        }
        if (now > deadline || job.getJobExecutionResult().isDone()) {
          throw new IllegalStateException(
              stage + ": " + counted + " of " + events + " events in 10 minutes, or the job ended");
        }
        Thread.sleep(10);
      }
    } finally {
      stop(job);
    }
  }

  private static JobClient start(
      Stage stage,
      FeatureRepository definitions,
      FeatureView view,
      Path repo,
      String brokers,
      String redis,
      Path work)
      throws Exception {
    EventSource counted = counted(EventSources.live(definitions, repo, brokers));
    if (stage == Stage.ALL) {
      return pipeline(redis, brokers, work).start(definitions, List.of(view), counted).job();
    }
    // the same settings as LocalPipeline, other sinks
    Configuration conf = new Configuration();
    conf.set(StateBackendOptions.STATE_BACKEND, "hashmap");
    conf.set(
        CheckpointingOptions.CHECKPOINTS_DIRECTORY, work.resolve("checkpoints").toUri().toString());
    conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, CHECKPOINTS);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(conf);
    env.setParallelism(PARALLELISM);
    DataSource source = definitions.source(view.source()).orElseThrow();
    WatermarkStrategy<String> watermarks = FeatureJob.watermarks(source, List.of(view));
    switch (stage) {
      case SOURCE ->
          counted
              .events(env, source, WatermarkStrategy.noWatermarks())
              .sinkTo(new DiscardingSink<>());
      case READ ->
          counted
              .events(env, source, watermarks)
              .process(
                  new ReadEvents(source.name(), view.name(), EventReader.of(definitions, view)),
                  Types.VIEW_EVENT)
              .sinkTo(new DiscardingSink<>());
      case AGGREGATE ->
          FeatureJob.build(
              env,
              definitions,
              List.of(view),
              counted,
              new FeatureJob.Sinks(
                  new DiscardingSink<>(), new DiscardingSink<>(), new DiscardingSink<>()));
      default -> throw new IllegalArgumentException(stage.toString());
    }
    return env.executeAsync("pipeline benchmark " + stage);
  }

  /** The embedded runtime, as {@code featurewatch run features} sets it up, writing to Redis. */
  private static LocalPipeline pipeline(String redis, String brokers, Path work) {
    return new LocalPipeline(
        new Outputs(
            redis,
            work.resolve("offline").toString(),
            work.resolve("dead-letters").toString(),
            brokers),
        work.resolve("checkpoints").toAbsolutePath(),
        CHECKPOINTS,
        PARALLELISM);
  }

  private static EventSource counted(EventSource source) {
    return (env, dataSource, watermarks) ->
        source
            .events(env, dataSource, watermarks)
            .map(new Count(), BasicTypeInfo.STRING_TYPE_INFO)
            .name("count " + dataSource.name());
  }

  /** Counts what passes; chained to the source, so it costs a method call per event. */
  private static final class Count implements MapFunction<String, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String map(String event) {
      COUNTED.increment();
      return event;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Freshness
  // ---------------------------------------------------------------------------------------------

  private static void freshness(
      String redis,
      Path dir,
      Path example,
      String brokers,
      int rate,
      int drivers,
      Duration warmUp,
      Duration measure,
      int reps)
      throws Exception {
    Path repo = copyRepository(example, dir.resolve("repo-freshness"));
    Path views = repo.resolve("drivers.yaml");
    replace(views, "max_out_of_orderness: 30s", "max_out_of_orderness: 0s");
    replace(views, "window: 1h", "window: 1m");
    replace(views, "slide: 5m", "slide: 5s");
    replace(repo.resolve("sources.yaml"), "topic: driver-trips", "topic: " + LIVE_TOPIC);
    FeatureRepository definitions = RepositoryReader.read(repo);
    FeatureView view = definitions.featureView(VIEW).orElseThrow();
    createTopic(brokers, LIVE_TOPIC);
    flushDatabase(redis);
    Path work = dir.resolve("runs").resolve("freshness");
    resetConsumerGroup(brokers);

    JobClient job =
        pipeline(redis, brokers, work)
            .start(definitions, List.of(view), EventSources.live(definitions, repo, brokers))
            .job();
    AtomicBoolean running = new AtomicBoolean(true);
    try (OnlineStore online = OnlineStores.open(redis)) {
      awaitRunning(job);
      Producer producer = new Producer(brokers, rate, drivers, running);
      producer.start();
      Observer observer = new Observer(online, view, running);
      observer.start();
      Thread.sleep(warmUp.toMillis());
      System.out.printf(
          "freshness: %,d events a second of %,d drivers, window 1m sliding 5s, %s warm-up%n",
          rate, drivers, warmUp);
      List<Histogram> periods = new ArrayList<>();
      Map<String, Long> bucketsBefore = freshnessBuckets();
      for (int rep = 1; rep <= reps; rep++) {
        observer.reset();
        long sentBefore = producer.sent.sum();
        long start = System.nanoTime();
        Thread.sleep(measure.toMillis());
        Histogram period = observer.reset();
        double sentRate = (producer.sent.sum() - sentBefore) / seconds(System.nanoTime() - start);
        periods.add(period);
        System.out.printf(
            "freshness rep %d: %,.0f events/s sent; %d rows seen: p50 %d ms, p90 %d ms,"
                + " p99 %d ms, max %d ms%n",
            rep,
            sentRate,
            period.getTotalCount(),
            period.getValueAtPercentile(50),
            period.getValueAtPercentile(90),
            period.getValueAtPercentile(99),
            period.getMaxValue());
      }
      running.set(false);
      producer.join();
      observer.join();
      long[] p99 = periods.stream().mapToLong(h -> h.getValueAtPercentile(99)).sorted().toArray();
      long[] p50 = periods.stream().mapToLong(h -> h.getValueAtPercentile(50)).sorted().toArray();
      System.out.printf(
          "%nfreshness summary (ms; median of %d periods, min - max): p50 %d (%d - %d), p99 %d"
              + " (%d - %d)%n",
          reps,
          p50[p50.length / 2],
          p50[0],
          p50[p50.length - 1],
          p99[p99.length / 2],
          p99[0],
          p99[p99.length - 1]);
      // every row of every driver, not only the observed ones, over the measured periods
      System.out.println("featurewatch_pipeline_freshness_seconds over the periods (share <= le):");
      Map<String, Long> buckets = freshnessBuckets();
      long rows = buckets.get("+Inf") - bucketsBefore.getOrDefault("+Inf", 0L);
      buckets.forEach(
          (le, count) ->
              System.out.printf(
                  "  le %-6s %6.2f%%%n",
                  le, 100.0 * (count - bucketsBefore.getOrDefault(le, 0L)) / rows));
    } finally {
      running.set(false);
      stop(job);
    }
  }

  /** The cumulative buckets of the view's freshness histogram, by upper bound. */
  private static Map<String, Long> freshnessBuckets() {
    Map<String, Long> buckets = new LinkedHashMap<>();
    String prefix =
        "featurewatch_pipeline_freshness_seconds_bucket{feature_view=\"" + VIEW + "\",le=\"";
    PrometheusTextFormatWriter.create()
        .toDebugString(JobMetrics.registry().scrape())
        .lines()
        .filter(l -> l.startsWith(prefix))
        .forEach(
            l ->
                buckets.put(
                    l.substring(prefix.length(), l.indexOf('"', prefix.length())),
                    Long.parseLong(l.substring(l.lastIndexOf(' ') + 1))));
    return buckets;
  }

  /** Sends trips of the current time at a fixed rate, open loop: a late send does not slow it. */
  private static final class Producer extends Thread {
    private final String brokers;
    private final int rate;
    private final int drivers;
    private final AtomicBoolean running;
    final LongAdder sent = new LongAdder();

    Producer(String brokers, int rate, int drivers, AtomicBoolean running) {
      super("trip producer");
      this.brokers = brokers;
      this.rate = rate;
      this.drivers = drivers;
      this.running = running;
    }

    @Override
    public void run() {
      TripEvents trips = new TripEvents(7, drivers);
      long interval = TimeUnit.SECONDS.toNanos(1) / rate;
      try (KafkaProducer<String, String> producer = producer(brokers)) {
        long due = System.nanoTime();
        while (running.get()) {
          long wait = due - System.nanoTime();
          if (wait > 0) {
            LockSupport.parkNanos(wait);
          }
          long driver = trips.nextDriver();
          producer.send(
              new ProducerRecord<>(
                  LIVE_TOPIC, Long.toString(driver), trips.trip(driver, Instant.now())));
          sent.increment();
          due += interval;
        }
      }
    }
  }

  /**
   * Reads the first {@value #OBSERVED_DRIVERS} drivers' rows every 10 ms, as a serving client, and
   * records each new row's age when first seen, in milliseconds.
   */
  private static final class Observer extends Thread {
    private final OnlineStore online;
    private final FeatureView view;
    private final AtomicBoolean running;
    private final List<EntityKey> keys = new ArrayList<>();
    private final Map<EntityKey, Instant> seen = new HashMap<>();
    private Histogram histogram = new Histogram(3);

    Observer(OnlineStore online, FeatureView view, AtomicBoolean running) {
      super("freshness observer");
      this.online = online;
      this.view = view;
      this.running = running;
      for (int i = 0; i < OBSERVED_DRIVERS; i++) {
        keys.add(EntityKey.of("driver_id", 1_000_000L + i));
      }
    }

    /** The rows seen since the last reset. */
    synchronized Histogram reset() {
      Histogram done = histogram;
      histogram = new Histogram(3);
      return done;
    }

    @Override
    public void run() {
      while (running.get()) {
        Instant now = Instant.now();
        List<OnlineValue> values = online.read(view, keys, now);
        synchronized (this) {
          for (OnlineValue value : values) {
            Instant time = value.eventTime();
            Instant before = time == null ? null : seen.put(value.key(), time);
            if (time != null && before != null && time.isAfter(before)) {
              histogram.recordValue(Math.max(0, Duration.between(time, now).toMillis()));
            }
          }
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Kafka, Redis, files
  // ---------------------------------------------------------------------------------------------

  private static KafkaProducer<String, String> producer(String brokers) {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            brokers,
            ProducerConfig.LINGER_MS_CONFIG,
            5,
            ProducerConfig.BATCH_SIZE_CONFIG,
            256 * 1024),
        new StringSerializer(),
        new StringSerializer());
  }

  private static String kafkaTopic(FeatureRepository definitions, FeatureView view) {
    DataSource source = definitions.source(view.source()).orElseThrow();
    return ((DataSource.KafkaSettings) source.settings()).topic();
  }

  private static void createTopic(String brokers, String topic) throws Exception {
    try (Admin admin = admin(brokers)) {
      admin.createTopics(List.of(new NewTopic(topic, PARALLELISM, (short) 1))).all().get();
    }
  }

  /** Forgets the offsets the pipeline committed, so that the next run reads from the start. */
  private static void resetConsumerGroup(String brokers) throws Exception {
    try (Admin admin = admin(brokers)) {
      admin.deleteConsumerGroups(List.of(EventSources.GROUP_ID)).all().get();
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof GroupIdNotFoundException)) {
        throw e;
      }
    }
  }

  private static Admin admin(String brokers) {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers));
  }

  private static void flushDatabase(String redis) {
    RedisClient client = RedisClient.create(redis);
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      connection.sync().flushdb();
    } finally {
      client.shutdown();
    }
  }

  private static void awaitRunning(JobClient job) throws Exception {
    while (job.getJobStatus().get() != JobStatus.RUNNING) {
      if (job.getJobExecutionResult().isDone()) {
        job.getJobExecutionResult().get();
        throw new IllegalStateException("the pipeline ended before it ran");
      }
      Thread.sleep(100);
    }
  }

  /** Cancels the job and waits until it has ended. */
  private static void stop(JobClient job) throws Exception {
    if (!job.getJobExecutionResult().isDone()) {
      job.cancel().get();
    }
    try {
      job.getJobExecutionResult().get(2, TimeUnit.MINUTES);
    } catch (ExecutionException cancelled) {
      // a cancelled job's result is its cancellation
    }
  }

  /** The example repository's definitions and data, without its state. */
  private static Path copyRepository(Path from, Path to) throws IOException {
    deleteRecursively(to);
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : files.toList()) {
        Path relative = from.relativize(file);
        if (relative.startsWith(".featurewatch")) {
          continue;
        }
        if (Files.isDirectory(file)) {
          Files.createDirectories(to.resolve(relative.toString()));
        } else {
          Files.copy(file, to.resolve(relative.toString()));
        }
      }
    }
    return to;
  }

  private static void replace(Path file, String from, String to) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    if (!text.contains(from)) {
      throw new IllegalStateException(file + " no longer holds '" + from + "': update the patch");
    }
    Files.writeString(file, text.replace(from, to), StandardCharsets.UTF_8);
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files
          .sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.delete(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }

  private static List<String> list(String value) {
    return Arrays.asList(value.split(","));
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      options.put(args[i], args[i + 1]);
    }
    if (args.length % 2 != 0) {
      throw new IllegalArgumentException("options come in pairs: --name value");
    }
    return options;
  }

  private PipelineBenchmark() {}
}
