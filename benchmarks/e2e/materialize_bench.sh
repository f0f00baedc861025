#!/usr/bin/env bash
# featurewatch's materialize benchmark (issue 19): the Parquet file source of
# benchmarks/e2e/materialize_source.py (the file Feast's run reads, at featurewatch's size) into
# Redis and into the embedded RocksDB, through the `featurewatch materialize` command, timed from
# the command's start to its end (JVM start-up included), and in-process as the command reports it
# (the materialize work alone, in a JVM that runs it once). Then both stores again in one warm JVM
# (MaterializeBenchmark: one warm-up run, then RUNS timed materialize calls), which is how
# benchmarks/e2e/feast_materialize.py times Feast's, in one Python process after a warm-up. Each
# run starts from an empty online store and no checkpoint. The load is printed before and after.
#
#   benchmarks/e2e/materialize_bench.sh [ROWS=5000000] [RUNS=5]
#
# Needs a built featurewatch (./featurewatch builds it), the benchmarks jar (./mvnw -B -q
# -DskipTests -pl benchmarks -am package) and redis-server; the test virtualenv (build/venv, from
# scripts/test-services.sh start) writes the file.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
ROWS="${1:-5000000}"
RUNS="${2:-5}"
PYTHON="${FEATUREWATCH_PYTHON:-$ROOT/build/venv/bin/python}"
DIR="$ROOT/build/bench/materialize"
REPO="$DIR/repo-$ROWS"
command -v redis-server >/dev/null || {
  echo "materialize_bench: redis-server is not installed (apt-get install redis-server)" >&2
  exit 1
}
"$PYTHON" benchmarks/e2e/materialize_source.py --rows "$ROWS" --dir "$DIR" >/dev/null

mkdir -p "$REPO"
cat >"$REPO/repo.yaml" <<YAML
entities:
  - name: driver
    join_keys: [{name: driver_id, type: int64}]
sources:
  - name: driver_stats_file
    kind: file
    path: ../driver_stats_$ROWS.parquet
    timestamp_field: event_timestamp
    created_timestamp_field: created_timestamp
feature_views:
  - name: driver_stats
    entities: [driver]
    source: driver_stats_file
    ttl: 0
    schema:
      - {name: f0, type: double}
      - {name: f1, type: double}
      - {name: f2, type: double}
YAML
./featurewatch apply --repo "$REPO" >/dev/null

PORT="$("$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
redis-server --port "$PORT" --bind 127.0.0.1 --save "" --appendonly no --daemonize no \
  >"$DIR/redis-$PORT.log" 2>&1 &
REDIS_PID=$!
trap 'kill "$REDIS_PID" 2>/dev/null || true' EXIT
until redis-cli -p "$PORT" ping >/dev/null 2>&1; do sleep 0.1; done

run() { # store-name online-option...
  local name="$1"
  shift
  local times=() inside=()
  for ((r = 0; r <= RUNS; r++)); do
    redis-cli -p "$PORT" flushall >/dev/null
    rm -rf "$REPO/.featurewatch/online" "$REPO/.featurewatch/materialize"
    local start end
    start=$(date +%s.%N)
    ./featurewatch materialize --repo "$REPO" --start 2026-10-01 --end 2026-11-01 "$@" \
      >"$DIR/materialize-$name.log"
    end=$(date +%s.%N)
    if ((r == 0)); then
      echo "$name warm-up: $(echo "$end - $start" | bc) s"
    else
      times+=("$(echo "$end - $start" | bc)")
      # the command's own figure: the materialize work alone, as Feast's run is timed in-process
      inside+=("$(sed -n 's/^materialized .* in \([0-9.]*\) s$/\1/p' "$DIR/materialize-$name.log")")
    fi
  done
  summary "$name, command" "${times[@]}"
  summary "$name, in-process" "${inside[@]}"
  tail -2 "$DIR/materialize-$name.log"
}

summary() { # name seconds...
  local name="$1"
  shift
  printf '%s\n' "$@" | sort -n | awk -v rows="$ROWS" -v name="$name" '
    { t[NR] = $1 }
    END {
      median = (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2
      printf "%s: median %.2f s (%.2f - %.2f s), %d runs, %.0f rows/s\n", name, median, t[1], t[NR], NR, rows / median
    }'
}

warm() { # store
  java -Xmx4g --add-opens=java.base/java.nio=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar \
    dev.featurewatch.benchmarks.materialize.MaterializeBenchmark "$REPO" "$1" \
    2026-10-01T00:00:00Z 2026-11-01T00:00:00Z "$RUNS" 2>/dev/null | tail -1
}

[[ -f benchmarks/target/benchmarks.jar ]] || {
  echo "materialize_bench: no benchmarks/target/benchmarks.jar: ./mvnw -B -q -DskipTests -pl benchmarks -am package" >&2
  exit 1
}
uptime
run redis --online "redis://127.0.0.1:$PORT"
echo "redis keys: $(redis-cli -p "$PORT" dbsize)"
run rocksdb
warm "redis://127.0.0.1:$PORT"
echo "redis keys: $(redis-cli -p "$PORT" dbsize)"
warm rocksdb
uptime
