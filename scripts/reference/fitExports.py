#!/usr/bin/python3
"""Fit inputs as real exports, for the CLI's and the editor's fit tests.

Run with the system Python (Debian: python3-sklearn python3-pandas):
    /usr/bin/python3 scripts/reference/fitExports.py
Writes test/fixtures/fits/breast-cancer-weighted.csv (pandas to_csv: an id column, four raw
features of load_breast_cancer, the diagnosis as text, an integer weight per row) and
expected.json with scikit-learn's fits of it: LogisticRegression(tol=1e-12) with sample_weight,
class_weight='balanced' and both, the objective C·Σ w·loss + ½‖w‖² of each, and the unpenalised
maximum-likelihood standard errors from numpy (inverse of Xᵀ·diag(w·p(1−p))·X at the MLE).
"""
import json
import os
import warnings

import numpy as np
import pandas as pd
from sklearn.datasets import load_breast_cancer
from sklearn.linear_model import LogisticRegression
from scipy.stats import norm

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "test", "fixtures", "fits")
FEATURES = ["mean radius", "mean texture", "mean smoothness", "mean symmetry"]


def objective(X, y, w, C, coef, intercept, penalty):
    eta = X @ coef + intercept
    loss = np.logaddexp(0, -np.where(y == 1, eta, -eta))
    return float(C * np.sum(w * loss) + (0.5 * coef @ coef if penalty == "l2" else 0.0))


def sklearn_fit(X, y, w, C=1.0, penalty="l2", class_weight=None):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = LogisticRegression(C=C, penalty=None if penalty == "none" else "l2", tol=1e-12, max_iter=100000,
                                   class_weight=class_weight).fit(X, y, sample_weight=w)
    coef, intercept = model.coef_[0], float(model.intercept_[0])
    cw = np.ones(len(y))
    if class_weight == "balanced":
        counts = np.bincount(y)
        cw = (len(y) / (2 * counts))[y]
    return {"coef": coef.tolist(), "intercept": intercept,
            "objective": objective(X, y, (w if w is not None else 1) * cw, C, coef, intercept, penalty)}


def mle_standard_errors(X, y, w):
    """Newton on the unpenalised weighted likelihood from sklearn's answer, then inv(XᵀWX)."""
    A = np.hstack([X, np.ones((len(y), 1))])
    theta = np.zeros(A.shape[1])
    for _ in range(100):
        p = 1 / (1 + np.exp(-(A @ theta)))
        g = A.T @ (w * (p - y))
        H = (A.T * (w * p * (1 - p))) @ A
        step = np.linalg.solve(H, -g)
        theta += step
        if np.max(np.abs(step)) < 1e-13 * (1 + np.max(np.abs(theta))):
            break
    p = 1 / (1 + np.exp(-(A @ theta)))
    cov = np.linalg.inv((A.T * (w * p * (1 - p))) @ A)
    se = np.sqrt(np.diag(cov))
    z = theta / se
    return {"coef": theta[:-1].tolist(), "intercept": float(theta[-1]), "standardErrors": se[:-1].tolist(),
            "interceptError": float(se[-1]), "p": (2 * norm.sf(np.abs(z))).tolist()}


def main():
    os.makedirs(OUT, exist_ok=True)
    data = load_breast_cancer(as_frame=True)
    df = data.frame[FEATURES].copy()
    # scikit-learn's target: 0 = malignant, 1 = benign; as text, sorted classes are benign < malignant.
    df.insert(0, "patient_id", [f"P{i:04d}" for i in range(len(df))])
    df["diagnosis"] = np.where(data.target == 1, "benign", "malignant")
    rng = np.random.default_rng(14)
    df["weight"] = rng.integers(1, 4, len(df))
    path = os.path.join(OUT, "breast-cancer-weighted.csv")
    df.to_csv(path, index=False)

    X = df[FEATURES].to_numpy(float)
    y = (df["diagnosis"] == "malignant").to_numpy(int)  # positive class: the later sorted label
    w = df["weight"].to_numpy(float)
    expected = {
        "file": os.path.basename(path),
        "features": FEATURES,
        "positive": "malignant",
        "sampleWeight": sklearn_fit(X, y, w),
        "balanced": {**sklearn_fit(X, y, None, class_weight="balanced"),
                     "classWeights": {"benign": float(len(y) / (2 * np.sum(y == 0))), "malignant": float(len(y) / (2 * np.sum(y == 1)))}},
        "both": sklearn_fit(X, y, w, class_weight="balanced"),
        "mleWeighted": mle_standard_errors(X, y, w),
    }
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1)
        f.write("\n")
    print("wrote", os.path.relpath(path, ROOT), "and expected.json")


if __name__ == "__main__":
    main()
