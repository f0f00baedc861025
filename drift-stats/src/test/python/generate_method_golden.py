#!/usr/bin/env python3
"""Golden values for the drift methods of drift-stats (package dev.featurewatch.drift.method).

Writes drift-stats/src/test/resources/golden/method/drift_methods.json: the INPUT data of every
case together with the results of the reference implementations (scipy, statsmodels, numpy). The
Java tests (GoldenValuesTest) read the inputs, run the Java code and compare. Nothing here calls
the Java code: the binning is redone with np.quantile + np.histogram, the distances with numpy.

Run from the repository root (needs numpy, scipy, statsmodels):

    build/venv/bin/python drift-stats/src/test/python/generate_method_golden.py

The output is deterministic for a given numpy/scipy/statsmodels version (recorded in the file).
Values are rounded to 6 decimals before any computation so that the JSON holds exactly the data
the references saw.
"""
import json
import math
import pathlib

import numpy as np
import scipy
import scipy.spatial.distance as ssd
import scipy.stats as st
import statsmodels
from statsmodels.stats.proportion import proportions_ztest

OUT = pathlib.Path(__file__).resolve().parents[2] / "test/resources/golden/method/drift_methods.json"
BINS = 10
EMPTY = 1e-4  # Evidently's replacement for empty proportions (PSI, KL)


def r6(a):
    return np.round(np.asarray(a, dtype=float), 6)


def quantile_bins(reference, current):
    """Reference quantile edges (numpy type 7) with duplicates removed, plus two outer bins."""
    qs = [i / BINS for i in range(BINS + 1)]  # i / bins exactly, not linspace's i * step
    edges = np.unique(np.quantile(reference, qs))

    def counts(x):
        below = int(np.sum(x < edges[0]))
        above = int(np.sum(x > edges[-1]))
        if len(edges) == 1:
            interior = [int(np.sum(x == edges[0]))]
        else:
            interior = [int(c) for c in np.histogram(x, bins=edges)[0]]
        return [below] + interior + [above]

    return edges, counts(reference), counts(current)


def distances(ref_counts, cur_counts):
    r = np.asarray(ref_counts, dtype=float)
    c = np.asarray(cur_counts, dtype=float)
    rp, cp = r / r.sum(), c / c.sum()
    rs, cs = rp.copy(), cp.copy()
    np.place(rs, rs == 0, EMPTY)
    np.place(cs, cs == 0, EMPTY)
    psi = float(np.sum((cs - rs) * np.log(cs / rs)))
    kl = float(st.entropy(cs, rs))  # normalises both, natural log
    js = float(ssd.jensenshannon(rp, cp, base=2))
    # sqrt(1 - sum sqrt(p q)) written without cancellation; both forms are checked to agree
    hellinger = float(np.sqrt(np.sum((np.sqrt(rp) - np.sqrt(cp)) ** 2) / 2))
    assert abs(hellinger - math.sqrt(max(0.0, 1 - np.sum(np.sqrt(rp * cp))))) < 1e-7
    tvd = float(0.5 * np.sum(np.abs(rp - cp)))
    return {"psi": psi, "kl": kl, "jensenshannon": js, "hellinger": hellinger, "tvd": tvd}


def numeric_case(name, reference, current):
    reference, current = r6(reference), r6(current)
    ks = st.ks_2samp(reference, current)
    w1 = float(st.wasserstein_distance(reference, current))
    edges, rc, cc = quantile_bins(reference, current)
    case = {
        "name": name,
        "reference": reference.tolist(),
        "current": current.tolist(),
        "ks": {
            "statistic": float(ks.statistic),
            "pvalue": float(ks.pvalue),
            "mode": "exact" if max(len(reference), len(current)) <= 10000 else "asymp",
        },
        "wasserstein": w1,
        "wasserstein_normed": w1 / max(float(np.std(reference)), 0.001),
        "bins": {"edges": edges.tolist(), "reference_counts": rc, "current_counts": cc},
    }
    case.update(distances(rc, cc))
    return case


def counts_case(name, reference, current):
    r = np.asarray(reference, dtype=float)
    c = np.asarray(current, dtype=float)
    case = {"name": name, "reference": list(reference), "current": list(current)}
    keep = (r > 0) | (c > 0)
    if keep.sum() >= 2:
        # two-sample test of homogeneity on the 2 x k table, no continuity correction
        chi = st.chi2_contingency(np.vstack([r[keep], c[keep]]), correction=False)
        case["chisquare"] = {"statistic": float(chi.statistic), "pvalue": float(chi.pvalue)}
    else:
        case["chisquare"] = None  # scipy: NaN with 0 degrees of freedom; Java documents 0 and 1
    nr, nc = r.sum(), c.sum()
    first_r, first_c = r[0], c[0]
    if first_r / nr != first_c / nc:
        z, p = proportions_ztest([first_r, first_c], [nr, nc])
        case["ztest"] = {"statistic": float(z), "pvalue": float(p)}
    else:
        case["ztest"] = None  # statsmodels gives NaN when the pooled share is 0 or 1
    case.update(distances(reference, current))
    return case


