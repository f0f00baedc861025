package dev.featurewatch.store.offline.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurewatch.store.offline.file.FileSources;
import dev.featurewatch.store.offline.file.SourceLayout;
import dev.featurewatch.store.offline.file.ViewBatches;
import dev.featurewatch.store.row.FeatureRow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The offline store's Parquet files read back through the file readers: every type, null, empty
 * list and null list item, across Arrow batches and Parquet row groups. The expected rows are the
 * fixture's, which parquet-java's own reader also checks ({@link ParquetBatchWriterTest}).
 */
class StoreParquetReadTest {

  @TempDir Path dir;

  @Test
  void everyValueNullAndListIsReadAsWritten() {
    Path file = dir.resolve("part.parquet");
    try (RootAllocator allocator = new RootAllocator()) {
      ParquetBatches.write(
          file,
          100,
          30,
          allocator,
          ParquetBatchWriter.builder(file, ParquetBatches.SCHEMA).rowGroupRows(40));
      List<List<Object>> read = new ArrayList<>();
      SourceLayout layout =
          SourceLayout.offlineStore(
              ParquetBatches.VIEW.name(), List.of(), ParquetBatches.VIEW.features());
      try (ViewBatches batches = FileSources.openStoreFile(file, layout, allocator)) {
        FileSources.eachRow(batches, ParquetBatches.VIEW, row -> read.add(flat(row)));
      }

      assertThat(read).isEqualTo(ParquetBatches.rows(100));
    }
  }

  private static List<Object> flat(FeatureRow row) {
    List<Object> values = new ArrayList<>(row.key().values());
    values.add(row.eventTime());
    values.add(row.createdTime());
    values.addAll(row.values());
    return values;
  }
}
