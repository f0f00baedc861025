package dev.featurewatch.app.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurewatch.drift.profile.FeatureType;
import dev.featurewatch.drift.profile.MissingCounts;
import dev.featurewatch.drift.report.CategoricalSample;
import dev.featurewatch.drift.report.NumericSample;
import dev.featurewatch.drift.report.Sample;
import dev.featurewatch.store.offline.parquet.ParquetBatchWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parquet inputs are read as the Arrow reader reads the same data: the same samples, values kept
 * row by row and types fixed by the user or a baseline; bad files and unsupported columns are
 * named.
 */
class ParquetReaderTest {

  private static final String DATA =
      """
      amount,count,country,active
      1.5,1,DE,true
      ,2,FR,false
      NaN,,,true
      Infinity,4,DE,
      -2.25,5,DE,true
      -Infinity,6,FR,false
      3.75,7,,true
      """;

  @TempDir Path dir;

  /** The same rows as Parquet (row groups of 3 rows, to read across them) and as Arrow IPC. */
  private Path[] parquetAndArrow() throws IOException {
    Path csv = Files.writeString(dir.resolve("data.csv"), DATA, StandardCharsets.UTF_8);
    return new Path[] {
      TypedFiles.parquet(csv, dir.resolve("data.parquet"), 3),
      TypedFiles.arrow(csv, dir.resolve("data.arrow"))
    };
  }

  /** Everything a table says, in order: rows, columns, samples, invalid values, kept rows. */
  static String describe(Table table) {
    StringBuilder out = new StringBuilder("rows=" + table.rows() + "\n");
    table.columns().values().forEach(sample -> out.append(describe(sample)).append('\n'));
    out.append("firstInvalid=").append(table.firstInvalid()).append('\n');
    out.append("rowValues=").append(table.rowValues());
    return out.toString();
  }

  private static String describe(Sample sample) {
    if (sample instanceof NumericSample numeric) {
      return "numeric "
          + numeric.name()
          + " rows="
          + numeric.rows()
          + " "
          + numeric.missingCounts()
          + " invalid="
          + numeric.invalid()
          + " values="
          + Arrays.toString(numeric.sortedCopy());
    }
    CategoricalSample categorical = (CategoricalSample) sample;
    return "categorical "
        + categorical.name()
        + " counts="
        + new ArrayList<>(categorical.counts().entrySet())
        + " missing="
        + categorical.missing();
  }

  @Test
  void readsTheSameSamplesAsTheArrowReaderForTheSameData() throws IOException {
    Path[] files = parquetAndArrow();

    Table parquet = Tables.read(files[0], ColumnTypes.infer(Set.of()));

    assertThat(describe(parquet))
        .isEqualTo(describe(Tables.read(files[1], ColumnTypes.infer(Set.of()))));
    assertThat(parquet.rows()).isEqualTo(7);
    assertThat(parquet.columnNames()).containsExactly("amount", "count", "country", "active");
    NumericSample amount = (NumericSample) parquet.columns().get("amount");
    assertThat(amount.sortedCopy()).containsExactly(-2.25, 1.5, 3.75);
    assertThat(amount.missingCounts()).isEqualTo(new MissingCounts(1, 1, 1, 1));
    assertThat(((NumericSample) parquet.columns().get("count")).sortedCopy())
        .containsExactly(1, 2, 4, 5, 6, 7);
    CategoricalSample country = (CategoricalSample) parquet.columns().get("country");
    assertThat(country.counts()).containsExactly(Map.entry("DE", 3L), Map.entry("FR", 2L));
    assertThat(country.missing()).isEqualTo(2);
    CategoricalSample active = (CategoricalSample) parquet.columns().get("active");
    assertThat(active.counts()).containsExactly(Map.entry("true", 4L), Map.entry("false", 2L));
    assertThat(active.missing()).isEqualTo(1);
  }

  @Test
  void typesGivenByTheUserOrABaselineAndRowsKeptAreReadAsArrowReadsThem() throws IOException {
    Path[] files = parquetAndArrow();
    ColumnTypes declared = ColumnTypes.infer(Set.of("count")).keepingRows(Set.of("amount"));
    // a baseline's types: booleans as 0 and 1, text in a numeric column invalid, numbers as text
    ColumnTypes fixed =
        ColumnTypes.fixed(
                Map.of(
                    "active", FeatureType.NUMERIC,
                    "country", FeatureType.NUMERIC,
                    "amount", FeatureType.CATEGORICAL))
            .keepingRows(Set.of("active", "country"));

    for (ColumnTypes types : List.of(declared, fixed)) {
      assertThat(describe(Tables.read(files[0], types)))
          .isEqualTo(describe(Tables.read(files[1], types)));
    }
    Table table = Tables.read(files[0], fixed);
    assertThat(((NumericSample) table.columns().get("active")).sortedCopy())
        .containsExactly(0, 0, 1, 1, 1, 1);
    assertThat(table.columns().get("country").invalid()).isEqualTo(5);
    assertThat(((CategoricalSample) table.columns().get("amount")).counts().keySet())
        .containsExactly("1.5", "NaN", "Infinity", "-2.25", "-Infinity", "3.75");
    assertThat(table.rowValues().get("active")).containsExactly(1.0, 0.0, 1.0, null, 1.0, 0.0, 1.0);
  }

