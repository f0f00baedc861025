"""Compares regenerated golden JSON files with the committed ones, numerically.

Used by scripts/check-golden.sh. Numbers may differ in their last digits between machines (numpy
and scipy call BLAS builds that round differently), so two numbers agree when they are within a
relative 1e-12 (or both below 1e-300 apart); everything else (keys, strings, lengths) must be equal.
For every file named, the committed version is `git show HEAD:<file>`. Prints each difference and
exits 1 if there is any.

    python scripts/compare_golden.py FILE...
"""

import json
import math
import subprocess
import sys


def differences(committed, regenerated, where):
    if isinstance(committed, bool) or isinstance(regenerated, bool):
        return [] if committed == regenerated else [f"{where}: {committed!r} != {regenerated!r}"]
    if isinstance(committed, (int, float)) and isinstance(regenerated, (int, float)):
        if math.isclose(committed, regenerated, rel_tol=1e-12, abs_tol=1e-300) or (
            math.isnan(committed) and math.isnan(regenerated)
        ):
            return []
        return [f"{where}: {committed!r} != {regenerated!r}"]
    if isinstance(committed, dict) and isinstance(regenerated, dict):
        if committed.keys() != regenerated.keys():
            return [f"{where}: keys {sorted(committed)} != {sorted(regenerated)}"]
        return [d for k in committed for d in differences(committed[k], regenerated[k], f"{where}.{k}")]
    if isinstance(committed, list) and isinstance(regenerated, list):
        if len(committed) != len(regenerated):
            return [f"{where}: {len(committed)} items != {len(regenerated)}"]
        return [
            d
            for i, (a, b) in enumerate(zip(committed, regenerated))
            for d in differences(a, b, f"{where}[{i}]")
        ]
    return [] if committed == regenerated else [f"{where}: {committed!r} != {regenerated!r}"]


def main(files):
    found = []
    for name in files:
        committed = json.loads(subprocess.run(
            ["git", "show", f"HEAD:{name}"], check=True, capture_output=True, text=True).stdout)
        with open(name, encoding="utf-8") as f:
            regenerated = json.load(f)
        found += [f"{name}: {d}" for d in differences(committed, regenerated, "$")]
    for difference in found:
        print(difference, file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
