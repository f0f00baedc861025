#!/usr/bin/env python3
"""Checks that pandas reads featurewatch historical's Parquet training set as the Arrow and CSV ones.

    build/venv/bin/python app/src/test/python/compare_training_sets.py TRAINING.parquet TRAINING.arrow TRAINING.csv

Parquet (pandas.read_parquet) and Arrow IPC (pandas.read_feather) must give equal frames, column
types and nulls included. The CSV has no types: its timestamps are parsed as UTC and its columns
cast to the Parquet frame's types before comparing. Also checks the Parquet types pyarrow sees.
Prints "ok: N rows" when all agree.
"""
import sys

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

parquet_path, arrow_path, csv_path = sys.argv[1:4]

parquet = pd.read_parquet(parquet_path)
arrow = pd.read_feather(arrow_path)
pd.testing.assert_frame_equal(parquet, arrow, check_exact=True)

schema = pq.read_schema(parquet_path)
assert schema.field("event_timestamp").type == pa.timestamp("us", tz="UTC"), schema
assert schema.metadata[b"featurewatch.offline.format"] == b"1", schema.metadata

csv = pd.read_csv(csv_path)
csv["event_timestamp"] = pd.to_datetime(csv["event_timestamp"], utc=True)
csv = csv.astype(parquet.dtypes.to_dict())
pd.testing.assert_frame_equal(parquet, csv, check_exact=True)
print(f"ok: {len(parquet)} rows, columns {list(parquet.columns)}, dtypes {dict(parquet.dtypes.astype(str))}")
