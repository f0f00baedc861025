package dev.featurewatch.store.offline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurewatch.testing.TestServices;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files the offline store writes are read by pyarrow.dataset (all date partitions, Hive style),
 * pandas and DuckDB with the types and values written.
 */
class OfflineStorePyarrowIT {

  private static final String READER =
      """
      import sys
      import duckdb
      import pyarrow as pa
      import pyarrow.dataset as ds

      root = sys.argv[1]
      dataset = ds.dataset(root + "/driver_stats", format="ipc", partitioning="hive")
      table = dataset.to_table()
      assert table.num_rows == 60, table.num_rows
      schema = table.schema
      assert schema.field("driver_id").type == pa.int64(), schema
      assert schema.field("event_timestamp").type == pa.timestamp("us", tz="UTC"), schema
      assert schema.field("rating").type == pa.float64(), schema
      assert schema.field("city").type == pa.string(), schema
      assert schema.field("active").type == pa.bool_(), schema
      assert schema.field("embedding").type == pa.list_(pa.float64()), schema
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

  @TempDir Path dir;

  @Test
  void pyarrowPandasAndDuckDbReadEveryPartition() throws Exception {
    try (OfflineStore store = new OfflineStore(dir)) {
      store.append(OfflineFixtures.ALL_TYPES, OfflineFixtures.rows(60));
    }
    Process process =
        new ProcessBuilder(TestServices.python().toString(), "-c", READER, dir.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output).contains("ok");
  }
}
