package dev.featurewatch.benchmarks.join;

import dev.featurewatch.store.definition.DataSource;
import dev.featurewatch.store.definition.Entity;
import dev.featurewatch.store.definition.FeatureRepository;
import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.definition.Field;
import dev.featurewatch.store.definition.ValueType;
import dev.featurewatch.store.offline.OfflineStore;
import dev.featurewatch.store.offline.file.FileSources;
import dev.featurewatch.store.offline.join.EntityRows;
import dev.featurewatch.store.offline.join.JoinResult;
import dev.featurewatch.store.offline.join.PointInTimeJoin;
import dev.featurewatch.store.row.EntityKey;
import dev.featurewatch.store.row.FeatureRow;
import dev.featurewatch.store.row.Times;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Point-in-time join of issue 3 section 6: 1,000,000 entity rows against 3 views of 10,000,000 rows
 * in total (5M + 3M + 2M; int64 key {@code driver_id} over 100,000 drivers; 3 double features each,
 * 1% null; event times over 30 days; ttls 1 day, 7 days and none).
 *
 * <p>The data are generated once, seeded, under {@code <dir>} (default {@code build/bench/pit}):
 * the offline store in {@code <dir>/offline} (one Arrow IPC file per view and date) and the entity
 * rows in {@code <dir>/entities.csv} ({@code row_id,driver_id,event_timestamp}, microseconds since
 * the epoch), which {@code benchmarks/e2e/pit_duckdb.py} reads too. Then one warm-up join and
 * {@code runs} (default 5) timed joins, wall clock; each run's result is closed before the next.
 * The warm-up's result is written to {@code <dir>/featurewatch-result.arrow} for the DuckDB script
 * to compare with.
 *
 * <p>The heap is whatever the command line gives ({@code -Xmx}); the heap in use after the runs is
 * printed.
 *
 * <p>With a third argument, the directory {@link PitParquetSources} wrote, the views are read as
 * Parquet file sources ({@code <sources>/<view>.parquet}) instead, through the same {@code
 * FileSources} that {@code featurewatch historical} uses, with an empty offline store: file reading
 * is inside every timed run, as it is for DuckDB's {@code read_parquet}.
 *
 * <pre>
 * java -Xmx4g --add-opens=java.base/java.nio=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar \
 *     dev.featurewatch.benchmarks.join.PointInTimeJoinBenchmark [dir] [runs] [parquet-sources-dir]
 * </pre>
 */
public final class PointInTimeJoinBenchmark {

  static final int DRIVERS = 100_000;
  static final int ENTITY_ROWS = 1_000_000;
  static final int DAYS = 30;
  static final long START_MICROS = Instant.parse("2026-10-01T00:00:00Z").toEpochMilli() * 1000L;
  static final long DAY_MICROS = 86_400_000_000L;
  static final long RANGE_MICROS = DAYS * DAY_MICROS;

  /** Each row's created time: its event time plus a second. */
  static final long CREATED_AFTER_MICROS = 1_000_000L;

  /** The three views: 1-day, 7-day and no ttl. */
  static final List<FeatureView> VIEWS =
      List.of(
          view("stats_a", "a", Duration.ofDays(1)),
          view("stats_b", "b", Duration.ofDays(7)),
          view("stats_c", "c", Duration.ZERO));

  static final int[] VIEW_ROWS = {5_000_000, 3_000_000, 2_000_000};
  static final long ENTITY_SEED = 42L;

  private PointInTimeJoinBenchmark() {}

