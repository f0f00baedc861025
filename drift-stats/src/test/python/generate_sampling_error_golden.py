#!/usr/bin/env python3
"""Golden values for drift-stats' performance standard errors (SamplingError), from NannyML.

Writes drift-stats/src/test/resources/golden/performance/sampling_error.json: seeded windows of
(score, label) pairs of a binary classifier and of (prediction, actual) pairs of a regression, with
the standard errors NannyML 0.13 gives each metric when the window is its own reference
(nannyml.sampling_error: components from the window, sampling error for data of its length).

Every binary window holds a negative scored 0 and a positive scored 1, so that the lowest-scored
member of the class NannyML measures is never a positive: NannyML drops that placement (its
np.unique(positive_ranks)[1:] also removes a positive at rank 0), which drift-stats does not copy.

Run from the repository root (needs the NannyML virtualenv, build/venv-nannyml):

    build/venv-nannyml/bin/python drift-stats/src/test/python/generate_sampling_error_golden.py
"""
import json
import pathlib

import nannyml
import numpy as np
import pandas as pd
import nannyml.sampling_error.binary_classification as bse
import nannyml.sampling_error.regression as rse

OUT = (pathlib.Path(__file__).resolve().parents[2]
       / "test/resources/golden/performance/sampling_error.json")
THRESHOLD = 0.5


def binary_case(rng, n, positive_share, signal):
    y = (rng.uniform(size=n) < positive_share).astype(int)
    logit = signal * (2 * y - 1) + rng.normal(size=n)
    p = np.round(1 / (1 + np.exp(-logit)), 6)
    p = np.clip(p, 1e-6, 1 - 1e-6)
    y = np.concatenate([y, [0, 1]])
    p = np.concatenate([p, [0.0, 1.0]])
    yt = pd.Series(y)
    pp = pd.Series(p)
    yp = pd.Series((p >= THRESHOLD).astype(int))
    data = pd.Series(np.zeros(len(y)))
    errors = {
        "accuracy": bse.accuracy_sampling_error(bse.accuracy_sampling_error_components(yt, yp), data),
        "precision": bse.precision_sampling_error(bse.precision_sampling_error_components(yt, yp), data),
        "recall": bse.recall_sampling_error(bse.recall_sampling_error_components(yt, yp), data),
        "f1": bse.f1_sampling_error(bse.f1_sampling_error_components(yt, yp), data),
        "roc_auc": bse.auroc_sampling_error(bse.auroc_sampling_error_components(yt, pp), data),
    }
    return {"scores": p.tolist(), "labels": y.tolist(), "threshold": THRESHOLD,
            "errors": {k: float(v) for k, v in errors.items()}}


def regression_case(rng, n):
    actual = np.round(rng.lognormal(mean=3, sigma=0.5, size=n), 6)
    predicted = np.round(actual * rng.normal(1, 0.1, size=n) + rng.normal(0, 2, size=n), 6)
    yt = pd.Series(actual)
    yp = pd.Series(predicted)
    data = pd.Series(np.zeros(n))
    errors = {
        "mae": rse.mae_sampling_error(rse.mae_sampling_error_components(yt, yp), data),
        "rmse": rse.rmse_sampling_error(rse.rmse_sampling_error_components(yt, yp), data),
        "mape": rse.mape_sampling_error(rse.mape_sampling_error_components(yt, yp), data),
    }
    return {"predicted": predicted.tolist(), "actual": actual.tolist(),
            "errors": {k: float(v) for k, v in errors.items()}}


def main():
    rng = np.random.default_rng(20261207)
    binary = [binary_case(rng, n, share, signal)
              for n in (100, 1000, 5000)
              for share, signal in ((0.3, 1.0), (0.7, 0.6))]
    regression = [regression_case(rng, n) for n in (100, 2000)]
    doc = {
        "generator": "drift-stats/src/test/python/generate_sampling_error_golden.py",
        "versions": {"nannyml": nannyml.__version__, "numpy": np.__version__, "pandas": pd.__version__},
        "binary": binary,
        "regression": regression,
    }
    OUT.write_text(json.dumps(doc) + "\n")


if __name__ == "__main__":
    main()
