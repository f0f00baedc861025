#!/usr/bin/env python3
"""Writes the golden point-in-time join that stores' PointInTimeJoin is tested against.

The expected output comes from pandas' merge_asof, never from featurewatch: per feature view,
    merge_asof(entities sorted by event_timestamp,
               view rows sorted by (event_timestamp, created_timestamp),
               by=the view's join keys, direction="backward", allow_exact_matches=True,
               tolerance=ttl (none when ttl is zero))
then back in input order. merge_asof takes the last right row whose time is <= the left one, so
sorting by created time second makes the later created row win ties on event time.

    build/venv/bin/python stores/src/test/python/generate_pit_golden.py

Needs numpy, pandas and duckdb (DuckDB's ASOF JOIN is checked to agree with merge_asof). Writes stores/src/test/resources/golden/offline/pit_join.json:
  views     name, ttl_seconds, join_keys, features (name, type), rows in write order
            (keys, event/created timestamps as epoch microseconds, values aligned with features)
  entity_join_keys, entities (keys + event_timestamp micros, in input order)
  requests  (view, features), expected (columns, rows in input order; null where no match)

The data mixes hand-written edge cases (ties on event time with the later created row written
first, gaps longer than the ttl, entity rows before any feature row, a row exactly ttl old, a ttl
zero view, duplicated entity rows, unsorted input, a string key, a two-key view, matches across a
date partition boundary, unknown keys) with seeded random rows.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

OUT = Path(__file__).resolve().parents[1] / "resources" / "golden" / "offline"
SEED = 20261123
T0 = 1_795_132_800_000_000  # 2026-11-20T00:00:00Z in microseconds
HOUR = 3_600_000_000
MINUTE = 60_000_000

VIEWS = [
    {
        "name": "driver_hourly",
        "ttl_seconds": 2 * 3600,
        "join_keys": [{"name": "driver_id", "type": "int64"}],
        "features": [
            {"name": "conv_rate", "type": "double"},
            {"name": "trips", "type": "int64"},
            {"name": "city", "type": "string"},
        ],
    },
    {
        "name": "customer_profile",
        "ttl_seconds": 0,
        "join_keys": [{"name": "customer_id", "type": "string"}],
        "features": [
            {"name": "tier", "type": "string"},
            {"name": "spend", "type": "double"},
            {"name": "active", "type": "bool"},
            {"name": "embedding", "type": "list<double>"},
        ],
    },
    {
        "name": "driver_customer",
        "ttl_seconds": 24 * 3600,
        "join_keys": [
            {"name": "customer_id", "type": "string"},
            {"name": "driver_id", "type": "int64"},
        ],
        "features": [{"name": "rides_together", "type": "int64"}],
    },
]

REQUESTS = [
    {"view": "driver_hourly", "features": ["trips", "conv_rate", "city"]},
    {"view": "customer_profile", "features": ["tier", "spend", "active", "embedding"]},
    {"view": "driver_customer", "features": ["rides_together"]},
]


def row(keys, event, created, values):
    return {"keys": keys, "event_timestamp": event, "created_timestamp": created, "values": values}


def hand_written():
    d = {v["name"]: [] for v in VIEWS}
    dh = d["driver_hourly"]
    # driver 1: tie at T0+1h, the later created row written first; a gap of 5h; a row exactly 2h
    # before an entity row
    dh.append(row({"driver_id": 1}, T0 + HOUR, T0 + HOUR + 2 * MINUTE, [0.9, 10, "Berlin"]))
    dh.append(row({"driver_id": 1}, T0 + HOUR, T0 + HOUR + MINUTE, [0.1, 11, "Paris"]))
    dh.append(row({"driver_id": 1}, T0 + 6 * HOUR, T0 + 6 * HOUR, [None, 12, None]))
    dh.append(row({"driver_id": 1}, T0 + 10 * HOUR, T0 + 10 * HOUR, [0.5, None, "Rome"]))
    # driver 2: rows late on one day, joined just after midnight (across a date partition)
    dh.append(row({"driver_id": 2}, T0 + 23 * HOUR, T0 + 23 * HOUR, [0.25, 20, "Oslo"]))
    dh.append(row({"driver_id": 2}, T0 + 40 * HOUR, T0 + 40 * HOUR, [0.75, 21, "Oslo"]))
    cp = d["customer_profile"]
    cp.append(row({"customer_id": "c1"}, T0 + 2 * HOUR, T0 + 2 * HOUR, ["gold", 100.5, True, [1.0, 2.0]]))
    cp.append(row({"customer_id": "c1"}, T0 + 30 * HOUR, T0 + 30 * HOUR, ["silver", None, False, None]))
    cp.append(row({"customer_id": "c2"}, T0, T0 + 5 * MINUTE, ["basic", 3.0, None, []]))
    cp.append(row({"customer_id": "c2"}, T0, T0 + 1 * MINUTE, ["old", 2.0, True, [0.5]]))
    cp.append(row({"customer_id": "nobody"}, T0, T0, ["ghost", 0.0, False, [9.0]]))
    dc = d["driver_customer"]
    dc.append(row({"customer_id": "c1", "driver_id": 1}, T0 + HOUR, T0 + HOUR, [1]))
    dc.append(row({"customer_id": "c1", "driver_id": 2}, T0 + 2 * HOUR, T0 + 2 * HOUR, [7]))
    dc.append(row({"customer_id": "c2", "driver_id": 1}, T0 + 3 * HOUR, T0 + 3 * HOUR, [None]))
    ents = [
        (1, "c1", T0 + 3 * HOUR),  # after the tie: the later created (0.9, Berlin) wins
        (1, "c1", T0 + HOUR),  # exactly at the tie
        (1, "c1", T0 + HOUR - 1),  # before any feature row of driver 1
        (1, "c2", T0 + 3 * HOUR + 1),  # 2h + 1us after the tie: outside the ttl
        (1, "c2", T0 + 8 * HOUR),  # exactly 2h after T0+6h: included
        (1, "c2", T0 + 8 * HOUR + 1),  # 1us too late
        (2, "c1", T0 + 24 * HOUR + 30 * MINUTE),  # next day, 1.5h after 23:00
        (2, "c1", T0 + 24 * HOUR + 30 * MINUTE),  # duplicated
        (2, "c1", T0 + 100 * HOUR),  # long after everything; customer ttl zero still matches
        (3, "c3", T0 + 5 * HOUR),  # unknown driver and customer
        (1, "c2", T0 - HOUR),  # before everything
        (2, "c2", T0),  # customer tie at T0: created T0+5min wins
    ]
    return d, ents


def random_data(rng):
    d = {v["name"]: [] for v in VIEWS}
    customers = ["r1", "r2", "r3", "r4", "d\u00e9j\u00e0,\"q\""]  # apart from the hand-written keys
    for _ in range(120):
        drv = int(rng.integers(11, 16))
        event = T0 + int(rng.integers(0, 72)) * 30 * MINUTE
        created = event + int(rng.integers(0, 4)) * MINUTE
        d["driver_hourly"].append(
            row(
                {"driver_id": drv},
                event,
                created,
                [
                    None if rng.random() < 0.1 else round(float(rng.random()), 6),
                    None if rng.random() < 0.1 else int(rng.integers(0, 100)),
                    None if rng.random() < 0.1 else ["Berlin", "Paris", "Rome"][int(rng.integers(0, 3))],
                ],
            )
        )
    for _ in range(80):
        cust = customers[int(rng.integers(0, len(customers)))]
        event = T0 + int(rng.integers(0, 36)) * HOUR
        created = event + int(rng.integers(0, 3)) * MINUTE
        d["customer_profile"].append(
            row(
                {"customer_id": cust},
                event,
                created,
                [
                    ["gold", "silver", "basic"][int(rng.integers(0, 3))],
                    None if rng.random() < 0.2 else round(float(rng.normal(50, 20)), 6),
                    bool(rng.random() < 0.5),
                    [round(float(x), 6) for x in rng.normal(size=int(rng.integers(0, 4)))],
                ],
            )
        )
    for _ in range(80):
        cust = customers[int(rng.integers(0, len(customers)))]
        drv = int(rng.integers(11, 16))
        event = T0 + int(rng.integers(0, 48)) * HOUR
        d["driver_customer"].append(
            row({"customer_id": cust, "driver_id": drv}, event, event + int(rng.integers(0, 2)), [int(rng.integers(0, 9))])
        )
    ents = []
    for _ in range(200):
        ents.append(
            (
                int(rng.integers(11, 17)),
                customers[int(rng.integers(0, len(customers)))],
                T0 + int(rng.integers(-4, 80 * 4)) * 15 * MINUTE,
            )
        )
    return d, ents


def to_frame(view, rows):
    data = {}
    for key in view["join_keys"]:
        data[key["name"]] = [r["keys"][key["name"]] for r in rows]
    data["feature_ts"] = pd.to_datetime([r["event_timestamp"] for r in rows], unit="us", utc=True)
    data["created_ts"] = pd.to_datetime([r["created_timestamp"] for r in rows], unit="us", utc=True)
    for i, f in enumerate(view["features"]):
        values = [r["values"][i] for r in rows]
        dtype = {"int64": "Int64", "double": "Float64", "bool": "boolean"}.get(f["type"], object)
        data[f["name"]] = pd.array(values, dtype=dtype) if dtype is not object else pd.Series(values, dtype=object)
    return pd.DataFrame(data)


def plain(value):
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, (list, np.ndarray)):
        return [float(x) for x in value]
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating,)):
        return float(value)
    if isinstance(value, (np.bool_,)):
        return bool(value)
    return value


def expected(views_rows, entities):
    left = pd.DataFrame(
        {
            "row": range(len(entities)),
            "driver_id": pd.array([e[0] for e in entities], dtype="int64"),
            "customer_id": [e[1] for e in entities],
            "event_timestamp": pd.to_datetime([e[2] for e in entities], unit="us", utc=True),
        }
    )
    out = left.copy()
    by_name = {v["name"]: v for v in VIEWS}
    for request in REQUESTS:
        view = by_name[request["view"]]
        right = to_frame(view, views_rows[view["name"]])
        right = right.sort_values(["feature_ts", "created_ts"], kind="mergesort")
        keys = [k["name"] for k in view["join_keys"]]
        merged = pd.merge_asof(
            left.sort_values("event_timestamp", kind="mergesort"),
            right,
            left_on="event_timestamp",
            right_on="feature_ts",
            by=keys,
            direction="backward",
            allow_exact_matches=True,
            tolerance=pd.Timedelta(seconds=view["ttl_seconds"]) if view["ttl_seconds"] else None,
        ).sort_values("row")
        for feature in request["features"]:
            out[feature] = list(merged[feature])
    columns = ["driver_id", "customer_id", "event_timestamp"] + [f for r in REQUESTS for f in r["features"]]
    rows = []
    for _, r in out.iterrows():
        rows.append(
            [int(r["driver_id"]), r["customer_id"], int(r["event_timestamp"].value // 1000)]
            + [plain(r[f]) for q in REQUESTS for f in q["features"]]
        )
    return columns, rows


def duckdb_check(views_rows, entities, rows):
    """A second, independent reference: DuckDB's ASOF LEFT JOIN must give the same rows.

    ASOF picks an arbitrary row among equal times, so each view is first reduced to the last
    (created time, then write order) row per (keys, event time); the ttl is a filter afterwards.
    """
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    con.register(
        "entities",
        pd.DataFrame(
            {
                "row": range(len(entities)),
                "driver_id": [e[0] for e in entities],
                "customer_id": [e[1] for e in entities],
                "ts": [e[2] for e in entities],
            }
        ),
    )
    by_name = {v["name"]: v for v in VIEWS}
    got = {i: [] for i in range(len(entities))}
    for request in REQUESTS:
        view = by_name[request["view"]]
        keys = [k["name"] for k in view["join_keys"]]
        frame = pd.DataFrame(
            {
                **{k: [r["keys"][k] for r in views_rows[view["name"]]] for k in keys},
                "event": [r["event_timestamp"] for r in views_rows[view["name"]]],
                "created": [r["created_timestamp"] for r in views_rows[view["name"]]],
                "written": range(len(views_rows[view["name"]])),
                **{
                    f["name"]: [r["values"][i] for r in views_rows[view["name"]]]
                    for i, f in enumerate(view["features"])
                },
            }
        )
        con.register("view_rows", frame)
        partition = ", ".join(keys)
        on = " AND ".join(f"e.{k} = v.{k}" for k in keys)
        ttl = view["ttl_seconds"] * 1_000_000
        window = f"AND e.ts - v.event <= {ttl}" if ttl else ""
        select = ", ".join(f"CASE WHEN v.event IS NOT NULL {window} THEN v.{f} END" for f in request["features"])
        result = con.execute(
            f"""
            WITH latest AS (
              SELECT * FROM view_rows
              QUALIFY row_number() OVER (PARTITION BY {partition}, event ORDER BY created DESC, written DESC) = 1)
            SELECT e.row, {select}
            FROM entities e ASOF LEFT JOIN latest v ON {on} AND e.ts >= v.event
            ORDER BY e.row
            """
        ).fetchall()
        for r in result:
            got[r[0]].extend(plain(x) for x in r[1:])
    for i, r in enumerate(rows):
        assert got[i] == r[3:], (i, got[i], r[3:])


def write_file_sources(views_rows):
    """The same view rows, in write order, as the file sources a user would have: Parquet written
    by pyarrow (small row groups, so a view spans several), Arrow IPC, and a semicolon-separated
    CSV with pandas' text timestamps. PointInTimeJoinFileSourcesTest joins them against the same
    expected rows."""
    import pyarrow as pa
    import pyarrow.ipc as ipc
    import pyarrow.parquet as pq

    sources = OUT / "sources"
    sources.mkdir(parents=True, exist_ok=True)
    arrow_types = {"int64": pa.int64(), "double": pa.float64(), "string": pa.string(), "bool": pa.bool_(),
                   "list<double>": pa.list_(pa.float64())}
    ts = pa.timestamp("us", tz="UTC")

    def table(view):
        rows = views_rows[view["name"]]
        columns, fields = [], []
        for key in view["join_keys"]:
            columns.append(pa.array([r["keys"][key["name"]] for r in rows], arrow_types[key["type"]]))
            fields.append(pa.field(key["name"], arrow_types[key["type"]]))
        columns.append(pa.array([r["event_timestamp"] for r in rows], pa.int64()).cast(ts))
        fields.append(pa.field("feature_ts", ts))
        columns.append(pa.array([r["created_timestamp"] for r in rows], pa.int64()).cast(ts))
        fields.append(pa.field("created_ts", ts))
        for i, f in enumerate(view["features"]):
            columns.append(pa.array([r["values"][i] for r in rows], arrow_types[f["type"]]))
            fields.append(pa.field(f["name"], arrow_types[f["type"]]))
        return pa.Table.from_arrays(columns, schema=pa.schema(fields))

    by_name = {v["name"]: v for v in VIEWS}
    pq.write_table(table(by_name["driver_hourly"]), sources / "driver_hourly.parquet", row_group_size=64,
                   compression="snappy")
    with ipc.new_file(sources / "customer_profile.arrow", table(by_name["customer_profile"]).schema) as w:
        w.write_table(table(by_name["customer_profile"]))
    frame = table(by_name["driver_customer"]).to_pandas()
    frame["rides_together"] = frame["rides_together"].astype("Int64")  # not 7.0: nulls stay empty
    frame.to_csv(sources / "driver_customer.csv", sep=";", index=False)


def main():
    rng = np.random.default_rng(SEED)
    hand, hand_ents = hand_written()
    rand, rand_ents = random_data(rng)
    views_rows = {name: hand[name] + rand[name] for name in hand}
    entities = hand_ents + rand_ents
    order = rng.permutation(len(entities))  # unsorted input, hand-written rows spread out
    entities = [entities[i] for i in order]
    columns, rows = expected(views_rows, entities)

    # spot checks of the edge cases, so a pandas behaviour change shows up here
    def find(drv, cust, ts):
        return next(r for r in rows if r[0] == drv and r[1] == cust and r[2] == ts)

    tie = find(1, "c1", T0 + 3 * HOUR)
    assert tie[3:6] == [10, 0.9, "Berlin"], tie
    assert find(1, "c2", T0 + 8 * HOUR)[3] == 12, "a row exactly ttl old is joined"
    assert find(1, "c2", T0 + 8 * HOUR + 1)[3:6] == [None, None, None]
    assert find(1, "c1", T0 + HOUR - 1)[3] is None
    assert find(2, "c1", T0 + 24 * HOUR + 30 * MINUTE)[3] == 20
    assert find(2, "c2", T0)[6] == "basic"
    assert find(2, "c1", T0 + 100 * HOUR)[6] == "silver"

    duckdb_check(views_rows, entities, rows)

    document = {
        "generator": "stores/src/test/python/generate_pit_golden.py",
        "pandas_version": pd.__version__,
        "seed": SEED,
        "views": [dict(v, rows=views_rows[v["name"]]) for v in VIEWS],
        "entity_join_keys": [{"name": "driver_id", "type": "int64"}, {"name": "customer_id", "type": "string"}],
        "entities": [{"driver_id": e[0], "customer_id": e[1], "event_timestamp": e[2]} for e in entities],
        "requests": REQUESTS,
        "expected": {"columns": columns, "rows": rows},
    }
    OUT.mkdir(parents=True, exist_ok=True)
    write_file_sources(views_rows)
    path = OUT / "pit_join.json"
    path.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {path}: {len(entities)} entity rows, " + ", ".join(f"{k}: {len(v)} rows" for k, v in views_rows.items()))


if __name__ == "__main__":
    main()
