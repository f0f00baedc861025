package dev.featurewatch.store.offline.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurewatch.store.definition.DataSource;
import dev.featurewatch.store.definition.Entity;
import dev.featurewatch.store.definition.FeatureRepository;
import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.definition.Field;
import dev.featurewatch.store.definition.ValueType;
import dev.featurewatch.store.offline.parquet.ParquetCodecs;
import dev.featurewatch.store.row.FeatureRow;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.apache.arrow.memory.RootAllocator;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A file source's numeric columns as parquet-java writes them in each of its encodings (plain,
 * dictionary, a dictionary that overflows into plain pages, delta, byte stream split; data pages v1
 * and v2; required and optional columns), read back page by page: every value, null and dropped row
 * as written, across many small pages.
 */
class ParquetEncodingsTest {

  private static final MessageType SCHEMA =
      MessageTypeParser.parseMessageType(
          """
          message schema {
            optional int64 driver_id;
            required int64 ts (TIMESTAMP(MILLIS,true));
            optional double rate;
            optional int32 trips;
            optional float score;
            optional int64 seen (TIMESTAMP(MICROS,true));
            optional int32 day (DATE);
          }
          """);
  private static final FeatureView VIEW =
      new FeatureView(
          "stats",
          List.of("driver"),
          List.of(
              Field.of("rate", ValueType.DOUBLE),
              Field.of("trips", ValueType.INT64),
              Field.of("score", ValueType.DOUBLE),
              Field.of("seen", ValueType.TIMESTAMP),
              Field.of("day", ValueType.TIMESTAMP)),
          Duration.ZERO,
          true,
          true,
          "stats_file",
          "",
          "",
          Map.of());
  private static final Instant DAY = Instant.parse("2026-11-20T00:00:00Z");
  private static final int ROWS = 3_000;

  @TempDir Path dir;

  /** How parquet-java is asked to write the file. */
  enum Writer {
    V1_PLAIN(ParquetProperties.WriterVersion.PARQUET_1_0, false, 1 << 20, false),
    V1_DICTIONARY(ParquetProperties.WriterVersion.PARQUET_1_0, true, 1 << 20, false),
    // a dictionary page of 256 bytes fills early: the later pages fall back to plain values
    V1_DICTIONARY_OVERFLOW(ParquetProperties.WriterVersion.PARQUET_1_0, true, 256, false),
    V1_BYTE_STREAM_SPLIT(ParquetProperties.WriterVersion.PARQUET_1_0, false, 1 << 20, true),
    // v2 pages without a dictionary: delta-encoded integers
    V2_DELTA(ParquetProperties.WriterVersion.PARQUET_2_0, false, 1 << 20, false),
    V2_DICTIONARY(ParquetProperties.WriterVersion.PARQUET_2_0, true, 1 << 20, false),
    V2_DICTIONARY_OVERFLOW(ParquetProperties.WriterVersion.PARQUET_2_0, true, 256, false);

    final ParquetProperties.WriterVersion version;
    final boolean dictionary;
    final int dictionaryBytes;
    final boolean byteStreamSplit;

    Writer(
        ParquetProperties.WriterVersion version,
        boolean dictionary,
        int dictionaryBytes,
        boolean byteStreamSplit) {
      this.version = version;
      this.dictionary = dictionary;
      this.dictionaryBytes = dictionaryBytes;
      this.byteStreamSplit = byteStreamSplit;
    }
  }

  /** One written row: its key (null now and then) and its values (each null now and then). */
  private record Written(Long driver, long millis, Object[] values) {}

  private List<Written> write(Writer how, Path file) throws IOException {
    return write(how, CompressionCodecName.SNAPPY, file);
  }

  private List<Written> write(Writer how, CompressionCodecName codec, Path file)
      throws IOException {
    return write(how, codec, file, ROWS, 1_100);
  }

  private List<Written> write(
      Writer how, CompressionCodecName codec, Path file, int count, int groupRows)
      throws IOException {
    Random random = new Random(11);
    SimpleGroupFactory groups = new SimpleGroupFactory(SCHEMA);
    List<Written> rows = new ArrayList<>();
    try (ParquetWriter<Group> writer =
        ExampleParquetWriter.builder(new LocalOutputFile(file))
            .withType(SCHEMA)
            .withConf(new PlainParquetConfiguration())
            .withCodecFactory(ParquetCodecs.INSTANCE)
            .withCompressionCodec(codec)
            .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
            .withWriterVersion(how.version)
            .withDictionaryEncoding(how.dictionary)
            .withDictionaryPageSize(how.dictionaryBytes)
            .withByteStreamSplitEncoding(how.byteStreamSplit)
            .withPageRowCountLimit(97) // pages end mid-batch and mid-group of bit-packed runs
            .withRowGroupRowCountLimit(groupRows)
            .build()) {
      for (int i = 0; i < count; i++) {
        Group group = groups.newGroup();
        // a run of null keys now and then, and a lone one
        Long driver = (i / 50) % 9 == 0 && i % 50 < 12 || i % 101 == 0 ? null : (long) i % 37 - 5;
        if (driver != null) {
          group.append("driver_id", driver);
        }
        long millis = DAY.toEpochMilli() + 1_000L * i;
        group.append("ts", millis);
        Object[] values = new Object[5];
        if (random.nextInt(20) != 0) {
          double rate = random.nextInt(3) == 0 ? i % 5 : random.nextDouble() * 100;
          group.append("rate", rate);
          values[0] = rate;
        }
        if (random.nextInt(20) != 0) {
          int trips = random.nextBoolean() ? i % 7 - 3 : random.nextInt();
          group.append("trips", trips);
          values[1] = (long) trips;
        }
        if (random.nextInt(20) != 0) {
          float score = random.nextFloat() * (i % 2 == 0 ? 1 : -1000);
          group.append("score", score);
          values[2] = (double) score;
        }
        if (i % 300 >= 100) { // long runs of nulls and of values
          long micros = DAY.toEpochMilli() * 1_000 - 7L * i;
          group.append("seen", micros);
          values[3] = Instant.EPOCH.plusNanos(micros * 1_000);
        }
        if (random.nextInt(20) != 0) {
          int day = 20_000 + i % 40;
          group.append("day", day);
          values[4] = Instant.EPOCH.plus(Duration.ofDays(day));
        }
        writer.write(group);
        rows.add(new Written(driver, millis, values));
      }
    }
    return rows;
  }

