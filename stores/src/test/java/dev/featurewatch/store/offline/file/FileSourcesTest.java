package dev.featurewatch.store.offline.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurewatch.store.definition.DataSource;
import dev.featurewatch.store.definition.Entity;
import dev.featurewatch.store.definition.FeatureRepository;
import dev.featurewatch.store.definition.FeatureView;
import dev.featurewatch.store.definition.Field;
import dev.featurewatch.store.definition.ValueType;
import dev.featurewatch.store.offline.arrow.OfflineFormat;
import dev.featurewatch.store.offline.parquet.ParquetBatchWriter;
import dev.featurewatch.store.row.FeatureRow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bad input of issue 19 and the reading rules of file sources, one file at a time. */
class FileSourcesTest {

  private static final Instant DAY = Instant.parse("2026-11-20T00:00:00Z");
  private static final Field DRIVER = Field.of("driver_id", ValueType.INT64);

  @TempDir Path dir;
  private final RootAllocator allocator = new RootAllocator();

  @AfterEach
  void close() {
    allocator.close();
  }

  private static FeatureView view(String source) {
    return new FeatureView(
        "stats",
        List.of("driver"),
        List.of(Field.of("conv_rate", ValueType.DOUBLE)),
        Duration.ZERO,
        true,
        true,
        source,
        "",
        "",
        Map.of());
  }

  private FileSources sources(DataSource.FileSettings settings) {
    DataSource source = new DataSource("stats_file", settings, "ts", "", "", Map.of());
    return new FileSources(
        FeatureRepository.of(
            List.of(new Entity("driver", List.of(DRIVER), "")),
            List.of(source),
            List.of(view("stats_file")),
            List.of()),
        dir);
  }

  /** Every row the view reads, with the rows left out for a null key. */
  private record Read(List<FeatureRow> rows, long skipped) {}

  private Read read(DataSource.FileSettings settings, long from, long to) {
    FileSources sources = sources(settings);
    FeatureView view = view("stats_file");
    List<FeatureRow> rows = new ArrayList<>();
    long skipped = 0;
    for (Supplier<ViewBatches> open :
        sources.read(view, List.of(DRIVER), view.features(), from, to, allocator)) {
      try (ViewBatches batches = open.get()) {
        FileSources.eachRow(batches, view, rows::add);
        skipped += batches.skippedRows();
      }
    }
    return new Read(rows, skipped);
  }

  private Read read(DataSource.FileSettings settings) {
    return read(settings, Long.MIN_VALUE, Long.MAX_VALUE);
  }

  private static DataSource.FileSettings csv(String path) {
    return new DataSource.FileSettings(path, DataSource.FileFormat.CSV);
  }

  private static DataSource.FileSettings parquet(String path) {
    return new DataSource.FileSettings(path, DataSource.FileFormat.PARQUET);
  }

