#!/usr/bin/env python3
"""Writes the materialize benchmark's Parquet file source, the one file both Feast's and
featurewatch's materialize read (issue 19).

    PYTHON benchmarks/e2e/materialize_source.py [--rows N] [--drivers D] [--dir DIR]

Writes DIR/driver_stats_N.parquet (DIR default build/bench/materialize; N default 500,000, the
Feast run; featurewatch's is 5,000,000) unless it exists. Seeded, so the same N and D give the same
file. Columns: driver_id int64 (uniform over D drivers, default N / 10, so every size has about
ten rows per driver and materialize writes about N / 10 keys), event_timestamp and
created_timestamp (timestamp[us, UTC]; events uniform over the 30 days from 2026-10-01, created a
second later), and three float64 features f0, f1, f2 (uniform in [0, 100), 1% null each). Rows in
event-time order, Snappy, row groups of 1,048,576 rows (pyarrow's default), so row-group statistics
cover a time range each. Any Python with numpy and pyarrow runs it (the test and Feast virtualenvs
both have them).
"""
import argparse
import os
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

START = np.datetime64("2026-10-01T00:00:00", "us")
DAYS = 30
SEED = 19
FEATURES = ["f0", "f1", "f2"]


def path(directory, rows):
    return Path(directory) / f"driver_stats_{rows}.parquet"


def write(directory, rows, drivers=None):
    """Writes the file unless it exists; returns its path."""
    drivers = drivers or max(1, rows // 10)
    target = path(directory, rows)
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(SEED)
    offsets = np.sort(rng.integers(0, DAYS * 86_400_000_000, size=rows))
    events = START + offsets.astype("timedelta64[us]")
    columns = {
        "driver_id": pa.array(rng.integers(0, drivers, size=rows), pa.int64()),
        "event_timestamp": pa.array(events, pa.timestamp("us", tz="UTC")),
        "created_timestamp": pa.array(events + np.timedelta64(1, "s"), pa.timestamp("us", tz="UTC")),
    }
    for name in FEATURES:
        values = rng.random(rows) * 100
        columns[name] = pa.array(values, pa.float64(), mask=rng.random(rows) < 0.01)
    table = pa.table(columns)
    hidden = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    pq.write_table(table, hidden, compression="snappy", row_group_size=1_048_576)
    hidden.rename(target)
    return target


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=500_000)
    parser.add_argument("--drivers", type=int, default=None, help="default: rows / 10")
    parser.add_argument("--dir", default="build/bench/materialize")
    args = parser.parse_args()
    target = write(args.dir, args.rows, args.drivers)
    meta = pq.ParquetFile(target).metadata
    print(f"{target}: {meta.num_rows} rows, {meta.num_row_groups} row groups, "
          f"{target.stat().st_size} bytes")


if __name__ == "__main__":
    main()
