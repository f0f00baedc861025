#!/usr/bin/env python3
"""Golden values for drift-stats' confidence-based performance estimation, from NannyML's CBPE.

Writes drift-stats/src/test/resources/golden/performance/cbpe.json: a seeded reference of a
binary classifier's scores and labels (scores miscalibrated on purpose, so that NannyML's check
decides to calibrate, as drift-stats always does), the isotonic calibration scikit-learn fits on it
(its predictions on a grid of scores), and seeded analysis windows, one like the reference and one
under covariate shift, each with the metrics NannyML's CBPE estimates for it (one chunk per window)
and the realized ones.

Run from the repository root (needs the NannyML virtualenv, build/venv-nannyml):

    build/venv-nannyml/bin/python drift-stats/src/test/python/generate_cbpe_golden.py
"""
import json
import pathlib
import warnings

import nannyml
import numpy as np
import pandas as pd
from sklearn.isotonic import IsotonicRegression

OUT = pathlib.Path(__file__).resolve().parents[2] / "test/resources/golden/performance/cbpe.json"
THRESHOLD = 0.5
METRICS = ["roc_auc", "f1", "precision", "recall", "accuracy"]


def window(rng, n, shift):
    x = rng.normal(shift, 1, n)
    q = 1 / (1 + np.exp(-(1.5 * x - 0.3)))
    y = (rng.uniform(size=n) < q).astype(int)
    s = np.round(q ** 1.8, 6)  # the model's scores: miscalibrated
    return pd.DataFrame({"y_pred_proba": s, "y_pred": (s >= THRESHOLD).astype(int), "y_true": y})


def main():
    warnings.filterwarnings("ignore")
    rng = np.random.default_rng(20261207)
    reference = window(rng, 5000, 0)
    estimator = nannyml.CBPE(
        y_pred_proba="y_pred_proba", y_pred="y_pred", y_true="y_true", metrics=METRICS,
        chunk_number=1, problem_type="classification_binary")
    estimator.fit(reference)
    assert estimator.needs_calibration, "the reference must need calibration, as drift-stats assumes"
    isotonic = IsotonicRegression(out_of_bounds="clip", increasing=True)
    isotonic.fit(reference["y_pred_proba"], reference["y_true"])
    grid = np.round(np.linspace(0, 1, 201), 6)
    windows = []
    for n, shift in ((2000, 0.0), (2000, 0.8)):
        analysis = window(rng, n, shift)
        result = estimator.estimate(analysis).to_df()
        # the results list the reference's chunks too
        result = result[result[("chunk", "period")] == "analysis"]
        assert len(result) == 1
        windows.append({
            "shift": shift,
            "scores": analysis["y_pred_proba"].tolist(),
            "labels": analysis["y_true"].tolist(),
            "estimated": {m: float(result[(m, "value")].iloc[0]) for m in METRICS},
            "realized": {m: float(result[(m, "realized")].iloc[0]) for m in METRICS},
        })
    doc = {
        "generator": "drift-stats/src/test/python/generate_cbpe_golden.py",
        "versions": {"nannyml": nannyml.__version__, "numpy": np.__version__},
        "threshold": THRESHOLD,
        "reference": {"scores": reference["y_pred_proba"].tolist(),
                      "labels": reference["y_true"].tolist()},
        "calibration": {"scores": grid.tolist(),
                        "probabilities": isotonic.predict(grid).tolist()},
        "windows": windows,
    }
    OUT.write_text(json.dumps(doc) + "\n")


if __name__ == "__main__":
    main()
