package dev.featurewatch.benchmarks.materialize;

import dev.featurewatch.store.definition.FeatureRepository;
import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.materialize.MaterializeListener;
import dev.featurewatch.store.materialize.Materializer;
import dev.featurewatch.store.materialize.Progress;
import dev.featurewatch.store.offline.OfflineStore;
import dev.featurewatch.store.offline.file.FileSources;
import dev.featurewatch.store.online.OnlineStore;
import dev.featurewatch.store.online.factory.OnlineStores;
import dev.featurewatch.store.repo.RepositoryReader;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * featurewatch's materialize of a repository's file sources, timed the way {@code
 * benchmarks/e2e/feast_materialize.py} times Feast's: in one process, one warm-up run, then R timed
 * runs of the materialize call alone, each from an empty online store and no checkpoint (the {@code
 * featurewatch materialize} command, timed by {@code materialize_bench.sh}, runs once per JVM, so
 * its figure includes the JVM's start and its code's first, unoptimized pass).
 *
 * <pre>
 * java --add-opens=java.base/java.nio=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar \
 *     dev.featurewatch.benchmarks.materialize.MaterializeBenchmark REPO STORE START END [RUNS=5]
 * </pre>
 *
 * <p>{@code REPO} holds {@code repo.yaml}; {@code STORE} is {@code rocksdb} (a new directory under
 * {@code REPO/.featurewatch/bench} for each run) or a {@code redis://} URL ({@code FLUSHALL} before
 * each run, not timed). Prints each run and the median, minimum and maximum, in seconds and input
 * rows a second.
 */
public final class MaterializeBenchmark {

  private MaterializeBenchmark() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 4) {
      System.err.println(
          "usage: MaterializeBenchmark REPO rocksdb|redis://HOST:PORT START END [RUNS]");
      System.exit(2);
    }
    Path repo = Path.of(args[0]);
    String store = args[1];
    Instant start = Instant.parse(args[2]);
    Instant end = Instant.parse(args[3]);
    int runs = args.length > 4 ? Integer.parseInt(args[4]) : 5;
    FeatureRepository repository = RepositoryReader.read(repo);
    List<FeatureView> views =
        repository.featureViews().stream().filter(FeatureView::online).toList();
    Path work = repo.resolve(".featurewatch/bench");
    List<Double> seconds = new ArrayList<>();
    long rows = 0;
    for (int run = 0; run <= runs; run++) {
      deleteRecursively(work);
      Files.createDirectories(work);
      String location = store.equals("rocksdb") ? work.resolve("online").toString() : store;
      if (!store.equals("rocksdb")) {
        flushAll(store);
      }
      try (OfflineStore offline = new OfflineStore(work.resolve("offline"));
          OnlineStore online = OnlineStores.open(location)) {
        Materializer materializer =
            new Materializer(
                offline,
                new FileSources(repository, repo),
                online,
                work.resolve("state.json"),
                Clock.systemUTC(),
                Materializer.DEFAULT_BATCH_ROWS);
        long started = System.nanoTime();
        List<Progress> done = materializer.materialize(views, start, end, MaterializeListener.NONE);
        double took = (System.nanoTime() - started) / 1e9;
        rows = done.stream().mapToLong(Progress::rowsRead).sum();
        long keys = done.stream().mapToLong(Progress::keysWritten).sum();
        System.out.printf(
            Locale.ROOT,
            "%s %d: %.3f s, %,d rows read, %,d keys written%n",
            run == 0 ? "warm-up" : "run",
            run,
            took,
            rows,
            keys);
        if (run > 0) {
          seconds.add(took);
        }
      }
    }
    deleteRecursively(work);
    seconds.sort(Comparator.naturalOrder());
    int n = seconds.size();
    double median =
        n % 2 == 1 ? seconds.get(n / 2) : (seconds.get(n / 2 - 1) + seconds.get(n / 2)) / 2;
    System.out.printf(
        Locale.ROOT,
        "%s, warm in-process: median %.2f s (%.2f - %.2f s), %d runs, %.0f rows/s%n",
        store.equals("rocksdb") ? "rocksdb" : "redis",
        median,
        seconds.get(0),
        seconds.get(n - 1),
        n,
        rows / median);
  }

  private static void flushAll(String url) {
    RedisClient client = RedisClient.create(url);
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      connection.sync().flushall();
    } finally {
      client.shutdown();
    }
  }

  private static void deleteRecursively(Path directory) throws IOException {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
