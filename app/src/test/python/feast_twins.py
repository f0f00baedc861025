"""The Feast twins of examples/feature_repo's driver definitions, for the scripts that drive Feast's
own SDK against featurewatch (feast_remote_client.py, feast_offline_client.py).

Feast's SDK resolves views and services from its own registry, so a Feast repository pointed at
featurewatch must declare what it asks for. The sources' paths are never read: the rows come from
the featurewatch server.
"""
import datetime

from feast import Entity, FeatureService, FeatureView, Field, FileSource, ValueType
from feast.types import Float64, Int64, String, UnixTimestamp

DRIVER = Entity(name="driver", join_keys=["driver_id"], value_type=ValueType.INT64)

# drivers.yaml's driver_hourly_stats
DRIVER_HOURLY_STATS = FeatureView(
    name="driver_hourly_stats",
    entities=[DRIVER],
    ttl=datetime.timedelta(days=1),
    schema=[
        Field(name="conv_rate", dtype=Float64),
        Field(name="acc_rate", dtype=Float64),
        Field(name="avg_daily_trips", dtype=Int64),
    ],
    online=True,
    source=FileSource(
        name="driver_hourly_stats_file",
        path="data/driver_hourly_stats.csv",
        timestamp_field="event_timestamp",
        created_timestamp_column="created",
    ),
)

# drivers.yaml's driver_profile (ttl 0: no limit)
DRIVER_PROFILE = FeatureView(
    name="driver_profile",
    entities=[DRIVER],
    ttl=datetime.timedelta(0),
    schema=[
        Field(name="vehicle_type", dtype=String),
        Field(name="rating", dtype=Float64),
        Field(name="signup_time", dtype=UnixTimestamp),
    ],
    source=FileSource(
        name="driver_profile_file", path="data/driver_profile.csv", timestamp_field="updated_at"
    ),
)

# services.yaml's driver_ranking
DRIVER_RANKING = FeatureService(
    name="driver_ranking",
    features=[
        DRIVER_HOURLY_STATS[["conv_rate", "acc_rate"]],
        DRIVER_PROFILE[["rating", "vehicle_type"]],
    ],
)