  @Test
  void aParquetFileIsKnownByItsMagicWhateverItsName() throws IOException {
    Path parquet = parquetAndArrow()[0];
    Path renamed = Files.move(parquet, dir.resolve("export.dat"));

    assertThat(Tables.read(renamed, ColumnTypes.infer(Set.of())).rows()).isEqualTo(7);
  }

  @Test
  void anEmptyOrNonParquetFileNamedParquetIsRejectedNamingIt() throws IOException {
    Path empty = Files.createFile(dir.resolve("empty.parquet"));
    Path csv = Files.writeString(dir.resolve("data.parquet"), DATA);
    Path truncated = dir.resolve("truncated.parquet");
    byte[] whole = Files.readAllBytes(TypedFiles.parquet(writeCsv(), dir.resolve("w.parquet"), 3));
    Files.write(truncated, Arrays.copyOf(whole, whole.length / 2));

    assertThatThrownBy(() -> Tables.read(empty, ColumnTypes.infer(Set.of())))
        .isInstanceOf(InputException.class)
        .hasMessage(empty + ": the file is empty (0 bytes), expected a Parquet file");
    assertThatThrownBy(() -> Tables.read(csv, ColumnTypes.infer(Set.of())))
        .isInstanceOf(InputException.class)
        .hasMessage(
            csv + ": not a Parquet file: it does not start with PAR1, as its name says it would");
    assertThatThrownBy(() -> Tables.read(truncated, ColumnTypes.infer(Set.of())))
        .isInstanceOf(InputException.class)
        .hasMessageStartingWith(truncated + ": not a readable Parquet file: ");
  }

  private Path writeCsv() throws IOException {
    return Files.writeString(dir.resolve("w.csv"), DATA, StandardCharsets.UTF_8);
  }

  @Test
  void timestampAndListColumnsAreRejectedNamingTheColumnAndItsType() throws IOException {
    Path timestamps = dir.resolve("timestamps.parquet");
    Path lists = dir.resolve("lists.parquet");
    try (BufferAllocator allocator = new RootAllocator()) {
      writeOneRow(
          timestamps,
          new Field(
              "event_timestamp",
              FieldType.nullable(new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC")),
              null),
          allocator);
      Field item =
          new Field(
              "item",
              FieldType.nullable(new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
              null);
      writeOneRow(
          lists,
          new Field("embedding", FieldType.nullable(ArrowType.List.INSTANCE), List.of(item)),
          allocator);
    }

    assertThatThrownBy(() -> Tables.read(timestamps, ColumnTypes.infer(Set.of())))
        .isInstanceOf(InputException.class)
        .hasMessage(
            timestamps
                + ": column 'event_timestamp' has Parquet type int64 (TIMESTAMP(MICROS,true)),"
                + " expected an integer, floating-point, decimal, string or boolean column"
                + " (leave it out with --ignore event_timestamp)");
    assertThatThrownBy(() -> Tables.read(lists, ColumnTypes.infer(Set.of())))
        .isInstanceOf(InputException.class)
        .hasMessage(
            lists
                + ": column 'embedding' has Parquet type group (LIST),"
                + " expected an integer, floating-point, decimal, string or boolean column"
                + " (leave it out with --ignore embedding)");
  }

  /** A file of an amount and one other column, one row (the other column null). */
  private static void writeOneRow(Path file, Field other, BufferAllocator allocator) {
    Field amount =
        new Field(
            "amount",
            FieldType.nullable(new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
            null);
    try (VectorSchemaRoot root =
            VectorSchemaRoot.create(new Schema(List.of(amount, other)), allocator);
        ParquetBatchWriter writer = ParquetBatchWriter.builder(file, root.getSchema()).build()) {
      root.allocateNew();
      ((Float8Vector) root.getVector(0)).setSafe(0, 1.5);
      if (root.getVector(1) instanceof TimeStampMicroTZVector time) {
        time.setNull(0);
      } else {
        ((ListVector) root.getVector(1)).setNull(0);
      }
      root.setRowCount(1);
      writer.write(root);
    }
  }
}
