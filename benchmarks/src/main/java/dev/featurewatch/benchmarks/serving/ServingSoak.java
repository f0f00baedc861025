package dev.featurewatch.benchmarks.serving;

import dev.featurewatch.benchmarks.faults.StreamPipeline;
import dev.featurewatch.benchmarks.serving.LoadGenerator.Requests;
import dev.featurewatch.benchmarks.serving.LoadGenerator.Result;
import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.online.OnlineStore;
import dev.featurewatch.store.online.redis.RedisOnlineStore;
import dev.featurewatch.store.registry.FileRegistry;
import dev.featurewatch.store.row.FeatureRow;
import io.lettuce.core.RedisURI;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bounded soak of issue 20: {@code featurewatch serve} on Redis in its own process, driven by
 * the open-loop {@link LoadGenerator} at a fixed rate for a number of minutes, while something
 * writes to the same Redis. After each minute (one {@link LoadGenerator#run}), the server is asked
 * for a full collection ({@code jcmd GC.run}) between two runs, and its heap used and resident
 * memory are read: a leak shows as a climb across the minutes.
 *
 * <pre>
 * ./mvnw -B -q -DskipTests -pl app,benchmarks -am package
 * java -Xms1g -Xmx1g -cp benchmarks/target/benchmarks.jar \
 *     dev.featurewatch.benchmarks.serving.ServingSoak REDIS_URL [rate=2000] [minutes=10] \
 *     [entities=1] [dir=build/bench/serving] [writer=rows|pipeline] [trips/s=1000]
 * </pre>
 *
 * <p>With {@code rows} (the default), the data are the serving benchmark's ({@link
 * ServingDataset}), loaded once, and a writer in this JVM rewrites rows of the same views
 * (1,000-row batches a second, as the feature pipeline's sink writes them). With {@code pipeline},
 * the writer is the real feature pipeline ({@link StreamPipeline}: a Kafka broker process, {@code
 * trips/s} trips a second, the example repository's {@code featurewatch run features} into
 * REDIS_URL), the server serves that repository and the requests ask for {@code driver_trip_stats}'
 * six features of the pipeline's drivers; each minute adds the pipeline's progress (trips sent and
 * acknowledged, windows in the offline store, the newest window online against the trips' event
 * clock), and the end whether {@code run features} is still the process started, what its log tells
 * of failures, and the minutes in which it wrote no window. Run it from the repository root (it
 * copies {@code examples/feature_repo}, starts {@code app/target}'s command) on an empty Redis
 * database; {@code dir/pipeline} must not exist yet.
 */
public final class ServingSoak {

  private static final Pattern HEAP_USED = Pattern.compile("total \\d+K, used (\\d+)K");
  private static final Pattern RSS = Pattern.compile("VmRSS:\\s+(\\d+) kB");
  private static final List<String> STREAM_FEATURES =
      List.of("trips_1h", "fare_mean_1h", "fare_max_1h", "distance_km_1h", "customers_1h", "city");

  private ServingSoak() {}

  public static void main(String[] args) throws Exception {
    String redis = args[0];
    int rate = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
    int minutes = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    int entities = args.length > 3 ? Integer.parseInt(args[3]) : 1;
    Path dir = Path.of(args.length > 4 ? args[4] : "build/bench/serving").toAbsolutePath();
    if (args.length > 5 && args[5].equals("pipeline")) {
      int trips = args.length > 6 ? Integer.parseInt(args[6]) : 1_000;
      pipelineSoak(redis, rate, minutes, entities, dir.resolve("pipeline"), trips);
      return;
    }
    Path repo = Files.createDirectories(dir.resolve("repo"));
    new FileRegistry(repo.resolve(".featurewatch/registry"))
        .apply(ServingDataset.repository(), false);
    try (OnlineStore store = RedisOnlineStore.connect(RedisURI.create(redis))) {
      if (!ServingDataset.isLoaded(store)) {
        ServingDataset.load(store, 5_000);
      }
      try (ServerProcess server =
          new ServerProcess(
              Path.of("featurewatch").toAbsolutePath(),
              repo,
              List.of("--online", redis),
              "",
              dir.resolve("server-soak.log"))) {
        AtomicLong written = new AtomicLong();
        Thread writer = new Thread(() -> write(store, written), "soak-writer");
        writer.setDaemon(true);
        writer.start();
        soak(
            new LoadGenerator(server.address(), 16, 50),
            server,
            rate,
            minutes,
            entities,
            "rows written",
            () -> String.format(Locale.ROOT, "%,d", written.get()));
        writer.interrupt();
      }
    }
  }

  /**
   * The soak with the real feature pipeline as the writer ({@link StreamPipeline}): {@code serve}
   * on the example repository and the pipeline's Redis, asked for the stream view's six features of
   * {@code entities} of the pipeline's drivers, each {@code PRESENT} and not null when checked.
   */
  private static void pipelineSoak(
      String redis, int rate, int minutes, int entities, Path dir, int tripRate) throws Exception {
    StreamPipeline.newRunFolder(dir);
    try (StreamPipeline pipeline = StreamPipeline.start(dir, redis, tripRate);
        ServerProcess server =
            new ServerProcess(
                Path.of("featurewatch").toAbsolutePath(),
                pipeline.repository(),
                List.of("--online", redis),
                "",
                dir.resolve("server-soak.log"))) {
      long featuresPid = pipeline.featuresPid();
      System.out.printf(
          Locale.ROOT,
          "pipeline: %d trips/s of %d drivers into run features pid %d%n",
          tripRate,
          StreamPipeline.DRIVERS,
          featuresPid);
      Requests requests =
          new Requests(
              STREAM_FEATURES.stream().map(f -> "driver_trip_stats:" + f).toList(),
              "driver_id",
              StreamPipeline.FIRST_DRIVER,
              StreamPipeline.DRIVERS,
              (feature, id, status, value) ->
                  "PRESENT".equals(status) && !value.isNull() ? null : status + " " + value);
      long[] windowsBefore = {0};
      int[] minutesWithoutWrites = {0};
      soak(
          new LoadGenerator(server.address(), 16, 50, requests),
          server,
          rate,
          minutes,
          entities,
          "trips sent | trips acked | offline windows | online lag s",
          () -> {
            long windows = pipeline.offlineWindows();
            if (windows <= windowsBefore[0]) {
              minutesWithoutWrites[0]++;
            }
            windowsBefore[0] = windows;
            Duration lag = pipeline.onlineLag();
            return String.format(
                Locale.ROOT,
                "%,d | %,d | %,d | %s",
                pipeline.tripsSent(),
                pipeline.tripsAcknowledged(),
                windows,
                lag == null ? "none" : Long.toString(lag.toSeconds()));
          });
      System.out.printf(
          Locale.ROOT,
          "pipeline: trips %,d sent, %,d acknowledged, %d failed; run features pid %d %s, %d lines"
              + " of its log telling of a failure, error or restart; minutes without a new offline"
              + " window: %d%n",
          pipeline.tripsSent(),
          pipeline.tripsAcknowledged(),
          pipeline.tripsFailed(),
          featuresPid,
          pipeline.featuresAlive() ? "still running" : "NOT RUNNING",
          pipeline.featuresTrouble(),
          minutesWithoutWrites[0]);
      System.out.printf(
          Locale.ROOT, "pipeline: run features stopped (SIGTERM), exit %d%n", pipeline.stop());
    }
  }

  /**
   * Runs {@code load} a minute at a time and prints each minute's figures, the server's heap after
   * a full collection and RSS, and {@code progress} (the writer's, under {@code progressHeader}).
   */
  private static void soak(
      LoadGenerator load,
      ServerProcess server,
      int rate,
      int minutes,
      int entities,
      String progressHeader,
      Supplier<String> progress)
      throws IOException, InterruptedException {
    System.out.printf(
        Locale.ROOT,
        "soak: %d requests/s of %d entities for %d minutes, server pid %d%n",
        rate,
        entities,
        minutes,
        server.pid());
    System.out.println(
        "minute | achieved rps | errors | p50 | p99 | p99.9 | max ms | heap after GC MiB |"
            + " RSS MiB | "
            + progressHeader);
    long errors = 0;
    for (int minute = 1; minute <= minutes; minute++) {
      Result result = load.run(rate, entities, Duration.ZERO, Duration.ofMinutes(1), minute);
      errors += result.errors();
      System.out.printf(
          Locale.ROOT,
          "%d | %.1f | %d | %.3f | %.3f | %.3f | %.1f | %d | %d | %s%n",
          minute,
          result.achievedRate(),
          result.errors(),
          result.latencyMillis(50),
          result.latencyMillis(99),
          result.latencyMillis(99.9),
          result.maxMillis(),
          heapAfterGcMiB(server.pid()),
          rssMiB(server.pid()),
          progress.get());
      if (result.firstError() != null) {
        System.out.println("  first error: " + result.firstError());
      }
    }
    System.out.printf(Locale.ROOT, "soak: %d errors in all%n", errors);
  }

  /** Rewrites 1,000 rows a second of the data set's views, round robin, until interrupted. */
  private static void write(OnlineStore store, AtomicLong written) {
    List<FeatureView> views = ServingDataset.views();
    SplittableRandom random = new SplittableRandom(20261207L);
    for (int v = 0; !Thread.currentThread().isInterrupted(); v = (v + 1) % views.size()) {
      List<FeatureRow> batch = new ArrayList<>(1_000);
      for (int i = 0; i < 1_000; i++) {
        batch.add(ServingDataset.row(views.get(v), v, random.nextInt(ServingDataset.ENTITIES)));
      }
      store.write(views.get(v), batch);
      written.addAndGet(batch.size());
      try {
        Thread.sleep(1_000);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private static long heapAfterGcMiB(long pid) throws IOException, InterruptedException {
    jcmd(pid, "GC.run");
    Matcher used = HEAP_USED.matcher(jcmd(pid, "GC.heap_info"));
    return used.find() ? Long.parseLong(used.group(1)) >> 10 : -1;
  }

  private static long rssMiB(long pid) throws IOException {
    Matcher rss = RSS.matcher(Files.readString(Path.of("/proc/" + pid + "/status")));
    return rss.find() ? Long.parseLong(rss.group(1)) >> 10 : -1;
  }

  private static String jcmd(long pid, String command) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid),
                command)
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor(30, TimeUnit.SECONDS);
    return output;
  }
}
