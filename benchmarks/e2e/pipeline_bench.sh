#!/usr/bin/env bash
# The feature pipeline benchmark (issue 4 section 5): Kafka -> the example's driver_trip_stats view
# (six aggregations over a 1 h window sliding every 5 min) -> Redis and the offline store, on the
# embedded runtime at parallelism 2 (dev.featurewatch.benchmarks.pipeline.PipelineBenchmark, whose
# Javadoc says what is measured): throughput per stage, then freshness at 10,000 events a second.
# Builds the benchmarks, takes Redis from build/services/services.env (scripts/test-services.sh
# start) unless FEATUREWATCH_REDIS_URL is set, and uses its database 9, which it empties. Results
# go to BENCHMARKS.md by hand, with the machine.
#
#   benchmarks/e2e/pipeline_bench.sh [PipelineBenchmark options, e.g. --modes freshness --reps 5]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
if [[ -z "${FEATUREWATCH_REDIS_URL:-}" && -f build/services/services.env ]]; then
  # shellcheck disable=SC1091
  source build/services/services.env
fi
if [[ -z "${FEATUREWATCH_REDIS_URL:-}" ]]; then
  echo "pipeline_bench: no Redis: run scripts/test-services.sh start, or set FEATUREWATCH_REDIS_URL" >&2
  exit 2
fi
./mvnw -B -q -DskipTests -pl benchmarks -am package >&2

JAVA_OPTS=$(grep -o '<java17.opens>[^<]*' pom.xml | sed 's/<java17.opens>//')
uptime
# shellcheck disable=SC2086
java -Xms2g -Xmx2g $JAVA_OPTS -cp benchmarks/target/benchmarks.jar \
  dev.featurewatch.benchmarks.pipeline.PipelineBenchmark --redis "${FEATUREWATCH_REDIS_URL%/}/9" "$@"
uptime
