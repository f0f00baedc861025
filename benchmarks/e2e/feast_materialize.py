#!/usr/bin/env python3
"""Feast's materialize from a Parquet file source into Redis, timed: the peer figure for
featurewatch's materialize of the same file (issue 19).

    build/venv-feast/bin/python benchmarks/e2e/feast_materialize.py [--rows N] [--runs R]
        [--redis-port P] [--dir DIR]

(benchmarks/e2e/feast_materialize.sh runs it with the Feast virtualenv and prints the load.)

1. The file: DIR/driver_stats_N.parquet from materialize_source.py (written if missing; N default
   500,000, about N / 10 drivers, events over 30 days from 2026-10-01).
2. Redis: a redis-server of its own on a free 127.0.0.1 port (no persistence), stopped at the end,
   unless --redis-port names a running one.
3. A Feast repository in DIR/feast-N: entity driver (driver_id, int64), a FileSource on the file
   (timestamp_field event_timestamp, created_timestamp_column created_timestamp), feature view
   driver_stats (f0, f1, f2 Float64, online), a file offline store and the Redis online store;
   `feast apply` (the CLI, timed apart).
4. One warm-up, then R timed runs (default 5), each on an empty Redis (FLUSHALL before, not timed):
   FeatureStore.materialize over the file's whole time range, wall clock. Feast reads the file, keeps the latest row per
   driver, and writes one Redis hash per driver. Reported: seconds, input rows per second and keys
   per second, each run and the median.
5. Checks after the last run: as many driver keys in Redis as drivers in the file, and
   get_online_features for a few drivers equal to their latest rows (pyarrow's reading of the file).
"""
import argparse
import datetime as dt
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyarrow.compute as pc
import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parent))
import materialize_source  # noqa: E402

FEAST_YAML = """\
project: fwbench
registry: {registry}
provider: local
online_store:
  type: redis
  connection_string: "127.0.0.1:{port}"
offline_store:
  type: file
entity_key_serialization_version: 3
"""

DEFINITIONS = """\
from datetime import timedelta

from feast import Entity, FeatureView, Field, FileSource, ValueType
from feast.types import Float64

driver = Entity(name="driver", join_keys=["driver_id"], value_type=ValueType.INT64)
source = FileSource(
    name="driver_stats_source",
    path={path!r},
    timestamp_field="event_timestamp",
    created_timestamp_column="created_timestamp",
)
driver_stats = FeatureView(
    name="driver_stats",
    entities=[driver],
    ttl=timedelta(days=0),
    schema=[Field(name="f0", dtype=Float64), Field(name="f1", dtype=Float64),
            Field(name="f2", dtype=Float64)],
    online=True,
    source=source,
)
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def redis_command(port, *args):
    """One command over RESP, answer line returned (enough for PING, FLUSHALL, DBSIZE)."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        payload = f"*{len(args)}\r\n" + "".join(f"${len(a)}\r\n{a}\r\n" for a in args)
        s.sendall(payload.encode())
        return s.recv(4096).decode().strip()


def start_redis(data_dir):
    port = free_port()
    process = subprocess.Popen(
        ["redis-server", "--bind", "127.0.0.1", "--port", str(port), "--dir", str(data_dir),
         "--save", "", "--appendonly", "no", "--daemonize", "no", "--protected-mode", "yes"],
        stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 30
    while True:
        try:
            if redis_command(port, "PING") == "+PONG":
                return process, port
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            sys.exit(f"redis-server on port {port} did not answer PING within 30 s")
        time.sleep(0.1)


def main():
    parser = argparse.ArgumentParser(description="Feast materialize from Parquet into Redis, timed")
    parser.add_argument("--rows", type=int, default=500_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--redis-port", type=int, default=None, help="a running Redis (default: start one)")
    parser.add_argument("--dir", default="build/bench/materialize")
    args = parser.parse_args()

    directory = Path(args.dir).resolve()
    source = materialize_source.write(directory, args.rows).resolve()
    table = pq.read_table(source)
    drivers = pc.count_distinct(table["driver_id"]).as_py()
    first = pc.min(table["event_timestamp"]).as_py()
    last = pc.max(table["event_timestamp"]).as_py()
    print(f"source {source}: {table.num_rows} rows, {drivers} drivers, {first} .. {last}")

    redis, data_dir = None, None
    if args.redis_port is None:
        data_dir = Path(tempfile.mkdtemp(prefix="feast-redis-"))
        redis, port = start_redis(data_dir)
    else:
        port = args.redis_port
    try:
        import feast
        from feast import FeatureStore

        repo = directory / f"feast-{args.rows}"
        shutil.rmtree(repo, ignore_errors=True)
        repo.mkdir(parents=True)
        (repo / "feature_store.yaml").write_text(
            FEAST_YAML.format(registry=repo / "registry.db", port=port))
        (repo / "definitions.py").write_text(DEFINITIONS.format(path=str(source)))
        feast_cli = Path(sys.executable).parent / "feast"
        t0 = time.perf_counter()
        subprocess.run([str(feast_cli), "--chdir", str(repo), "apply"], check=True,
                       stdout=subprocess.DEVNULL)
        print(f"feast {feast.__version__} apply: {time.perf_counter() - t0:.2f} s; redis on port {port}")

        store = FeatureStore(repo_path=str(repo))
        start = first - dt.timedelta(seconds=1)
        end = last + dt.timedelta(seconds=1)
        times = []
        for r in range(args.runs + 1):
            redis_command(port, "FLUSHALL")
            t0 = time.perf_counter()
            store.materialize(start_date=start, end_date=end, feature_views=["driver_stats"])
            seconds = time.perf_counter() - t0
            if r == 0:
                print(f"warm-up: {seconds:.2f} s", flush=True)
                continue
            times.append(seconds)
            print(f"run {r}: {seconds:.2f} s, {table.num_rows / seconds:,.0f} rows/s, "
                  f"{drivers / seconds:,.0f} keys/s", flush=True)
        median = statistics.median(times)
        print(f"Feast materialize ({table.num_rows} rows, {drivers} keys): median {median:.2f} s, "
              f"min-max {min(times):.2f}-{max(times):.2f} s over {args.runs} runs; "
              f"{table.num_rows / median:,.0f} rows/s, {drivers / median:,.0f} keys/s")

        keys = int(redis_command(port, "DBSIZE").lstrip(":"))
        assert keys == drivers, f"Redis holds {keys} keys, expected one per driver ({drivers})"
        check(store, table)
        print(f"checked: {keys} keys in Redis, one per driver; latest rows of 5 drivers match")
    finally:
        if redis is not None:
            redis.terminate()
            redis.wait(timeout=10)
            shutil.rmtree(data_dir, ignore_errors=True)


def check(store, table):
    """get_online_features of a few drivers equals their latest row (by event, then created time)."""
    frame = table.to_pandas().sort_values(["event_timestamp", "created_timestamp"], kind="stable")
    latest = frame.groupby("driver_id").tail(1).set_index("driver_id")
    sample = sorted(latest.index)[:: max(1, len(latest) // 5)][:5]
    online = store.get_online_features(
        features=[f"driver_stats:{f}" for f in materialize_source.FEATURES],
        entity_rows=[{"driver_id": int(d)} for d in sample]).to_dict()
    for i, driver in enumerate(sample):
        for name in materialize_source.FEATURES:
            want = latest.loc[driver, name]
            got = online[name][i]
            same = (got is None and want != want) or got == want
            assert same, f"driver {driver} {name}: online {got}, latest row {want}"


if __name__ == "__main__":
    os.environ.setdefault("FEAST_USAGE", "False")
    main()
