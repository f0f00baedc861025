package dev.featurewatch.benchmarks.faults;

import dev.featurewatch.benchmarks.faults.OpenLoopRequests.Outcome;
import dev.featurewatch.benchmarks.faults.OpenLoopRequests.Summary;
import dev.featurewatch.benchmarks.faults.TripStream.Window;
import dev.featurewatch.store.config.RepositoryConfig;
import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.online.OnlineStore;
import dev.featurewatch.store.online.OnlineValue;
import dev.featurewatch.store.online.factory.OnlineStores;
import dev.featurewatch.store.repo.RepositoryReader;
import dev.featurewatch.store.row.EntityKey;
import dev.featurewatch.testing.RedisServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The faults of issue 20 that take the whole stack: under a steady load, the Kafka broker
 * restarted, {@code featurewatch run features} and {@code featurewatch serve} killed with SIGKILL
 * and started again, then MLflow down for 30 s and {@code featurewatch run monitors} killed while
 * the monitoring job writes back to it ({@link MonitorFaults}).
 *
 * <pre>
 * ./mvnw -B -q -DskipTests -pl app,benchmarks -am package
 * java -cp benchmarks/target/benchmarks.jar dev.featurewatch.benchmarks.faults.StackFaults \
 *     [dir=build/bench/stack-faults] [mlflow=build/venv/bin/mlflow] [requests/s=100] [trips/s=400]
 * </pre>
 *
 * <p>Run from the repository root (it starts the packaged command of {@code app/target} and copies
 * {@code examples/feature_repo}); {@code dir} must not exist yet: the processes' logs and data go
 * there, and the report to {@code report.txt} too. MLflow is the test virtualenv's ({@code
 * scripts/test-services.sh start} makes it). Figures are recorded in RELIABILITY.md; a run takes
 * about six minutes.
 *
 * <p>It runs, each in a process of its own: a Kafka broker ({@link KafkaProcess}), a {@code
 * redis-server} (the online store), the example repository's {@code run features} (trips from Kafka
 * into {@code driver_trip_stats}' one-hour windows every five minutes, to Redis and the offline
 * store, checkpoints every 2 s) and {@code serve} on the same Redis. A {@link TripStream} sends
 * trips at a steady rate on an event clock 60 times real time; an {@link OpenLoopRequests} asks
 * {@code serve} for two features of 10 drivers at a steady rate for the whole run (deadline the
 * default 500 ms). A probe reads ten drivers' newest window from Redis every 250 ms: the pipeline's
 * lag is the event clock minus that window's end.
 *
 * <p>Per fault it reports the requests due from the fault's start until the pipeline (or the
 * server) caught up again; "caught up" is the lag back at or below the largest lag of the 20 s
 * before the fault. At the end the trips stop, a trip 8 hours later on each partition closes every
 * window, and both stores are compared with the windows the acknowledged trips imply ({@link
 * FeatureChecks}): lost, doubled, unexpected or other values must all be 0.
 */
public final class StackFaults {

  private static final Pattern SERVING = Pattern.compile("serving registry version \\d+ on");
  private static final Pattern RUNNING = Pattern.compile("running 1 stream feature view");
  private static final Duration STEADY = Duration.ofSeconds(20);
  private static final Duration CATCH_UP = Duration.ofSeconds(180);
  private static final int DRIVERS = 200;
  private static final int PROBES = 10;

  private final Path dir;
  private final Path app;
  private final Path repo;
  private final ConcurrentLinkedQueue<long[]> lags = new ConcurrentLinkedQueue<>();
  private final long started = System.nanoTime();

