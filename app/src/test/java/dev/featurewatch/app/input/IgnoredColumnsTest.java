package dev.featurewatch.app.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ignored columns ({@link ColumnTypes#withIgnored}) are not read by any reader: a training set as
 * {@code featurewatch historical} writes it (an int64 join key, an event timestamp, features) reads
 * as the same file without them, in CSV, Arrow IPC and Parquet.
 */
class IgnoredColumnsTest {

  private static final String HISTORICAL =
      """
      driver_id,event_timestamp,conv_rate,city
      1001,2026-11-20T10:00:00Z,0.5,Berlin
      1002,2026-11-20T10:05:00Z,,Paris
      1001,2026-11-20T11:00:00Z,0.75,
      1003,2026-11-21T09:30:00.123456Z,0.25,Berlin
      """;

  private static final String FEATURES =
      """
      conv_rate,city
      0.5,Berlin
      ,Paris
      0.75,
      0.25,Berlin
      """;

  private static final ColumnTypes IGNORING_KEY_AND_TIME =
      ColumnTypes.infer(Set.of()).withIgnored(Set.of("driver_id", "event_timestamp"));

  @TempDir Path dir;

  /** {@code csv} as CSV, Arrow IPC and Parquet (row groups of 3 rows, to read across them). */
  private Path[] inEachFormat(String name, String csv) throws IOException {
    Path file = Files.writeString(dir.resolve(name + ".csv"), csv, StandardCharsets.UTF_8);
    return new Path[] {
      file,
      TypedFiles.arrow(file, dir.resolve(name + ".arrow")),
      TypedFiles.parquet(file, dir.resolve(name + ".parquet"), 3)
    };
  }

  @Test
  void aHistoricalTrainingSetReadsAsTheSameFileWithoutTheIgnoredColumns() throws IOException {
    Path[] historical = inEachFormat("historical", HISTORICAL);
    Path[] features = inEachFormat("features", FEATURES);

    for (int f = 0; f < historical.length; f++) {
      Table ignoring = Tables.read(historical[f], IGNORING_KEY_AND_TIME);
      Table without = Tables.read(features[f], ColumnTypes.infer(Set.of()));

      assertThat(ignoring.columnNames())
          .as(historical[f].toString())
          .containsExactly("conv_rate", "city");
      assertThat(ParquetReaderTest.describe(ignoring))
          .as(historical[f].toString())
          .isEqualTo(ParquetReaderTest.describe(without));
    }
  }

  @Test
  void ignoredColumnsAreLeftOutOfTypesGivenAndRowsKept() throws IOException {
    ColumnTypes types =
        ColumnTypes.infer(Set.of("city"))
            .keepingRows(Set.of("conv_rate"))
            .withIgnored(Set.of("driver_id", "event_timestamp"));
    Path[] historical = inEachFormat("historical", HISTORICAL);
    Path[] features = inEachFormat("features", FEATURES);

    for (int f = 0; f < historical.length; f++) {
      assertThat(ParquetReaderTest.describe(Tables.read(historical[f], types)))
          .as(historical[f].toString())
          .isEqualTo(
              ParquetReaderTest.describe(
                  Tables.read(
                      features[f],
                      ColumnTypes.infer(Set.of("city")).keepingRows(Set.of("conv_rate")))));
    }
  }

  @Test
  void anIgnoredColumnTheFileDoesNotHaveIsRejectedNamingTheFileAndItsColumns() throws IOException {
    ColumnTypes misspelt =
        ColumnTypes.infer(Set.of()).withIgnored(Set.of("driver_id", "event_time"));

    for (Path file : inEachFormat("historical", HISTORICAL)) {
      assertThatThrownBy(() -> Tables.read(file, misspelt))
          .isInstanceOf(InputException.class)
          .hasMessage(
              file
                  + ": columns to ignore are not in the file: [event_time], found"
                  + " [driver_id, event_timestamp, conv_rate, city]");
    }
  }

  @Test
  void aTimestampColumnIsRefusedWithAHintToIgnoreIt() throws IOException {
    Path[] historical = inEachFormat("historical", HISTORICAL);

    assertThatThrownBy(() -> Tables.read(historical[1], ColumnTypes.infer(Set.of())))
        .isInstanceOf(InputException.class)
        .hasMessage(
            historical[1]
                + ": column 'event_timestamp' has Arrow type Timestamp(MICROSECOND, UTC),"
                + " expected an integer, floating-point, string or boolean column"
                + " (leave it out with --ignore event_timestamp)");
    assertThatThrownBy(() -> Tables.read(historical[2], ColumnTypes.infer(Set.of())))
        .isInstanceOf(InputException.class)
        .hasMessage(
            historical[2]
                + ": column 'event_timestamp' has Parquet type int64 (TIMESTAMP(MICROS,true)),"
                + " expected an integer, floating-point, decimal, string or boolean column"
                + " (leave it out with --ignore event_timestamp)");
    // a CSV has no types: the timestamps are text, a categorical column, unless ignored
    assertThat(Tables.read(historical[0], ColumnTypes.infer(Set.of())).columnNames())
        .containsExactly("driver_id", "event_timestamp", "conv_rate", "city");
  }

  @Test
  void everyColumnIgnoredLeavesATableOfRowsWithoutColumns() throws IOException {
    ColumnTypes all =
        ColumnTypes.infer(Set.of())
            .withIgnored(Set.of("driver_id", "event_timestamp", "conv_rate", "city"));

    for (Path file : inEachFormat("historical", HISTORICAL)) {
      Table table = Tables.read(file, all);
      assertThat(table.columnNames()).as(file.toString()).isEqualTo(List.of());
      assertThat(table.rows()).as(file.toString()).isEqualTo(4);
    }
  }
}
