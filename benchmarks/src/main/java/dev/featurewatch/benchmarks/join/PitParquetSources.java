package dev.featurewatch.benchmarks.join;

import dev.featurewatch.benchmarks.join.PointInTimeJoinBenchmark.DayRows;
import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.definition.Field;
import dev.featurewatch.store.definition.ValueType;
import dev.featurewatch.store.offline.arrow.OfflineFormat;
import dev.featurewatch.store.offline.parquet.ParquetBatchWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The point-in-time benchmark's three views as Parquet file sources (issue 19), for DuckDB's {@code
 * read_parquet} ({@code benchmarks/e2e/pit_duckdb_parquet.py}) and featurewatch's file-source
 * reader: the same rows as {@link PointInTimeJoinBenchmark}'s offline store (same generator, same
 * seeds), one file per view, {@code <dir>/<view>.parquet}, plus the entity rows as {@code
 * <dir>/entities.parquet} ({@code row_id, driver_id, event_timestamp}, the rows of {@code
 * entities.csv}).
 *
 * <p>Columns: {@code driver_id} int64, {@code event_timestamp} and {@code created_timestamp}
 * ({@code timestamp[us, UTC]}, not null), then the view's three doubles (nullable). Rows are
 * written in event-time order (each day's rows sorted, days ascending), so each row group covers a
 * time range and its min/max statistics let a reader skip it. {@link ParquetBatchWriter}'s
 * defaults: Snappy, row groups of at most 1,048,576 rows (5 for {@code stats_a}, 3 for {@code
 * stats_b}, 2 for {@code stats_c}).
 *
 * <pre>
 * java -Xmx2g --add-opens=java.base/java.nio=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar \
 *     dev.featurewatch.benchmarks.join.PitParquetSources [dir, default build/bench/pit-parquet]
 * </pre>
 */
public final class PitParquetSources {

  private static final int BATCH_ROWS = 65_536;

  private PitParquetSources() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "build/bench/pit-parquet");
    Files.createDirectories(dir);
    try (BufferAllocator allocator = new RootAllocator()) {
      for (int v = 0; v < PointInTimeJoinBenchmark.VIEWS.size(); v++) {
        FeatureView view = PointInTimeJoinBenchmark.VIEWS.get(v);
        long start = System.nanoTime();
        Path file = dir.resolve(view.name() + ".parquet");
        long rows =
            writeView(
                file,
                view,
                PointInTimeJoinBenchmark.VIEW_ROWS[v],
                PointInTimeJoinBenchmark.seed(v),
                allocator);
        System.out.printf(
            Locale.ROOT,
            "wrote %s: %,d rows, %,d bytes in %.2f s%n",
            file,
            rows,
            Files.size(file),
            (System.nanoTime() - start) / 1e9);
      }
      Path entities = dir.resolve("entities.parquet");
      writeEntities(entities, allocator);
      System.out.printf(Locale.ROOT, "wrote %s%n", entities);
    }
  }

  static long writeView(
      Path file, FeatureView view, int rows, long seed, BufferAllocator allocator) {
    Schema schema = OfflineFormat.schema(view, List.of(Field.of("driver_id", ValueType.INT64)));
    schema = new Schema(schema.getFields(), Map.of());
    SplittableRandom random = new SplittableRandom(seed);
    try (VectorSchemaRoot batch = VectorSchemaRoot.create(schema, allocator);
        ParquetBatchWriter writer = ParquetBatchWriter.builder(file, schema).build()) {
      batch.getFieldVectors().forEach(vector -> vector.setInitialCapacity(BATCH_ROWS));
      BigIntVector drivers = (BigIntVector) batch.getVector("driver_id");
      TimeStampMicroTZVector events =
          (TimeStampMicroTZVector) batch.getVector(OfflineFormat.EVENT_TIMESTAMP);
      TimeStampMicroTZVector created =
          (TimeStampMicroTZVector) batch.getVector(OfflineFormat.CREATED_TIMESTAMP);
      List<Float8Vector> features = new ArrayList<>();
      view.features().forEach(f -> features.add((Float8Vector) batch.getVector(f.name())));
      for (int day = 0; day < PointInTimeJoinBenchmark.DAYS; day++) {
        DayRows generated =
            DayRows.generate(random, day, PointInTimeJoinBenchmark.rowsOfDay(rows, day));
        int[] order = byEventTime(generated.events());
        for (int from = 0; from < order.length; from += BATCH_ROWS) {
          int count = Math.min(BATCH_ROWS, order.length - from);
          batch.allocateNew();
          for (int i = 0; i < count; i++) {
            int row = order[from + i];
            long event = generated.events()[row];
            drivers.setSafe(i, generated.drivers()[row]);
            events.setSafe(i, event);
            created.setSafe(i, event + PointInTimeJoinBenchmark.CREATED_AFTER_MICROS);
            for (int f = 0; f < features.size(); f++) {
              if (generated.isNull(f, row)) {
                features.get(f).setNull(i);
              } else {
                features.get(f).setSafe(i, generated.features()[f][row]);
              }
            }
          }
          batch.setRowCount(count);
          writer.write(batch);
        }
      }
      return writer.rows();
    }
  }

  /**
   * The row indices of one day in event-time order: (time within the day, 37 bits) and index (up to
   * 26 bits) packed into one long and sorted, so no boxed comparator runs over millions of rows.
   */
  static int[] byEventTime(long[] events) {
    long[] packed = new long[events.length];
    for (int i = 0; i < events.length; i++) {
      long offset =
          Math.floorMod(
              events[i] - PointInTimeJoinBenchmark.START_MICROS,
              PointInTimeJoinBenchmark.DAY_MICROS);
      packed[i] = offset << 26 | i;
    }
    Arrays.sort(packed);
    int[] order = new int[events.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = (int) (packed[i] & ((1 << 26) - 1));
    }
    return order;
  }

  private static void writeEntities(Path file, BufferAllocator allocator) {
    long[][] entities = PointInTimeJoinBenchmark.entities(PointInTimeJoinBenchmark.ENTITY_SEED);
    Schema schema =
        new Schema(
            List.of(
                OfflineFormat.arrowField("row_id", ValueType.INT64, false),
                OfflineFormat.arrowField("driver_id", ValueType.INT64, false),
                OfflineFormat.arrowField(
                    OfflineFormat.EVENT_TIMESTAMP, ValueType.TIMESTAMP, false)));
    try (VectorSchemaRoot batch = VectorSchemaRoot.create(schema, allocator);
        ParquetBatchWriter writer = ParquetBatchWriter.builder(file, schema).build()) {
      batch.getFieldVectors().forEach(vector -> vector.setInitialCapacity(BATCH_ROWS));
      BigIntVector ids = (BigIntVector) batch.getVector(0);
      BigIntVector drivers = (BigIntVector) batch.getVector(1);
      TimeStampMicroTZVector times = (TimeStampMicroTZVector) batch.getVector(2);
      for (int from = 0; from < entities[0].length; from += BATCH_ROWS) {
        int count = Math.min(BATCH_ROWS, entities[0].length - from);
        batch.allocateNew();
        for (int i = 0; i < count; i++) {
          ids.setSafe(i, from + i);
          drivers.setSafe(i, entities[0][from + i]);
          times.setSafe(i, entities[1][from + i]);
        }
        batch.setRowCount(count);
        writer.write(batch);
      }
    }
  }
}
