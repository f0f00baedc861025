#!/usr/bin/env python3
"""Writes the golden values that drift-stats' performance metrics and change detectors are tested against.

Inputs are drawn from a seeded numpy generator (rounded to 6 decimals to keep the files small; Java
parses the same decimal strings, so both sides see identical doubles). Expected values come from
scikit-learn (metrics) and river (change detectors), never from featurewatch itself.

    build/venv/bin/python drift-stats/src/test/python/generate_performance_golden.py

Needs numpy, scikit-learn and river. Writes, under drift-stats/src/test/resources/golden/performance/:
  performance_metrics.json  inputs and sklearn results per data set
  change_detectors.json     series and river's PageHinkley / ADWIN detection indices

Where sklearn declares a metric undefined (ROC AUC with one class in y_true, R^2 with fewer than two
samples: both warn with UndefinedMetricWarning and return NaN in sklearn 1.9; older releases raised
for AUC) the expected value is null and the Java result must be empty.
"""

from __future__ import annotations

import json
import math
import warnings
from pathlib import Path

import numpy as np
import sklearn
from sklearn import metrics

import river
from river import drift

OUT = Path(__file__).resolve().parents[1] / "resources" / "golden" / "performance"
SEED = 20240611


def r6(values) -> list[float]:
    return [float(v) for v in np.round(np.asarray(values, dtype=float), 6)]


def ints(values) -> list[int]:
    return [int(v) for v in values]


def finite_or_none(x: float):
    x = float(x)
    return None if math.isnan(x) else x