  /** The generator seed of view {@code v}. */
  static long seed(int v) {
    return 1000L + v;
  }

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "build/bench/pit");
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Path sources = args.length > 2 ? Path.of(args[2]) : null;
    List<FeatureView> views = sources == null ? VIEWS : parquetViews();
    int[] viewRows = VIEW_ROWS;
    Path offline = dir.resolve("offline");
    Path entityFile = dir.resolve("entities.csv");
    try (OfflineStore store = new OfflineStore(offline);
        OfflineStore empty = new OfflineStore(dir.resolve("empty-offline"))) {
      if (!Files.exists(dir.resolve("GENERATED"))) {
        long start = System.nanoTime();
        Files.createDirectories(dir);
        for (int v = 0; v < views.size(); v++) {
          generateView(store, views.get(v), viewRows[v], seed(v));
        }
        writeEntities(entityFile, ENTITY_SEED);
        Files.writeString(dir.resolve("GENERATED"), "ok\n");
        System.out.printf(
            Locale.ROOT, "generated %s in %.1f s%n", dir, (System.nanoTime() - start) / 1e9);
      }
      List<PointInTimeJoin.Request> requests = new ArrayList<>();
      for (FeatureView view : views) {
        requests.add(
            new PointInTimeJoin.Request(view, view.features().stream().map(Field::name).toList()));
      }
      PointInTimeJoin join;
      if (sources == null) {
        join = new PointInTimeJoin(store);
      } else {
        // an empty store: every row comes from the Parquet files
        join = new PointInTimeJoin(empty, new FileSources(parquetRepository(views), sources));
        System.out.println("reading the views as Parquet file sources under " + sources);
      }

      long start = System.nanoTime();
      try (JoinResult warmUp = join.join(readEntities(entityFile), requests)) {
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
            Locale.ROOT, "warm-up: %.2f s (entity rows read from CSV included)%n", seconds);
        summarize(warmUp);
        warmUp.writeArrow(dir.resolve("featurewatch-result.arrow"));
      }
      double[] seconds = new double[runs];
      for (int r = 0; r < runs; r++) {
        EntityRows entities = readEntities(entityFile);
        long t0 = System.nanoTime();
        try (JoinResult result = join.join(entities, requests)) {
          seconds[r] = (System.nanoTime() - t0) / 1e9;
          if (result.size() != ENTITY_ROWS) {
            throw new IllegalStateException("expected " + ENTITY_ROWS + " rows: " + result.size());
          }
        }
        System.out.printf(Locale.ROOT, "run %d: %.2f s%n", r + 1, seconds[r]);
      }
      double[] sorted = seconds.clone();
      Arrays.sort(sorted);
      Runtime rt = Runtime.getRuntime();
      long usedBefore = rt.totalMemory() - rt.freeMemory();
      System.gc();
      long usedAfter = rt.totalMemory() - rt.freeMemory();
      System.out.printf(
          Locale.ROOT,
          "featurewatch PIT join: median %.2f s, min-max %.2f-%.2f s over %d runs%n",
          sorted[runs / 2],
          sorted[0],
          sorted[runs - 1],
          runs);
      System.out.printf(
          Locale.ROOT,
          "heap: max %d MB (-Xmx), committed %d MB, used %d MB before GC, %d MB after%n",
          rt.maxMemory() >> 20,
          rt.totalMemory() >> 20,
          usedBefore >> 20,
          usedAfter >> 20);
    }
  }

  /** The views with a Parquet file source each, {@code <view>_file}. */
  private static List<FeatureView> parquetViews() {
    return VIEWS.stream()
        .map(
            v ->
                new FeatureView(
                    v.name(),
                    v.entities(),
                    v.features(),
                    v.ttl(),
                    false,
                    true,
                    v.name() + "_file",
                    "",
                    v.description(),
                    Map.of()))
        .toList();
  }

  private static FeatureRepository parquetRepository(List<FeatureView> views) {
    List<DataSource> files = new ArrayList<>();
    for (FeatureView view : views) {
      files.add(
          new DataSource(
              view.source(),
              new DataSource.FileSettings(view.name() + ".parquet", DataSource.FileFormat.PARQUET),
              "event_timestamp",
              "created_timestamp",
              "",
              Map.of()));
    }
    return FeatureRepository.of(
        List.of(new Entity("driver", List.of(Field.of("driver_id", ValueType.INT64)), "")),
        files,
        views,
        List.of());
  }

  static FeatureView view(String name, String prefix, Duration ttl) {
    List<Field> features = new ArrayList<>();
    for (int f = 0; f < 3; f++) {
      features.add(Field.of(prefix + f, ValueType.DOUBLE));
    }
    return new FeatureView(
        name,
        List.of("driver"),
        features,
        ttl,
        false,
        true,
        "",
        "",
        "point-in-time join benchmark",
        Map.of());
  }

  /** One append per day, so one file per view and date partition. */
  static void generateView(OfflineStore store, FeatureView view, int rows, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    for (int day = 0; day < DAYS; day++) {
      DayRows generated = DayRows.generate(random, day, rowsOfDay(rows, day));
      List<FeatureRow> batch = new ArrayList<>(generated.size());
      for (int i = 0; i < generated.size(); i++) {
        List<Object> values = new ArrayList<>(3);
        for (int f = 0; f < 3; f++) {
          values.add(generated.isNull(f, i) ? null : generated.features()[f][i]);
        }
        long event = generated.events()[i];
        batch.add(
            new FeatureRow(
                view.name(),
                EntityKey.of("driver_id", generated.drivers()[i]),
                Times.instant(event),
                Times.instant(event + CREATED_AFTER_MICROS),
                values));
      }
      store.append(view, batch);
    }
  }

  /** The rows of {@code day} when {@code rows} are spread over {@value #DAYS} days. */
  static int rowsOfDay(int rows, int day) {
    int perDay = rows / DAYS;
    return day == DAYS - 1 ? rows - perDay * (DAYS - 1) : perDay;
  }

  /**
   * One day of one view's rows, in generation order: driver, event time (microseconds), and three
   * features, {@code NaN} where null (a generated value is never NaN). One generator for the Arrow
   * offline store and the Parquet sources ({@link PitParquetSources}), so both hold the same rows.
   */
  record DayRows(long[] drivers, long[] events, double[][] features) {

    static DayRows generate(SplittableRandom random, int day, int n) {
      long[] drivers = new long[n];
      long[] events = new long[n];
      double[][] features = new double[3][n];
      for (int i = 0; i < n; i++) {
        drivers[i] = random.nextInt(DRIVERS);
        events[i] = START_MICROS + day * DAY_MICROS + random.nextLong(DAY_MICROS);
        for (int f = 0; f < 3; f++) {
          features[f][i] = random.nextInt(100) == 0 ? Double.NaN : random.nextDouble() * 100;
        }
      }
      return new DayRows(drivers, events, features);
    }

    int size() {
      return drivers.length;
    }

    boolean isNull(int feature, int row) {
      return Double.isNaN(features[feature][row]);
    }
  }

  /** The entity rows: {@code [drivers, event times in microseconds]}, row id = index. */
  static long[][] entities(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    long[] drivers = new long[ENTITY_ROWS];
    long[] times = new long[ENTITY_ROWS];
    for (int i = 0; i < ENTITY_ROWS; i++) {
      drivers[i] = random.nextInt(DRIVERS);
      times[i] = START_MICROS + random.nextLong(RANGE_MICROS);
    }
    return new long[][] {drivers, times};
  }

  static void writeEntities(Path file, long seed) throws IOException {
    long[][] entities = entities(seed);
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write("row_id,driver_id,event_timestamp\n");
      for (int i = 0; i < ENTITY_ROWS; i++) {
        out.write(i + "," + entities[0][i] + "," + entities[1][i] + "\n");
      }
    }
  }

  static EntityRows readEntities(Path file) throws IOException {
    EntityRows.Builder builder =
        EntityRows.builder(List.of(Field.of("driver_id", ValueType.INT64)));
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      in.readLine();
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        int a = line.indexOf(',');
        int b = line.indexOf(',', a + 1);
        builder.addMicros(
            Long.parseLong(line.substring(b + 1)), Long.parseLong(line.substring(a + 1, b)));
      }
    }
    return builder.build();
  }

  /** Row count and null count per feature, to compare with DuckDB's. */
  static void summarize(JoinResult result) {
    List<String> names = result.columnNames();
    StringBuilder line = new StringBuilder("rows " + result.size() + "; nulls:");
    for (int c = 2; c < names.size(); c++) {
      int nulls = 0;
      for (int r = 0; r < result.size(); r++) {
        if (result.value(r, c) == null) {
          nulls++;
        }
      }
      line.append(' ').append(names.get(c)).append('=').append(nulls);
    }
    System.out.println(line);
  }
}
