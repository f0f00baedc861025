#!/usr/bin/env python3
"""Golden values for drift-stats' PCA reconstruction error (ReconstructionModel), from NannyML.

Writes drift-stats/src/test/resources/golden/multivariate/reconstruction.json: a seeded reference
of four numeric features (two correlated pairs, a few missing values) and seeded windows: one like
the reference, and one where the first pair's correlation flips sign while every feature keeps its
distribution. Each window carries the mean reconstruction error NannyML's
DataReconstructionDriftCalculator gives it (one chunk), and the reference's own.

And reconstruction-mixed.json: the same with a categorical feature among the numeric ones (NannyML
imputes its missing values with the most frequent category and encodes each category by its
reference share, an unseen one as 0): a window like the reference, one where the category's tie to
the first feature reverses while both keep their distributions, and one with a category the
reference never had.

Run from the repository root (needs the NannyML virtualenv, build/venv-nannyml):

    build/venv-nannyml/bin/python drift-stats/src/test/python/generate_reconstruction_golden.py
"""
import json
import pathlib
import warnings

import nannyml
import numpy as np
import pandas as pd

OUT = (pathlib.Path(__file__).resolve().parents[2]
       / "test/resources/golden/multivariate/reconstruction.json")
COLUMNS = ["a", "b", "c", "d"]


def rows(rng, n, rho_ab):
    ab = rng.multivariate_normal([0, 5], [[1, 2 * rho_ab], [2 * rho_ab, 4]], size=n)
    cd = rng.multivariate_normal([10, -1], [[9, 0.6 * 3 * 0.5], [0.6 * 3 * 0.5, 0.25]], size=n)
    data = np.round(np.hstack([ab, cd]), 6)
    # a few missing values, imputed with the reference's means
    data[rng.uniform(size=data.shape) < 0.01] = np.nan
    return pd.DataFrame(data, columns=COLUMNS)


MIXED = ["a", "e", "b", "c", "d"]


def mixed_rows(rng, n, rho_ab, reversed_tie=False, unseen=0.0):
    frame = rows(rng, n, rho_ab)
    a = frame["a"].fillna(0).to_numpy()
    sign = -1 if reversed_tie else 1
    # about 60 % "often" and 40 % "seldom" either way: their shares, as encoded, rise with a (or
    # fall with it, reversed)
    e = np.where(sign * a > -0.25, "often", "seldom").astype(object)
    noise = rng.uniform(size=n)
    e[noise < 0.1] = rng.choice(["often", "seldom", "rare"], size=int((noise < 0.1).sum()))
    e[rng.uniform(size=n) < unseen] = "new"
    # missing categories are NaN, which scikit-learn's imputer takes as missing (None it does not)
    e[rng.uniform(size=n) < 0.02] = np.nan
    frame["e"] = pd.Series(e, dtype=object)
    return frame[MIXED]


def error(calculator, frame):
    result = calculator.calculate(frame).to_df()
    analysis = result[result[("chunk", "period")] == "analysis"]
    assert len(analysis) == 1
    return float(analysis[("reconstruction_error", "value")].iloc[0])


def main():
    warnings.filterwarnings("ignore")
    rng = np.random.default_rng(20261207)
    reference = rows(rng, 3000, 0.8)
    calculator = nannyml.DataReconstructionDriftCalculator(column_names=COLUMNS, chunk_number=1)
    calculator.fit(reference)
    windows = []
    for rho, name in ((0.8, "unchanged"), (-0.8, "correlation flipped")):
        frame = rows(rng, 1000, rho)
        windows.append({"name": name, "rows": json.loads(frame.to_json(orient="values")),
                        "reconstruction_error": error(calculator, frame)})

    def nulls(frame):
        return json.loads(frame.to_json(orient="values"))

    doc = {
        "generator": "drift-stats/src/test/python/generate_reconstruction_golden.py",
        "versions": {"nannyml": nannyml.__version__, "numpy": np.__version__},
        "columns": COLUMNS,
        "reference": nulls(reference),
        "windows": windows,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(doc) + "\n")

    reference = mixed_rows(rng, 3000, 0.8)
    calculator = nannyml.DataReconstructionDriftCalculator(column_names=MIXED, chunk_number=1)
    calculator.fit(reference)
    windows = []
    for name, frame in (("unchanged", mixed_rows(rng, 1000, 0.8)),
                        ("category tie reversed", mixed_rows(rng, 1000, 0.8, reversed_tie=True)),
                        ("unseen category", mixed_rows(rng, 1000, 0.8, unseen=0.05))):
        windows.append({"name": name, "rows": nulls(frame),
                        "reconstruction_error": error(calculator, frame)})
    doc = {
        "generator": "drift-stats/src/test/python/generate_reconstruction_golden.py",
        "versions": {"nannyml": nannyml.__version__, "numpy": np.__version__},
        "columns": MIXED,
        "categorical": ["e"],
        "reference": nulls(reference),
        "windows": windows,
    }
    OUT.with_name("reconstruction-mixed.json").write_text(json.dumps(doc) + "\n")


if __name__ == "__main__":
    main()
