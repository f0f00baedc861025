"""Writes a CSV file as Parquet with pandas and pyarrow, as a data scientist would for Feast's
FileSource: the named columns parsed as UTC timestamps, the rest as pandas infers them.

    python app/src/test/python/csv_to_parquet.py IN.csv OUT.parquet [TIMESTAMP_COLUMN,...]
"""
import sys

import pandas as pd

source, target = sys.argv[1], sys.argv[2]
timestamps = sys.argv[3].split(",") if len(sys.argv) > 3 and sys.argv[3] else []
frame = pd.read_csv(source)
for column in timestamps:
    frame[column] = pd.to_datetime(frame[column], utc=True)
frame.to_parquet(target, index=False)
print(f"wrote {target}: {len(frame)} rows, columns {list(frame.columns)}")
