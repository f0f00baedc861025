#!/usr/bin/env python3
"""Reads (and optionally writes) features of a featurewatch server through the Feast Python SDK.

Feast's own client, unchanged: a temporary Feast repository whose online store is Feast's `remote`
store pointed at the server, definitions that mirror examples/feature_repo's `driver` entity and
`driver_hourly_stats` view, `FeatureStore.apply`, then `get_online_features(...).to_dict()`. The
remote store sends `POST /get-online-features` (and, for --write, `POST /write-to-online-store`)
and parses the answers with Feast's code, so a response Feast cannot read fails here.

    feast_remote_client.py --server http://127.0.0.1:PORT --driver 1001 --driver 9999 \
        [--write '{"driver_id": [1002], "conv_rate": [0.5], ...}']

--write hands the JSON columns (plus event_timestamp and created, now, when missing) to
`FeatureStore.write_to_online_store` before reading. Prints one JSON object to stdout:
{"feast_version": "...", "online_features": {"driver_id": [...], "conv_rate": [...], ...},
"statuses": {"driver_id": ["PRESENT", ...], "conv_rate": ["PRESENT", "NOT_FOUND", ...], ...}}.
Run with the Feast virtualenv: build/venv-feast/bin/python (FeastClientIT in the app module does).
"""
import argparse
import json
import pathlib
import sys
import tempfile

import feast
import pandas as pd
from feast import FeatureStore
from feast.protos.feast.serving.ServingService_pb2 import FieldStatus

from feast_twins import DRIVER, DRIVER_HOURLY_STATS

# The features of driver_hourly_stats, in the order of examples/feature_repo/drivers.yaml.
FEATURES = ["conv_rate", "acc_rate", "avg_daily_trips"]


def feature_store(repo: pathlib.Path, server: str) -> FeatureStore:
    (repo / "feature_store.yaml").write_text(
        "project: featurewatch_feast_client\n"
        f"registry: {repo / 'registry.db'}\n"
        "provider: local\n"
        "online_store:\n"
        "  type: remote\n"
        f"  path: {server}\n"
        "entity_key_serialization_version: 3\n"
    )
    store = FeatureStore(repo_path=str(repo))
    store.apply([DRIVER, DRIVER_HOURLY_STATS])
    return store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", required=True, help="the feature server, http://HOST:PORT")
    parser.add_argument("--driver", type=int, action="append", required=True, help="a driver_id")
    parser.add_argument("--write", help="JSON columns to write before reading")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="feast-repo-") as tmp:
        store = feature_store(pathlib.Path(tmp), args.server)
        if args.write:
            df = pd.DataFrame(json.loads(args.write))
            for time_column in ("event_timestamp", "created"):  # the source's two times
                if time_column not in df:
                    df[time_column] = pd.Timestamp.now(tz="UTC")
            store.write_to_online_store(feature_view_name="driver_hourly_stats", df=df)
        response = store.get_online_features(
            features=[f"driver_hourly_stats:{name}" for name in FEATURES],
            entity_rows=[{"driver_id": driver} for driver in args.driver],
        )
    # to_dict() drops the statuses: read them from the proto that Feast built of the answer, where
    # a status string Feast does not know would have become INVALID
    names = response.proto.metadata.feature_names.val
    statuses = {
        name: [FieldStatus.Name(status) for status in vector.statuses]
        for name, vector in zip(names, response.proto.results)
    }
    json.dump(
        {
            "feast_version": feast.__version__,
            "online_features": response.to_dict(),
            "statuses": statuses,
        },
        sys.stdout,
    )
    print()


if __name__ == "__main__":
    main()
