package dev.featurewatch.store.offline.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurewatch.testing.TestServices;
import java.nio.file.Path;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pyarrow (the test virtualenv's), an independent Parquet reader, reads what {@link
 * ParquetBatchWriter} writes with the Arrow types, metadata, nulls and values that {@code
 * src/test/python/check_parquet_batch.py} spells out on its own; DuckDB's {@code read_parquet}
 * agrees on counts and sums.
 */
class ParquetBatchWriterPyarrowIT {

  private static final Path CHECK = Path.of("src/test/python/check_parquet_batch.py");

  @TempDir Path dir;

  @Test
  void pyarrowAndDuckDbReadTypesMetadataNullsAndValues() throws Exception {
    Path file = dir.resolve("driver_stats.parquet");
    try (BufferAllocator allocator = new RootAllocator()) {
      ParquetBatches.write(
          file,
          100,
          30,
          allocator,
          ParquetBatchWriter.builder(file, ParquetBatches.SCHEMA).rowGroupRows(40));
    }

    assertThat(TestServices.runPython(CHECK, file.toString(), "100")).contains("ok: 100 rows");
  }
}
