#!/usr/bin/env python3
"""Writes drift and baseline inputs as Parquet with pyarrow and pandas, and the same data as Arrow IPC.

    build/venv/bin/python app/src/test/python/write_drift_parquet.py OUT_DIR

ParquetInteropIT reads each NAME.parquet with featurewatch and checks it against NAME.arrow, the
same table written by the same library as an uncompressed Arrow IPC file, which featurewatch's
Arrow reader reads:

- reference-pyarrow, current-pyarrow: pyarrow defaults (Snappy, dictionary pages), row groups of 400
  rows, every column type the readers take: float64 with null, NaN and infinities, int64 with nulls,
  int8, uint32, float32, decimal128(9, 2), a string with nulls, a dictionary-encoded string, a bool
  with nulls. The current one has shifted amounts and a new country.
- zstd, gzip, plain-v2: the reference table in one row group, with ZSTD pages, gzip pages, and
  plain (not dictionary) values in data pages v2.
- pandas: the reference table through pandas (to_parquet and to_feather, index left out): its tier
  becomes a category, a null integer a float NaN.
- timestamps, lists: tables with a timestamp[us, UTC] or a list<int64> column, which featurewatch
  refuses (Parquet only, no .arrow).

Prints "ok: N files".
"""
import decimal
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.feather as feather
import pyarrow.parquet as pq

out = Path(sys.argv[1])
ROWS = 1000


def table(shift, countries):
    amount = [
        None if i % 97 == 0 else float("nan") if i % 89 == 0 else float("inf") if i % 83 == 0
        else round((i % 50) * 1.25 + shift, 2)
        for i in range(ROWS)
    ]
    return pa.table({
        "amount": pa.array(amount, pa.float64()),
        "count": pa.array([None if i % 7 == 0 else i % 13 for i in range(ROWS)], pa.int64()),
        "small": pa.array([i % 5 - 2 for i in range(ROWS)], pa.int8()),
        "visits": pa.array([i * 4_294_967 for i in range(ROWS)], pa.uint32()),
        "ratio": pa.array([(i % 10) / 8 for i in range(ROWS)], pa.float32()),
        "price": pa.array([decimal.Decimal(i % 300) / 4 for i in range(ROWS)], pa.decimal128(9, 2)),
        "country": pa.array([None if i % 11 == 0 else countries[i % len(countries)]
                             for i in range(ROWS)], pa.string()),
        "tier": pa.array([["gold", "basic", "silver"][i % 3] for i in range(ROWS)]).dictionary_encode(),
        "active": pa.array([None if i % 17 == 0 else i % 3 == 0 for i in range(ROWS)], pa.bool_()),
    })


def write(name, data, **parquet_options):
    pq.write_table(data, out / f"{name}.parquet", **parquet_options)
    feather.write_feather(data, out / f"{name}.arrow", compression="uncompressed")


reference = table(0.0, ["DE", "FR", "GB"])
write("reference-pyarrow", reference, row_group_size=400)
write("current-pyarrow", table(3.0, ["DE", "FR", "GB", "BR"]), row_group_size=400)
write("zstd", reference, compression="zstd")
write("gzip", reference, compression="gzip")
write("plain-v2", reference, use_dictionary=False, data_page_version="2.0")

frame = reference.to_pandas()
frame.to_parquet(out / "pandas.parquet", index=False)
frame.to_feather(out / "pandas.arrow", compression="uncompressed")

pq.write_table(pa.table({
    "amount": pa.array([1.5, 2.5], pa.float64()),
    "event_timestamp": pa.array([0, 1_000_000], pa.timestamp("us", tz="UTC")),
}), out / "timestamps.parquet")
pq.write_table(pa.table({
    "amount": pa.array([1.5, 2.5], pa.float64()),
    "tags": pa.array([[1, 2], None], pa.list_(pa.int64())),
}), out / "lists.parquet")

print(f"ok: {len(list(out.iterdir()))} files")
