#!/usr/bin/env bash
# The test command of featurewatch: starts the real services the integration tests need, runs
# the whole Maven build (unit tests with Surefire, *IT integration tests with Failsafe), stops the
# services again, and exits with Maven's exit code.
#
#   ./scripts/test-all.sh                 everything
#   ./scripts/test-all.sh -pl testing     extra arguments go to Maven
#
# Services that were already running before (scripts/test-services.sh start by hand) are reused
# and left running, so a developer's session is not torn down by a test run.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

if scripts/test-services.sh status >/dev/null 2>&1; then
  echo "test-all: reusing the running test services" >&2
else
  # Stop on every exit path (failure, Ctrl-C), but never let stopping change the exit code.
  trap 'scripts/test-services.sh stop || true' EXIT
  scripts/test-services.sh start
fi

# Export every FEATUREWATCH_* address so the test JVMs see them as environment variables.
set -a
# shellcheck source=/dev/null
. build/services/services.env
set +a

# The golden values the tests compare with must be what the committed reference scripts produce.
scripts/check-golden.sh

# The test JVMs' temporary folder (see test.tmpdir in pom.xml): one per checkout, emptied at each
# run, so the native libraries and Flink jars that the killed JVMs of the fault tests leave behind do
# not pile up. Outside the checkout: tests look for the repository's root above their directories.
TEST_TMP="${TMPDIR:-/tmp}/featurewatch-tests-$(printf '%s' "$ROOT" | sha256sum | cut -c1-12)"
rm -rf "$TEST_TMP"
mkdir -p "$TEST_TMP"

status=0
./mvnw -B verify -Dtest.tmpdir="$TEST_TMP" "$@" || status=$?
exit "$status"
