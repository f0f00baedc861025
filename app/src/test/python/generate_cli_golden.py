#!/usr/bin/env python3
"""Expected `featurewatch drift --reference` scores on the bundled sample data, from scipy.

Independent of the Java code: it applies Evidently's automatic method choice (reference > 1000
values: normed Wasserstein for numeric features with more than 5 distinct values, Jensen-Shannon
distance, base 2, over the union of categories otherwise) with pandas, numpy and scipy, and writes
app/src/test/resources/golden/sample_drift_scipy.json, which DriftCommandTest compares with the
command's JSON output.

Run from the repository root:  build/venv/bin/python app/src/test/python/generate_cli_golden.py
"""
import json
import pathlib

import numpy as np
import pandas as pd
import scipy
from scipy.spatial.distance import jensenshannon
from scipy.stats import wasserstein_distance

ROOT = pathlib.Path(__file__).resolve().parents[4]
DATA = ROOT / "examples" / "drift"
OUT = ROOT / "app" / "src" / "test" / "resources" / "golden" / "sample_drift_scipy.json"
CATEGORICAL = {"country", "channel"}


def main() -> None:
    ref = pd.read_csv(DATA / "reference.csv", keep_default_na=True)
    cur = pd.read_csv(DATA / "current.csv", keep_default_na=True)
    features = {}
    for column in ref.columns:
        if column in CATEGORICAL:
            r = ref[column].dropna().value_counts()
            c = cur[column].dropna().value_counts()
            categories = sorted(set(r.index) | set(c.index))
            p = np.array([r.get(k, 0) for k in categories], dtype=float)
            q = np.array([c.get(k, 0) for k in categories], dtype=float)
            score = float(jensenshannon(p / p.sum(), q / q.sum(), base=2))
            features[column] = {"method": "jensenshannon", "score": score}
        else:
            # text that is not a number ("n/a") is invalid and left out, like missing values
            r = pd.to_numeric(ref[column], errors="coerce").dropna().to_numpy()
            c = pd.to_numeric(cur[column], errors="coerce").dropna().to_numpy()
            r = r[np.isfinite(r)]
            c = c[np.isfinite(c)]
            assert len(np.unique(r)) > 5, column
            score = wasserstein_distance(r, c) / max(np.std(r), 0.001)
            features[column] = {
                "method": "wasserstein",
                "score": float(score),
                "reference_values": int(len(r)),
                "current_values": int(len(c)),
            }
    OUT.write_text(
        json.dumps(
            {"generated_by": "app/src/test/python/generate_cli_golden.py",
             "scipy": scipy.__version__, "features": features},
            indent=2,
        )
        + "\n"
    )


if __name__ == "__main__":
    main()