def numeric_cases(rng):
    n = rng.normal
    cases = [
        numeric_case("normal_vs_shifted_normal", n(0, 1, 200), n(0.5, 1, 300)),
        numeric_case("same_normal", n(0, 1, 500), n(0, 1, 500)),
        numeric_case("different_sizes", n(0, 1, 100), n(0.2, 1.2, 1000)),
        numeric_case("poisson_ties", rng.poisson(3, 400), rng.poisson(3.5, 350)),
        numeric_case("poisson_ties_same", rng.poisson(2, 300), rng.poisson(2, 300)),
        numeric_case("constant_same", np.full(50, 2.5), np.full(40, 2.5)),
        numeric_case("constant_different", np.full(50, 2.5), np.full(40, 3.0)),
        numeric_case("constant_reference", np.full(30, 1.0), n(1, 0.1, 30)),
        numeric_case("lognormal_scaled", rng.lognormal(0, 1, 800), 1.3 * rng.lognormal(0, 1, 600)),
        numeric_case("uniform_vs_normal", rng.uniform(-1, 1, 400), n(0, 0.6, 450)),
        numeric_case("disjoint_ranges", n(0, 1, 60), n(10, 1, 70)),
    ]
    for n1, n2 in [(1, 1), (1, 3), (2, 5), (3, 3), (4, 5), (5, 4), (5, 5)]:
        cases.append(numeric_case(f"tiny_{n1}_{n2}", n(0, 1, n1), n(0.3, 1, n2)))
    cases.append(numeric_case("tiny_ties", [1.0, 1.0, 2.0], [1.0, 2.0, 2.0, 2.0]))
    # exact regime at its upper end, both path-counting algorithms
    cases.append(numeric_case("exact_10000_7000", n(0, 1, 10000), n(0.05, 1, 7000)))
    cases.append(numeric_case("exact_equal_8000", n(0, 1, 8000), n(0.04, 1, 8000)))
    # asymptotic regime: kstwo.sf through its different algorithms
    cases.append(numeric_case("asymp_12000_3000_same", n(0, 1, 12000), n(0, 1, 3000)))
    cases.append(numeric_case("asymp_12000_3000_shift", n(0, 1, 12000), n(0.1, 1, 3000)))
    cases.append(numeric_case("asymp_20000_15000_small_shift", n(0, 1, 20000), n(0.03, 1, 15000)))
    cases.append(numeric_case("asymp_15000_50", n(0, 1, 15000), n(0.2, 1, 50)))
    cases.append(numeric_case("asymp_11000_3_ties", rng.poisson(4, 11000), [4.0, 5.0, 6.0]))
    return cases


def count_cases():
    return [
        counts_case("similar_four", [120, 80, 60, 40], [115, 85, 55, 45]),
        counts_case("shifted_four", [120, 80, 60, 40], [60, 80, 90, 70]),
        counts_case("unseen_in_reference", [50, 30, 0], [40, 30, 5]),
        counts_case("missing_in_current", [50, 30, 20], [40, 60, 0]),
        counts_case("empty_on_both_sides", [50, 0, 30, 20], [45, 0, 35, 20]),
        counts_case("two_equal", [500, 500], [250, 250]),
        counts_case("two_close", [480, 520], [230, 270]),
        counts_case("two_far", [900, 100], [700, 300]),
        counts_case("two_small", [3, 2], [1, 4]),
        counts_case("single_category", [10], [7]),
        counts_case("many_small", [3, 0, 5, 1, 2, 8, 0, 4, 6, 1, 2, 2, 9, 0, 1, 3, 4, 2, 1, 7],
                    [2, 1, 4, 3, 0, 9, 1, 2, 5, 2, 1, 3, 6, 1, 0, 5, 2, 4, 1, 8]),
    ]


def kstwo_cases():
    out = []
    for n in [1, 2, 3, 5, 10, 50, 140, 141, 500, 1000, 2400, 5000, 10000]:
        for x in [0.001, 0.004, 0.01, 0.02, 0.03, 0.05, 0.08, 0.1, 0.15, 0.2, 0.3, 0.45, 0.5,
                  0.6, 0.75, 0.9, 0.99]:
            sf = float(st.kstwo.sf(x, n))
            out.append({"n": n, "x": x, "sf": sf})
    return out


def main():
    rng = np.random.default_rng(20240611)
    data = {
        "generator": "drift-stats/src/test/python/generate_method_golden.py",
        "versions": {"numpy": np.__version__, "scipy": scipy.__version__,
                     "statsmodels": statsmodels.__version__},
        "bins": BINS,
        "numeric": numeric_cases(rng),
        "counts": count_cases(),
        "kstwo_sf": kstwo_cases(),
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(data, separators=(",", ":"), allow_nan=True) + "\n")
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
