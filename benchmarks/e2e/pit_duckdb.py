#!/usr/bin/env python3
"""DuckDB's ASOF LEFT JOIN on the files of PointInTimeJoinBenchmark, side by side with featurewatch.

Reads the offline store's Arrow IPC partitions (<dir>/offline/<view>/date=.../*.arrow) with
pyarrow.dataset and the entity rows (<dir>/entities.csv), registers them in DuckDB (in memory,
no extension), then runs one query of three ASOF LEFT JOINs, one per view, the ttl applied after
the ASOF match (a match older than the ttl gives nulls, as in featurewatch). One warm-up, then RUNS
timed runs (wall clock, result fetched as an Arrow table). Load time is reported apart.
Finally compares the result with featurewatch's (<dir>/featurewatch-result.arrow, written by the
Java benchmark's warm-up): row count, null count per feature, and every value.

    build/venv/bin/python benchmarks/e2e/pit_duckdb.py [dir] [runs]
"""
import statistics
import sys
import time

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.dataset as ds
import pyarrow.feather as feather

DIR = sys.argv[1] if len(sys.argv) > 1 else "build/bench/pit"
RUNS = int(sys.argv[2]) if len(sys.argv) > 2 else 5
# view, feature prefix, ttl in microseconds (None: no limit), as in PointInTimeJoinBenchmark
VIEWS = [("stats_a", "a", 86_400_000_000), ("stats_b", "b", 7 * 86_400_000_000), ("stats_c", "c", None)]
FEATURES = [f"{p}{i}" for _, p, _ in VIEWS for i in range(3)]

start = time.perf_counter()
con = duckdb.connect()
tables = {}
for view, prefix, _ in VIEWS:
    dataset = ds.dataset(f"{DIR}/offline/{view}", format="arrow", partitioning="hive")
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

select = ["e.row_id", "e.driver_id", "e.event_timestamp"]
joins = []
for k, (view, prefix, ttl) in enumerate(VIEWS):
    alias = f"v{k}"
    for i in range(3):
        column = f"{alias}.{prefix}{i}"
        if ttl is None:
            select.append(f"{column} AS {prefix}{i}")
        else:
            select.append(
                f"CASE WHEN e.event_timestamp - {alias}.event_timestamp <= INTERVAL {ttl} MICROSECONDS"
                f" THEN {column} END AS {prefix}{i}")
    joins.append(
        f"ASOF LEFT JOIN {view} {alias} ON e.driver_id = {alias}.driver_id"
        f" AND e.event_timestamp >= {alias}.event_timestamp")
QUERY = f"SELECT {', '.join(select)} FROM entities e {' '.join(joins)}"


def run():
    return con.sql(QUERY).to_arrow_table()


t0 = time.perf_counter()
result = run()
print(f"warm-up: {time.perf_counter() - t0:.2f} s")
times = []
for r in range(RUNS):
    t0 = time.perf_counter()
    out = run()
    times.append(time.perf_counter() - t0)
    assert out.num_rows == entities.num_rows
    del out
    print(f"run {r + 1}: {times[-1]:.2f} s")
print(f"DuckDB ASOF JOIN: median {statistics.median(times):.2f} s, "
      f"min-max {min(times):.2f}-{max(times):.2f} s over {RUNS} runs (load {load:.2f} s apart)")

# agreement with featurewatch: row count, nulls per feature, every value (featurewatch keeps input
# order, so its row i is row_id i)
result = result.sort_by("row_id")
print(f"duckdb rows {result.num_rows}; nulls: "
      + " ".join(f"{f}={result[f].null_count}" for f in FEATURES))
try:
    fw = feather.read_table(f"{DIR}/featurewatch-result.arrow")
except FileNotFoundError:
    print("no featurewatch-result.arrow: run PointInTimeJoinBenchmark first to compare")
    sys.exit(0)
print(f"featurewatch rows {fw.num_rows}; nulls: "
      + " ".join(f"{f}={fw[f].null_count}" for f in FEATURES))
ok = fw.num_rows == result.num_rows
ok &= np.array_equal(fw["driver_id"].to_numpy(), result["driver_id"].to_numpy())
ok &= np.array_equal(pc.cast(fw["event_timestamp"], pa.int64()).to_numpy(),
                     pc.cast(result["event_timestamp"], pa.int64()).to_numpy())
for f in FEATURES:
    a, b = fw[f].combine_chunks(), result[f].combine_chunks()
    same_nulls = np.array_equal(a.is_null().to_numpy(zero_copy_only=False),
                                b.is_null().to_numpy(zero_copy_only=False))
    same_values = np.array_equal(a.fill_null(-1.0).to_numpy(), b.fill_null(-1.0).to_numpy())
    if not (same_nulls and same_values):
        print(f"MISMATCH in {f}: same nulls {same_nulls}, same values {same_values}")
        ok = False
print("results agree with featurewatch: every row, null and value" if ok else "RESULTS DIFFER")
sys.exit(0 if ok else 1)
