"""Writes data/customer_profile.arrow, the daily customer snapshots of the example repository.

    build/venv/bin/python examples/feature_repo/data/generate_customer_profile.py

Seeded, so the file is the same every time.
"""

import pathlib
import random
from datetime import datetime, timedelta, timezone

import pyarrow as pa
import pyarrow.ipc as ipc

random.seed(7)
start = datetime(2026, 11, 1, tzinfo=timezone.utc)
rows = {"customer_id": [], "event_timestamp": [], "embedding": [], "segment": [], "active": []}
for day in range(3):
    for c in range(1, 6):
        rows["customer_id"].append(f"c-{c}")
        rows["event_timestamp"].append(start + timedelta(days=day))
        rows["embedding"].append([round(random.uniform(-1, 1), 4) for _ in range(8)])
        rows["segment"].append(random.choice(["new", "regular", "loyal"]))
        rows["active"].append(random.random() > 0.2)
table = pa.table(
    rows,
    schema=pa.schema(
        [
            ("customer_id", pa.string()),
            ("event_timestamp", pa.timestamp("us", tz="UTC")),
            ("embedding", pa.list_(pa.float64())),
            ("segment", pa.string()),
            ("active", pa.bool_()),
        ]
    ),
)
out = pathlib.Path(__file__).parent / "customer_profile.arrow"
with ipc.new_file(out, table.schema) as writer:
    writer.write_table(table)
print(f"wrote {out}: {table.num_rows} rows")
