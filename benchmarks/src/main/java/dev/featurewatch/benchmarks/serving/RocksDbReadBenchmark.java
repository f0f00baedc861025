package dev.featurewatch.benchmarks.serving;

import dev.featurewatch.benchmarks.BenchmarkBase;
import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.online.OnlineValue;
import dev.featurewatch.store.online.rocksdb.RocksDbOnlineStore;
import dev.featurewatch.store.row.EntityKey;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The RocksDB online store's part of a serving request, in process: {@link
 * RocksDbOnlineStore#readAll} of the 5 views of {@link ServingDataset} for 1, 10 or 100 entities
 * drawn uniformly from the 1,000,000 (5, 50 or 500 keys), values decoded into {@link OnlineValue}s
 * as the server gets them. This is the store read inside what {@link ServingBenchmark} measures end
 * to end through HTTP.
 *
 * <p>The store is the directory {@code dir} (by default the serving benchmark's, so the two share
 * one load), loaded first when {@link ServingDataset#isLoaded} says it is not (about 10 s, written
 * in batches of 5,000 rows as the serving benchmark does; the time is printed), then closed and
 * opened again so that reads go to the files. Requests are {@value #REQUESTS} pre-drawn entity
 * sets, taken in turn, so at 100 entities a run touches most of the store's pages (which the OS
 * page cache then holds: the machine has the memory). Run with {@code -prof gc} for the allocation
 * per request.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar RocksDbReadBenchmark
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RocksDbReadBenchmark extends BenchmarkBase {

  private static final int REQUESTS = 4096;
  private static final int LOAD_BATCH = 5000;

  @Param({"1", "10", "100"})
  int entities;

  @Param("build/bench/serving/rocksdb")
  String dir;

  private RocksDbOnlineStore store;
  private List<Map<FeatureView, List<EntityKey>>> requests;
  private final Instant now = Instant.now();
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    Path directory = Path.of(dir);
    try (RocksDbOnlineStore loading = RocksDbOnlineStore.open(directory)) {
      if (!ServingDataset.isLoaded(loading)) {
        ServingDataset.LoadReport report = ServingDataset.load(loading, LOAD_BATCH);
        System.out.printf(
            Locale.ROOT,
            "loaded %,d rows into %s in %.1f s (%,.0f rows/s)%n",
            report.rows(),
            directory,
            report.seconds(),
            report.rowsPerSecond());
      }
    }
    store = RocksDbOnlineStore.open(directory);
    List<FeatureView> views = ServingDataset.views();
    SplittableRandom random = new SplittableRandom(7);
    requests = new ArrayList<>(REQUESTS);
    for (int r = 0; r < REQUESTS; r++) {
      List<EntityKey> keys = new ArrayList<>(entities);
      for (int e = 0; e < entities; e++) {
        keys.add(ServingDataset.key(random.nextInt(ServingDataset.ENTITIES)));
      }
      Map<FeatureView, List<EntityKey>> request = new LinkedHashMap<>();
      views.forEach(view -> request.put(view, keys));
      requests.add(request);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    store.close();
  }

  @Benchmark
  public Map<String, List<OnlineValue>> readAll() {
    return store.readAll(requests.get(next++ & (REQUESTS - 1)), now);
  }
}
