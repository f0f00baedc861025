#!/usr/bin/env python3
"""DuckDB's ASOF LEFT JOIN on the files of PointInTimeJoinBenchmark, side by side with featurewatch.

Reads the offline store's partitions (<dir>/offline/<view>/date=.../part-*: Parquet since issue 19,
Arrow IPC before) with pyarrow.dataset and the entity rows (<dir>/entities.csv), registers them in DuckDB (in memory,
no extension), then runs one query of three ASOF LEFT JOINs, one per view, the ttl applied after
the ASOF match (a match older than the ttl gives nulls, as in featurewatch). One warm-up, then RUNS
timed runs (wall clock, result fetched as an Arrow table). Load time is reported apart.
Finally compares the result with featurewatch's (<dir>/featurewatch-result.arrow, written by the
Java benchmark's warm-up): row count, null count per feature, and every value.

    build/venv/bin/python benchmarks/e2e/pit_duckdb.py [dir] [runs]
"""
import glob
import sys
import time

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.dataset as ds

from pit_common import VIEWS, asof_query, compare_with_featurewatch, timed_runs

DIR = sys.argv[1] if len(sys.argv) > 1 else "build/bench/pit"
RUNS = int(sys.argv[2]) if len(sys.argv) > 2 else 5

start = time.perf_counter()
con = duckdb.connect()
tables = {}
for view, prefix, _ in VIEWS:
    files = sorted(glob.glob(f"{DIR}/offline/{view}/date=*/part-*"))
    fmt = "parquet" if files[0].endswith(".parquet") else "arrow"
    dataset = ds.dataset(f"{DIR}/offline/{view}", format=fmt, partitioning="hive")
    tables[view] = dataset.to_table(
        columns=["driver_id", "event_timestamp"] + [f"{prefix}{i}" for i in range(3)])
    con.register(view, tables[view])
entities = pacsv.read_csv(f"{DIR}/entities.csv")
entities = entities.set_column(
    2, "event_timestamp", pc.cast(entities["event_timestamp"], pa.timestamp("us", tz="UTC")))
con.register("entities", entities)
load = time.perf_counter() - start
print(f"load (pyarrow.dataset + CSV, register): {load:.2f} s; view rows "
      + ", ".join(f"{v}={t.num_rows}" for v, t in tables.items())
      + f"; entity rows {entities.num_rows}; duckdb {duckdb.__version__}, threads "
      + str(con.sql("select current_setting('threads')").fetchall()[0][0]))

QUERY = asof_query("entities", {view: view for view, _, _ in VIEWS})
result = timed_runs(lambda: con.sql(QUERY).to_arrow_table(), RUNS, entities.num_rows,
                    f"DuckDB ASOF JOIN (load {load:.2f} s apart)")
ok = compare_with_featurewatch(result, f"{DIR}/featurewatch-result.arrow")
sys.exit(0 if ok is not False else 1)
