#!/usr/bin/env bash
# Regenerates every golden file that an independent reference implementation (scipy, statsmodels,
# scikit-learn, river, pandas) writes, and fails if any differs from the committed one: the numbers
# the tests compare with must come from the committed scripts, not from an edit by hand.
#
#   scripts/check-golden.sh          needs the test virtualenv (scripts/test-services.sh start makes it)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PYTHON="${FEATUREWATCH_PYTHON:-$ROOT/build/venv/bin/python}"
NANNYML_PYTHON="${FEATUREWATCH_NANNYML_PYTHON:-$ROOT/build/venv-nannyml/bin/python}"
for python in "$PYTHON" "$NANNYML_PYTHON"; do
  [[ -x "$python" ]] || {
    echo "check-golden: no virtualenv at $python: run scripts/test-services.sh start" >&2
    exit 1
  }
done

GENERATORS=(
  drift-stats/src/test/python/generate_method_golden.py
  drift-stats/src/test/python/generate_performance_golden.py
  drift-stats/src/test/python/generate_calibration_golden.py
  app/src/test/python/generate_cli_golden.py
  stores/src/test/python/generate_pit_golden.py
)
for generator in "${GENERATORS[@]}"; do
  "$PYTHON" "$generator" >/dev/null
done
# NannyML's references run in its own virtualenv
NANNYML_GENERATORS=(
  drift-stats/src/test/python/generate_sampling_error_golden.py
  drift-stats/src/test/python/generate_cbpe_golden.py
  drift-stats/src/test/python/generate_reconstruction_golden.py
)
for generator in "${NANNYML_GENERATORS[@]}"; do
  "$NANNYML_PYTHON" "$generator" >/dev/null
done

# Format golden files whose independent encoders print them: compare the output with the file.
ONLINE=stores/src/test/resources/golden/online
for pair in "$ONLINE/make_row_v1.py:$ONLINE/row-v1.hex" "$ONLINE/make_key_v1.py:$ONLINE/key-v1.hex"; do
  generator="${pair%%:*}"
  golden="${pair##*:}"
  if ! "$PYTHON" "$generator" | diff -q - "$golden" >/dev/null; then
    echo "check-golden: $generator does not reproduce $golden" >&2
    exit 1
  fi
done

# Pathspec '*' matches across '/': every file under a golden/ folder.
GOLDEN='*/src/test/resources/golden/*'
mapfile -t changed < <(git diff --name-only -- "$GOLDEN")
if ((${#changed[@]} > 0)); then
  # Last-digit differences between BLAS builds are not changes: compare the numbers, then put
  # the committed files back so the working tree stays as it was.
  if ! "$PYTHON" scripts/compare_golden.py "${changed[@]}"; then
    echo "check-golden: regenerated golden files differ from the committed ones:" >&2
    git diff --stat -- "$GOLDEN" >&2
    exit 1
  fi
  git checkout -- "${changed[@]}"
fi
echo "check-golden: $((${#GENERATORS[@]} + ${#NANNYML_GENERATORS[@]} + 2)) generators reproduce the committed golden files" >&2
