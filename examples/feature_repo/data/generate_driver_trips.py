"""Writes driver_trips.jsonl: the trips of the example's Kafka topic, kept for replay.

Six hours of trips by eight drivers, in the order a topic would hold them: mostly by time, a few
seconds out of order (as producers on several phones deliver them). Fixed seed, so the file is
reproducible: python3 generate_driver_trips.py > driver_trips.jsonl
"""

import json
import random
from datetime import datetime, timedelta, timezone

rng = random.Random(20261123)
start = datetime(2026, 11, 1, 6, 0, tzinfo=timezone.utc)
cities = ["Lisbon", "Porto", "Braga"]
drivers = list(range(1001, 1009))
trips = []
for number in range(1, 601):
    ended = start + timedelta(seconds=rng.uniform(0, 6 * 3600))
    driver = rng.choice(drivers)
    distance = round(rng.uniform(0.8, 18.0), 1)
    trips.append(
        {
            "trip_id": f"t-{number:05d}",
            "driver_id": driver,
            "customer_id": f"c-{rng.randint(1, 150):04d}",
            "event_timestamp": ended.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "fare": round(3.5 + 1.1 * distance + rng.uniform(0, 2.0), 2),
            "distance_km": distance,
            "city": cities[(driver + number // 200) % len(cities)],
        }
    )
# delivery order: the end time plus up to 20 s of network delay
def delivered(trip):
    ended = datetime.strptime(trip["event_timestamp"], "%Y-%m-%dT%H:%M:%S%z")
    return ended.timestamp() + rng.uniform(0, 20)


trips.sort(key=delivered)
for trip in trips:
    print(json.dumps(trip, separators=(",", ":")))