def quiet(fn, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fn(*args, **kwargs)


# ---------------------------------------------------------------- binary, from probability scores


def binary_scores_case(name, scores, labels, threshold=0.5, note=None):
    scores = r6(scores)
    labels = ints(labels)
    y = np.array(labels)
    p = np.array(scores)
    predicted = (p >= threshold).astype(int)
    auc = quiet(metrics.roc_auc_score, y, p)
    case = {
        "name": name,
        "threshold": threshold,
        "scores": scores,
        "labels": labels,
        "expected": {
            "accuracy": metrics.accuracy_score(y, predicted),
            "precision": metrics.precision_score(y, predicted, zero_division=0),
            "recall": metrics.recall_score(y, predicted, zero_division=0),
            "f1": metrics.f1_score(y, predicted, zero_division=0),
            "log_loss": metrics.log_loss(y, p, labels=[0, 1]),
            "brier_score": metrics.brier_score_loss(y, p, pos_label=1),
            "roc_auc": finite_or_none(auc),
        },
    }
    if note:
        case["note"] = note
    return case


def binary_score_cases(rng):
    cases = [
        binary_scores_case(
            "single_positive",
            [0.7],
            [1],
            note="one class: roc_auc_score warns and returns NaN (sklearn < 1.6 raised ValueError)",
        )
    ]
    n = 500
    tied = rng.integers(0, 11, n) / 10
    cases.append(
        binary_scores_case("ties_in_scores", tied, rng.random(n) < 0.2 + 0.6 * tied)
    )
    cases.append(
        binary_scores_case(
            "all_positive_labels",
            rng.random(50),
            np.ones(50),
            note="one class: AUC undefined",
        )
    )
    cases.append(
        binary_scores_case(
            "all_negative_labels",
            rng.random(50),
            np.zeros(50),
            note="one class: AUC undefined; precision, recall and F1 have zero division",
        )
    )
    perfect_labels = rng.random(100) < 0.4
    cases.append(
        binary_scores_case(
            "perfect_predictor_at_0_and_1",
            perfect_labels.astype(float),
            perfect_labels,
            note="probabilities exactly 0 and 1: log loss is -ln(1 - eps) per prediction",
        )
    )
    cases.append(
        binary_scores_case(
            "worst_predictor_at_0_and_1",
            1.0 - perfect_labels.astype(float),
            perfect_labels,
            note="confidently wrong: log loss is -ln(eps) = 36.04 per prediction, AUC 0",
        )
    )
    cases.append(
        binary_scores_case(
            "all_scores_at_threshold", np.full(20, 0.5), rng.random(20) < 0.5
        )
    )
    n = 1000
    labels = rng.random(n) < 0.3
    scores = np.where(labels, rng.beta(3, 2, n), rng.beta(2, 3, n))
    cases.append(binary_scores_case("beta_scores_threshold_0_3", scores, labels, 0.3))
    n = 10_000
    labels = rng.random(n) < 0.1
    scores = np.where(labels, rng.beta(4, 2, n), rng.beta(1.5, 5, n))
    cases.append(binary_scores_case("beta_scores_10000_imbalanced", scores, labels))
    return cases


# ---------------------------------------------------------------- binary, from labels


def binary_labels_case(name, predicted, actual, note=None):
    predicted = ints(predicted)
    actual = ints(actual)
    case = {
        "name": name,
        "predicted": predicted,
        "actual": actual,
        "expected": {
            "accuracy": metrics.accuracy_score(actual, predicted),
            "precision": metrics.precision_score(actual, predicted, zero_division=0),
            "recall": metrics.recall_score(actual, predicted, zero_division=0),
            "f1": metrics.f1_score(actual, predicted, zero_division=0),
        },
    }
    if note:
        case["note"] = note
    return case


def binary_label_cases(rng):
    actual = rng.random(5000) < 0.35
    noisy = np.where(rng.random(5000) < 0.8, actual, ~actual)
    mixed = rng.random(30) < 0.5
    return [
        binary_labels_case("single_false_positive", [1], [0]),
        binary_labels_case(
            "no_predicted_positives",
            np.zeros(30),
            mixed,
            note="precision has zero division: 0",
        ),
        binary_labels_case(
            "all_negative",
            np.zeros(30),
            np.zeros(30),
            note="precision, recall and F1 all have zero division: 0",
        ),
        binary_labels_case("all_positive_actual", rng.random(40) < 0.7, np.ones(40)),
        binary_labels_case("perfect", mixed, mixed),
        binary_labels_case("noisy_5000", noisy, actual),
    ]


# ---------------------------------------------------------------- multiclass


def multiclass_case(name, predicted, actual, note=None):
    predicted = [str(v) for v in predicted]
    actual = [str(v) for v in actual]
    case = {
        "name": name,
        "predicted": predicted,
        "actual": actual,
        "expected": {
            "accuracy": metrics.accuracy_score(actual, predicted),
            "macro_f1": metrics.f1_score(
                actual, predicted, average="macro", zero_division=0
            ),
            "classes": len(set(predicted) | set(actual)),
        },
    }
    if note:
        case["note"] = note
    return case


def multiclass_cases(rng):
    classes = np.array(["cat", "dog", "bird"])
    actual = classes[rng.integers(0, 3, 3000)]
    predicted = np.where(
        rng.random(3000) < 0.7, actual, classes[rng.integers(0, 3, 3000)]
    )
    two = np.array(["cat", "dog"])[rng.integers(0, 2, 200)]
    with_extra = np.where(rng.random(200) < 0.1, "bird", two)
    return [
        multiclass_case("single_correct", ["a"], ["a"]),
        multiclass_case("three_classes_3000", predicted, actual),
        multiclass_case(
            "class_only_predicted",
            with_extra,
            two,
            note="'bird' is never true: its F1 is 0 and counts in the macro mean",
        ),
        multiclass_case(
            "all_wrong", ["x", "y", "z", "x"] * 3, ["y", "z", "x", "y"] * 3
        ),
    ]


# ---------------------------------------------------------------- regression


def regression_case(name, predicted, actual, note=None):
    predicted = r6(predicted)
    actual = r6(actual)
    y = np.array(actual)
    f = np.array(predicted)
    r2 = quiet(metrics.r2_score, y, f)
    case = {
        "name": name,
        "predicted": predicted,
        "actual": actual,
        "expected": {
            "mae": metrics.mean_absolute_error(y, f),
            "rmse": metrics.root_mean_squared_error(y, f),
            "mape": metrics.mean_absolute_percentage_error(y, f),
            "r2": finite_or_none(r2),
        },
    }
    if note:
        case["note"] = note
    return case


def regression_cases(rng):
    n = 10_000
    y = rng.normal(50, 10, n)
    zeros = rng.integers(-3, 4, 200).astype(float)
    return [
        regression_case(
            "single", [2.5], [3.0], note="r2_score warns and returns NaN for one sample"
        ),
        regression_case("two", [1.0, 2.5], [1.5, 2.0]),
        regression_case("normal_10000", y + rng.normal(0, 3, n), y),
        regression_case(
            "zeros_in_y_true",
            np.where(rng.random(200) < 0.5, zeros, zeros + rng.normal(0, 1, 200)),
            zeros,
            note="y = 0 divides by eps = 2^-52 in MAPE",
        ),
        regression_case(
            "constant_y_true_imperfect",
            3.0 + rng.normal(0, 1, 30),
            np.full(30, 3.0),
            note="SS_tot = 0, predictions imperfect: R^2 = 0 (force_finite)",
        ),
        regression_case(
            "constant_y_true_perfect",
            np.full(30, 3.0),
            np.full(30, 3.0),
            note="SS_tot = 0, predictions perfect: R^2 = 1 (force_finite)",
        ),
        regression_case(
            "large_offset",
            (big := 1e6 + rng.normal(0, 1, 1000)) + rng.normal(0, 0.5, 1000),
            big,
        ),
        regression_case("perfect", y[:100], y[:100]),
    ]


# ---------------------------------------------------------------- change detectors


def detections(detector, values):
    found = []
    for i, x in enumerate(values):
        detector.update(x)
        if detector.drift_detected:
            found.append(i)
    return found


PH_DEFAULTS = {"delta": 0.005, "threshold": 50.0, "alpha": 1 - 0.0001, "min_instances": 30}


def detector_case(name, values, change_at, ph_params, note):
    values = r6(values)
    ph = dict(PH_DEFAULTS, **ph_params)
    return {
        "name": name,
        "values": values,
        "change_at": change_at,
        "note": note,
        "page_hinkley": {
            "params": ph,
            "river_detections": detections(drift.PageHinkley(**ph), values),
        },
        "adwin": {
            "params": {"delta": 0.002, "clock": 32, "max_buckets": 5,
                       "min_window_length": 5, "grace_period": 10},
            "river_detections": detections(drift.ADWIN(), values),
        },
    }


def detector_cases(rng):
    return [
        detector_case(
            "stationary_normal_2000",
            rng.normal(0, 1, 2000),
            None,
            {},
            "no change: defaults must not alarm",
        ),
        detector_case(
            "mean_up_by_1_at_1000",
            np.concatenate([rng.normal(0, 0.5, 1000), rng.normal(1, 0.5, 1000)]),
            1000,
            {"mode": "up"},
            "abrupt rise of two standard deviations",
        ),
        detector_case(
            "accuracy_drops_0_9_to_0_8_at_500",
            np.concatenate([rng.normal(0.9, 0.02, 500), rng.normal(0.8, 0.02, 500)]),
            500,
            {"mode": "down", "delta": 0.005, "threshold": 0.5},
            "a per-window accuracy series, Page-Hinkley scaled to it",
        ),
        detector_case(
            "error_rate_0_1_to_0_3_at_1000",
            np.concatenate([rng.random(1000) < 0.1, rng.random(1000) < 0.3]).astype(float),
            1000,
            {"mode": "up", "delta": 0.05, "threshold": 10.0},
            "a 0/1 error stream, the classic ADWIN input",
        ),
    ]


def write(name, payload):
    path = OUT / name
    path.write_text(json.dumps(payload, indent=1, allow_nan=False) + "\n")
    print(f"{path}: {path.stat().st_size} bytes")


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(SEED)
    header = {
        "generator": "drift-stats/src/test/python/generate_performance_golden.py",
        "seed": SEED,
        "numpy": np.__version__,
        "sklearn": sklearn.__version__,
    }
    write(
        "performance_metrics.json",
        dict(
            header,
            binary_scores=binary_score_cases(rng),
            binary_labels=binary_label_cases(rng),
            multiclass=multiclass_cases(rng),
            regression=regression_cases(rng),
        ),
    )
    write(
        "change_detectors.json",
        dict(header, river=river.__version__, series=detector_cases(rng)),
    )


if __name__ == "__main__":
    main()
