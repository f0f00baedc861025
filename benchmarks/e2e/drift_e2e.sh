#!/usr/bin/env bash
# End-to-end benchmark of `featurewatch drift` on a 1,000,000-row x 50-column CSV pair.
# Generates the data once (build/bench), warms up once, then times RUNS runs and prints each
# wall time, the median and the min-max spread. Results go to BENCHMARKS.md by hand, with the machine.
#
#   benchmarks/e2e/drift_e2e.sh [RUNS] [ROWS] [-- DRIFT OPTIONS...]
#
# Options after -- go to `featurewatch drift`, e.g. `-- --fixed-thresholds` for Evidently's fixed
# thresholds instead of the default calibrated verdicts.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RUNS="${1:-5}"
ROWS="${2:-1000000}"
EXTRA=()
if [[ "${3:-}" == "--" ]]; then
  EXTRA=("${@:4}")
fi
OUT="$ROOT/build/bench/$ROWS"
PYTHON="${FEATUREWATCH_PYTHON:-$ROOT/build/venv/bin/python}"

if [[ ! -f "$OUT/wide-current.csv" ]]; then
  echo "generating $ROWS-row CSV pair in $OUT..." >&2
  "$PYTHON" "$ROOT/benchmarks/e2e/generate_wide_csv.py" --rows "$ROWS" --out "$OUT"
fi
ls -l "$OUT"/wide-*.csv >&2

run() {
  "$ROOT/featurewatch" drift --reference "$OUT/wide-reference.csv" \
    --current "$OUT/wide-current.csv" --timings ${EXTRA[@]+"${EXTRA[@]}"} >/dev/null
}

run 2>/dev/null # warm-up: builds the command if needed, fills the page cache
times=()
for ((i = 1; i <= RUNS; i++)); do
  start=$(date +%s.%N)
  run
  end=$(date +%s.%N)
  t=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f", e - s }')
  times+=("$t")
  echo "run $i: ${t}s" >&2
done
printf '%s\n' "${times[@]}" | sort -n | awk '
  { v[NR] = $1 }
  END { printf "median %.2fs  min %.2fs  max %.2fs  (%d runs)\n", (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2), v[1], v[NR], NR }'