  private StackFaults(Path dir) {
    this.dir = dir;
    this.app = Path.of("app").toAbsolutePath();
    this.repo = dir.resolve("repo");
  }

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "build/bench/stack-faults").toAbsolutePath();
    Path mlflow = Path.of(args.length > 1 ? args[1] : "build/venv/bin/mlflow").toAbsolutePath();
    int requests = args.length > 2 ? Integer.parseInt(args[2]) : 100;
    int trips = args.length > 3 ? Integer.parseInt(args[3]) : 400;
    StreamPipeline.newRunFolder(dir);
    new StackFaults(dir).run(mlflow, requests, trips);
  }

  private void run(Path mlflow, int requestRate, int tripRate) throws Exception {
    try (RedisServer redis = RedisServer.start(dir.resolve("redis"));
        KafkaProcess kafka = KafkaProcess.start(dir.resolve("kafka"))) {
      StreamPipeline.copyExample(repo);
      StreamPipeline.writeConfig(repo, redis.url(), kafka.bootstrapServers());
      createTopics(kafka.bootstrapServers(), List.of(TripStream.TOPIC));
      AppProcess.run(app, dir.resolve("apply.log"), List.of("apply", "--repo", repo.toString()));
      FeatureView view = RepositoryReader.read(repo).featureView("driver_trip_stats").orElseThrow();
      int port = RedisServer.freePort();
      AppProcess serve = startServe(port);
      AppProcess features = startFeatures();
      Instant start = Instant.now().truncatedTo(ChronoUnit.HOURS);
      SplittableRandom random = new SplittableRandom(7);
      Duration deadline = RepositoryConfig.DEFAULT_SERVING_DEADLINE;
      try (OnlineStore online = OnlineStores.open(redis.url());
          TripStream trips = new TripStream(kafka.bootstrapServers(), tripRate, DRIVERS, start);
          OpenLoopRequests load =
              OpenLoopRequests.start(
                  URI.create("http://127.0.0.1:" + port + "/get-online-features"),
                  requestRate,
                  () -> body(random))) {
        Thread probe = probe(online, view, trips);
        line(
            "stack: %d trips/s of %d drivers (event clock x%d), %d requests/s of 10 drivers x 2"
                + " features, deadline %d ms",
            tripRate, DRIVERS, TripStream.SPEED, requestRate, deadline.toMillis());
        Thread.sleep(30_000);

        // 1. the broker stopped for 10 s and started again
        long steady = steadyLag();
        long down = System.nanoTime();
        kafka.stop();
        Thread.sleep(10_000);
        kafka.restart();
        long back = System.nanoTime();
        long caughtUp = awaitCaughtUp(steady, back);
        fault("Kafka broker stopped (SIGTERM) and started", load, down, back, caughtUp, deadline);
        Thread.sleep(STEADY.toMillis());

        // 2. run features killed and started again at once, as a supervisor would
        steady = steadyLag();
        down = System.nanoTime();
        features.kill();
        features = startFeatures();
        back = System.nanoTime();
        caughtUp = awaitCaughtUp(steady, back);
        fault("run features killed (SIGKILL) and started", load, down, back, caughtUp, deadline);
        Thread.sleep(STEADY.toMillis());

        // 3. serve killed and started again on its port
        down = System.nanoTime();
        serve.kill();
        serve = startServe(port);
        back = System.nanoTime();
        Thread.sleep(5_000);
        double again = OpenLoopRequests.servingAgain(sorted(load.outcomes()), down);
        long served = down + (long) (again * 1e9);
        fault("serve killed (SIGKILL) and started", load, down, back, served, deadline);
        Thread.sleep(10_000);

        // the trips end: every window closes; both stores against the trips
        trips.finish();
        Map<String, Window> expected = trips.expectedWindows();
        line(
            "trips: %d sent, %d acknowledged, %d failed; %d windows expected",
            trips.sent(), trips.acknowledged(), trips.failed(), expected.size());
        Path offline = repo.resolve(".featurewatch/offline");
        await(
            () -> FeatureChecks.offlineRows(offline, view).size() >= expected.size(),
            Duration.ofSeconds(120));
        Thread.sleep(6_000); // three more checkpoints: a window written twice would be published
        line("%s", FeatureChecks.offline(offline, view, expected));
        line("%s", FeatureChecks.online(online, view, expected));
        probe.interrupt();
        features.terminate();

        MonitorFaults monitors =
            new MonitorFaults(app, dir.resolve("monitors"), kafka.bootstrapServers(), mlflow);
        monitors.run(load, deadline, this::line);
        List<Outcome> all = load.stop();
        line("serving over the whole run: %s", Summary.of(all, 0, Long.MAX_VALUE, deadline));
        slowSeconds(all, deadline);
      } finally {
        serve.close();
        features.close();
      }
    }
  }

  private void fault(
      String fault, OpenLoopRequests load, long down, long back, long caughtUp, Duration deadline) {
    Summary during = Summary.of(load.outcomes(), down, caughtUp, deadline);
    line(
        "%s: down %.1f s; caught up %.1f s after it returned (%.1f s after the fault began);"
            + " serving meanwhile: %s",
        fault, (back - down) / 1e9, (caughtUp - back) / 1e9, (caughtUp - down) / 1e9, during);
  }

  /** When the requests answered after the deadline plus 50 ms were due, by second of the run. */
  private void slowSeconds(List<Outcome> outcomes, Duration deadline) {
    long bound = deadline.toNanos() + 50_000_000L;
    Map<Long, Long> slow = new TreeMap<>();
    for (Outcome o : outcomes) {
      if (o.status() != 0 && o.latency() > bound) {
        slow.merge((o.due() - started) / 1_000_000_000L, 1L, Long::sum);
      }
    }
    line("answered after deadline + 50 ms, by second of the run: %s", slow);
  }

  /** The largest lag (event milliseconds) of the last {@link #STEADY}. */
  private long steadyLag() {
    long from = System.nanoTime() - STEADY.toNanos();
    return lags.stream().filter(l -> l[0] >= from).mapToLong(l -> l[1]).max().orElseThrow();
  }

  /** When the lag, after {@code from}, first fell to {@code steady} or below. */
  private long awaitCaughtUp(long steady, long from) throws InterruptedException {
    long deadline = from + CATCH_UP.toNanos();
    while (System.nanoTime() < deadline) {
      for (long[] lag : lags) {
        if (lag[0] >= from && lag[1] <= steady) {
          return lag[0];
        }
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("the pipeline did not catch up within " + CATCH_UP);
  }

  /** Every 250 ms: the event clock minus the newest window end online of the probe drivers. */
  private Thread probe(OnlineStore online, FeatureView view, TripStream trips) {
    List<EntityKey> keys = new ArrayList<>();
    for (int i = 0; i < PROBES; i++) {
      keys.add(EntityKey.of("driver_id", 1_000_000L + i));
    }
    Thread probe =
        new Thread(
            () -> {
              while (!Thread.currentThread().isInterrupted()) {
                long now = System.nanoTime();
                Instant clock = trips.eventTime(now);
                try {
                  Instant newest =
                      online.read(view, keys, clock).stream()
                          .map(OnlineValue::eventTime)
                          .filter(t -> t != null)
                          .max(Instant::compareTo)
                          .orElse(null);
                  if (newest != null) {
                    lags.add(new long[] {now, Duration.between(newest, clock).toMillis()});
                  }
                  Thread.sleep(250);
                } catch (InterruptedException e) {
                  return;
                } catch (RuntimeException e) {
                  // not answered this time: no sample
                }
              }
            },
            "lag probe");
    probe.setDaemon(true);
    probe.start();
    return probe;
  }

  private AppProcess startServe(int port) throws IOException, InterruptedException {
    return AppProcess.start(
        app,
        dir.resolve("serve.log"),
        SERVING,
        List.of("serve", "--repo", repo.toString(), "--port", Integer.toString(port)));
  }

  private AppProcess startFeatures() throws IOException, InterruptedException {
    return AppProcess.start(
        app,
        dir.resolve("features.log"),
        RUNNING,
        List.of("run", "features", "--repo", repo.toString(), "--no-serve"));
  }

  private static String body(SplittableRandom random) {
    StringBuilder body =
        new StringBuilder(
            "{\"features\":[\"driver_trip_stats:trips_1h\",\"driver_trip_stats:fare_max_1h\"],"
                + "\"entities\":{\"driver_id\":[");
    for (int i = 0; i < 10; i++) {
      body.append(i == 0 ? "" : ",").append(1_000_000L + random.nextInt(DRIVERS));
    }
    return body.append("]}}").toString();
  }

  static void createTopics(String bootstrapServers, List<String> topics) throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      admin
          .createTopics(topics.stream().map(t -> new NewTopic(t, 2, (short) 1)).toList())
          .all()
          .get();
    }
  }

  static List<Outcome> sorted(List<Outcome> outcomes) {
    List<Outcome> sorted = new ArrayList<>(outcomes);
    sorted.sort((a, b) -> Long.compare(a.due(), b.due()));
    return sorted;
  }

  static void await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("not within " + timeout);
      }
      Thread.sleep(250);
    }
  }

  void line(String format, Object... arguments) {
    String line =
        String.format(
            Locale.ROOT,
            "[%5.1f s] %s",
            (System.nanoTime() - started) / 1e9,
            String.format(Locale.ROOT, format, arguments));
    System.out.println(line);
    try {
      Files.writeString(
          dir.resolve("report.txt"),
          line + "\n",
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
