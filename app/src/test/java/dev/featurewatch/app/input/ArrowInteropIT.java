package dev.featurewatch.app.input;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurewatch.drift.profile.MissingCounts;
import dev.featurewatch.drift.report.CategoricalSample;
import dev.featurewatch.drift.report.NumericSample;
import dev.featurewatch.testing.TestServices;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Arrow IPC files written by pyarrow (the test virtualenv's) are read with the right types, values
 * and nulls, in both IPC formats and across several record batches.
 */
class ArrowInteropIT {

  private static final String WRITER =
      """
      import sys
      import pyarrow as pa
      import pyarrow.feather as feather
      import pyarrow.ipc as ipc

      table = pa.table({
          "amount": pa.array([1.5, None, float("nan"), float("inf"), -2.25], pa.float64()),
          "count": pa.array([1, 2, None, 4, 5], pa.int64()),
          "small": pa.array([7, 8, 9, 10, 11], pa.int16()),
          "country": pa.array(["DE", "FR", None, "DE", "DE"], pa.string()),
          "active": pa.array([True, False, True, None, True], pa.bool_()),
          "tier": pa.array(["gold", "basic", "gold", None, "basic"]).dictionary_encode(),
      })
      path, kind = sys.argv[1], sys.argv[2]
      if kind == "file":
          # two record batches, to read across batch boundaries
          with ipc.new_file(path, table.schema) as writer:
              for batch in table.to_batches(max_chunksize=3):
                  writer.write_batch(batch)
      elif kind == "feather":
          feather.write_feather(table, path, compression="uncompressed")
      elif kind == "feather-lz4":
          feather.write_feather(table, path)  # pyarrow's default: LZ4-compressed batches
      elif kind == "feather-zstd":
          feather.write_feather(table, path, compression="zstd")
      elif kind == "pandas":
          table.to_pandas().to_feather(path)  # the tier column becomes a pandas category
      else:
          with ipc.new_stream(path, table.schema) as writer:
              writer.write_table(table)
      """;

  @TempDir Path dir;

  private Path writeWithPyarrow(String kind) throws IOException, InterruptedException {
    Path file = dir.resolve("data-" + kind + ".arrow");
    Process process =
        new ProcessBuilder(TestServices.python().toString(), "-c", WRITER, file.toString(), kind)
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return file;
  }

  @ParameterizedTest
  @ValueSource(strings = {"file", "feather", "stream", "feather-lz4", "feather-zstd", "pandas"})
  void readsWhatPyarrowWrote(String kind) throws Exception {
    Table table = Tables.read(writeWithPyarrow(kind), ColumnTypes.infer(Set.of()));

    assertThat(table.rows()).isEqualTo(5);
    assertThat(table.columnNames())
        .containsExactly("amount", "count", "small", "country", "active", "tier");
    NumericSample amount = (NumericSample) table.columns().get("amount");
    assertThat(amount.sortedCopy()).containsExactly(-2.25, 1.5);
    // pandas holds a null float as NaN and writes every NaN as null
    assertThat(amount.missingCounts())
        .isEqualTo(
            kind.equals("pandas") ? new MissingCounts(2, 0, 1, 0) : new MissingCounts(1, 1, 1, 0));
    NumericSample count = (NumericSample) table.columns().get("count");
    assertThat(count.sortedCopy()).containsExactly(1, 2, 4, 5);
    assertThat(count.missing()).isEqualTo(1);
    assertThat(((NumericSample) table.columns().get("small")).sortedCopy())
        .containsExactly(7, 8, 9, 10, 11);
    CategoricalSample country = (CategoricalSample) table.columns().get("country");
    assertThat(country.counts()).isEqualTo(Map.of("DE", 3L, "FR", 1L));
    assertThat(country.missing()).isEqualTo(1);
    CategoricalSample active = (CategoricalSample) table.columns().get("active");
    assertThat(active.counts()).isEqualTo(Map.of("true", 3L, "false", 1L));
    CategoricalSample tier = (CategoricalSample) table.columns().get("tier");
    assertThat(tier.counts()).isEqualTo(Map.of("gold", 2L, "basic", 2L));
    assertThat(tier.missing()).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"file"})
  void anIntegerColumnDeclaredCategoricalIsReadAsCategories(String kind) throws Exception {
    Table table = Tables.read(writeWithPyarrow(kind), ColumnTypes.infer(Set.of("small")));

    assertThat(((CategoricalSample) table.columns().get("small")).counts().keySet())
        .containsExactly("7", "8", "9", "10", "11");
  }
}
