package dev.featurewatch.store.offline.parquet;

import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.definition.Field;
import dev.featurewatch.store.definition.ValueType;
import dev.featurewatch.store.offline.arrow.OfflineFormat;
import dev.featurewatch.store.online.TestViews;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * An offline-format view with one feature of every type, and its rows written as Parquet in
 * batches: what the round-trip test and the pyarrow check read back. The expected values are
 * spelled again, independently, in {@code src/test/python/check_parquet_batch.py}.
 */
final class ParquetBatches {

  static final FeatureView VIEW = TestViews.allTypes("driver_stats", Duration.ofHours(24));

  static final Schema SCHEMA =
      OfflineFormat.schema(VIEW, List.of(Field.of("driver_id", ValueType.INT64)));

  static final Instant START = Instant.parse("2026-11-20T00:00:00Z");

  private ParquetBatches() {}

  /**
   * Row {@code i}: driver {@code 1000 + i % 7}, event {@code START + i h}, created a minute later;
   * trips {@code i}; rating {@code i / 4}, null when {@code i % 5 == 0}; city "Berlin", "Paris" or
   * "Zürich" by {@code i % 3}, null when {@code i % 11 == 10}; active {@code i % 2 == 0}, null when
   * {@code i % 13 == 12}; last_trip 1.5 s before the event, null when {@code i % 4 == 0}; embedding
   * {@code [i, -0.5]}, null when {@code i % 6 == 0}, empty when {@code i % 6 == 1}, {@code [i,
   * null]} when {@code i % 6 == 2}.
   */
  static List<Object> row(int i) {
    Instant event = START.plusSeconds(3_600L * i);
    List<Double> embedding =
        switch (i % 6) {
          case 0 -> null;
          case 1 -> List.of();
          case 2 -> Arrays.asList((double) i, null);
          default -> List.of((double) i, -0.5);
        };
    return Arrays.asList(
        1000L + i % 7,
        event,
        event.plusSeconds(60),
        (long) i,
        i % 5 == 0 ? null : i / 4.0,
        i % 11 == 10 ? null : new String[] {"Berlin", "Paris", "Zürich"}[i % 3],
        i % 13 == 12 ? null : i % 2 == 0,
        i % 4 == 0 ? null : event.minusMillis(1500),
        embedding);
  }

  /** Writes {@code rows} rows to {@code file}, {@code batchRows} rows an Arrow batch. */
  static void write(
      Path file, int rows, int batchRows, BufferAllocator allocator, ParquetBatchWriter.Builder b) {
    try (VectorSchemaRoot batch = VectorSchemaRoot.create(SCHEMA, allocator);
        ParquetBatchWriter writer = b.build()) {
      List<FieldVector> vectors = batch.getFieldVectors();
      for (int from = 0; from < rows; from += batchRows) {
        int count = Math.min(batchRows, rows - from);
        batch.allocateNew();
        for (int i = 0; i < count; i++) {
          List<Object> row = row(from + i);
          for (int c = 0; c < vectors.size(); c++) {
            OfflineFormat.write(vectors.get(c), i, row.get(c));
          }
        }
        batch.setRowCount(count);
        writer.write(batch);
      }
    }
  }

  static List<List<Object>> rows(int count) {
    List<List<Object>> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      rows.add(row(i));
    }
    return rows;
  }
}
