package dev.featurewatch.store.offline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurewatch.store.definition.Field;
import dev.featurewatch.store.definition.ValueType;
import dev.featurewatch.store.offline.join.EntityRows;
import dev.featurewatch.store.offline.join.JoinResult;
import dev.featurewatch.store.offline.join.PointInTimeJoin;
import dev.featurewatch.testing.TestServices;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files the offline store writes are read by pyarrow.dataset (all date partitions, Hive style),
 * pandas and DuckDB (querying the pyarrow dataset) with the types and values written; pandas reads
 * a join written as Arrow.
 */
class OfflineStorePyarrowIT {

  private static final String READER =
      """
      import sys
      import duckdb
      import pyarrow as pa
      import pyarrow.dataset as ds

      root = sys.argv[1]
      dataset = ds.dataset(root + "/driver_stats", format="parquet", partitioning="hive")
      table = dataset.to_table()
      assert table.num_rows == 60, table.num_rows
      schema = table.schema
      assert schema.field("driver_id").type == pa.int64(), schema
      assert schema.field("event_timestamp").type == pa.timestamp("us", tz="UTC"), schema
      assert schema.field("rating").type == pa.float64(), schema
      assert schema.field("city").type == pa.string(), schema
      assert schema.field("active").type == pa.bool_(), schema
      assert pa.types.is_list(schema.field("embedding").type), schema
      assert schema.field("embedding").type.value_type == pa.float64(), schema
      assert schema.metadata[b"featurewatch.offline.format"] == b"1", schema.metadata
      df = table.to_pandas().sort_values("trips").reset_index(drop=True)
      assert list(df["trips"]) == list(range(60))
      assert df["rating"].isna().sum() == 12
      assert df.loc[7, "rating"] == 7 / 4.0
      assert df.loc[3, "city"] == "Berlin" and df.loc[4, "city"] == "Paris"
      assert list(df.loc[7, "embedding"]) == [7.0, -0.5]
      assert df["embedding"].isna().sum() == 10
      assert str(df.loc[1, "event_timestamp"]) == "2026-11-20 01:00:00+00:00", df.loc[1, "event_timestamp"]
      assert sorted(set(df["date"])) == ["2026-11-20", "2026-11-21", "2026-11-22"]

      con = duckdb.connect()
      con.register("offline", table)
      n, s = con.execute("select count(*), sum(trips) from offline where driver_id = 1000").fetchone()
      assert (n, s) == (9, sum(i for i in range(60) if i % 7 == 0)), (n, s)
      print("ok")
      """;

  private static final String JOIN_READER =
      """
      import sys
      import pyarrow.ipc as ipc

      df = ipc.open_file(sys.argv[1]).read_pandas()
      assert len(df) == 3, len(df)
      assert list(df.columns) == ["driver_id", "event_timestamp", "driver_stats__trips", "driver_stats__embedding"], list(df.columns)
      assert list(df["driver_id"]) == [1001, 1000, 1006]
      assert df.loc[0, "driver_stats__trips"] == 1
      assert list(df.loc[0, "driver_stats__embedding"]) == [1.0, -0.5]
      assert df["driver_stats__trips"].isna().tolist() == [False, True, False]
      print("ok")
      """;

  @TempDir Path dir;

  private static String run(String script, Path file) throws Exception {
    Process process =
        new ProcessBuilder(TestServices.python().toString(), "-c", script, file.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return output;
  }

  @Test
  void pandasReadsAJoinWrittenAsArrow() throws Exception {
    Path out = dir.resolve("training.arrow");
    try (OfflineStore store = new OfflineStore(dir.resolve("offline"))) {
      store.append(OfflineFixtures.ALL_TYPES, OfflineFixtures.rows(60));
      EntityRows entities =
          EntityRows.builder(List.of(Field.of("driver_id", ValueType.INT64)))
              .add(Instant.parse("2026-11-20T01:30:00Z"), 1001L) // row 1, 30 minutes old
              .add(Instant.parse("2026-11-19T00:00:00Z"), 1000L) // before any row
              .add(Instant.parse("2026-11-20T06:00:00Z"), 1006L) // row 6
              .build();
      try (JoinResult result =
          new PointInTimeJoin(store)
              .join(
                  entities,
                  List.of(
                      new PointInTimeJoin.Request(
                          OfflineFixtures.ALL_TYPES, List.of("trips", "embedding"))),
                  true)) {
        result.writeArrow(out);
      }
    }
    assertThat(run(JOIN_READER, out)).contains("ok");
  }

  @Test
  void pyarrowPandasAndDuckDbReadEveryPartition() throws Exception {
    try (OfflineStore store = new OfflineStore(dir)) {
      store.append(OfflineFixtures.ALL_TYPES, OfflineFixtures.rows(60));
    }
    assertThat(run(READER, dir)).contains("ok");
  }
}
