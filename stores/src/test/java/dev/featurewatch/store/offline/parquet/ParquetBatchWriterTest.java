package dev.featurewatch.store.offline.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurewatch.store.offline.arrow.OfflineFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
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

  private static ParquetFileReader open(Path file) throws IOException {
    return ParquetFileReader.open(
        new LocalInputFile(file),
        ParquetReadOptions.builder(new PlainParquetConfiguration())
            .withCodecFactory(ParquetCodecs.INSTANCE)
            .build());
  }

  /** Every row of {@code file}, as the Java types of OfflineFormat (Instant, List, ...). */
  private static List<List<Object>> readAll(Path file) throws IOException {
    List<List<Object>> rows = new ArrayList<>();
    try (ParquetFileReader reader = open(file)) {
      MessageType schema = reader.getFooter().getFileMetaData().getSchema();
      PageReadStore pages;
      while ((pages = reader.readNextRowGroup()) != null) {
        RecordReader<Group> records =
            new ColumnIOFactory()
                .getColumnIO(schema)
                .getRecordReader(pages, new GroupRecordConverter(schema));
        for (long r = 0; r < pages.getRowCount(); r++) {
          Group group = records.read();
          List<Object> row = new ArrayList<>();
          for (Type field : schema.getFields()) {
            row.add(value(group, field));
          }
          rows.add(row);
        }
      }
    }
    return rows;
  }

  /** The codecs of every column chunk of every row group. */
  private static Set<CompressionCodecName> codecs(Path file) throws IOException {
    Set<CompressionCodecName> codecs = new TreeSet<>();
    try (ParquetFileReader reader = open(file)) {
      for (BlockMetaData rowGroup : reader.getFooter().getBlocks()) {
        rowGroup.getColumns().forEach(column -> codecs.add(column.getCodec()));
      }
    }
    return codecs;
  }

  private static Object value(Group group, Type field) {
    String name = field.getName();
    if (group.getFieldRepetitionCount(name) == 0) {
      return null;
    }
    if (!field.isPrimitive()) {
      Group list = group.getGroup(name, 0);
      List<Double> values = new ArrayList<>();
      for (int j = 0; j < list.getFieldRepetitionCount("list"); j++) {
        Group element = list.getGroup("list", j);
        values.add(
            element.getFieldRepetitionCount("element") == 0
                ? null
                : element.getDouble("element", 0));
      }
      return values;
    }
    PrimitiveType primitive = field.asPrimitiveType();
    return switch (primitive.getPrimitiveTypeName()) {
      case INT64 ->
          primitive.getLogicalTypeAnnotation()
                  instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation
              ? OfflineFormat.instant(group.getLong(name, 0))
              : (Object) group.getLong(name, 0);
      case DOUBLE -> group.getDouble(name, 0);
      case BINARY -> group.getString(name, 0);
      case BOOLEAN -> group.getBoolean(name, 0);
      default -> throw new AssertionError("unexpected column " + field);
    };
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

    assertThat(readAll(file)).isEqualTo(ParquetBatches.rows(100));
    try (ParquetFileReader reader = open(file)) {
      List<BlockMetaData> rowGroups = reader.getFooter().getBlocks();
      assertThat(rowGroups).extracting(BlockMetaData::getRowCount).containsExactly(40L, 40L, 20L);
    }
  }

  @Test
  void theSchemaCarriesTheLogicalTypesAndRequiredKeysAndTimes() throws IOException {
    Path file = dir.resolve("driver_stats.parquet");

    ParquetBatches.write(
        file, 3, 3, allocator, ParquetBatchWriter.builder(file, ParquetBatches.SCHEMA));

    try (ParquetFileReader reader = open(file)) {
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

    try (ParquetFileReader reader = open(file)) {
      assertThat(reader.getFooter().getFileMetaData().getKeyValueMetaData())
          .containsEntry(OfflineFormat.VERSION_KEY, OfflineFormat.VERSION)
          .containsEntry(OfflineFormat.VIEW_KEY, "driver_stats");
    }
    assertThat(codecs(file)).containsExactly(CompressionCodecName.SNAPPY);
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

    assertThat(readAll(file)).isEqualTo(ParquetBatches.rows(50));
    assertThat(codecs(file)).containsExactly(CompressionCodecName.ZSTD);
  }

  @Test
  void aFileWithNoBatchHasTheSchemaAndNoRows() throws IOException {
    Path file = dir.resolve("empty.parquet");

    ParquetBatches.write(
        file, 0, 10, allocator, ParquetBatchWriter.builder(file, ParquetBatches.SCHEMA));

    assertThat(readAll(file)).isEmpty();
    try (ParquetFileReader reader = open(file)) {
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
