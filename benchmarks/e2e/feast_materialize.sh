#!/usr/bin/env bash
# Feast's materialize benchmark (issue 19): benchmarks/e2e/feast_materialize.py with the Feast
# virtualenv (build/venv-feast, made by scripts/test-services.sh start from
# scripts/requirements-feast.txt), the load printed before and after. Arguments go to the script.
#
#   benchmarks/e2e/feast_materialize.sh [--rows 500000] [--runs 5] [--redis-port P]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
PYTHON="${FEATUREWATCH_FEAST_PYTHON:-$ROOT/build/venv-feast/bin/python}"
if [[ ! -x "$PYTHON" ]]; then
  echo "feast_materialize: no Feast virtualenv at $PYTHON: run scripts/test-services.sh start" >&2
  exit 1
fi
command -v redis-server >/dev/null || {
  echo "feast_materialize: redis-server is not installed (apt-get install redis-server)" >&2
  exit 1
}
uptime
"$PYTHON" benchmarks/e2e/feast_materialize.py "$@"
uptime
