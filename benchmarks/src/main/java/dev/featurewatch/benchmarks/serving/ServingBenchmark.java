package dev.featurewatch.benchmarks.serving;

import dev.featurewatch.benchmarks.serving.LoadGenerator.Result;
import dev.featurewatch.store.online.OnlineStore;
import dev.featurewatch.store.online.redis.RedisOnlineStore;
import dev.featurewatch.store.online.rocksdb.RocksDbOnlineStore;
import dev.featurewatch.store.registry.FileRegistry;
import io.lettuce.core.RedisURI;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The serving benchmark of issue 3 section 6: {@code featurewatch serve} answering Feast's {@code
 * POST /get-online-features} for 1, 10 and 100 entities per request, all 50 features of 5 views,
 * over 1,000,000 entities ({@link ServingDataset}), on RocksDB and on Redis. It measures what a
 * model serving path sees: latency percentiles at a fixed rate (the targets are stated at 500
 * requests a second) and the highest rate the server sustains, with the client and the server
 * sharing this machine's cores as they would in a sidecar deployment.
 *
 * <p>Per store: the data are loaded once (skipped when already there, see {@link
 * ServingDataset#isLoaded}) into {@code <dir>/rocksdb} or the Redis given by {@code --redis}, the
 * definitions applied to the registry of {@code <dir>/repo}, then {@code featurewatch serve} is
 * started in its own JVM ({@link ServerProcess}) and driven by the open-loop {@link LoadGenerator}
 * in this one:
 *
 * <ol>
 *   <li>a JIT warm-up: {@code --warm-up} at {@code --rate} for each entity count, not recorded;
 *   <li>{@code --reps} repetitions of {@code --rate} for each entity count (interleaved), each a
 *       warm-up of {@code --warm-up} then {@code --measure} recorded;
 *   <li>per entity count, the highest sustained rate: rates doubling from {@code --rate} (halving
 *       when it fails) in steps of {@code --step-warm-up} plus {@code --step-measure}, then the
 *       midpoint between the last rate passed and the first failed. A rate is sustained when the
 *       achieved rate is at least 99% of it, p99 is at most {@code --p99-bound-ms} and no request
 *       failed.
 * </ol>
 *
 * <pre>
 * java -Xms1g -Xmx1g -cp benchmarks/target/benchmarks.jar \
 *     dev.featurewatch.benchmarks.serving.ServingBenchmark --redis redis://127.0.0.1:6379
 * </pre>
 *
 * Options (defaults in brackets): {@code --dir} [build/bench/serving], {@code --stores}
 * [rocksdb,redis], {@code --redis} URL (needed for redis), {@code --entities} [1,10,100], {@code
 * --rate} [500], {@code --reps} [3], {@code --warm-up} seconds [10], {@code --measure} seconds
 * [30], {@code --step-warm-up} [5], {@code --step-measure} [10], {@code --connections} [16], {@code
 * --p99-bound-ms} [20], {@code --check-every} [50], {@code --no-max-rate}, {@code --featurewatch}
 * launcher [./featurewatch], {@code --server-java-opts} [none].
 */
public final class ServingBenchmark {

  private static final int LOAD_BATCH = 5_000;
  private static final int MAX_RATE = 128_000;

  private final Options options;
  private final List<String> table = new ArrayList<>();

  private ServingBenchmark(Options options) {
    this.options = options;
  }

  public static void main(String[] args) throws Exception {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("ServingBenchmark: " + e.getMessage());
      System.exit(2);
      return;
    }
    new ServingBenchmark(options).run();
  }

  private void run() throws IOException, InterruptedException {
    Path repo = options.dir.resolve("repo");
    Files.createDirectories(repo);
    new FileRegistry(repo.resolve(".featurewatch/registry"))
        .apply(ServingDataset.repository(), false);
    for (String store : options.stores) {
      List<String> storeOptions = List.of("--online", load(store));
      Path log = options.dir.resolve("server-" + store + ".log");
      System.out.printf(
          Locale.ROOT, "%s: featurewatch serve %s (log %s)%n", store, storeOptions, log);
      try (ServerProcess server =
          new ServerProcess(
              options.featurewatch, repo, storeOptions, options.serverJavaOpts, log)) {
        System.out.printf(
            Locale.ROOT, "%s: server pid %d; %s%n", store, server.pid(), loadAverage());
        measure(
            store, new LoadGenerator(server.address(), options.connections, options.checkEvery));
      }
      System.out.printf(Locale.ROOT, "%s: done; %s%n", store, loadAverage());
    }
    System.out.println();
    table.forEach(System.out::println);
  }

  private static String loadAverage() {
    return String.format(
        Locale.ROOT,
        "load average %.2f",
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  /** Loads the data into {@code store} unless they are there; returns its {@code --online}. */
  private String load(String store) {
    String online =
        store.equals("rocksdb") ? options.dir.resolve("rocksdb").toString() : options.redis;
    try (OnlineStore opened =
        store.equals("rocksdb")
            ? RocksDbOnlineStore.open(Path.of(online))
            : RedisOnlineStore.connect(RedisURI.create(online))) {
      if (ServingDataset.isLoaded(opened)) {
        System.out.printf(Locale.ROOT, "%s: data already loaded in %s%n", store, online);
      } else {
        System.out.printf(Locale.ROOT, "%s: loading into %s...%n", store, online);
        ServingDataset.LoadReport report = ServingDataset.load(opened, LOAD_BATCH);
        System.out.printf(
            Locale.ROOT,
            "%s: loaded %,d rows (%,d values) in %.1f s: %,.0f rows/s, batches of %d%n",
            store,
            report.rows(),
            report.rows() * ServingDataset.FEATURES_PER_VIEW,
            report.seconds(),
            report.rowsPerSecond(),
            LOAD_BATCH);
      }
    }
    return online;
  }

  private void measure(String store, LoadGenerator load) throws InterruptedException {
    long seed = 1;
    for (int entities : options.entities) {
      load.run(options.rate, entities, Duration.ZERO, options.warmUp, seed++);
    }
    Map<Integer, List<Result>> fixed = new LinkedHashMap<>();
    for (int rep = 1; rep <= options.reps; rep++) {
      for (int entities : options.entities) {
        Result result = load.run(options.rate, entities, options.warmUp, options.measure, seed++);
        print(store, "rep " + rep, result);
        fixed.computeIfAbsent(entities, e -> new ArrayList<>()).add(result);
      }
    }
    for (Map.Entry<Integer, List<Result>> entry : fixed.entrySet()) {
      table.add(summary(store, entry.getKey(), entry.getValue()));
    }
    if (options.maxRate) {
      for (int entities : options.entities) {
        table.add(maxRate(store, entities, load, seed));
        seed += 100;
      }
    }
  }

  /** The ladder of rates; returns the table line. */
  private String maxRate(String store, int entities, LoadGenerator load, long seed)
      throws InterruptedException {
    int passed = 0;
    int failed = 0;
    String why = "";
    int rate = options.rate;
    long s = seed;
    while (rate >= 1 && rate <= MAX_RATE) {
      Result result = load.run(rate, entities, options.stepWarmUp, options.stepMeasure, s++);
      print(store, "step", result);
      String failure = failure(result);
      if (failure == null) {
        passed = rate;
        if (failed > 0) {
          break;
        }
        rate *= 2;
      } else {
        failed = rate;
        why = failure;
        if (passed > 0) {
          break;
        }
        rate /= 2;
      }
    }
    if (passed > 0 && failed > passed * 5 / 4) {
      int middle = (passed + failed) / 2;
      Result result = load.run(middle, entities, options.stepWarmUp, options.stepMeasure, s);
      print(store, "step", result);
      String failure = failure(result);
      if (failure == null) {
        passed = middle;
      } else {
        failed = middle;
        why = failure;
      }
    }
    return String.format(
        Locale.ROOT,
        "max  %-7s %4d entities: sustained %6d rps; %s",
        store,
        entities,
        passed,
        failed > 0 ? "failed at " + failed + " rps: " + why : "not failed up to " + MAX_RATE);
  }

  /** Null when {@code result} sustains its rate, else why not. */
  private String failure(Result result) {
    if (result.errors() > 0) {
      return result.errors() + " errors (" + result.firstError() + ")";
    }
    if (result.achievedRate() < 0.99 * result.rate()) {
      return String.format(Locale.ROOT, "achieved %.0f rps", result.achievedRate());
    }
    if (result.latencyMillis(99) > options.p99BoundMillis) {
      return String.format(Locale.ROOT, "p99 %.2f ms", result.latencyMillis(99));
    }
    return null;
  }

  private static void print(String store, String what, Result r) {
    System.out.printf(
        Locale.ROOT,
        "%-7s %-6s %3d entities %6d rps: achieved %8.1f rps, p50 %7.3f p99 %7.3f p99.9 %7.3f"
            + " max %8.3f ms; service p50 %7.3f p99 %7.3f ms; %d/%d answered, %d errors%s%n",
        store,
        what,
        r.entities(),
        r.rate(),
        r.achievedRate(),
        r.latencyMillis(50),
        r.latencyMillis(99),
        r.latencyMillis(99.9),
        r.maxMillis(),
        r.serviceTime().getValueAtPercentile(50) / 1e6,
        r.serviceTime().getValueAtPercentile(99) / 1e6,
        r.answered(),
        r.due(),
        r.errors(),
        r.firstError() == null ? "" : " (first: " + r.firstError() + ")");
  }

  /** Median and range over the repetitions of one point. */
  private static String summary(String store, int entities, List<Result> results) {
    double achieved = median(results.stream().mapToDouble(Result::achievedRate).sorted().toArray());
    return String.format(
        Locale.ROOT,
        "rate %-7s %4d entities %5d rps x%d: p50 %s p99 %s p99.9 %s max %s ms; achieved %.1f rps;"
            + " %d errors",
        store,
        entities,
        results.get(0).rate(),
        results.size(),
        spread(results, r -> r.latencyMillis(50)),
        spread(results, r -> r.latencyMillis(99)),
        spread(results, r -> r.latencyMillis(99.9)),
        spread(results, Result::maxMillis),
        achieved,
        results.stream().mapToLong(Result::errors).sum());
  }

  /** "median (min-max)" of a figure over repetitions. */
  private static String spread(List<Result> results, ToDoubleFunction<Result> figure) {
    double[] sorted = results.stream().mapToDouble(figure).sorted().toArray();
    return String.format(
        Locale.ROOT, "%.3f (%.3f-%.3f)", median(sorted), sorted[0], sorted[sorted.length - 1]);
  }

  private static double median(double[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /** The command line, checked once. */
  private record Options(
      Path dir,
      List<String> stores,
      String redis,
      List<Integer> entities,
      int rate,
      int reps,
      Duration warmUp,
      Duration measure,
      Duration stepWarmUp,
      Duration stepMeasure,
      int connections,
      double p99BoundMillis,
      int checkEvery,
      boolean maxRate,
      Path featurewatch,
      String serverJavaOpts) {

    static Options parse(String[] args) {
      Map<String, String> given = new LinkedHashMap<>();
      boolean maxRate = true;
      for (int i = 0; i < args.length; i++) {
        String key = args[i];
        if (key.equals("--no-max-rate")) {
          maxRate = false;
        } else if (KEYS.contains(key) && i + 1 < args.length) {
          given.put(key, args[++i]);
        } else {
          throw new IllegalArgumentException(
              KEYS.contains(key)
                  ? key + ": needs a value"
                  : "unknown option '" + key + "'; the options are " + KEYS + " and --no-max-rate");
        }
      }
      List<String> stores =
          Arrays.asList(given.getOrDefault("--stores", "rocksdb,redis").split(","));
      for (String store : stores) {
        if (!store.equals("rocksdb") && !store.equals("redis")) {
          throw new IllegalArgumentException(
              "--stores: a comma-separated list of rocksdb and redis, found '" + store + "'");
        }
      }
      String redis = given.get("--redis");
      if (stores.contains("redis") && redis == null) {
        throw new IllegalArgumentException(
            "--redis: the Redis URL is needed for the redis store, e.g. redis://127.0.0.1:6379");
      }
      List<Integer> entities = new ArrayList<>();
      for (String n : given.getOrDefault("--entities", "1,10,100").split(",")) {
        entities.add(positive("--entities", n));
      }
      return new Options(
          Path.of(given.getOrDefault("--dir", "build/bench/serving")),
          stores,
          redis,
          entities,
          positive("--rate", given.getOrDefault("--rate", "500")),
          positive("--reps", given.getOrDefault("--reps", "3")),
          seconds("--warm-up", given.getOrDefault("--warm-up", "10")),
          seconds("--measure", given.getOrDefault("--measure", "30")),
          seconds("--step-warm-up", given.getOrDefault("--step-warm-up", "5")),
          seconds("--step-measure", given.getOrDefault("--step-measure", "10")),
          positive("--connections", given.getOrDefault("--connections", "16")),
          positive("--p99-bound-ms", given.getOrDefault("--p99-bound-ms", "20")),
          positive("--check-every", given.getOrDefault("--check-every", "50")),
          maxRate,
          Path.of(given.getOrDefault("--featurewatch", "./featurewatch")),
          given.getOrDefault("--server-java-opts", ""));
    }

    private static final List<String> KEYS =
        List.of(
            "--dir",
            "--stores",
            "--redis",
            "--entities",
            "--rate",
            "--reps",
            "--warm-up",
            "--measure",
            "--step-warm-up",
            "--step-measure",
            "--connections",
            "--p99-bound-ms",
            "--check-every",
            "--featurewatch",
            "--server-java-opts");

    private static int positive(String key, String value) {
      try {
        int n = Integer.parseInt(value.trim());
        if (n >= 1) {
          return n;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new IllegalArgumentException(
          key + ": must be a positive whole number, found '" + value + "'");
    }

    private static Duration seconds(String key, String value) {
      return Duration.ofSeconds(positive(key, value));
    }
  }
}
