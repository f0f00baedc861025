#!/usr/bin/env python3
"""DuckDB's ASOF LEFT JOIN reading the point-in-time benchmark's Parquet file sources directly.

The files are PitParquetSources' (<dir>/stats_a.parquet, stats_b, stats_c and entities.parquet:
the same rows as PointInTimeJoinBenchmark's offline store and entities.csv). The query is
pit_duckdb.py's (three ASOF LEFT JOINs, the ttl applied after the match), but every table is a
read_parquet(...) inside it: reading and decoding the files is part of every timed run. One
warm-up, then RUNS timed runs (wall clock, result fetched as an Arrow table). Then, if
featurewatch's result over the Arrow offline store exists (<pit-dir>/featurewatch-result.arrow,
PointInTimeJoinBenchmark's warm-up), compares every row, null and value with it.

    build/venv/bin/python benchmarks/e2e/pit_duckdb_parquet.py [dir] [runs] [pit-dir]
        dir      default build/bench/pit-parquet
        runs     default 5
        pit-dir  default build/bench/pit
"""
import sys

import duckdb

from pit_common import VIEWS, asof_query, compare_with_featurewatch, timed_runs

DIR = sys.argv[1] if len(sys.argv) > 1 else "build/bench/pit-parquet"
RUNS = int(sys.argv[2]) if len(sys.argv) > 2 else 5
PIT_DIR = sys.argv[3] if len(sys.argv) > 3 else "build/bench/pit"

con = duckdb.connect()
entity_rows = con.sql(f"SELECT count(*) FROM read_parquet('{DIR}/entities.parquet')").fetchall()[0][0]
print(f"duckdb {duckdb.__version__}, threads "
      + str(con.sql("select current_setting('threads')").fetchall()[0][0])
      + f"; entity rows {entity_rows}; files in {DIR}")

QUERY = asof_query(f"read_parquet('{DIR}/entities.parquet')",
                   {view: f"read_parquet('{DIR}/{view}.parquet')" for view, _, _ in VIEWS})
result = timed_runs(lambda: con.sql(QUERY).to_arrow_table(), RUNS, entity_rows,
                    "DuckDB ASOF JOIN over read_parquet (file reading included)")
ok = compare_with_featurewatch(result, f"{PIT_DIR}/featurewatch-result.arrow")
sys.exit(0 if ok is not False else 1)