  @ParameterizedTest
  @EnumSource(Writer.class)
  void everyValueOfEveryEncodingIsReadAsWritten(Writer how) throws IOException {
    assertReadAsWritten(write(how, dir.resolve("stats.parquet")));
  }

  /**
   * Pages are read from a mapping of the file ({@link MappedRowGroup}): uncompressed ones where
   * they lie, compressed ones (v2: the values only, not the levels) decompressed by each codec.
   */
  @ParameterizedTest
  @EnumSource(
      value = CompressionCodecName.class,
      names = {"UNCOMPRESSED", "GZIP", "ZSTD", "LZ4_RAW"})
  void pagesOfEveryCodecAreReadAsWritten(CompressionCodecName codec) throws IOException {
    for (Writer how : List.of(Writer.V1_DICTIONARY_OVERFLOW, Writer.V2_DICTIONARY_OVERFLOW)) {
      assertReadAsWritten(write(how, codec, dir.resolve("stats.parquet")));
    }
  }

  /**
   * A file truncated while it is read (a producer rewriting it in place): the read of its mapping
   * past the new end fails the read, naming the file, and not the JVM (the mapping is never read by
   * native code).
   */
  @ParameterizedTest
  @EnumSource(
      value = CompressionCodecName.class,
      names = {"SNAPPY", "UNCOMPRESSED"})
  void aFileTruncatedWhileItIsReadFailsNamingIt(CompressionCodecName codec) throws IOException {
    Path file = dir.resolve("stats.parquet");
    // one row group of two batches
    write(Writer.V1_PLAIN, codec, file, 2 * ParquetBatches.BATCH_ROWS, Integer.MAX_VALUE);
    FileSources files = files();
    try (RootAllocator allocator = new RootAllocator();
        ViewBatches batches =
            files
                .read(
                    VIEW,
                    files.joinKeys(VIEW),
                    VIEW.features(),
                    Long.MIN_VALUE,
                    Long.MAX_VALUE,
                    allocator)
                .get(0)
                .get()) {
      assertThat(batches.next()).isTrue();
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
        channel.truncate(4);
      }

      assertThatThrownBy(
              () -> {
                while (batches.next()) {
                  // the second batch's pages lie past the new end
                }
              })
          .isInstanceOf(FileDataException.class)
          .hasMessageContaining(file.toString())
          .hasMessageContaining("truncated or rewritten while it was read");
    }
  }

  private FileSources files() {
    DataSource source =
        new DataSource(
            "stats_file",
            new DataSource.FileSettings("stats.parquet", DataSource.FileFormat.PARQUET),
            "ts",
            "",
            "",
            Map.of());
    return new FileSources(
        FeatureRepository.of(
            List.of(new Entity("driver", List.of(Field.of("driver_id", ValueType.INT64)), "")),
            List.of(source),
            List.of(VIEW),
            List.of()),
        dir);
  }

  private void assertReadAsWritten(List<Written> written) {
    FileSources files = files();
    List<FeatureRow> rows = new ArrayList<>();
    long skipped = 0;
    try (RootAllocator allocator = new RootAllocator()) {
      for (Supplier<ViewBatches> open :
          files.read(
              VIEW,
              files.joinKeys(VIEW),
              VIEW.features(),
              Long.MIN_VALUE,
              Long.MAX_VALUE,
              allocator)) {
        try (ViewBatches batches = open.get()) {
          FileSources.eachRow(batches, VIEW, rows::add);
          skipped += batches.skippedRows();
        }
      }
    }

    List<String> expected = new ArrayList<>();
    for (Written row : written) {
      if (row.driver() != null) {
        expected.add(
            row.driver()
                + " "
                + Instant.ofEpochMilli(row.millis())
                + " "
                + Arrays.asList(row.values()));
      }
    }
    assertThat(rows)
        .extracting(r -> r.key().values().get(0) + " " + r.eventTime() + " " + r.values())
        .containsExactlyElementsOf(expected);
    assertThat(skipped).isEqualTo(written.size() - expected.size()).isGreaterThan(100);
  }
}
