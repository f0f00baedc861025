package dev.featurewatch.app.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurewatch.app.Cli;
import dev.featurewatch.drift.report.CategoricalSample;
import dev.featurewatch.drift.report.NumericSample;
import dev.featurewatch.testing.TestServices;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Parquet files written by pyarrow and pandas (the test virtualenv's, {@code
 * src/test/python/write_drift_parquet.py}) are read as the same data in Arrow IPC, written by the
 * same library, is read by the Arrow reader; drift on them reports the same.
 */
class ParquetInteropIT {

  private static final Path WRITER = Path.of("src/test/python/write_drift_parquet.py");

  @TempDir static Path dir;

  @BeforeAll
  static void writeWithPyarrowAndPandas() throws Exception {
    assertThat(TestServices.runPython(WRITER, dir.toString())).contains("ok: 14 files");
  }

  private static Table read(String file) {
    return Tables.read(dir.resolve(file), ColumnTypes.infer(Set.of()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"reference-pyarrow", "current-pyarrow", "zstd", "gzip", "plain-v2"})
  void pyarrowsParquetIsReadAsItsArrowIpc(String name) {
    Table parquet = read(name + ".parquet");

    assertThat(ParquetReaderTest.describe(parquet))
        .isEqualTo(ParquetReaderTest.describe(read(name + ".arrow")));
    assertThat(parquet.rows()).isEqualTo(1000);
    assertThat(parquet.columnNames())
        .containsExactly(
            "amount", "count", "small", "visits", "ratio", "price", "country", "tier", "active");
    // i % 97 == 0 is null, else i % 89 == 0 NaN, else i % 83 == 0 infinite
    NumericSample amount = (NumericSample) parquet.columns().get("amount");
    assertThat(amount.missingCounts().nulls()).isEqualTo(11);
    assertThat(amount.missingCounts().nan()).isEqualTo(11);
    assertThat(amount.missingCounts().positiveInfinity()).isEqualTo(12);
    // unsigned: i * 4,294,967 passes 2^31, a signed int's largest
    assertThat(((NumericSample) parquet.columns().get("visits")).sortedCopy()[999])
        .isEqualTo(999 * 4_294_967.0);
    assertThat(((NumericSample) parquet.columns().get("price")).sortedCopy()[999]).isEqualTo(74.75);
    assertThat(((CategoricalSample) parquet.columns().get("tier")).counts())
        .isEqualTo(Map.of("gold", 334L, "basic", 333L, "silver", 333L));
    CategoricalSample active = (CategoricalSample) parquet.columns().get("active");
    assertThat(active.missing()).isEqualTo(59);
  }

  @Test
  void pandasParquetIsReadAsItsFeather() {
    assertThat(ParquetReaderTest.describe(read("pandas.parquet")))
        .isEqualTo(ParquetReaderTest.describe(read("pandas.arrow")));
  }

  @Test
  void driftOnPyarrowsParquetReportsAsOnItsArrowIpc() {
    for (String format : new String[] {"table", "json"}) {
      Cli parquet = drift("parquet", format);
      Cli arrow = drift("arrow", format);

      assertThat(parquet.exitCode()).as(parquet.err()).isEqualTo(arrow.exitCode());
      assertThat(parquet.out().replace(".parquet", ".arrow"))
          .contains("country")
          .isEqualTo(arrow.out());
    }
  }

  private static Cli drift(String extension, String format) {
    return Cli.run(
        "drift",
        "--reference",
        dir.resolve("reference-pyarrow." + extension).toString(),
        "--current",
        dir.resolve("current-pyarrow." + extension).toString(),
        "--fixed-thresholds",
        "--format",
        format);
  }

  @Test
  void timestampAndListColumnsAreRefusedNamingTheirTypes() {
    Path timestamps = dir.resolve("timestamps.parquet");
    Path lists = dir.resolve("lists.parquet");

    assertThatThrownBy(() -> Tables.read(timestamps, ColumnTypes.infer(Set.of())))
        .hasMessage(
            timestamps
                + ": column 'event_timestamp' has Parquet type int64 (TIMESTAMP(MICROS,true)),"
                + " expected an integer, floating-point, decimal, string or boolean column"
                + " (leave it out with --ignore event_timestamp)");
    assertThatThrownBy(() -> Tables.read(lists, ColumnTypes.infer(Set.of())))
        .hasMessage(
            lists
                + ": column 'tags' has Parquet type group (LIST),"
                + " expected an integer, floating-point, decimal, string or boolean column"
                + " (leave it out with --ignore tags)");
  }
}
