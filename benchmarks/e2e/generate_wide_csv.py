#!/usr/bin/env python3
"""Writes a reference/current CSV pair for the end-to-end `featurewatch drift` benchmark.

Default: 1,000,000 rows x 50 columns each (40 numeric of several shapes, 10 categorical), about
0.5 GB per file; the current file has drift in a fifth of the columns. Seeded, so every run of the
benchmark reads the same bytes.

    build/venv/bin/python benchmarks/e2e/generate_wide_csv.py --rows 1000000 --out build/bench
"""
import argparse
import pathlib

import numpy as np
import pandas as pd


def frame(rng: np.random.Generator, rows: int, drifted: bool) -> pd.DataFrame:
    columns = {}
    for i in range(40):
        shift = 0.3 if drifted and i % 5 == 0 else 0.0
        kind = i % 4
        if kind == 0:
            values = rng.normal(shift, 1.0, rows)
        elif kind == 1:
            values = rng.lognormal(3.0 + shift, 0.5, rows)
        elif kind == 2:
            values = rng.uniform(0, 100 * (1 + shift), rows)
        else:
            values = rng.poisson(4 + 10 * shift, rows).astype(float)
        columns[f"num_{i:02d}"] = np.round(values, 4)
    for i in range(10):
        categories = np.array([f"c{j}" for j in range(5 + 5 * i)])
        weights = np.linspace(1, 2, len(categories))
        if drifted and i % 5 == 0:
            weights = weights[::-1]
        columns[f"cat_{i:02d}"] = rng.choice(categories, rows, p=weights / weights.sum())
    return pd.DataFrame(columns)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--out", type=pathlib.Path, default=pathlib.Path("build/bench"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(7)
    for name, drifted in (("reference", False), ("current", True)):
        frame(rng, args.rows, drifted).to_csv(args.out / f"wide-{name}.csv", index=False)


if __name__ == "__main__":
    main()
