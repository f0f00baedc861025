"""What the DuckDB point-in-time scripts share: the views, the ASOF query and the comparison with
featurewatch's result (pit_duckdb.py over the Arrow offline store, pit_duckdb_parquet.py over
Parquet file sources)."""
import statistics
import time

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.feather as feather

# view, feature prefix, ttl in microseconds (None: no limit), as in PointInTimeJoinBenchmark
VIEWS = [("stats_a", "a", 86_400_000_000), ("stats_b", "b", 7 * 86_400_000_000), ("stats_c", "c", None)]
FEATURES = [f"{p}{i}" for _, p, _ in VIEWS for i in range(3)]


def asof_query(entities, views):
    """One query of three ASOF LEFT JOINs, the ttl applied after the match (a match older than the
    ttl gives nulls, as in featurewatch). `entities` and `views[name]` are table expressions: a
    registered name, or read_parquet('...')."""
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
            f"ASOF LEFT JOIN {views[view]} {alias} ON e.driver_id = {alias}.driver_id"
            f" AND e.event_timestamp >= {alias}.event_timestamp")
    return f"SELECT {', '.join(select)} FROM {entities} e {' '.join(joins)}"


def timed_runs(run, runs, expected_rows, label):
    """One warm-up, then `runs` timed calls of run() (wall clock); returns the warm-up's result."""
    t0 = time.perf_counter()
    result = run()
    print(f"warm-up: {time.perf_counter() - t0:.2f} s")
    times = []
    for r in range(runs):
        t0 = time.perf_counter()
        out = run()
        times.append(time.perf_counter() - t0)
        assert out.num_rows == expected_rows, (out.num_rows, expected_rows)
        del out
        print(f"run {r + 1}: {times[-1]:.2f} s")
    print(f"{label}: median {statistics.median(times):.2f} s, "
          f"min-max {min(times):.2f}-{max(times):.2f} s over {runs} runs")
    return result


def compare_with_featurewatch(result, path):
    """Row count, nulls per feature and every value against featurewatch's result file (which keeps
    input order, so its row i is row_id i). Returns True when they agree, None when there is no
    file."""
    result = result.sort_by("row_id")
    print(f"duckdb rows {result.num_rows}; nulls: "
          + " ".join(f"{f}={result[f].null_count}" for f in FEATURES))
    try:
        fw = feather.read_table(path)
    except FileNotFoundError:
        print(f"no {path}: run PointInTimeJoinBenchmark first to compare")
        return None
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
    return ok