  private void write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  /** A Parquet file of (driver_id, ts, conv_rate) rows, {@code groupRows} a row group. */
  private void writeParquet(String name, ValueType rateType, int groupRows, Object[]... rows) {
    Path file = dir.resolve(name);
    try {
      Files.createDirectories(file.getParent());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    Schema schema =
        new Schema(
            List.of(
                OfflineFormat.arrowField("driver_id", ValueType.INT64, true),
                OfflineFormat.arrowField("ts", ValueType.TIMESTAMP, false),
                OfflineFormat.arrowField("conv_rate", rateType, true)));
    try (VectorSchemaRoot batch = VectorSchemaRoot.create(schema, allocator);
        ParquetBatchWriter writer =
            ParquetBatchWriter.builder(file, schema).rowGroupRows(groupRows).build()) {
      List<FieldVector> vectors = batch.getFieldVectors();
      batch.allocateNew();
      for (int i = 0; i < rows.length; i++) {
        for (int c = 0; c < 3; c++) {
          OfflineFormat.write(vectors.get(c), i, rows[i][c]);
        }
      }
      batch.setRowCount(rows.length);
      writer.write(batch);
    }
  }

  private static Object[] row(Long driver, int hour, Object rate) {
    return new Object[] {driver, DAY.plusSeconds(3600L * hour), rate};
  }

  @Test
  void aPathThatDoesNotExistIsNamedWithItsSource() {
    assertThatThrownBy(() -> read(csv("data/nope.csv")))
        .isInstanceOf(FileDataException.class)
        .hasMessage(
            "source 'stats_file': path " + dir.resolve("data/nope.csv") + " does not exist");
  }

  @Test
  void anEmptyCsvFileIsRefused() throws IOException {
    write("stats.csv", "");

    assertThatThrownBy(() -> read(csv("stats.csv")))
        .isInstanceOf(FileDataException.class)
        .hasMessage(dir.resolve("stats.csv") + ": the file is empty, expected a header line");
  }

  @Test
  void aWrongDelimiterIsNamedWithTheOneTheHeaderSeemsToUse() throws IOException {
    write("stats.csv", "driver_id;ts;conv_rate\n1001;2026-11-20T00:00:00Z;0.5\n");

    assertThatThrownBy(() -> read(csv("stats.csv")))
        .isInstanceOf(FileDataException.class)
        .hasMessage(
            dir.resolve("stats.csv")
                + ": column 'driver_id': missing: the join key 'driver_id' of feature view"
                + " 'stats' must be a column of the header, which has [driver_id;ts;conv_rate];"
                + " the header is one column: is the delimiter ';'? (set the source's delimiter)");
  }

  @Test
  void theDeclaredDelimiterIsUsed() throws IOException {
    write("stats.csv", "driver_id;ts;conv_rate\n1001;2026-11-20T00:00:00Z;0.5\n");

    Read read =
        read(
            new DataSource.FileSettings(
                "stats.csv", DataSource.FileFormat.CSV, DataSource.TimestampFormat.ISO8601, ';'));

    assertThat(read.rows())
        .singleElement()
        .satisfies(r -> assertThat(r.values()).containsExactly(0.5));
  }

  @Test
  void mixedTimestampFormatsAreRefusedAtTheFirstOddValue() throws IOException {
    write(
        "stats.csv",
        "driver_id,ts,conv_rate\n1001,2026-11-20T00:00:00Z,0.5\n1002,1795132800,0.6\n");

    assertThatThrownBy(() -> read(csv("stats.csv")))
        .isInstanceOf(FileDataException.class)
        .hasMessage(
            dir.resolve("stats.csv")
                + ":3: column 'ts': must be an ISO-8601 time as the source's timestamp_format"
                + " says, found '1795132800' (declare timestamp_format: epoch_seconds or"
                + " epoch_millis for numbers)");
  }

  @Test
  void epochTimestampsAreReadAsDeclared() throws IOException {
    write("stats.csv", "driver_id,ts,conv_rate\n1001,1795132800000,0.5\n");

    Read read =
        read(
            new DataSource.FileSettings(
                "stats.csv",
                DataSource.FileFormat.CSV,
                DataSource.TimestampFormat.EPOCH_MILLIS,
                ','));

    assertThat(read.rows())
        .singleElement()
        .satisfies(r -> assertThat(r.eventTime()).isEqualTo(DAY));
  }

  @Test
  void rowsWhoseJoinKeyIsNullAreCountedNotJoined() throws IOException {
    write(
        "stats.csv",
        "driver_id,ts,conv_rate\n"
            + "1001,2026-11-20T00:00:00Z,0.5\n"
            + ",2026-11-20T01:00:00Z,0.6\n"
            + "1002,2026-11-20T02:00:00Z,\n"
            + ",2026-11-20T03:00:00Z,0.7\n");
    writeParquet("lake/a.parquet", ValueType.DOUBLE, 10, row(1001L, 0, 0.5), row(null, 1, 0.6));

    Read fromCsv = read(csv("stats.csv"));
    Read fromParquet = read(parquet("lake/a.parquet"));

    assertThat(fromCsv.skipped()).isEqualTo(2);
    assertThat(fromCsv.rows())
        .extracting(r -> r.key().values().get(0), r -> r.values().get(0))
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1001L, 0.5),
            org.assertj.core.groups.Tuple.tuple(1002L, null));
    assertThat(fromParquet.skipped()).isEqualTo(1);
    assertThat(fromParquet.rows()).hasSize(1);
  }

  @Test
  void anEmptyParquetFileIsRefused() throws IOException {
    write("stats.parquet", "");

    assertThatThrownBy(() -> read(parquet("stats.parquet")))
        .isInstanceOf(FileDataException.class)
        .hasMessage(
            dir.resolve("stats.parquet") + ": the file is empty (0 bytes), not a Parquet file");
  }

  @Test
  void partitionsWhoseSchemasDifferAreRefusedNamingTheFileAndColumn() {
    writeParquet("lake/date=2026-11-20/part-0.parquet", ValueType.DOUBLE, 10, row(1001L, 0, 0.5));
    writeParquet(
        "lake/date=2026-11-21/part-0.parquet", ValueType.STRING, 10, row(1001L, 24, "0.5"));

    assertThatThrownBy(() -> read(parquet("lake")))
        .isInstanceOf(FileDataException.class)
        .hasMessage(
            dir.resolve("lake/date=2026-11-21/part-0.parquet")
                + ": column 'conv_rate': the feature 'conv_rate' of feature view 'stats' must be"
                + " double, found Parquet binary (STRING)");
  }

  @Test
  void aMissingColumnIsNamedWithTheColumnsTheFileHas() {
    writeParquet("stats.parquet", ValueType.DOUBLE, 10, row(1001L, 0, 0.5));
    FeatureView wider =
        new FeatureView(
            "stats",
            List.of("driver"),
            List.of(Field.of("conv_rate", ValueType.DOUBLE), Field.of("trips", ValueType.INT64)),
            Duration.ZERO,
            true,
            true,
            "stats_file",
            "",
            "",
            Map.of());
    FileSources sources = sources(parquet("stats.parquet"));

    assertThatThrownBy(
            () -> {
              for (Supplier<ViewBatches> open :
                  sources.read(
                      wider,
                      List.of(DRIVER),
                      wider.features(),
                      Long.MIN_VALUE,
                      Long.MAX_VALUE,
                      allocator)) {
                open.get().close();
              }
            })
        .isInstanceOf(FileDataException.class)
        .hasMessage(
            dir.resolve("stats.parquet")
                + ": column 'trips': missing: the feature 'trips' of feature view 'stats' must be"
                + " a column of the file, which has [driver_id, ts, conv_rate]");
  }

  @Test
  void rowGroupsOutsideTheTimeRangeAreNotRead() {
    writeParquet(
        "stats.parquet",
        ValueType.DOUBLE,
        2,
        row(1001L, 0, 0.1),
        row(1002L, 1, 0.2),
        row(1001L, 24, 0.3),
        row(1002L, 25, 0.4),
        row(1001L, 48, 0.5),
        row(1002L, 49, 0.6));
    long day2 = OfflineFormat.micros(DAY.plusSeconds(24 * 3600));

    Read read = read(parquet("stats.parquet"), day2, day2 + 3_600_000_000L - 1);

    // only the second row group's statistics overlap the day asked for
    assertThat(read.rows()).extracting(r -> r.values().get(0)).containsExactly(0.3, 0.4);
  }

  @Test
  void aDirectoryAndAGlobReadTheirFilesInPathOrderLeavingHiddenOnesOut() throws IOException {
    writeParquet("lake/date=2026-11-21/part-0.parquet", ValueType.DOUBLE, 10, row(1002L, 24, 0.2));
    writeParquet("lake/date=2026-11-20/part-0.parquet", ValueType.DOUBLE, 10, row(1001L, 0, 0.1));
    write("lake/_SUCCESS", "");
    write("lake/date=2026-11-20/.part-1.parquet.crc", "x");

    assertThat(read(parquet("lake")).rows())
        .extracting(r -> r.values().get(0))
        .containsExactly(0.1, 0.2);
    assertThat(read(parquet("lake/*/*.parquet")).rows()).hasSize(2);
    assertThat(read(parquet("lake/date=2026-11-21/*.parquet")).rows())
        .extracting(r -> r.values().get(0))
        .containsExactly(0.2);
    assertThatThrownBy(() -> read(parquet("lake/*/*.csv")))
        .isInstanceOf(FileDataException.class)
        .hasMessageStartingWith("source 'stats_file': path 'lake/*/*.csv' matches no file under");
  }

  @Test
  void aJsonLinesFieldOnNoLineIsAMissingColumnNotANullOne() throws IOException {
    write("stats.jsonl", "{\"driver_id\": 1001, \"ts\": \"2026-11-20T00:00:00Z\"}\n");

    assertThatThrownBy(
            () -> read(new DataSource.FileSettings("stats.jsonl", DataSource.FileFormat.JSONL)))
        .isInstanceOf(FileDataException.class)
        .hasMessage(
            dir.resolve("stats.jsonl")
                + ": column 'conv_rate': missing: the feature 'conv_rate' of feature view 'stats'"
                + " is a field of no line of the file");
  }

  @Test
  void aJsonLinesLineThatIsNoObjectIsNamedWithTheValueFound() throws IOException {
    write(
        "stats.jsonl",
        "{\"driver_id\": 1001, \"ts\": \"2026-11-20T00:00:00Z\", \"conv_rate\": 0.5}\n[1001, 0.5]\n");

    assertThatThrownBy(
            () -> read(new DataSource.FileSettings("stats.jsonl", DataSource.FileFormat.JSONL)))
        .isInstanceOf(FileDataException.class)
        .hasMessage(dir.resolve("stats.jsonl") + ":2: must be a JSON object, found [1001,0.5]");
  }

  @Test
  void aCsvValueOfTheWrongTypeIsNamedWithItsLineAndColumn() throws IOException {
    write("stats.csv", "driver_id,ts,conv_rate\n1001,2026-11-20T00:00:00Z,high\n");

    assertThatThrownBy(() -> read(csv("stats.csv")))
        .isInstanceOf(FileDataException.class)
        .hasMessage(
            dir.resolve("stats.csv")
                + ":2: column 'conv_rate': the feature 'conv_rate' of feature view 'stats' must be"
                + " double, found 'high'");
  }
}
