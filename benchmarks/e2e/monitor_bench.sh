#!/usr/bin/env bash
# The monitoring job's benchmark (issue 5 section 6): 20-feature predictions through the embedded
# monitoring job at parallelism 2 (dev.featurewatch.benchmarks.monitoring.MonitorBenchmark, whose
# Javadoc says what is measured): throughput from memory and from Kafka, and the delay from a
# drift's start to the drifted gauge; then the detection power curve (DetectionPower). Results go
# to BENCHMARKS.md by hand, with the machine.
#
#   benchmarks/e2e/monitor_bench.sh [MonitorBenchmark options, e.g. --modes memory --reps 5]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
./mvnw -B -q -DskipTests -pl benchmarks -am install >&2

JAVA_OPTS=$(grep -o '<java17.opens>[^<]*' pom.xml | sed 's/<java17.opens>//')
uptime
# shellcheck disable=SC2086
java -Xms2g -Xmx2g $JAVA_OPTS -cp benchmarks/target/benchmarks.jar \
  dev.featurewatch.benchmarks.monitoring.MonitorBenchmark "$@"
# shellcheck disable=SC2086
java $JAVA_OPTS -cp benchmarks/target/benchmarks.jar \
  dev.featurewatch.benchmarks.monitoring.DetectionPower
uptime
