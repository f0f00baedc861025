#!/usr/bin/env python3
"""Writes the bundled sample data for `featurewatch drift`: a loan-application dataset.

reference.csv is the training sample; current.csv is a week of live traffic in which `income` and
`utilization` have drifted and a new country (BR) appeared, while the other features are unchanged.
A few values are missing or malformed on purpose, as in real exports.

Run from the repository root:  build/venv/bin/python examples/drift/generate_sample_data.py
"""
import pathlib

import numpy as np
import pandas as pd

HERE = pathlib.Path(__file__).resolve().parent
ROWS = 5000


def sample(rng: np.random.Generator, drifted: bool) -> pd.DataFrame:
    age = np.clip(rng.normal(41, 11, ROWS), 18, 90).round()
    income = rng.lognormal(mean=10.9 + (0.25 if drifted else 0.0), sigma=0.45, size=ROWS).round(2)
    credit_score = np.clip(rng.normal(660, 55, ROWS), 300, 850).round()
    open_accounts = rng.poisson(3.2, ROWS)
    utilization = (rng.beta(3, 4, ROWS) if drifted else rng.beta(2, 5, ROWS)).round(4)
    countries = ["US", "DE", "FR", "GB", "ES"]
    weights = [0.40, 0.20, 0.15, 0.15, 0.10]
    if drifted:
        countries = countries + ["BR"]
        weights = [0.34, 0.18, 0.14, 0.14, 0.10, 0.10]
    country = rng.choice(countries, ROWS, p=weights)
    channel = rng.choice(["mobile", "web", "branch"], ROWS, p=[0.55, 0.35, 0.10])
    frame = pd.DataFrame(
        {
            "age": age.astype(int),
            "income": income,
            "credit_score": credit_score.astype(int),
            "open_accounts": open_accounts,
            "utilization": utilization,
            "country": country,
            "channel": channel,
        }
    )
    # missing values as exports have them: empty cells and NaN
    frame["income"] = frame["income"].astype(object)
    frame.loc[rng.choice(ROWS, 40, replace=False), "income"] = ""
    frame.loc[rng.choice(ROWS, 10, replace=False), "utilization"] = np.nan
    return frame


def main() -> None:
    rng = np.random.default_rng(20261123)
    reference = sample(rng, drifted=False)
    current = sample(rng, drifted=True)
    # one malformed value in the live data: reported as invalid, the run goes on
    current["credit_score"] = current["credit_score"].astype(object)
    current.loc[17, "credit_score"] = "n/a"
    reference.to_csv(HERE / "reference.csv", index=False)
    current.to_csv(HERE / "current.csv", index=False)


if __name__ == "__main__":
    main()
