#!/usr/bin/env python3
"""Checks a Parquet file written by stores' ParquetBatchWriter with pyarrow and DuckDB.

The expected rows are spelled here from their description (ParquetBatches.row in the Java test),
not read from Java: row i has driver 1000 + i % 7, event 2026-11-20T00:00Z + i hours, created a
minute later; trips i; rating i / 4 (null when i % 5 == 0); city Berlin/Paris/Zürich by i % 3
(null when i % 11 == 10); active i % 2 == 0 (null when i % 13 == 12); last_trip 1.5 s before the
event (null when i % 4 == 0); embedding null / [] / [i, null] / [i, -0.5] by i % 6.

    build/venv/bin/python stores/src/test/python/check_parquet_batch.py FILE ROWS

Prints "ok: N rows" and exits 0 when everything matches; fails with an assertion otherwise.
"""
import datetime as dt
import sys

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

path, n = sys.argv[1], int(sys.argv[2])
UTC = dt.timezone.utc
START = dt.datetime(2026, 11, 20, tzinfo=UTC)


def expected(i):
    event = START + dt.timedelta(hours=i)
    return {
        "driver_id": 1000 + i % 7,
        "event_timestamp": event,
        "created_timestamp": event + dt.timedelta(minutes=1),
        "trips": i,
        "rating": None if i % 5 == 0 else i / 4,
        "city": None if i % 11 == 10 else ["Berlin", "Paris", "Zürich"][i % 3],
        "active": None if i % 13 == 12 else i % 2 == 0,
        "last_trip": None if i % 4 == 0 else event - dt.timedelta(milliseconds=1500),
        "embedding": [None, [], [float(i), None]][i % 6] if i % 6 < 3 else [float(i), -0.5],
    }


# the Parquet side: logical types, repetition, codec, key-value metadata
parquet = pq.ParquetFile(path)
meta = parquet.metadata
assert meta.num_rows == n, meta.num_rows
kv = {k.decode(): v.decode() for k, v in meta.metadata.items()}
assert kv["featurewatch.offline.format"] == "1", kv
assert kv["featurewatch.feature_view"] == "driver_stats", kv
if meta.num_row_groups:
    codecs = {meta.row_group(0).column(c).compression for c in range(meta.num_columns)}
    assert codecs == {"SNAPPY"}, codecs
columns = {parquet.schema.column(c).path: parquet.schema.column(c) for c in range(meta.num_columns)}
assert columns["event_timestamp"].max_definition_level == 0, "event_timestamp must be required"
assert columns["rating"].max_definition_level == 1, "rating must be optional"
assert str(columns["city"].logical_type) == "String", columns["city"].logical_type
assert "isAdjustedToUTC=true" in str(columns["last_trip"].logical_type), columns["last_trip"]
assert "timeUnit=microseconds" in str(columns["last_trip"].logical_type), columns["last_trip"]
assert "embedding.list.element" in columns, sorted(columns)

# the Arrow side: the types pyarrow derives, the metadata, every value and null
table = pq.read_table(path)
schema = table.schema
assert schema.field("driver_id").type == pa.int64() and not schema.field("driver_id").nullable
assert schema.field("event_timestamp").type == pa.timestamp("us", tz="UTC"), schema
assert schema.field("created_timestamp").type == pa.timestamp("us", tz="UTC"), schema
assert schema.field("trips").type == pa.int64(), schema
assert schema.field("rating").type == pa.float64(), schema
assert schema.field("city").type == pa.string(), schema
assert schema.field("active").type == pa.bool_(), schema
assert schema.field("last_trip").type == pa.timestamp("us", tz="UTC"), schema
assert pa.types.is_list(schema.field("embedding").type), schema
assert schema.field("embedding").type.value_type == pa.float64(), schema
assert schema.metadata[b"featurewatch.offline.format"] == b"1", schema.metadata
assert schema.metadata[b"featurewatch.feature_view"] == b"driver_stats", schema.metadata
rows = table.to_pylist()
assert len(rows) == n, len(rows)
for i, row in enumerate(rows):
    want = expected(i)
    assert row == want, (i, row, want)

# pandas, as a training-set user reads it
df = table.to_pandas()
assert df["rating"].isna().sum() == sum(1 for i in range(n) if i % 5 == 0)
assert str(df["event_timestamp"].dtype) in ("datetime64[us, UTC]", "datetime64[ns, UTC]"), df.dtypes

# DuckDB reads the file on its own
if n:
    count, trips, nulls, cities = duckdb.connect().execute(
        f"select count(*), sum(trips), count(*) - count(rating), count(distinct city)"
        f" from read_parquet('{path}')").fetchone()
    assert (count, trips) == (n, n * (n - 1) // 2), (count, trips)
    assert nulls == sum(1 for i in range(n) if i % 5 == 0), nulls
    assert cities == min(3, n), cities
print(f"ok: {n} rows")
