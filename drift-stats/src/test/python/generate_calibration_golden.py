#!/usr/bin/env python3
"""Golden values for drift-stats' calibration package (dev.featurewatch.drift.calibration).

Writes drift-stats/src/test/resources/golden/calibration/calibration.json:
- fdr_bh: p-value families and their Benjamini-Hochberg adjusted p-values from
  statsmodels.stats.multitest.multipletests(p, method="fdr_bh"), with the rejections at q;
- run_length: the mean number of windows until the first run of r drifted windows in a row, for a
  per-window probability p, estimated by direct simulation with numpy (not by the closed form the
  Java code uses), with its standard error.

Run from the repository root (needs numpy, statsmodels):

    build/venv/bin/python drift-stats/src/test/python/generate_calibration_golden.py
"""
import json
import pathlib

import numpy as np
import statsmodels
from statsmodels.stats.multitest import multipletests

OUT = pathlib.Path(__file__).resolve().parents[2] / "test/resources/golden/calibration/calibration.json"


def fdr_cases():
    rng = np.random.default_rng(20261207)
    families = [
        [0.01, 0.02, 0.03, 0.04, 0.05],
        [0.0001, 0.5, 0.9, 0.002, 0.04, 0.03],
        [1.0, 1.0, 1.0],
        [0.2],
        [0.001, 0.001, 0.001, 0.5],
    ]
    for _ in range(5):
        size = int(rng.integers(2, 40))
        p = np.round(np.concatenate([rng.uniform(size=size), rng.uniform(0, 0.002, size=3)]), 6)
        families.append([float(x) for x in p])
    cases = []
    for p in families:
        for q in (0.01, 0.05):
            reject, adjusted, _, _ = multipletests(p, alpha=q, method="fdr_bh")
            cases.append({
                "p": p,
                "q": q,
                "adjusted": [float(a) for a in adjusted],
                "reject": [bool(r) for r in reject],
            })
    return cases


def run_length_cases():
    rng = np.random.default_rng(7)
    cases = []
    for p, r in ((0.2, 3), (0.3, 2), (0.1, 2), (0.5, 3)):
        trials = 20000
        waits = np.empty(trials)
        for t in range(trials):
            run = 0
            n = 0
            while run < r:
                n += 1
                run = run + 1 if rng.random() < p else 0
            waits[t] = n
        cases.append({
            "p": p,
            "run": r,
            "mean_windows": float(waits.mean()),
            "standard_error": float(waits.std(ddof=1) / np.sqrt(trials)),
        })
    return cases


def main():
    doc = {
        "generator": "drift-stats/src/test/python/generate_calibration_golden.py",
        "versions": {"numpy": np.__version__, "statsmodels": statsmodels.__version__},
        "fdr_bh": fdr_cases(),
        "run_length": run_length_cases(),
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(doc, indent=1) + "\n")


if __name__ == "__main__":
    main()
