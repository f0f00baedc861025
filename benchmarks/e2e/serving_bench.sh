#!/usr/bin/env bash
# The serving benchmark (issue 3 section 6): `featurewatch serve` on RocksDB and on Redis, driven by
# an open-loop client (dev.featurewatch.benchmarks.serving.ServingBenchmark, whose Javadoc says what
# is measured). Builds the benchmarks and the command, takes Redis from build/services/services.env
# (scripts/test-services.sh start) unless FEATUREWATCH_REDIS_URL is set, loads the data once into
# build/bench/serving and the Redis, then prints a line per run and a summary table. Results go to
# BENCHMARKS.md by hand, with the machine.
#
#   benchmarks/e2e/serving_bench.sh [ServingBenchmark options, e.g. --stores redis --reps 5]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
if [[ -z "${FEATUREWATCH_REDIS_URL:-}" && -f build/services/services.env ]]; then
  # shellcheck disable=SC1091
  source build/services/services.env
fi
./mvnw -B -q -DskipTests -pl benchmarks -am package >&2
./featurewatch --version >/dev/null # builds the command now, not when the server starts

REDIS=()
if [[ -n "${FEATUREWATCH_REDIS_URL:-}" ]]; then REDIS=(--redis "$FEATUREWATCH_REDIS_URL"); fi
uptime
java -Xms1g -Xmx1g -cp benchmarks/target/benchmarks.jar \
  dev.featurewatch.benchmarks.serving.ServingBenchmark "${REDIS[@]}" "$@"
uptime
