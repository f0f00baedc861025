package dev.featurewatch.store.offline.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurewatch.store.offline.arrow.OfflineFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files written by {@link ParquetBatchWriter}, read back with parquet-java's own low-level reader
 * (the example {@link Group} model): schema with logical types, key-value metadata, codec, row
 * groups, and every value and null. pyarrow reads the same file in {@code
 * ParquetBatchWriterPyarrowIT}.
 */
class ParquetBatchWriterTest {

  @TempDir Path dir;

  private final BufferAllocator allocator = new RootAllocator();

  @AfterEach
  void closeAllocator() {
    allocator.close();
  }

  @Test
  void everyValueAndNullIsReadBackAcrossBatchesAndRowGroups() throws IOException {
    Path file = dir.resolve("driver_stats.parquet");

    ParquetBatches.write(
        file,
        100,
        30, // batches of 30, 30, 30 and 10 rows
        allocator,
        ParquetBatchWriter.builder(file, ParquetBatches.SCHEMA).rowGroupRows(40));

    assertThat(ParquetTestFiles.readAll(file)).isEqualTo(ParquetBatches.rows(100));
    try (ParquetFileReader reader = ParquetTestFiles.open(file)) {
      List<BlockMetaData> rowGroups = reader.getFooter().getBlocks();
      assertThat(rowGroups).extracting(BlockMetaData::getRowCount).containsExactly(40L, 40L, 20L);
    }
  }

  @Test
  void theSchemaCarriesTheLogicalTypesAndRequiredKeysAndTimes() throws IOException {
    Path file = dir.resolve("driver_stats.parquet");

    ParquetBatches.write(
        file, 3, 3, allocator, ParquetBatchWriter.builder(file, ParquetBatches.SCHEMA));

    try (ParquetFileReader reader = ParquetTestFiles.open(file)) {
      assertThat(reader.getFooter().getFileMetaData().getSchema().toString())
          .isEqualToIgnoringNewLines(
              """
              message schema {
                required int64 driver_id;
                required int64 event_timestamp (TIMESTAMP(MICROS,true));
                required int64 created_timestamp (TIMESTAMP(MICROS,true));
                optional int64 trips;
                optional double rating;
                optional binary city (STRING);
                optional boolean active;
                optional int64 last_trip (TIMESTAMP(MICROS,true));
                optional group embedding (LIST) {
                  repeated group list {
                    optional double element;
                  }
                }
              }
              """);
    }
  }

  @Test
  void theArrowSchemaMetadataBecomesKeyValueMetadataAndPagesAreSnappyByDefault()
      throws IOException {
    Path file = dir.resolve("driver_stats.parquet");

    ParquetBatches.write(
        file, 10, 10, allocator, ParquetBatchWriter.builder(file, ParquetBatches.SCHEMA));

    try (ParquetFileReader reader = ParquetTestFiles.open(file)) {
      assertThat(reader.getFooter().getFileMetaData().getKeyValueMetaData())
          .containsEntry(OfflineFormat.VERSION_KEY, OfflineFormat.VERSION)
          .containsEntry(OfflineFormat.VIEW_KEY, "driver_stats");
    }
    assertThat(ParquetTestFiles.codecs(file)).containsExactly(CompressionCodecName.SNAPPY);
  }

  @Test
  void anotherCodecIsWrittenAndReadBack() throws IOException {
    Path file = dir.resolve("driver_stats.parquet");

    ParquetBatches.write(
        file,
        50,
        50,
        allocator,
        ParquetBatchWriter.builder(file, ParquetBatches.SCHEMA).codec(CompressionCodecName.ZSTD));

    assertThat(ParquetTestFiles.readAll(file)).isEqualTo(ParquetBatches.rows(50));
    assertThat(ParquetTestFiles.codecs(file)).containsExactly(CompressionCodecName.ZSTD);
  }

  @Test
  void aFileWithNoBatchHasTheSchemaAndNoRows() throws IOException {
    Path file = dir.resolve("empty.parquet");

    ParquetBatches.write(
        file, 0, 10, allocator, ParquetBatchWriter.builder(file, ParquetBatches.SCHEMA));

    assertThat(ParquetTestFiles.readAll(file)).isEmpty();
    try (ParquetFileReader reader = ParquetTestFiles.open(file)) {
      assertThat(reader.getFooter().getFileMetaData().getSchema().getFieldCount()).isEqualTo(9);
    }
  }

  @Test
  void anUnsupportedArrowTypeIsRefusedNamingTheColumnBeforeTheFileIsCreated() {
    Path file = dir.resolve("bad.parquet");
    Schema schema =
        new Schema(
            List.of(
                new org.apache.arrow.vector.types.pojo.Field(
                    "score",
                    FieldType.nullable(new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)),
                    List.of())));

    assertThatThrownBy(() -> ParquetBatchWriter.builder(file, schema).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "Parquet: column 'score' must be int64, float64, utf8, bool, timestamp[us] or"
                + " list<float64>, found score: FloatingPoint(SINGLE)");
    assertThat(Files.exists(file)).isFalse();
  }

  @Test
  void aBatchOfAnotherSchemaIsRefused() {
    Path file = dir.resolve("driver_stats.parquet");
    Schema other = new Schema(ParquetBatches.SCHEMA.getFields().subList(0, 3), Map.of());

    try (ParquetBatchWriter writer =
            ParquetBatchWriter.builder(file, ParquetBatches.SCHEMA).build();
        VectorSchemaRoot batch = VectorSchemaRoot.create(other, allocator)) {
      assertThatThrownBy(() -> writer.write(batch))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(
              ": a batch's fields must be the writer's [driver_id: Int(64, true) not null");
    }
  }
}
